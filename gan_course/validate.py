"""Argument checks with messages that say what to pass instead: one place for the course's validation.

Every public function a student calls checks its arguments with these, so a bad value is answered with a
``ValueError`` naming the argument, the value given and what is allowed, never a stack trace from torch.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TypeVar

__all__ = ["integer", "widths", "positive_number", "lookup"]

T = TypeVar("T")


def integer(value: object, name: str, minimum: int = 1) -> int:
    """``value`` if it is a whole number >= ``minimum`` (bools are not numbers here), else a ValueError."""
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return value


def widths(value: object, name: str) -> tuple[int, ...]:
    """``value`` if it is a tuple of layer widths, each a whole number >= 1, like (32, 32); else a ValueError."""
    ok = isinstance(value, tuple) and all(isinstance(h, int) and not isinstance(h, bool) and h >= 1 for h in value)
    if not ok:
        raise ValueError(f"{name} must be a tuple of positive integers like (32, 32), got {value!r}")
    return value


def positive_number(value: object, name: str, example: str = "1e-3") -> float:
    """``value`` as a float if it is a finite number > 0 (bools are not numbers here), else a ValueError."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0 (e.g. {example}), got {value!r}")
    return float(value)


def lookup(table: Mapping[str, T], key: object, name: str) -> T:
    """``table[key]``, or a ValueError listing the names ``name`` may take."""
    if not isinstance(key, str) or key not in table:
        raise ValueError(f"{name} must be one of {sorted(table)}, got {key!r}")
    return table[key]
