"""Chapter 06's coding exercise: the four moments a summary-statistics discriminator sees of each set."""

from __future__ import annotations

import torch

from ... import features
from .base import CodeExercise, Mistake, register

__all__ = ["MOMENT_FEATURES"]


def _sets(seed: int) -> list[tuple]:
    """A batch of 5 sets of 12 numbers, each set with its own location, scale and lopsidedness.

    Small sets make the n - 1 of an unbiased std visible (a factor 1.04), and sets of different shapes make the
    skewness and kurtosis differ from row to row, so that moments taken over the whole batch do not match any row.
    """
    g = torch.Generator().manual_seed(seed)
    z = torch.randn(5, 12, generator=g)
    lopsided = torch.exp(0.6 * torch.randn(5, 12, generator=g))  # log-normal: skewed, heavy right tail
    mix = torch.linspace(0.0, 1.0, 5)[:, None]  # row 0 Gaussian ... row 4 log-normal
    loc = 4.0 + torch.randn(5, 1, generator=g)
    scale = 0.5 + torch.rand(5, 1, generator=g)
    return [(loc + scale * ((1 - mix) * z + mix * lopsided),)]


def _constant_sets() -> list[tuple]:
    """Sets whose numbers are all equal (std 0), as a collapsed set generator prints: skewness 0, kurtosis -3."""
    return [(torch.tensor([[2.0] * 8, [0.0] * 8, [-1.5] * 8, [1.0, 2.0, 3.0, 4.0, 4.0, 3.0, 2.0, 1.0]]),)]


def _edge_sets() -> list[tuple]:
    """Constant sets, one set of 500 (the chapter's size), and a tall batch of 64 sets of 3 in float64."""
    g = torch.Generator().manual_seed(7)
    return _constant_sets() + [
        (4.0 + 1.25 * torch.randn(1, 500, generator=g),),
        (torch.rand(64, 3, generator=g, dtype=torch.float64) * 10 - 5,),
    ]


MOMENT_FEATURES = register(
    CodeExercise(
        key="06a",
        title="The four moments D sees",
        signature="def moment_features(x):",
        solution="""\
mean = x.mean(dim=1, keepdim=True)
centred = x - mean
std = centred.pow(2).mean(dim=1, keepdim=True).sqrt()
z = centred / (std + 1e-8)
skewness = z.pow(3).mean(dim=1, keepdim=True)
kurtosis = z.pow(4).mean(dim=1, keepdim=True) - 3.0
return torch.cat([mean, std, skewness, kurtosis], dim=1)""",
        reference=features.moments,
        course_name="gan_course.features.moments",
        cases=lambda seed: _sets(seed) + (_constant_sets() if seed == 0 else []),
        hidden_cases=_edge_sets,
        mistakes=(
            Mistake(
                "variance, not std",
                "Your second number is the variance: D sees the standard deviation, the square root of the mean "
                "squared deviation, in the same units as the samples (1.25 for the target, not 1.5625).",
                """\
mean = x.mean(dim=1, keepdim=True)
centred = x - mean
var = centred.pow(2).mean(dim=1, keepdim=True)
z = centred / (var.sqrt() + 1e-8)
skewness = z.pow(3).mean(dim=1, keepdim=True)
kurtosis = z.pow(4).mean(dim=1, keepdim=True) - 3.0
return torch.cat([mean, var, skewness, kurtosis], dim=1)""",
            ),
            Mistake(
                "unbiased std",
                "Your std divides by n - 1 (torch.std's default): the course's moments are plain averages over the "
                "set, std = sqrt(mean((x - mean)^2)), dividing by n. Use x.std(dim=1, correction=0) or write the "
                "mean out.",
                """\
mean = x.mean(dim=1, keepdim=True)
centred = x - mean
std = x.std(dim=1, keepdim=True)
z = centred / (std + 1e-8)
skewness = z.pow(3).mean(dim=1, keepdim=True)
kurtosis = z.pow(4).mean(dim=1, keepdim=True) - 3.0
return torch.cat([mean, std, skewness, kurtosis], dim=1)""",
            ),
            Mistake(
                "kurtosis, not excess",
                "Your fourth number is the kurtosis mean(z^4), which is 3 for a Gaussian: D sees the excess "
                "kurtosis mean(z^4) - 3, which is 0 for a Gaussian like the skewness.",
                """\
mean = x.mean(dim=1, keepdim=True)
centred = x - mean
std = centred.pow(2).mean(dim=1, keepdim=True).sqrt()
z = centred / (std + 1e-8)
skewness = z.pow(3).mean(dim=1, keepdim=True)
kurtosis = z.pow(4).mean(dim=1, keepdim=True)
return torch.cat([mean, std, skewness, kurtosis], dim=1)""",
            ),
            Mistake(
                "not standardised",
                "Your skewness and kurtosis average powers of x - mean, which grow with the spread: take them of "
                "the z-scores z = (x - mean) / (std + 1e-8), so that they describe the shape alone.",
                """\
mean = x.mean(dim=1, keepdim=True)
centred = x - mean
std = centred.pow(2).mean(dim=1, keepdim=True).sqrt()
skewness = centred.pow(3).mean(dim=1, keepdim=True)
kurtosis = centred.pow(4).mean(dim=1, keepdim=True) - 3.0
return torch.cat([mean, std, skewness, kurtosis], dim=1)""",
            ),
            Mistake(
                "whole batch",
                "Your moments are taken over the whole batch at once: each row of x is one set (500 numbers in "
                "the chapter), and D sees the four moments of each set, so x [n, m] gives [n, 4]. Reduce along "
                "dim=1 with keepdim=True.",
                """\
mean = x.mean()
centred = x - mean
std = centred.pow(2).mean().sqrt()
z = centred / (std + 1e-8)
skewness = z.pow(3).mean()
kurtosis = z.pow(4).mean() - 3.0
return torch.stack([mean, std, skewness, kurtosis])""",
            ),
        ),
    )
)
