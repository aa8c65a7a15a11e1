"""Checks for chapter 06, A discriminator that sees only four numbers: what matching four moments does not pin down."""

from __future__ import annotations

from .base import unanswered, verdict

__all__ = ["check_same_moments_not_gaussian", "check_moments_guarantee"]


def check_same_moments_not_gaussian(samples, mean: float = 4.0, std: float = 1.25) -> bool:
    """Exercise 06.1: >= 1,000 samples with N(mean, std)'s four moments (within 0.05) and KS > 0.1 against it."""
    from .. import metrics

    if unanswered(samples, "give 10,000 numbers (a tensor or an array)"):
        return False
    x = metrics.to_numpy(samples)
    if len(x) < 1000:
        return verdict(False, "", f"give at least 1,000 numbers (got {len(x)}), so that the moments are reliable")
    m = metrics.sample_moments(x)
    errors = {
        "mean": m["mean"] - mean,
        "std": m["std"] - std,
        "skewness": m["skewness"],
        "excess kurtosis": m["excess_kurtosis"],
    }
    off = {k: round(v, 3) for k, v in errors.items() if abs(v) > 0.05}
    ks = metrics.ks_statistic(x, mean, std)
    return verdict(
        not off and ks > 0.1,
        f"same four moments as N({mean:g}, {std:g}), yet KS {ks:.2f}: a moments D could not tell them apart.",
        f"moments off by {off}" if off else f"the moments match but KS is only {ks:.3f}: make the shape more different",
    )


_MOMENT_FACTS = {
    "same variance": True,
    "same median": False,
    "same CDF": False,
    "symmetric": False,
    "same E[x^4]": True,
}


def check_moments_guarantee(answer: dict[str, bool] | None) -> bool:
    """Exercise 06.2: which properties follow from matching mean, std, skewness and excess kurtosis."""
    if unanswered(answer, f"answer True or False for each of {sorted(_MOMENT_FACTS)}"):
        return False
    given = {str(k).strip(): v for k, v in answer.items()}
    missing = sorted(set(_MOMENT_FACTS) - set(given))
    if missing:
        return verdict(False, "", f"answer these too: {missing}")
    wrong = sorted(k for k, v in _MOMENT_FACTS.items() if bool(given[k]) is not v)
    return verdict(
        not wrong,
        "right: the variance and E[x^4] follow from the four moments; the median, the CDF and symmetry do not "
        "(skewness 0 does not make a distribution symmetric).",
        f"{len(wrong)} wrong: {wrong}. Which quantities can be computed from the four numbers alone?",
    )
