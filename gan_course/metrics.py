"""Sample-quality numbers for 1-D generators: moments, Kolmogorov-Smirnov and Wasserstein-1 distances."""

from __future__ import annotations

import numpy as np
import torch
from scipy import stats

from .validate import number, positive_number

__all__ = ["to_numpy", "samples", "sample_moments", "ks_statistic", "wasserstein1"]


def to_numpy(x: torch.Tensor | np.ndarray | list) -> np.ndarray:
    """A flat float64 NumPy array from a tensor, an array, a list or a number."""
    if isinstance(x, torch.Tensor):
        x = x.detach().cpu().float().numpy() if x.dtype == torch.bfloat16 else x.detach().cpu().numpy()
    if isinstance(x, (str, bytes, dict, set)) or x is None or isinstance(x, bool):
        raise ValueError(f"samples must be numbers (a tensor, an array or a list), got {_got(x)}")
    try:
        a = np.asarray(x)
        if a.dtype.kind not in "biuf" or a.dtype == np.bool_:
            raise TypeError
        return a.astype(np.float64).ravel()
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"samples must be numbers (a tensor, an array or a list), got {_got(x)}") from None


def _got(x: object) -> str:
    if isinstance(x, (torch.Tensor, np.ndarray)):
        return f"a {type(x).__name__} of shape {tuple(x.shape)} and dtype {x.dtype}"
    text = repr(x)
    return text if len(text) <= 60 else f"a {type(x).__name__}"


def samples(x, name: str = "x", minimum: int = 2) -> np.ndarray:
    """``x`` as a flat float64 array if it holds at least ``minimum`` finite numbers, else a ValueError."""
    if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
        raise ValueError(f"minimum must be a whole number >= 1 (the fewest numbers a sample holds), got {minimum!r}")
    a = to_numpy(x)
    if a.size < minimum or not np.isfinite(a).all():
        raise ValueError(f"{name} must be a sample of at least {minimum} finite numbers, got {a.size} numbers"
                         f"{' with a NaN or an infinity' if not np.isfinite(a).all() else ''}")
    return a


def _normal(mean: object, std: object) -> tuple[float, float]:
    return number(mean, "mean", -1e300, 1e300, "4.0"), positive_number(std, "std", "1.25")


def sample_moments(x) -> dict[str, float]:
    """mean, std (population), skewness and excess kurtosis of a 1-D sample (N(m, s) gives skew 0, kurtosis 0)."""
    a = samples(x)
    return {
        "mean": float(a.mean()),
        "std": float(a.std()),
        "skewness": float(stats.skew(a)),
        "excess_kurtosis": float(stats.kurtosis(a)),
    }


def ks_statistic(x, mean: float, std: float) -> float:
    """KS = sup_t |F_n(t) - Phi((t - mean) / std)|: the largest gap between the empirical CDF and the target's.

    For n samples from the target itself it is about 0.87 / sqrt(n) (0.0087 at n = 10,000).
    """
    a, (mean, std) = samples(x, minimum=1), _normal(mean, std)
    return float(stats.kstest(a, "norm", args=(mean, std)).statistic)


def wasserstein1(x, mean: float, std: float) -> float:
    """W1 between the sample and N(mean, std^2) = integral |F_n^{-1}(u) - F^{-1}(u)| du, on n quantiles."""
    a, (mean, std) = np.sort(samples(x, minimum=1)), _normal(mean, std)
    u = (np.arange(len(a)) + 0.5) / len(a)
    return float(np.mean(np.abs(a - stats.norm.ppf(u, loc=mean, scale=std))))
