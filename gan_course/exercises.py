"""Answer checks for the chapters' exercises: a student calls ``check_...(answer)`` and reads the verdict.

Each check prints a verdict instead of raising, so an unanswered exercise (``None``) never stops a
notebook; it returns True for a correct answer so that tests (and curious students) can assert on it.
Chapters append their checks here, grouped under a comment with the chapter number.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["verdict", "check_generative_or_discriminative", "check_matches_target"]


def verdict(ok: bool, success: str, hint: str) -> bool:
    """Print ✓ with ``success`` or ✗ with ``hint``; return ``ok``."""
    print(f"✓ {success}" if ok else f"✗ Not yet. {hint}")
    return ok


def _unanswered(answer, what: str) -> bool:
    if answer is None:
        print(f"… Not answered yet: {what}")
        return True
    return False


# ---------------------------------------------------------------------------------------------- chapter 01

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
    if _unanswered(answer, f"label each of {sorted(_MODEL_KINDS)} as 'generative' or 'discriminative'"):
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
    from . import metrics

    if _unanswered(samples_fn, "pass a function n -> n generator samples, e.g. trainer.sample"):
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
