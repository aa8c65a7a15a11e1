"""Chapter 09's coding exercise: the Fréchet distance between Gaussians fitted to two feature sets."""

from __future__ import annotations

import numpy as np
import torch
from scipy import linalg

from ...mnist import quality
from .base import CodeExercise, Mistake, register

__all__ = ["FRECHET_DISTANCE"]

NAMESPACE = {"np": np, "linalg": linalg}


def _observe(fn, case: tuple) -> dict:
    """The distance returned, as a tensor when it is one real number (a float, a NumPy scalar or a 0-d array)."""
    out = fn(*case)
    if isinstance(out, (np.ndarray, np.generic)) and out.size == 1 and np.isrealobj(out) and out.dtype != bool:
        out = torch.tensor(float(out.reshape(())), dtype=torch.float64)
    elif isinstance(out, (int, float)) and not isinstance(out, bool):
        out = torch.tensor(float(out), dtype=torch.float64)
    return {"output": out}


def _features(seed: int, n_a: int = 40, n_b: int = 40, d: int = 4) -> tuple[torch.Tensor, torch.Tensor]:
    """Two feature sets [n, d] whose features are all positively correlated (one common factor each), the second
    shifted and more spread out; float32, as the classifier gives them."""
    g = torch.Generator().manual_seed(seed)
    sets = []
    for n, shift, spread in ((n_a, 0.0, 1.0), (n_b, 0.5, 1.5)):
        common = torch.randn(n, 1, generator=g)
        x = shift + spread * common * torch.ones(1, d) + 0.6 * torch.randn(n, d, generator=g) + 0.2 * torch.arange(d)
        sets.append(x.float())
    return sets[0], sets[1]


def _edge_cases() -> list[tuple]:
    """Sets of different sizes, eight features, identical sets (FD 0), and features in the thousands."""
    a, b = _features(11, n_a=30, n_b=55, d=3)
    c, e = _features(12, n_a=60, n_b=60, d=8)
    big_a, big_b = _features(13)
    return [(a, b), (c, e), (c, c.clone()), (1000.0 * big_a, 1000.0 * big_b)]


_MEANS_COVS = """\
a, b = feats_a.double().numpy(), feats_b.double().numpy()
mu_a, mu_b = a.mean(axis=0), b.mean(axis=0)
cov_a, cov_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)"""

FRECHET_DISTANCE = register(
    CodeExercise(
        key="09a",
        title="the Fréchet distance",
        signature="def frechet_distance(feats_a, feats_b):",
        solution=f"""\
{_MEANS_COVS}
covmean = linalg.sqrtm(cov_a @ cov_b).real
return float(((mu_a - mu_b) ** 2).sum() + np.trace(cov_a + cov_b - 2 * covmean))""",
        reference=quality.frechet_distance,
        course_name="gan_course.mnist.quality.frechet_distance",
        cases=lambda seed: [_features(seed)],
        hidden_cases=_edge_cases,
        observe=_observe,
        tol=1e-5,
        namespace=NAMESPACE,
        mistakes=(
            Mistake(
                "elementwise square root",
                "Your (S_a S_b)^(1/2) takes the square root of each entry (np.sqrt): the formula needs the matrix "
                "square root, the matrix M with M @ M = S_a @ S_b, which scipy.linalg.sqrtm computes (keep its "
                ".real part).",
                f"""\
{_MEANS_COVS}
covmean = np.sqrt(cov_a @ cov_b)
return float(((mu_a - mu_b) ** 2).sum() + np.trace(cov_a + cov_b - 2 * covmean))""",
            ),
            Mistake(
                "factor 2 missing",
                "Your spread term lacks the factor 2: it is Tr(S_a + S_b - 2 (S_a S_b)^(1/2)). In 1-D that is "
                "s_a^2 + s_b^2 - 2 s_a s_b = (s_a - s_b)^2, which is 0 for equal spreads; without the 2 it is not.",
                f"""\
{_MEANS_COVS}
covmean = linalg.sqrtm(cov_a @ cov_b).real
return float(((mu_a - mu_b) ** 2).sum() + np.trace(cov_a + cov_b - covmean))""",
            ),
            Mistake(
                "std per feature",
                "Your spread term compares each feature's standard deviation on its own, the 1-D formula "
                "(s_a - s_b)^2 summed over features: it ignores how the features vary together. Fit the full "
                "covariance matrices, np.cov(a, rowvar=False), and use Tr(S_a + S_b - 2 (S_a S_b)^(1/2)).",
                """\
a, b = feats_a.double().numpy(), feats_b.double().numpy()
mu_a, mu_b = a.mean(axis=0), b.mean(axis=0)
return float(((mu_a - mu_b) ** 2).sum() + ((a.std(axis=0) - b.std(axis=0)) ** 2).sum())""",
            ),
            Mistake(
                "rows vs columns",
                "Your covariance is between samples, not features: np.cov treats each ROW as a variable unless told "
                "otherwise, and here the rows are samples. Use np.cov(a, rowvar=False) (or np.cov(a.T)): a d x d "
                "matrix for d features.",
                """\
a, b = feats_a.double().numpy(), feats_b.double().numpy()
mu_a, mu_b = a.mean(axis=0), b.mean(axis=0)
cov_a, cov_b = np.cov(a), np.cov(b)
covmean = linalg.sqrtm(cov_a @ cov_b).real
return float(((mu_a - mu_b) ** 2).sum() + np.trace(cov_a + cov_b - 2 * covmean))""",
            ),
            Mistake(
                "mean difference not squared",
                "Your mean term is the distance |mu_a - mu_b| itself: the formula takes its square, "
                "|mu_a - mu_b|^2, the sum of the squared differences of the means.",
                f"""\
{_MEANS_COVS}
covmean = linalg.sqrtm(cov_a @ cov_b).real
return float(np.linalg.norm(mu_a - mu_b) + np.trace(cov_a + cov_b - 2 * covmean))""",
            ),
        ),
    )
)
