"""1-D targets for the Gaussian chapters and beyond: a sampler R, its exact CDF, and the KS statistic against it.

- ``normal(mean, std)``: N(mean, std^2), sampled as ``data.gaussian_sampler`` does (the course's bell curve);
- ``scipy_target(name, **params)``: any continuous distribution of ``scipy.stats`` by name, e.g.
  ``scipy_target("gamma", a=2)`` (skewed) or ``scipy_target("t", df=3)`` (heavy tails);
- ``mixture(means, stds)``: an equal-weight mixture of normals, e.g. two bumps ``mixture((-2, 2), (0.5, 0.5))``;
- ``parse(name, params)``: the same from text, for the command line and the dashboard.

Non-normal targets are sampled by inverting their CDF, x = F^{-1}(u) with u ~ U(0, 1), through a table of
2^16 quantiles interpolated linearly (the tails beyond the 10^-6 quantiles are cut: no KS test can see them).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch
from scipy import stats

from .. import data
from ..metrics import to_numpy

__all__ = ["Target", "normal", "scipy_target", "mixture", "parse", "EXAMPLES"]

_TABLE = 1 << 16  # quantiles in an inverse-CDF table
_TAIL = 1e-6  # the table spans the quantiles [_TAIL, 1 - _TAIL]


@dataclass(frozen=True)
class Target:
    """A 1-D target distribution: ``sampler(n, generator) -> [n, 1]``, its CDF, mean and standard deviation."""

    name: str
    sampler: data.Sampler
    cdf: Callable[[np.ndarray], np.ndarray]
    mean: float
    std: float

    def ks(self, x) -> float:
        """KS = sup_t |F_n(t) - F(t)| between the sample x and the target (about 0.87 / sqrt(n) for a perfect fit)."""
        return float(stats.kstest(to_numpy(x).ravel(), self.cdf).statistic)

    def pdf(self, x: np.ndarray) -> np.ndarray:
        """The density, p(x) = F'(x), as a central difference of the CDF (step 1e-4 standard deviations)."""
        h = 1e-4 * self.std
        return (self.cdf(np.asarray(x) + h) - self.cdf(np.asarray(x) - h)) / (2 * h)

    def __str__(self) -> str:
        return self.name


def _check_finite(value: object, name: str, positive: bool = False) -> float:
    ok = isinstance(value, (int, float, np.number)) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or (positive and value <= 0):
        raise ValueError(f"{name} must be a finite number{' > 0' if positive else ''}, got {value!r}")
    return float(value)


def normal(mean: float = 4.0, std: float = 1.25) -> Target:
    """N(mean, std^2), sampled as mean + std * randn (the same numbers as ``data.gaussian_sampler``)."""
    mean, std = _check_finite(mean, "mean"), _check_finite(std, "std", positive=True)
    return Target(f"N({mean:g}, {std:g})", data.gaussian_sampler(mean, std), stats.norm(mean, std).cdf, mean, std)


def _table_sampler(quantiles: np.ndarray) -> data.Sampler:
    """x = F^{-1}(u) by linear interpolation in a table of quantiles at u = linspace(_TAIL, 1 - _TAIL)."""
    table = torch.as_tensor(quantiles, dtype=torch.float32)
    last = len(table) - 1

    def sample(n: int, generator: torch.Generator) -> torch.Tensor:
        pos = torch.rand(n, 1, generator=generator) * last
        lo = pos.floor().clamp(max=last - 1)
        i = lo.long()
        return torch.lerp(table[i], table[i + 1], pos - lo)

    return sample


def _u_grid() -> np.ndarray:
    return np.linspace(_TAIL, 1.0 - _TAIL, _TABLE)


def scipy_target(name: str, **params: float) -> Target:
    """A continuous ``scipy.stats`` distribution by name with its shape, ``loc`` and ``scale`` parameters."""
    dist_type = getattr(stats, name, None) if isinstance(name, str) else None
    if not isinstance(dist_type, stats.rv_continuous):
        raise ValueError(
            f"{name!r} is not a continuous distribution of scipy.stats; try e.g. 'gamma' (params a=2), "
            "'t' (df=3), 'lognorm' (s=0.5), 'norm' or 'mixture' (means and stds)"
        )
    for key, value in params.items():
        _check_finite(value, f"parameter {key}")
    try:
        dist = dist_type(**params)
        mean, std = float(dist.mean()), float(dist.std())
    except TypeError as err:
        raise ValueError(f"scipy.stats.{name} does not take {sorted(params)}: {err}") from None
    quantiles = dist.ppf(_u_grid())
    if not (np.all(np.isfinite(quantiles)) and math.isfinite(mean) and math.isfinite(std) and std > 0):
        raise ValueError(
            f"{name}({params}) needs a finite mean and spread and finite quantiles to be a target here "
            "(a t distribution needs df > 2, for example)"
        )
    label = ", ".join(f"{k}={v:g}" for k, v in params.items())
    return Target(f"{name}({label})", _table_sampler(quantiles), dist.cdf, mean, std)


def mixture(means: Sequence[float], stds: Sequence[float]) -> Target:
    """The equal-weight mixture of N(means[i], stds[i]^2): several bumps."""
    for seq, name in ((means, "means"), (stds, "stds")):
        if not isinstance(seq, (tuple, list, np.ndarray)):
            raise ValueError(f"{name} must be a sequence of numbers, one per bump, e.g. (-2, 2), got {seq!r}")
    means = [_check_finite(m, "every mean") for m in means]
    stds = [_check_finite(s, "every std", positive=True) for s in stds]
    if len(means) != len(stds) or not means:
        raise ValueError(f"a mixture needs as many means as stds (at least one), got {means} and {stds}")
    parts = [stats.norm(m, s) for m, s in zip(means, stds, strict=True)]

    def cdf(x: np.ndarray) -> np.ndarray:
        return sum(p.cdf(x) for p in parts) / len(parts)

    # F^{-1} on the table's grid by bisection (the mixture has no closed form); 60 halvings reach float64's limit
    lo = np.full(_TABLE, min(p.ppf(_TAIL) for p in parts))
    hi = np.full(_TABLE, max(p.ppf(1 - _TAIL) for p in parts))
    u = _u_grid()
    for _ in range(60):
        mid = (lo + hi) / 2
        below = cdf(mid) < u
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    mean = float(np.mean(means))
    std = float(np.sqrt(np.mean(np.square(stds) + np.square(means)) - mean**2))
    label = ", ".join(f"N({m:g}, {s:g})" for m, s in zip(means, stds, strict=True))
    return Target(f"mixture of {label}", _table_sampler((lo + hi) / 2), cdf, mean, std)


def parse(name: str, params: str = "") -> Target:
    """A target from text: ``parse("normal", "4,1.25")``, ``parse("gamma", "a=2")``, ``parse("mixture", "-2,.5,2,.5")``.

    ``normal`` takes mean,std; ``mixture`` takes mean,std pairs; any other name is a ``scipy.stats``
    distribution with key=value parameters separated by commas.
    """
    text = params.strip() if isinstance(params, str) else ""
    if name in ("normal", "mixture"):
        try:
            numbers = [float(v) for v in text.split(",")] if text else []
        except ValueError:
            raise ValueError(f"{name} takes numbers separated by commas, e.g. '4,1.25', got {params!r}") from None
        if name == "normal":
            if len(numbers) != 2:
                raise ValueError(f"normal takes mean,std, e.g. '4,1.25', got {params!r}")
            return normal(*numbers)
        if len(numbers) < 2 or len(numbers) % 2:
            raise ValueError(f"mixture takes mean,std pairs, e.g. '-2,0.5,2,0.5', got {params!r}")
        return mixture(numbers[0::2], numbers[1::2])
    kwargs = {}
    for item in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = item.partition("=")
        try:
            if not sep:
                raise ValueError
            kwargs[key.strip()] = float(value)
        except ValueError:
            raise ValueError(f"scipy parameters are key=value pairs, e.g. 'a=2' or 'df=3', got {params!r}") from None
    return scipy_target(name, **kwargs)


# Targets beyond the bell curve that chapter 5 and the benchmark try (name, params for ``parse``).
EXAMPLES: dict[str, tuple[str, str]] = {
    "bell curve N(4, 1.25)": ("normal", "4,1.25"),
    "skewed: gamma(a=2)": ("gamma", "a=2"),
    "heavy tails: t(df=3)": ("t", "df=3"),
    "two bumps: N(-2, 0.5) + N(2, 0.5)": ("mixture", "-2,0.5,2,0.5"),
}
