"""What the discriminator sees of a batch ``x [n, d]``: a *feature map* ``phi`` with D applied to ``phi(x)``.

Every map also takes a stacked run's batches ``[S, n, d]`` (gan_course.batched), one seed's batch per row.

- ``raw``: each sample on its own, phi(x) = x (D judges points; it cannot see the spread of a batch).
- ``minibatch_diffs``: fifty-lines's "decorate_with_diffs": the whole minibatch as one vector together with
  the squared deviations from its mean, phi(x) = [x_1..x_n, (x_1 - m)^2 .. (x_n - m)^2], shape [1, 2n].
- ``moments``: simple-gaussian's summary statistics of each row (a set of samples): mean, std, skewness and
  excess kurtosis, shape [n, 4].
- ``pack2``: PacGAN's packing (Lin et al. 2018): D judges two samples at once, phi(x) = the batch's rows
  joined in pairs, [n, d] -> [n / 2, 2d]. A collapsed G makes pairs of near-equal points, which real pairs
  rarely are, so D can see the collapse that it cannot see in one sample.
- ``batch_moments``: the same four moments of a whole 1-D minibatch [n, 1] taken as one set, shape [1, 4]
  (D sees only the batch's summary statistics while G still makes one sample at a time).
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from .validate import MAX_BATCH, count, lookup

__all__ = ["raw", "minibatch_diffs", "moments", "pack2", "batch_moments", "FEATURES", "feature_map", "feature_dim"]

FeatureMap = Callable[[torch.Tensor], torch.Tensor]


def _batch(x: object) -> torch.Tensor:
    """``x`` if it is a batch, a tensor [n, d] (or a stacked run's [S, n, d]), else a ValueError that says so."""
    if not isinstance(x, torch.Tensor) or x.ndim not in (2, 3):
        shape = f"a tensor of shape {tuple(x.shape)}" if isinstance(x, torch.Tensor) else repr(x)[:60]
        raise ValueError(f"a feature map takes a batch x, a tensor [n, d] (or [S, n, d] for stacked seeds), "
                         f"got {shape}")
    return x


def raw(x: torch.Tensor) -> torch.Tensor:
    """phi(x) = x."""
    return _batch(x)


def minibatch_diffs(x: torch.Tensor) -> torch.Tensor:
    """phi(x) = [x, (x - mean(x))^2] flattened over a 1-D batch [n, 1] -> [1, 2n]."""
    flat = _batch(x).reshape(*x.shape[:-2], 1, -1)  # [n, 1] -> [1, n]: the batch becomes one input vector
    return torch.cat([flat, (flat - flat.mean(dim=-1, keepdim=True)) ** 2], dim=-1)


def moments(x: torch.Tensor) -> torch.Tensor:
    """phi(x) = (mean, std, skewness, excess kurtosis) of each row of x [n, m] -> [n, 4]."""
    mean = _batch(x).mean(dim=-1, keepdim=True)
    centred = x - mean
    std = centred.pow(2).mean(dim=-1, keepdim=True).sqrt()
    z = centred / (std + 1e-8)
    skew = z.pow(3).mean(dim=-1, keepdim=True)
    kurt = z.pow(4).mean(dim=-1, keepdim=True) - 3.0
    return torch.cat([mean, std, skew, kurt], dim=-1)


def pack2(x: torch.Tensor) -> torch.Tensor:
    """phi(x) = rows of x [n, d] joined in pairs -> [n / 2, 2d] (n must be even)."""
    if _batch(x).shape[-2] % 2:
        raise ValueError(f"pack2 joins samples in pairs: the batch size must be even, got {x.shape[-2]}")
    return x.reshape(*x.shape[:-2], x.shape[-2] // 2, 2 * x.shape[-1])


def batch_moments(x: torch.Tensor) -> torch.Tensor:
    """phi(x) = moments of the whole batch x [n, 1] as one set -> [1, 4]."""
    return moments(_batch(x).reshape(*x.shape[:-2], 1, -1))  # [n, 1] -> [1, n]: one set of n numbers


FEATURES: dict[str, FeatureMap] = {
    "raw": raw,
    "minibatch_diffs": minibatch_diffs,
    "moments": moments,
    "batch_moments": batch_moments,
    "pack2": pack2,
}


def feature_map(name: str) -> FeatureMap:
    """The feature map called ``name``."""
    return lookup(FEATURES, name, "d_features")


def feature_dim(name: str, batch_size: int, data_dim: int) -> int:
    """Width of phi(x) for a batch of ``batch_size`` samples of ``data_dim`` numbers: D's input size."""
    count(batch_size, "batch_size", MAX_BATCH)
    count(data_dim, "data_dim", MAX_BATCH)
    if name == "raw":
        return data_dim
    if name == "minibatch_diffs":
        return 2 * batch_size * data_dim
    if name == "pack2":
        return 2 * data_dim
    feature_map(name)  # an unknown name is reported here
    return 4  # moments, batch_moments: mean, std, skewness, excess kurtosis
