"""The DCGAN networks of chapter 12, sized for a CPU: transposed convolutions up from a 7x7 map, strided
convolutions down to one. Both take and give flat images ``[n, 784]``, like the MLPs of chapters 07-08, so the
rest of the course (the data pipeline, ``Trainer``, the scores, the widgets) is unchanged.

G: z [n, noise_dim] -> linear -> [n, a, 7, 7] -> ConvT 4x4 /2 -> [n, b, 14, 14] -> ConvT 4x4 /2 -> [n, 1, 28, 28]
D: [n, 1, 28, 28] -> Conv 4x4 /2 -> [n, b, 14, 14] -> Conv 4x4 /2 -> [n, a, 7, 7] -> linear -> one logit

with G's channels (a, b) and D's (b, a) given as the recipe's ``g_hidden`` and ``d_hidden``.

The DCGAN guidelines (Radford et al. 2016) kept here: strided convolutions instead of pooling, batch norm in G,
ReLU in G and leaky ReLU (slope 0.2) in D, the output activation only at G's last layer, Adam with lr 2e-4 and
beta1 = 0.5. One dropped: batch norm in D. The course's ``Trainer`` passes real and fake images through D in one
batch, so batch statistics in D would mix them, and a row's logit would depend on the other rows; D here treats
rows independently, as the loop requires.
"""

from __future__ import annotations

import torch
from torch import nn

from ..validate import count
from ..validate import seed as validate_seed

__all__ = ["ConvGenerator", "ConvFeatures", "ConvDiscriminator", "set_channels_last", "batch_dependence"]


class ConvGenerator(nn.Module):
    """z [n, noise_dim] -> images [n, 784] in [0, 1] (``output="sigmoid"``) or [-1, 1] (``"tanh"``).

    ``channels``: the channels of G's 7x7 and 14x14 maps, e.g. (64, 32)."""

    def __init__(
        self, noise_dim: int, channels: tuple[int, int] = (64, 32), output: str = "sigmoid", channels_last: bool = True
    ) -> None:
        super().__init__()
        count(noise_dim, "noise_dim", 10_000)
        a, b = _two_widths(channels, "G's channels (of its 7x7 and 14x14 maps)")
        if output not in ("sigmoid", "tanh"):
            raise ValueError(f"output must be 'sigmoid' or 'tanh', got {output!r}")
        self.project = nn.Sequential(nn.Linear(noise_dim, a * 49), nn.BatchNorm1d(a * 49), nn.ReLU())
        self.up = nn.Sequential(
            nn.ConvTranspose2d(a, b, 4, stride=2, padding=1),  # 7x7 -> 14x14
            nn.BatchNorm2d(b),
            nn.ReLU(),
            nn.ConvTranspose2d(b, 1, 4, stride=2, padding=1),  # 14x14 -> 28x28
            nn.Sigmoid() if output == "sigmoid" else nn.Tanh(),
        )
        self.a = a
        self.memory_format = _layout(channels_last)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        x = self.project(z).reshape(-1, self.a, 7, 7).contiguous(memory_format=self.memory_format)
        return self.up(x).reshape(-1, 784)


class ConvFeatures(nn.Module):
    """D's convolutional part: images [n, 784] -> features phi(x) [n, a * 49] (the flattened 7x7 map), row by row.

    ``channels``: the channels of D's 14x14 and 7x7 maps, e.g. (32, 64)."""

    def __init__(self, channels: tuple[int, int] = (32, 64), channels_last: bool = True) -> None:
        super().__init__()
        b, a = _two_widths(channels, "D's channels (of its 14x14 and 7x7 maps)")
        self.down = nn.Sequential(
            nn.Conv2d(1, b, 4, stride=2, padding=1),  # 28x28 -> 14x14
            nn.LeakyReLU(0.2),
            nn.Conv2d(b, a, 4, stride=2, padding=1),  # 14x14 -> 7x7
            nn.LeakyReLU(0.2),
        )
        self.width = a * 49
        self.memory_format = _layout(channels_last)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.reshape(-1, 1, 28, 28).contiguous(memory_format=self.memory_format)
        return self.down(x).flatten(1)


class ConvDiscriminator(nn.Module):
    """Images [n, 784] -> logits [n, 1] = score(phi(x)); each row is scored on its own (no batch norm).

    ``channels``: the channels of D's 14x14 and 7x7 maps, e.g. (32, 64)."""

    def __init__(self, channels: tuple[int, int] = (32, 64), channels_last: bool = True) -> None:
        super().__init__()
        self.features = ConvFeatures(channels, channels_last)
        self.score = nn.Linear(self.features.width, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.score(self.features(x))


def set_channels_last(*nets: nn.Module, on: bool = True) -> None:
    """Store the feature maps of every convolutional part of ``nets`` channels-last (``on``) or channel by channel:
    the one switch the chapter's timings and ``benchmarks/mnist.py`` flip."""
    layout = _layout(on)
    for net in nets:
        for m in net.modules():
            if isinstance(m, (ConvGenerator, ConvFeatures)):
                m.memory_format = layout


@torch.no_grad()
def batch_dependence(net: nn.Module, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """The logits ``net`` (in training mode, as the Trainer runs D) gives the same 4 random images [4, 784] beside two
    different sets of 4 other rows: equal for a D that scores each row on its own, different with batch norm."""
    if not isinstance(net, nn.Module):
        raise ValueError(f"net must be a discriminator, a torch.nn.Module taking images [n, 784], got "
                         f"{type(net).__name__}")
    gen = torch.Generator().manual_seed(validate_seed(seed))
    rows, others_a, others_b = (torch.rand(4, 784, generator=gen) * s for s in (1.0, 1.0, 0.2))
    was = net.training
    net.train()
    try:
        return net(torch.cat([rows, others_a]))[:4], net(torch.cat([rows, others_b]))[:4]
    finally:
        net.train(was)


def _layout(channels_last: bool) -> torch.memory_format:
    """The feature maps' memory layout: channels-last (pixel by pixel, each pixel's channels together: what the CPU's
    convolution kernels read fastest, ``benchmarks/mnist.py`` measures it) or torch's default, channel by channel."""
    if not isinstance(channels_last, bool):
        raise ValueError(f"channels_last must be True or False, got {channels_last!r}")
    return torch.channels_last if channels_last else torch.contiguous_format


def _two_widths(channels, what: str) -> tuple[int, int]:
    if not (isinstance(channels, (tuple, list)) and len(channels) == 2):
        raise ValueError(f"{what} must be two numbers of channels like (64, 32), got {channels!r}")
    return count(channels[0], what, 1024), count(channels[1], what, 1024)
