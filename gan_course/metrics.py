"""Sample-quality numbers for 1-D generators: moments, Kolmogorov-Smirnov and Wasserstein-1 distances."""

from __future__ import annotations

import numpy as np
import torch
from scipy import stats

__all__ = ["to_numpy", "sample_moments", "ks_statistic", "wasserstein1"]


def to_numpy(x: torch.Tensor | np.ndarray | list) -> np.ndarray:
    """A flat float64 NumPy array from a tensor, an array or a list."""
    if isinstance(x, torch.Tensor):
        x = x.detach().cpu().numpy()
    return np.asarray(x, dtype=np.float64).ravel()


def sample_moments(x) -> dict[str, float]:
    """mean, std (population), skewness and excess kurtosis of a 1-D sample (N(m, s) gives skew 0, kurtosis 0)."""
    a = to_numpy(x)
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
    return float(stats.kstest(to_numpy(x), "norm", args=(mean, std)).statistic)


def wasserstein1(x, mean: float, std: float) -> float:
    """W1 between the sample and N(mean, std^2) = integral |F_n^{-1}(u) - F^{-1}(u)| du, on n quantiles."""
    a = np.sort(to_numpy(x))
    u = (np.arange(len(a)) + 0.5) / len(a)
    return float(np.mean(np.abs(a - stats.norm.ppf(u, loc=mean, scale=std))))
