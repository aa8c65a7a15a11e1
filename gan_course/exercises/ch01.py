"""Checks for chapter 01, What is a GAN?: generative or discriminative, and a generator for a new target."""

from __future__ import annotations

from collections.abc import Callable

from .base import unanswered, verdict

__all__ = ["check_generative_or_discriminative", "check_matches_target"]

_MODEL_KINDS = {
    "logistic regression": "discriminative",
    "naive bayes": "generative",
    "gan generator": "generative",
    "gan discriminator": "discriminative",
    "gaussian mixture model": "generative",
    "support vector machine": "discriminative",
}


def check_generative_or_discriminative(answer: dict[str, str] | None) -> bool:
    """Exercise 01.1: label each model "generative" (learns p(x) or p(x, y)) or "discriminative" (learns p(y | x))."""
    if unanswered(answer, f"label each of {sorted(_MODEL_KINDS)} as 'generative' or 'discriminative'"):
        return False
    given = {k.strip().lower(): str(v).strip().lower() for k, v in answer.items()}
    missing = sorted(set(_MODEL_KINDS) - set(given))
    if missing:
        return verdict(False, "", f"label these too: {missing}")
    wrong = sorted(k for k in _MODEL_KINDS if given[k] != _MODEL_KINDS[k])
    return verdict(
        not wrong,
        "all six are right: a generative model can produce new x, a discriminative one only scores a given x.",
        f"{len(wrong)} wrong: {wrong}. Ask of each: could it draw a new x, or only score a given one?",
    )


def check_matches_target(samples_fn: Callable[[int], object] | None, mean: float, std: float) -> bool:
    """Exercise 01.2: a generator whose samples match N(mean, std): |mean error| < 0.25 std, KS < 0.12."""
    from .. import metrics

    if unanswered(samples_fn, "pass a function n -> n generator samples, e.g. trainer.sample"):
        return False
    x = metrics.to_numpy(samples_fn(10_000))
    ks = metrics.ks_statistic(x, mean, std)
    ok = abs(x.mean() - mean) < 0.25 * std and ks < 0.12
    return verdict(
        ok,
        f"G's samples have mean {x.mean():.2f}, std {x.std():.2f} and KS {ks:.3f} against N({mean:g}, {std:g}).",
        f"G's samples have mean {x.mean():.2f}, std {x.std():.2f}, KS {ks:.3f} against N({mean:g}, {std:g}); "
        "did you change R to the new target, and train long enough?",
    )
