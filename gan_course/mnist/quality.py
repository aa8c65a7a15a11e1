"""Sample quality of MNIST generators: a Frechet distance on the course classifier's features, and class coverage.

Frechet distance between Gaussians fitted to two feature sets (the FID recipe, with the course's own CNN):

    FD = |mu_a - mu_b|^2 + Tr(S_a + S_b - 2 (S_a S_b)^(1/2))

It is 0 for identical statistics and grows as the sets differ in position or spread. Class coverage looks at
the classifier's predicted labels: a generator that has collapsed onto a few digits scores a low entropy and
few classes, however sharp its images are.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import torch
from scipy import linalg

from ..data import to_unit_range
from ..validate import MAX_SAMPLES, count, integer, number
from ..validate import seed as validate_seed
from .classifier import MnistCNN, as_array, digit_labels, predict
from .conditional import N_CLASSES, codes, images_of, is_conditional

__all__ = [
    "FeatureStats",
    "feature_stats",
    "frechet_distance",
    "Coverage",
    "class_coverage",
    "Score",
    "score_images",
    "score_generator",
]


def _numbers(value: object, name: str) -> np.ndarray:
    """``value`` (a number, a list, an array or a tensor of numbers) as float64, or a ValueError naming ``name``."""
    ok = isinstance(value, (int, float, np.number, np.ndarray, list, tuple, torch.Tensor)) and not isinstance(
        value, (bool, np.bool_))
    try:
        if ok:
            numbers = value.detach().cpu() if isinstance(value, torch.Tensor) else value
            return np.asarray(numbers, dtype=np.float64).copy()  # its own copy: the caller's array stays writable
    except (TypeError, ValueError):
        pass
    raise ValueError(f"FeatureStats.{name} must be numbers (a number, or an array of them), got {value!r:.60}")


class FeatureStats:
    """Mean [d] and covariance [d, d] of a feature set (float64), and how many rows they came from.

    In 1-D the mean and the variance may be plain numbers: ``FeatureStats(4.0, 1.25**2, n=1)`` is N(4, 1.25^2).
    The arrays are made once, here, and read through properties: nothing rewrites them afterwards.
    """

    __slots__ = ("_mean", "_cov", "_n")

    def __init__(self, mean: np.ndarray | float, cov: np.ndarray | float, n: int) -> None:
        mean, cov = np.atleast_1d(_numbers(mean, "mean")), np.atleast_2d(_numbers(cov, "cov"))
        n = int(n) if isinstance(n, np.integer) else n  # a NumPy count (len of an array's rows) is a count too
        integer(n, "n (the rows the statistics came from)")
        if mean.ndim != 1 or cov.shape != (len(mean), len(mean)):
            raise ValueError(f"FeatureStats needs a mean [d] and a covariance [d, d], got {mean.shape} and {cov.shape}")
        if not (np.isfinite(mean).all() and np.isfinite(cov).all()):
            raise ValueError("FeatureStats needs finite numbers, but its mean or covariance holds NaN or infinite "
                             "values: the features came from NaN images (a diverged generator?) or a damaged file")
        if (np.diag(cov) < 0).any() or not np.allclose(cov, cov.T):
            raise ValueError("FeatureStats needs a covariance: symmetric, with variances >= 0 on its diagonal")
        mean.setflags(write=False)
        cov.setflags(write=False)
        self._mean, self._cov, self._n = mean, cov, n

    @property
    def mean(self) -> np.ndarray:
        """The mean, [d] (read-only)."""
        return self._mean

    @property
    def cov(self) -> np.ndarray:
        """The covariance, [d, d] (read-only)."""
        return self._cov

    @property
    def n(self) -> int:
        """How many rows the statistics came from."""
        return self._n

    def __repr__(self) -> str:
        return f"FeatureStats(d={len(self._mean)}, n={self._n})"


def feature_stats(features: torch.Tensor | np.ndarray) -> FeatureStats:
    """Fit a Gaussian to features ``[n, d]`` (n >= 2); 1-D features may also be a flat ``[n]``."""
    f = as_array(features)
    if not np.issubdtype(f.dtype, np.number) or np.iscomplexobj(f):
        raise ValueError(f"features must be real numbers [n, d] (or [n] in 1-D), a tensor or array such as "
                         f"predict(classifier, images)[1], got {type(features).__name__}"
                         f"{f' of dtype {f.dtype}' if f.dtype != object else ''}")
    f = f.astype(np.float64)
    if f.ndim == 1:
        f = f[:, None]  # [n] -> [n, 1]: one feature
    if f.ndim != 2 or len(f) < 2:
        raise ValueError(f"features must be [n, d] (or [n] in 1-D) with n >= 2, got shape {f.shape}")
    if not np.isfinite(f).all():
        rows = int((~np.isfinite(f)).any(axis=1).sum())
        raise ValueError(f"features must be finite numbers, but {rows} of {len(f)} rows hold NaN or infinite values "
                         f"(NaN images from a diverged generator?): score finite samples")
    return FeatureStats(f.mean(axis=0), np.atleast_2d(np.cov(f, rowvar=False)), len(f))


def frechet_distance(a: FeatureStats | torch.Tensor | np.ndarray, b: FeatureStats | torch.Tensor | np.ndarray) -> float:
    """FD = |mu_a - mu_b|^2 + Tr(S_a + S_b - 2 sqrtm(S_a S_b)), with scipy's ``sqrtm``.

    ``a`` and ``b`` are ``FeatureStats`` or raw features (``[n, d]``, or ``[n]`` in 1-D), fitted with
    ``feature_stats``. In 1-D the formula is (m_a - m_b)^2 + (s_a - s_b)^2, computed exactly.
    """
    a = a if isinstance(a, FeatureStats) else feature_stats(a)
    b = b if isinstance(b, FeatureStats) else feature_stats(b)
    if a.mean.shape != b.mean.shape:
        raise ValueError(f"feature sizes differ: {a.mean.shape} vs {b.mean.shape}")
    diff = a.mean - b.mean
    if len(diff) == 1:  # 1-D: sqrt(var_a var_b) = s_a s_b, no matrix square root needed
        sa, sb = math.sqrt(max(a.cov[0, 0], 0.0)), math.sqrt(max(b.cov[0, 0], 0.0))
        return float(diff[0] ** 2 + (sa - sb) ** 2)
    with warnings.catch_warnings():  # a collapsed generator gives a singular covariance: handled below
        warnings.simplefilter("ignore", linalg.LinAlgWarning)
        covmean = linalg.sqrtm(a.cov @ b.cov)
        if not np.isfinite(covmean).all():  # nudge both covariances off singularity (as pytorch-fid does)
            eps = 1e-6 * np.eye(len(diff))
            covmean = linalg.sqrtm((a.cov + eps) @ (b.cov + eps))
    covmean = covmean.real  # tiny imaginary parts are round-off
    fd = float(diff @ diff + np.trace(a.cov) + np.trace(b.cov) - 2.0 * np.trace(covmean))
    return max(fd, 0.0)  # FD >= 0; identical sets can give -1e-12 from round-off


@dataclass(frozen=True)
class Coverage:
    """How the predicted classes of a sample set are spread over the 10 digits."""

    counts: tuple[int, ...]  # predictions per class 0..9
    shares: tuple[float, ...]  # counts / total
    entropy: float  # -sum p log2 p in bits: log2(10) = 3.32 when uniform, 0 for a single class
    classes: int  # classes holding at least ``min_share`` of the samples

    def __str__(self) -> str:
        return f"{self.classes}/10 classes, entropy {self.entropy:.2f} of {math.log2(10):.2f} bits"


def class_coverage(labels: torch.Tensor | np.ndarray, min_share: float = 0.02) -> Coverage:
    """Coverage of predicted ``labels`` (ints 0..9). A class counts as present with >= ``min_share`` of them.

    ``min_share`` = 2% is a fifth of the 10% each digit has in MNIST: a few stray predictions do not count.
    """
    lab = digit_labels(labels)
    number(min_share, "min_share (of the samples for a class to count)", 0.0, 1.0, "0.02")
    counts = np.bincount(lab, minlength=10)
    shares = counts / counts.sum()
    nz = shares[shares > 0]
    entropy = float(-(nz * np.log2(nz)).sum()) + 0.0  # + 0.0 turns -0.0 into 0.0
    return Coverage(
        tuple(int(c) for c in counts), tuple(float(s) for s in shares), entropy, int((shares >= min_share).sum())
    )


@dataclass(frozen=True)
class Score:
    """Frechet distance to the reference features, and class coverage, of one sample set."""

    fd: float
    coverage: Coverage

    def __str__(self) -> str:
        return f"FD {self.fd:.1f}, {self.coverage}"


def score_images(images: torch.Tensor, classifier: MnistCNN, reference: FeatureStats) -> Score:
    """Score images ``[n, 784]`` in [0, 1] against ``reference`` (e.g. the training set's feature statistics)."""
    labels, feats = predict(classifier, images)
    return Score(frechet_distance(feature_stats(feats), reference), class_coverage(labels))


@torch.no_grad()
def score_generator(
    generator: torch.nn.Module,
    noise_dim: int,
    value_range: tuple[float, float],
    classifier: MnistCNN,
    reference: FeatureStats,
    n: int = 10_000,
    seed: int = 2024,
) -> Score:
    """Score ``n`` samples of ``generator`` (noise z ~ N(0, I) from ``seed``), mapped from value_range to [0, 1]; a
    conditional generator is asked for each digit equally often."""
    count(n, "n (how many samples to score)", MAX_SAMPLES, minimum=2, hint="the Frechet distance needs a spread")
    integer(noise_dim, "noise_dim")
    validate_seed(seed, "seed")
    if not isinstance(generator, torch.nn.Module):
        raise ValueError(f"generator must be a torch.nn.Module (a trained G), got {type(generator).__name__}")
    was_training = generator.training
    generator.eval()
    try:
        device = next(generator.parameters()).device
        z = torch.randn(n, noise_dim, generator=torch.Generator().manual_seed(seed)).to(device)
        if is_conditional(generator):  # every digit requested equally often: 0, 1, ..., 9, 0, 1, ...
            z = codes(z, torch.arange(n) % N_CLASSES)
        images = to_unit_range(images_of(generator(z)).cpu(), value_range)
    finally:
        generator.train(was_training)
    return score_images(images, classifier, reference)
