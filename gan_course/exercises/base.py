"""The helpers every chapter's checks share: print a verdict, spot an unanswered exercise, read numbers."""

from __future__ import annotations

__all__ = ["verdict", "unanswered", "as_number", "as_pair", "pair_answer", "number_check"]


def verdict(ok: bool, success: str, hint: str) -> bool:
    """Print ✓ with ``success`` or ✗ with ``hint``; return ``ok``."""
    print(f"✓ {success}" if ok else f"✗ Not yet. {hint}")
    return ok


def unanswered(answer, what: str) -> bool:
    """Return True (after printing "… Not answered yet: ``what``") when ``answer`` is None."""
    if answer is None:
        print(f"… Not answered yet: {what}")
        return True
    return False


def as_number(answer) -> float | None:
    """``answer`` as a float, or None when it is not a number."""
    try:
        return float(answer)
    except (TypeError, ValueError):
        return None


def as_pair(answer) -> tuple[float, float] | None:
    """``answer`` as a pair of floats, or None when it is not exactly two numbers."""
    try:
        a, b = (float(v) for v in answer)
    except (TypeError, ValueError):
        return None
    return a, b


def pair_answer(answer, what: str, shape: str = "two numbers") -> tuple[float, float] | None:
    """The answer as two floats, or None after printing why there is no verdict yet (unanswered, not a pair).

    ``what`` says what is asked (shown when unanswered); ``shape`` how to write it (shown for a wrong shape).
    """
    if unanswered(answer, what):
        return None
    pair = as_pair(answer)
    if pair is None:
        verdict(False, "", f"give a pair of {shape}.")
    return pair


def number_check(answer, what: str, target: float, tol: float, success: str, hint: str) -> bool:
    """The common numeric exercise: a prompt when unanswered, else ✓ when ``|answer - target| < tol``.

    ``what`` says what is asked; ``success`` and ``hint`` are the two verdicts' texts.
    """
    if unanswered(answer, what):
        return False
    a = as_number(answer)
    return verdict(a is not None and abs(a - target) < tol, success, hint)
