"""The three calls a chapter's exercise cells make: ``check_code``, ``grade`` and ``use``. None of them raises."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .base import EXERCISES, CodeExercise, Verdict, assess, exercise

__all__ = ["check_code", "grade", "use", "HIDDEN_SEEDS"]

HIDDEN_SEEDS = (101, 102, 103)  # the grade cells' default seeds: inputs the visible check (seed 0) never shows


def _cases(ex: CodeExercise, seeds: Sequence[int], hidden: bool) -> list[tuple]:
    cases = [case for s in seeds for case in ex.cases(int(s))]
    if hidden and ex.hidden_cases is not None:
        cases += list(ex.hidden_cases())
    return cases


def _safe_assess(ex: CodeExercise, fn: object, seeds: Sequence[int], hidden: bool) -> Verdict:
    try:
        return assess(ex, fn, _cases(ex, seeds, hidden), seed=int(seeds[0]) if seeds else 0)
    except Exception as e:  # noqa: BLE001 -- the last safety net: a check never stops a notebook
        return Verdict(False, message=f"the check itself failed ({type(e).__name__}: {str(e)[:120]}); tell the course")


def check_code(key: str, fn: object) -> bool:
    """The visible tests of exercise ``key`` on ``fn``: print ✓, ✗ with the mistake named, or "not written yet"."""
    ex = exercise(key)
    if ex is None:
        return False
    v = _safe_assess(ex, fn, (0,), hidden=False)
    if v.passed:
        print(f"✓ {ex.name} gives what the course's {ex.course_name} gives on every test input.")
    elif v.unwritten:
        print(
            f"… Not written yet: write the body of {ex.name} where the cell says YOUR CODE HERE (delete the raise "
            f"line), then run both cells again. Until then the chapter runs on the course's {ex.course_name}."
        )
    else:
        print(f"✗ Not yet. {_sentence(v.message)}")
    return v.passed


def grade(key: str, fn: object, seeds: Sequence[int] = HIDDEN_SEEDS) -> float:
    """The hidden tests of exercise ``key``: the points earned (all or nothing), as nbgrader's partial credit."""
    ex = exercise(key)
    if ex is None:
        return 0.0
    try:
        seeds = tuple(int(s) for s in seeds) or HIDDEN_SEEDS
    except Exception:  # noqa: BLE001
        seeds = HIDDEN_SEEDS
    v = _safe_assess(ex, fn, seeds, hidden=True)
    points = float(ex.points) if v.passed else 0.0
    if v.passed:
        why = f"{ex.name} passes the hidden tests."
    else:
        why = f"{ex.name} is not written yet." if v.unwritten else _sentence(v.message)
    print(f"Exercise {ex.key} ({ex.title}): {points:g} of {ex.points} points. {why}")
    return points


def use(key: str, fn: object) -> Callable:
    """The function the rest of the chapter runs on: ``fn`` once it passes the visible tests, else the course's."""
    ex = exercise(key)
    if ex is None:
        return fn if callable(fn) else (lambda *a, **k: None)
    v = _safe_assess(ex, fn, (0,), hidden=False)
    if v.passed:
        print(f"From here on the chapter runs on your {ex.name}.")
        return fn  # type: ignore[return-value]
    why = "is not written yet" if v.unwritten else "does not pass its checks yet (see the cell above)"
    print(f"From here on the chapter runs on the course's {ex.course_name}, because your {ex.name} {why}.")
    return ex.reference


def _sentence(text: str) -> str:
    """``text`` with a capital first letter and a full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ")")) else text + "."


def keys() -> list[str]:
    """The coding exercises' keys in reading order."""
    return sorted(EXERCISES)
