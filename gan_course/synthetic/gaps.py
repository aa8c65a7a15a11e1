"""Two far-apart narrow bumps: where chapter 05's 1-D recipe stops working, and the measurements that show why.

A generator is a continuous map. Fed noise z ~ N(0, I), a connected set, its outputs G(z) form a connected set
of the line, an interval: a G that reaches both bumps covers the whole gap between them, and since the noise has
a positive density everywhere, the noise that G maps into the gap has positive probability. G can only make that
share small by being steep there, and it must be steeper the wider the gap is compared with the bumps.

- ``FAR_BUMPS``: the target 1/2 N(-5, 0.2^2) + 1/2 N(5, 0.2^2), a gap 50 bump widths wide;
- ``two_piece_noise(dim)``: noise with a gap of its own: a random sign in the first coordinate, N(0, 1) in the rest;
- ``shares(x, centres, std)``: the share of samples on each bump (within ``k`` standard deviations of its centre)
  and in the gap between them;
- ``misses(share, target)``: per seed, whether it pays for its noise: over ``gap_ratio`` times the target's share in
  the gap, or a bump holding under ``min_bump`` of the samples;
- ``fit_seeds(recipe, target, noise=...)``: ``gaussian.fit_seeds`` with another noise sampler.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch

from ..callbacks import Track1D
from ..data import Sampler
from ..metrics import samples
from ..train import Trainer
from ..validate import integer, number, positive_number
from . import gaussian, targets
from .targets import Target

__all__ = ["FAR_CENTRES", "FAR_STD", "FAR_BUMPS", "Shares", "shares", "target_shares", "misses", "two_piece_noise",
           "fit_seeds"]

FAR_CENTRES = (-5.0, 5.0)
FAR_STD = 0.2
FAR_BUMPS: Target = targets.mixture(FAR_CENTRES, (FAR_STD, FAR_STD))


class Shares(NamedTuple):
    """Shares of samples (one number per seed): on the left bump, on the right bump, and in the gap between."""

    left: np.ndarray
    right: np.ndarray
    gap: np.ndarray


def _window(centres: tuple[float, float], std: float, k: float) -> tuple[float, float, float, float]:
    if not (isinstance(centres, (tuple, list)) and len(centres) == 2):
        raise ValueError(f"centres must be the two bumps' centres, a pair such as (-5.0, 5.0), got {centres!r}")
    for i, c in enumerate(centres):
        number(c, f"centres[{i}]", -1e6, 1e6, "-5.0")
    positive_number(std, "std (the bumps' standard deviation)", "0.2")
    positive_number(k, "k (a bump's window, in std each side of its centre)", "3.0")
    lo, hi = sorted(float(c) for c in centres)
    if not (std > 0 and k > 0 and lo + k * std < hi - k * std):
        raise ValueError(f"the bumps at {centres} with std {std} must be more than 2 * k = {2 * k:g} std apart")
    return lo - k * std, lo + k * std, hi - k * std, hi + k * std


def shares(x, centres: tuple[float, float] = FAR_CENTRES, std: float = FAR_STD, k: float = 3.0) -> Shares:
    """On each bump: the share of samples within ``k`` std of its centre; the gap: the share strictly between
    the two windows, c_0 + k std < x < c_1 - k std. ``x``: [n] or [S, n] samples (one row per seed)."""
    a, b, c, d = _window(centres, std, k)
    try:
        shape = tuple(x.shape) if isinstance(x, torch.Tensor) else np.shape(x) if isinstance(x, (np.ndarray, list)) \
            else ()
    except ValueError:  # ragged rows
        shape = ()
    if len(shape) not in (1, 2):
        raise ValueError(f"x must be samples [n] or [S, n] (one row per seed), got {type(x).__name__} of shape {shape}")
    x = samples(x, "x", minimum=1).reshape(shape) if len(shape) == 2 else samples(x, "x", minimum=1)
    x = np.atleast_2d(x)
    return Shares(((x >= a) & (x <= b)).mean(axis=1), ((x >= c) & (x <= d)).mean(axis=1),
                  ((x > b) & (x < c)).mean(axis=1))


def target_shares(target: Target = FAR_BUMPS, centres: tuple[float, float] = FAR_CENTRES, std: float = FAR_STD,
                  k: float = 3.0) -> Shares:
    """``shares`` of the target itself, from its CDF F: F(b) - F(a) on a bump, F(c) - F(b) in the gap."""
    if not isinstance(target, Target):
        raise ValueError("target must be a 1-D target with a CDF (gan_course.synthetic.targets, e.g. "
                         f"gaps.FAR_BUMPS), got {type(target).__name__}")
    a, b, c, d = _window(centres, std, k)
    F = target.cdf
    return Shares(np.array([F(b) - F(a)]), np.array([F(d) - F(c)]), np.array([F(c) - F(b)]))


def misses(share: Shares, target: Shares | None = None, gap_ratio: float = 3.0, min_bump: float = 0.1
           ) -> tuple[np.ndarray, np.ndarray]:
    """Per seed, the two ways to miss the far bumps: (gap, bump), boolean arrays with one entry per seed.

    gap: the share in the gap exceeds ``gap_ratio`` times the target's, gap > gap_ratio * gap_target;
    bump: a bump holds under ``min_bump`` of the samples, min(left, right) < min_bump.
    ``target``: the target's own shares (``target_shares()`` when None).
    """
    gap_ratio = positive_number(gap_ratio, "gap_ratio (times the target's share in the gap)", "3.0")
    min_bump = number(min_bump, "min_bump (the smallest share a bump may hold)", 0.0, 1.0, "0.1")
    for value, name in [(share, "share"), (target, "target")]:
        if not isinstance(value, Shares) and not (name == "target" and value is None):
            raise ValueError(f"{name} must be the Shares that gaps.shares or gaps.target_shares returns, "
                            f"got {type(value).__name__}")
    target = target_shares() if target is None else target
    gap = np.asarray(share.gap, dtype=float) > gap_ratio * float(target.gap[0])
    bump = np.minimum(np.asarray(share.left, dtype=float), np.asarray(share.right, dtype=float)) < min_bump
    return gap, bump


def two_piece_noise(dim: int = 2) -> Sampler:
    """I: z with a random sign, -1 or +1 with probability 1/2 each, in its first coordinate and N(0, 1) in the rest.

    Its support is two separate pieces, so a continuous G can map one piece to each bump and put nothing in the
    gap. It builds in what the data does not tell G: that there are two bumps, with equal weights.
    """
    integer(dim, "dim (numbers of noise per generator input)")
    if dim < 2:
        raise ValueError(f"two_piece_noise needs dim >= 2 (a sign and at least one normal number), got {dim}")

    def sample(n: int, generator: torch.Generator) -> torch.Tensor:
        z = torch.randn(n, dim, generator=generator)
        z[:, 0] = torch.where(z[:, 0] < 0, -1.0, 1.0)
        return z

    return sample


def fit_seeds(
    recipe: gaussian.GaussianRecipe,
    target: Target = FAR_BUMPS,
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4),
    steps: int | None = None,
    every: int = 100,
    noise: Sampler | None = None,
) -> tuple[gaussian.Built, Track1D]:
    """``gaussian.fit_seeds(recipe, target, seeds)`` with G fed ``noise`` instead of the recipe's (the recipe's
    when None): the same initial weights, data scale and data stream per seed, trained as one stacked model."""
    if noise is None:
        return gaussian.fit_seeds(recipe, target, seeds=seeds, every=every, steps=steps)
    if not callable(noise):
        raise ValueError(f"noise must be a sampler (n, torch.Generator) -> tensor, e.g. two_piece_noise(2), "
                         f"got {type(noise).__name__}")
    track = Track1D(every, target, n_samples=gaussian.sets_for(recipe, 10_000))
    built = gaussian.build_seeds(recipe, target, seeds=seeds)
    old = built.trainer
    trainer = Trainer(old.G, old.D, built.R, noise, old.config, callbacks=(*old.callbacks, track))
    built = built._replace(I=noise, trainer=trainer, G=trainer.G, D=trainer.D)
    trainer.run(steps)
    return built, track
