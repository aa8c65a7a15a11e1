"""Checks for chapter 06, A discriminator that sees only four numbers: what matching four moments does not pin down."""

from __future__ import annotations

import math
from collections.abc import Mapping

from .. import metrics
from .base import describe, never_raises, read_bool, read_samples, read_target, unanswered, verdict

__all__ = ["check_same_moments_not_gaussian", "check_moments_guarantee"]

N_SAMPLES_06 = 10_000  # the exercise asks for 10,000 numbers
KS_BAR_06 = 0.1  # "visibly not Gaussian": a Gaussian sample of 10,000 scores KS <= 0.016 in 99% of draws


def moment_tolerances(n: int, std: float = 1.25) -> dict[str, float]:
    """How far each of the four sample moments of ``n`` numbers may sit from N(mean, std^2)'s: 4 standard errors.

    The standard errors are those of a Gaussian sample (std/sqrt(n), std/sqrt(2n), sqrt(6/n), sqrt(24/n)); a law
    with the same four moments has the same errors for the mean and the std, and no larger ones for the skewness
    and the kurtosis for the three-point law and the three-Gaussian mixtures with excess kurtosis 0 (measured over
    2,000 draws). At 4 standard errors a right answer fails about once in 4,000 draws (all four together); at
    n = 10,000 the tolerances are 0.05, 0.035, 0.098 and 0.196.
    """
    return {
        "mean": 4 * std / math.sqrt(n),
        "std": 4 * std / math.sqrt(2 * n),
        "skewness": 4 * math.sqrt(6 / n),
        "excess kurtosis": 4 * math.sqrt(24 / n),
    }


@never_raises
def check_same_moments_not_gaussian(samples, mean: float = 4.0, std: float = 1.25) -> bool:
    """Exercise 06.1: >= 10,000 samples with N(mean, std)'s four moments (within 4 standard errors) and KS > 0.1."""
    if unanswered(samples, "give 10,000 numbers (a tensor or an array)"):
        return False
    m, s, why = read_target(mean, std)
    if why:
        return verdict(False, "", f"the target must be a mean and a positive std ({why}); call it as in the chapter")
    x, problem = read_samples(samples, min_n=0)
    if x is None:
        return verdict(False, "", problem)
    if len(x) < N_SAMPLES_06:
        return verdict(
            False,
            "",
            f"got only {len(x):,} of the {N_SAMPLES_06:,} numbers asked for: fewer make the moments too noisy",
        )
    moments = metrics.sample_moments(x)
    errors = {
        "mean": moments["mean"] - m,
        "std": moments["std"] - s,
        "skewness": moments["skewness"],
        "excess kurtosis": moments["excess_kurtosis"],
    }
    tol = moment_tolerances(len(x), s)
    off = {k: round(v, 3) for k, v in errors.items() if not abs(v) <= tol[k]}  # `not <=` also catches NaN
    ks = metrics.ks_statistic(x, m, s)
    tolerances = ", ".join(f"{k} ±{v:.3f}" for k, v in tol.items())
    why = f"(at n = {len(x):,}: {tolerances}; 4 standard errors of each estimate, so exact moments always pass)"
    return verdict(
        not off and ks > KS_BAR_06,
        f"same four moments as N({m:g}, {s:g}²), yet KS {ks:.2f}: a moments D could not tell them apart.",
        f"moments off by {off} {why}"
        if off
        else f"the moments match but KS is only {ks:.3f} (needs > {KS_BAR_06}; a Gaussian sample scores under "
        "0.02): make the shape more different",
    )


_MOMENT_FACTS = {
    "same variance": True,
    "same median": False,
    "same CDF": False,
    "symmetric": False,
    "same E[x^4]": True,
}


def _key(k) -> str:
    return " ".join(str(k).split()).lower()


@never_raises
def check_moments_guarantee(answer: dict[str, bool] | None) -> bool:
    """Exercise 06.2: which properties follow from matching mean, std, skewness and excess kurtosis.

    Values may be bools, 0/1 or the strings "true"/"false"/"yes"/"no" in any capitals; keys ignore capitals.
    """
    if unanswered(answer, f"answer True or False for each of {sorted(_MOMENT_FACTS)}"):
        return False
    if not isinstance(answer, Mapping):
        return verdict(False, "", f"got {describe(answer)}: give a dict, e.g. {{'same variance': True, ...}}")
    given = {_key(k): v for k, v in answer.items()}
    missing = [k for k in _MOMENT_FACTS if _key(k) not in given]
    if missing:
        return verdict(False, "", f"answer these too: {missing}")
    read = {k: read_bool(given[_key(k)]) for k in _MOMENT_FACTS}
    unreadable = {k: problem for k, (value, problem) in read.items() if value is None}
    if unreadable:
        first = next(iter(unreadable))
        return verdict(False, "", f"answer True or False for {list(unreadable)} ({first}: {unreadable[first]})")
    wrong = sorted(k for k, v in _MOMENT_FACTS.items() if read[k][0] is not v)
    return verdict(
        not wrong,
        "right: the variance and E[x^4] follow from the four moments; the median, the CDF and symmetry do not "
        "(skewness 0 does not make a distribution symmetric).",
        f"{len(wrong)} wrong: {wrong}. Which quantities can be computed from the four numbers alone?",
    )
