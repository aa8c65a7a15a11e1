"""Chapter 12's coding exercise: a generator block that doubles the height and width of its feature maps."""

from __future__ import annotations

import torch
from torch import nn

from .base import CodeExercise, Mistake, register

__all__ = ["UP_BLOCK", "up_block"]

NAMESPACE = {"nn": nn}


def up_block(in_channels: int, out_channels: int) -> nn.Sequential:
    """ConvTranspose2d(4x4, stride 2, padding 1) -> BatchNorm2d -> ReLU: [n, in, h, w] -> [n, out, 2h, 2w]. The
    layers of ``mnist.convnets.ConvGenerator.up[:3]``, its 7x7 -> 14x14 step."""
    return nn.Sequential(
        nn.ConvTranspose2d(in_channels, out_channels, 4, stride=2, padding=1),
        nn.BatchNorm2d(out_channels),
        nn.ReLU(),
    )


_CODES = {nn.ConvTranspose2d: 1.0, nn.BatchNorm2d: 2.0, nn.ReLU: 3.0, nn.LeakyReLU: 4.0, nn.Conv2d: 5.0}


def _observe(fn, case: tuple) -> dict:
    """The block's layers in order, its convolution's kernel, stride, padding and weight shape, and its outputs
    (in training mode, where batch norm removes the convolution's bias: with or without one, the same maps)."""
    in_channels, out_channels, *inputs = case
    block = fn(in_channels, out_channels)
    if not isinstance(block, nn.Module):
        return {"layers (1 ConvTranspose2d, 2 BatchNorm2d, 3 ReLU, 4 LeakyReLU, 5 Conv2d, 0 other)": block}
    layers = list(block.children()) or [block]
    obs = {
        "layers (1 ConvTranspose2d, 2 BatchNorm2d, 3 ReLU, 4 LeakyReLU, 5 Conv2d, 0 other)": torch.tensor(
            [_CODES.get(type(layer), 0.0) for layer in layers]),
    }
    conv = next((layer for layer in layers if isinstance(layer, (nn.ConvTranspose2d, nn.Conv2d))), None)
    if conv is not None:
        obs["convolution's (kernel, stride, padding)"] = torch.tensor(
            [float(conv.kernel_size[0]), float(conv.stride[0]), float(conv.padding[0])])
        obs["convolution's weight shape"] = torch.tensor([float(s) for s in conv.weight.shape])
    block.train()
    for x in inputs:
        obs[f"output for an input of shape {list(x.shape)}"] = block(x).detach()
    return obs


def _maps(seed: int) -> list[tuple]:
    """Channels in and out, a batch of 7 x 7 maps (G's first) and one of 3 x 5 maps."""
    g = torch.Generator().manual_seed(seed)
    c_in, c_out = 6 + seed % 4, 3 + seed % 3
    return [(c_in, c_out, torch.randn(2, c_in, 7, 7, generator=g), torch.randn(3, c_in, 3, 5, generator=g))]


def _edge_maps() -> list[tuple]:
    """The course's own sizes (32 -> 16 channels, 7 x 7), one channel, and maps of a single pixel."""
    g = torch.Generator().manual_seed(12)
    return [
        (32, 16, torch.randn(4, 32, 7, 7, generator=g)),
        (1, 1, torch.randn(2, 1, 14, 14, generator=g)),
        (5, 2, torch.randn(3, 5, 1, 1, generator=g)),
    ]


UP_BLOCK = register(
    CodeExercise(
        key="12a",
        title="a transposed-convolution block of G",
        signature="def up_block(in_channels, out_channels):",
        solution="""\
return nn.Sequential(
    nn.ConvTranspose2d(in_channels, out_channels, 4, stride=2, padding=1),
    nn.BatchNorm2d(out_channels),
    nn.ReLU(),
)""",
        reference=up_block,
        course_name="gan_course.exercises.coding.ch12.up_block (ConvGenerator.up[:3]'s layers)",
        cases=_maps,
        hidden_cases=_edge_maps,
        observe=_observe,
        tol=1e-4,
        namespace=NAMESPACE,
        mistakes=(
            Mistake(
                "stride 1",
                "Your transposed convolution has stride 1: its output is (h - 1) * 1 - 2 * 1 + 4 = h + 1 high, "
                "one pixel more instead of twice as many. Stride 2 stamps the 4 x 4 filters two pixels apart: "
                "(h - 1) * 2 - 2 + 4 = 2h.",
                """\
return nn.Sequential(
    nn.ConvTranspose2d(in_channels, out_channels, 4, stride=1, padding=1),
    nn.BatchNorm2d(out_channels),
    nn.ReLU(),
)""",
            ),
            Mistake(
                "kernel 3",
                "Your 3 x 3 filter with stride 2 and padding 1 gives (h - 1) * 2 - 2 + 3 = 2h - 1: 13 x 13 from "
                "7 x 7, one pixel short. The course's (and DCGAN's) 4 x 4 filter gives exactly 2h, and every output "
                "pixel gets the same number of stamps.",
                """\
return nn.Sequential(
    nn.ConvTranspose2d(in_channels, out_channels, 3, stride=2, padding=1),
    nn.BatchNorm2d(out_channels),
    nn.ReLU(),
)""",
            ),
            Mistake(
                "no batch norm",
                "Your block has no batch norm. The course's G, following DCGAN's guidelines, normalises every "
                "feature map over the batch after each transposed convolution (nn.BatchNorm2d(out_channels)), which "
                "keeps the maps at one scale and G's training stable.",
                """\
return nn.Sequential(
    nn.ConvTranspose2d(in_channels, out_channels, 4, stride=2, padding=1),
    nn.ReLU(),
)""",
            ),
            Mistake(
                "LeakyReLU in G",
                "Your block ends in LeakyReLU, DCGAN's activation for D. G's hidden layers use ReLU: nn.ReLU().",
                """\
return nn.Sequential(
    nn.ConvTranspose2d(in_channels, out_channels, 4, stride=2, padding=1),
    nn.BatchNorm2d(out_channels),
    nn.LeakyReLU(0.2),
)""",
            ),
            Mistake(
                "Conv2d, not transposed",
                "Your block uses nn.Conv2d, which with a 4 x 4 filter and stride 2 halves the maps (D's direction: "
                "28 -> 14 -> 7). G goes up: nn.ConvTranspose2d with the same 4, stride=2, padding=1 doubles them.",
                """\
return nn.Sequential(
    nn.Conv2d(in_channels, out_channels, 4, stride=2, padding=1),
    nn.BatchNorm2d(out_channels),
    nn.ReLU(),
)""",
            ),
        ),
    )
)
