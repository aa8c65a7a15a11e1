"""Argument checks with messages that say what to pass instead: one place for the course's validation.

Every public function a student calls checks its arguments with these, so a bad value is answered with a
``ValueError`` naming the argument, the value given and what is allowed, never a stack trace from torch.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TypeVar

__all__ = [
    "MAX_SEED",
    "MAX_BATCH",
    "MAX_SAMPLES",
    "integer",
    "seed",
    "count",
    "widths",
    "positive_number",
    "number",
    "lookup",
    "device_name",
]

T = TypeVar("T")

MAX_SEED = 2**63 - 1  # torch's generators take seeds in [0, 2**63 - 1]; larger ones overflow inside torch
MAX_BATCH = 2**20  # a batch larger than this (a million rows) is a typo, not a GAN batch: it would exhaust memory
MAX_SAMPLES = 10**7  # samples drawn in one call (sample(n)); ten million 1-D numbers are 40 MB


def integer(value: object, name: str, minimum: int = 1) -> int:
    """``value`` if it is a whole number >= ``minimum`` (bools are not numbers here), else a ValueError."""
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return value


def seed(value: object, name: str = "seed") -> int:
    """``value`` if it is a whole number in [0, 2**63 - 1], the seeds torch's generators accept; else a ValueError."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_SEED:
        raise ValueError(f"{name} must be a whole number from 0 to 2**63 - 1 = {MAX_SEED} (e.g. 0), got {value!r}")
    return value


def count(value: object, name: str, maximum: int, minimum: int = 1, hint: str = "") -> int:
    """``value`` if it is a whole number in [minimum, maximum], else a ValueError (``hint`` says why the bound)."""
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= maximum:
        raise ValueError(
            f"{name} must be a whole number from {minimum} to {maximum:,}{hint and f' ({hint})'}, got {value!r}"
        )
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


def number(value: object, name: str, low: float, high: float, example: str, high_open: bool = False) -> float:
    """``value`` as a float if it is a real number (not a string, not a bool) in [low, high] (or [low, high)
    with ``high_open``), else a ValueError naming the range and an ``example``."""
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    ok = ok and low <= value and (value < high if high_open else value <= high)
    if not ok:
        interval = f"[{low:g}, {high:g}{')' if high_open else ']'}"
        raise ValueError(f"{name} must be a number in {interval} (e.g. {example}), got {value!r}")
    return float(value)


def lookup(table: Mapping[str, T], key: object, name: str) -> T:
    """``table[key]``, or a ValueError listing the names ``name`` may take."""
    if not isinstance(key, str) or key not in table:
        raise ValueError(f"{name} must be one of {sorted(table)}, got {key!r}")
    return table[key]


def device_name(value: object, name: str = "device") -> str | None:
    """``value`` if it is None or a device name as a string ("cpu", "cuda", "cuda:0", "mps"); else a ValueError."""
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{name} must be None (the GPU when present) or a name like 'cpu' or 'cuda', got {value!r}")
    return value
