"""Multilayer perceptrons for generators and discriminators, built from explicit arguments.

Discriminators end in a bare linear layer: they output *logits*, and the losses apply the sigmoid
inside ``binary_cross_entropy_with_logits`` (numerically stable where ``Sigmoid`` + ``BCELoss`` is not).
A seed that says "sigmoid output" for D is reproduced exactly: D(x) = sigmoid(logit).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import torch
from torch import nn

from .validate import count, lookup, number, widths

MAX_WIDTH = 1 << 20  # a layer wider than a million units is a typo: its weights alone would fill the memory

__all__ = ["ELU", "ACTIVATIONS", "MLP", "mlp_generator", "mlp_discriminator", "Affine", "AveragedGenerator"]

class _ELUFunction(torch.autograd.Function):
    """ELU with its derivative written from the output: y' = 1 for y > 0, y + 1 = e^x otherwise."""

    @staticmethod
    def forward(ctx, x: torch.Tensor) -> torch.Tensor:
        y = torch.maximum(x, x.clamp(max=0).exp_().sub_(1))  # e^x - 1 >= x, with equality only at x = 0
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> torch.Tensor:
        (y,) = ctx.saved_tensors
        return grad * (y.clamp(max=0) + 1)


class ELU(nn.Module):
    """ELU(x) = x for x > 0, e^x - 1 otherwise (``nn.ELU()``, alpha = 1), computed as max(x, e^min(x, 0) - 1).

    The same function as ``nn.ELU`` to float rounding, about 7x faster forward on the course's 2-core CPU, where
    torch's elu kernel dominated the 1-D recipes' training time (benchmarks/gaussian_1d.py).
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _ELUFunction.apply(x)


ACTIVATIONS: dict[str, type[nn.Module]] = {
    "relu": nn.ReLU,
    "leaky_relu": nn.LeakyReLU,
    "elu": ELU,
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
}


def _activation(name: str, where: str) -> nn.Module:
    return lookup(ACTIVATIONS, name, where)()


class MLP(nn.Module):
    """x -> Linear -> act -> ... -> Linear [-> output activation].

    Args:
        sizes: layer widths including input and output, e.g. ``(1, 50, 50, 1)``.
        activation: one name for every hidden layer, or one name per hidden layer
            (mnist-tanh's generator is ``("tanh", "relu")``).
        output_activation: applied after the last layer, or ``None`` for a linear output (logits).
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str | Sequence[str] = "relu",
        output_activation: str | None = None,
    ) -> None:
        super().__init__()
        if not isinstance(sizes, (tuple, list)):
            raise ValueError(f"sizes must be a tuple of layer widths including input and output, e.g. (1, 50, 1), "
                             f"got {sizes!r}")
        sizes = tuple(sizes)
        if len(sizes) < 2:
            raise ValueError(f"sizes needs at least an input and an output width, got {sizes!r}")
        for i, s in enumerate(sizes):
            count(s, f"every layer size (sizes[{i}] of {sizes!r})", MAX_WIDTH)
        n_hidden = len(sizes) - 2
        if not isinstance(activation, (str, tuple, list)):
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)} or one per hidden layer, got "
                             f"{activation!r}")
        acts = [activation] * n_hidden if isinstance(activation, str) else list(activation)
        if len(acts) != n_hidden:
            raise ValueError(f"{n_hidden} hidden layers need {n_hidden} activations, got {len(acts)}: {acts!r}")
        layers: list[nn.Module] = []
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
            layers.append(nn.Linear(n_in, n_out))
            if i < n_hidden:
                layers.append(_activation(acts[i], "activation"))
        if output_activation is not None:
            layers.append(_activation(output_activation, "output_activation"))
        self.net = nn.Sequential(*layers)
        self.sizes = sizes

    @property
    def in_features(self) -> int:
        return self.sizes[0]

    @property
    def out_features(self) -> int:
        return self.sizes[-1]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


def mlp_generator(
    noise_dim: int,
    hidden: Sequence[int],
    data_dim: int,
    activation: str | Sequence[str] = "relu",
    output_activation: str | None = None,
) -> MLP:
    """G: z [n, noise_dim] -> x [n, data_dim].

    ``output_activation`` bounds x: "sigmoid" for [0, 1], "tanh" for [-1, 1], None for the whole line.
    """
    widths(hidden if isinstance(hidden, tuple) else tuple(hidden) if isinstance(hidden, list) else hidden, "hidden")
    return MLP((noise_dim, *hidden, data_dim), activation, output_activation)


def mlp_discriminator(in_features: int, hidden: Sequence[int], activation: str | Sequence[str] = "relu") -> MLP:
    """D: features [n, in_features] -> logit [n, 1]; D(x) = sigmoid(logit)."""
    widths(hidden if isinstance(hidden, tuple) else tuple(hidden) if isinstance(hidden, list) else hidden, "hidden")
    return MLP((in_features, *hidden, 1), activation, None)


class Affine(nn.Module):
    """y = loc + scale * x, with fixed (non-trained) loc and scale; saved with the model's state."""

    def __init__(self, loc: float | torch.Tensor, scale: float | torch.Tensor) -> None:
        super().__init__()
        for name, v in (("loc", loc), ("scale", scale)):
            ok = isinstance(v, torch.Tensor) and v.is_floating_point() or isinstance(  # [d], or [S, 1, d] stacked
                v, (int, float)) and not isinstance(v, bool)
            if not ok or not bool(torch.isfinite(torch.as_tensor(v, dtype=torch.float64)).all()):
                raise ValueError(f"{name} must be a finite number (or a float tensor [d]), got {v!r}")
        self.register_buffer("loc", torch.as_tensor(loc, dtype=torch.float32))
        self.register_buffer("scale", torch.as_tensor(scale, dtype=torch.float32))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.loc + self.scale * x


class AveragedGenerator(nn.Module):
    """G whose *eval-mode* output comes from an exponential moving average of its training weights.

    Like batch norm's running statistics: ``train()`` mode uses the weights being trained, ``eval()`` mode
    (``Trainer.sample``) the average w_avg <- decay * w_avg + (1 - decay) * w, updated once per step by
    ``AverageWeights``. A GAN's G circles the equilibrium; the average sits near its centre.
    """

    def __init__(self, net: nn.Module, decay: float) -> None:
        super().__init__()
        if not isinstance(net, nn.Module):
            raise ValueError(f"net must be G, a torch.nn.Module, got {type(net).__name__}")
        decay = number(decay, "decay", 0.0, 1.0, "0.999", high_open=True)
        self.net = net
        self.average = copy.deepcopy(net).requires_grad_(False)  # no gradient: the optimiser skips it
        self.decay = decay
        self.register_buffer("updates", torch.zeros((), dtype=torch.long))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z) if self.training else self.average(z)

    @torch.no_grad()
    def update_average(self) -> None:
        """One averaging step; early on the decay is 1 - 1/(t + 1) so the random initial weights fade fast. Buffers
        (batch norm's running statistics) are copied from the trained net, not averaged."""
        self.updates += 1
        decay = min(self.decay, 1.0 - 1.0 / (int(self.updates) + 1))
        averages, weights = list(self.average.parameters()), list(self.net.parameters())
        if len(averages) != len(weights):
            raise ValueError("the average and the trained net must have the same parameters")
        torch._foreach_lerp_(averages, weights, 1.0 - decay)  # avg + (1 - decay) * (w - avg), all tensors at once
        for avg, b in zip(self.average.buffers(), self.net.buffers(), strict=True):
            avg.copy_(b)  # batch norm's running statistics: the trained net's (an untouched copy would stay at 0, 1)
