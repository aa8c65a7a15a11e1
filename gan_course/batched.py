"""Several random seeds trained at once: one model whose weights carry a leading seed axis.

The 1-D networks of chapters 5 and 6 are so small that PyTorch's fixed cost per operation, not arithmetic,
sets the pace of training. Five seeds trained as five separate runs pay that cost five times; stacked into
one model they pay it once. ``stack([G_0, ..., G_{S-1}])`` turns S models of the same shape into one whose
every linear layer holds S weight matrices, ``W [S, in, out]``, applied with one batched matrix product:

    y[k] = x[k] @ W[k] + b[k]        for every seed k, in one call (``torch.baddbmm``).

Inputs and outputs gain a leading seed axis, ``[S, n, d]``. Each seed's loss is its own run's loss and the
course's ``Trainer`` adds them up (``TrainConfig.seeds``), so each seed's gradient is exactly its own; Adam
is elementwise, so each seed's update is exactly the one its single run would make. Seed k of a stacked run
follows the single run with seed k up to float rounding (batched and plain products may round differently).

Rounding matters over long runs: a GAN's duel amplifies differences of one float step, so after tens of
thousands of updates seed k of a stack may end elsewhere than its single run, or than seed k in a stack of other
seeds (its place in the stack can change how its products are rounded). Measured for simple-gaussian's recipe over
2,001 epochs: seeds 8 and 9 ended identical in the stacks (7..11) and (8..12), seeds 10 and 11 did not. A run is
repeatable for the same seed tuple on the same machine; a verdict rests on the spread over seeds, not on one.

- ``SeedLinear``: the stacked ``nn.Linear``;
- ``stack``: S models of one shape (MLPs, ``Affine``, ``AveragedGenerator``, ``nn.Sequential`` of these) as one;
- ``PerSeed``: a sampler that draws each seed's batch from that seed's own random stream.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import torch
from torch import nn

from .data import Sampler, TensorSampler
from .models import MLP, Affine, AveragedGenerator
from .validate import integer

__all__ = ["SeedLinear", "stack", "PerSeed", "n_seeds", "spectral_normalise"]

MAX_SEEDS = 10_000  # seeds stacked in one run: each holds its own weights and random stream; the course stacks 5


class SeedLinear(nn.Module):
    """S linear layers applied at once: x [S, n, in] -> x[k] @ weight[k] + bias[k], shape [S, n, out]."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor) -> None:
        super().__init__()
        for name, t in (("weight", weight), ("bias", bias)):
            if not (isinstance(t, torch.Tensor) and t.is_floating_point()):
                raise ValueError(f"SeedLinear needs {name} as a float tensor, got {type(t).__name__}"
                                 + (f" of {t.dtype}" if isinstance(t, torch.Tensor) else ""))
        if weight.dim() != 3 or bias.shape != (weight.shape[0], 1, weight.shape[2]):
            raise ValueError(f"SeedLinear needs weight [S, in, out] and bias [S, 1, out], got {tuple(weight.shape)} "
                             f"and {tuple(bias.shape)}")
        self.weight = nn.Parameter(weight)
        self.bias = nn.Parameter(bias)

    @property
    def n_seeds(self) -> int:
        return self.weight.shape[0]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.baddbmm(self.bias, x, self.normalised_weight() if hasattr(self, "u") else self.weight)

    def spectral_normalise(self) -> SeedLinear:
        """Divide each seed's weight by its largest singular value from now on (Miyato et al. 2018): W / sigma(W).

        sigma comes from one step of power iteration per training forward pass, with the vector ``u`` kept
        between calls, as ``torch.nn.utils.parametrizations.spectral_norm`` does for one layer. Returns self.
        """
        if not hasattr(self, "u"):
            u = torch.randn(self.weight.shape[0], self.weight.shape[2], 1, generator=torch.Generator().manual_seed(0))
            self.register_buffer("u", nn.functional.normalize(u, dim=1))
        return self

    def normalised_weight(self) -> torch.Tensor:
        """W / sigma(W) per seed; in training mode one power-iteration step refines ``u`` first."""
        w = self.weight
        with torch.no_grad():
            u = self.u
            v = nn.functional.normalize(torch.bmm(w, u), dim=1)  # [S, in, 1]
            if self.training:
                u = nn.functional.normalize(torch.bmm(w.transpose(1, 2), v), dim=1)  # [S, out, 1]
                self.u.copy_(u)
        sigma = torch.bmm(v.transpose(1, 2), torch.bmm(w, u))  # [S, 1, 1]: v^T W u, differentiable in W
        return w / sigma

    def extra_repr(self) -> str:
        s, n_in, n_out = self.weight.shape
        sn = ", spectral_norm" if hasattr(self, "u") else ""
        return f"seeds={s}, in_features={n_in}, out_features={n_out}{sn}"


def _same_kind(mods: Sequence[nn.Module]) -> None:
    kinds = {type(m) for m in mods}
    if len(kinds) != 1:
        raise ValueError(f"stack needs models of one kind, got {sorted(k.__name__ for k in kinds)}")


def stack(mods: Sequence[nn.Module]) -> nn.Module:
    """One model computing ``mods[k]`` on input ``x[k]`` for every k; ``mods`` share one architecture.

    Linear layers become ``SeedLinear``; ``Affine`` gets per-seed ``loc``/``scale`` of shape [S, 1, d];
    parameter-free layers (activations) are shared. The stacked weights are copies: training the stack
    leaves ``mods`` untouched.
    """
    if not (isinstance(mods, (list, tuple)) and mods and all(isinstance(m, nn.Module) for m in mods)):
        raise ValueError(f"stack needs a non-empty list of models (torch.nn.Module) of one architecture, "
                         f"got {mods!r:.80}")
    mods = list(mods)
    _same_kind(mods)
    first = mods[0]
    if isinstance(first, nn.Linear):
        shapes = {tuple(m.weight.shape) for m in mods}
        if len(shapes) != 1:
            raise ValueError(f"stack needs layers of one shape, got {sorted(shapes)}")
        with torch.no_grad():
            weight = torch.stack([m.weight.T for m in mods]).contiguous()
            bias = torch.stack([m.bias for m in mods]).unsqueeze(1)
        return SeedLinear(weight.clone(), bias.clone())
    if isinstance(first, Affine):
        loc = torch.stack([m.loc.reshape(1, -1) for m in mods])
        scale = torch.stack([m.scale.reshape(1, -1) for m in mods])
        return Affine(loc, scale)
    if isinstance(first, nn.Sequential):
        if len({len(m) for m in mods}) != 1:
            raise ValueError("stack needs Sequential models with the same number of layers")
        return nn.Sequential(*(stack([m[i] for m in mods]) for i in range(len(first))))
    if isinstance(first, MLP):
        out = copy.copy(first)  # keeps .sizes; its modules are replaced below
        out._modules = dict(first._modules)
        out.net = stack([m.net for m in mods])
        return out
    if isinstance(first, AveragedGenerator):
        out = AveragedGenerator(stack([m.net for m in mods]), first.decay)
        out.average = stack([m.average for m in mods]).requires_grad_(False)
        out.updates.copy_(first.updates)
        return out
    if not any(True for _ in first.parameters()) and not any(True for _ in first.buffers()):
        return copy.deepcopy(first)  # an activation: elementwise, the same for every seed
    raise ValueError(f"stack does not know how to stack a {type(first).__name__}")


def spectral_normalise(module: nn.Module) -> nn.Module:
    """Spectral normalisation of every ``SeedLinear`` in a stacked ``module`` (``SeedLinear.spectral_normalise``)."""
    _module(module)
    layers = [m for m in module.modules() if isinstance(m, SeedLinear)]
    if not layers:
        raise ValueError("spectral_normalise needs a stacked model (batched.stack) with linear layers")
    for layer in layers:
        layer.spectral_normalise()
    return module


def n_seeds(module: nn.Module) -> int | None:
    """The number of seeds a stacked model holds (None for a plain model)."""
    _module(module)
    for m in module.modules():
        if isinstance(m, SeedLinear):
            return m.n_seeds
    return None


def _module(module: object) -> nn.Module:
    if not isinstance(module, nn.Module):
        raise ValueError(f"module must be a torch.nn.Module (a stacked model: batched.stack), got "
                         f"{type(module).__name__}")
    return module


class PerSeed:
    """A sampler for stacked runs: ``sampler(n, g)`` for each seed's generator, stacked to [S, n, d].

    Called with a list of S generators (a stacked ``Trainer``'s streams, one per seed), seed k's batch comes
    from generator k, exactly as in the single run with seed k. Called with one generator (``Trainer.sample``'s
    fixed noise), every seed gets the same batch: the seeds are compared on common noise.
    """

    def __init__(self, sampler: Sampler, n: int) -> None:
        if not callable(sampler):
            raise ValueError(f"sampler must be a function (n, torch.Generator) -> tensor [n, d], got "
                             f"{type(sampler).__name__}")
        integer(n, "n (how many seeds)", maximum=MAX_SEEDS, hint="each seed holds its own weights and random "
                "stream; the course stacks 5")
        if isinstance(sampler, TensorSampler):
            raise ValueError("a stacked run needs a stateless sampler (a function of n and a generator), "
                             "not a TensorSampler, whose epoch order one run would share with the others")
        self.sampler, self.n = sampler, n

    def __call__(self, n: int, generator: torch.Generator | Sequence[torch.Generator]) -> torch.Tensor:
        if isinstance(generator, torch.Generator):
            return self.sampler(n, generator).unsqueeze(0).expand(self.n, -1, -1)
        if not (isinstance(generator, (list, tuple)) and all(isinstance(g, torch.Generator) for g in generator)):
            raise ValueError(f"generator must be a torch.Generator or a list of {self.n} (one per seed), got "
                             f"{type(generator).__name__}")
        if len(generator) != self.n:
            raise ValueError(f"PerSeed needs {self.n} generators, got {len(generator)}")
        return torch.stack([self.sampler(n, g) for g in generator])
