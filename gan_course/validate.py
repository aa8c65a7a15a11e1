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
    "MAX_INT",
    "MAX_STEPS",
    "STEPS_HINT",
    "MAX_THREADS",
    "integer",
    "step_count",
    "seed",
    "count",
    "widths",
    "positive_number",
    "number",
    "lookup",
    "device_name",
    "boolean",
    "seed_tuple",
]

T = TypeVar("T")

MAX_SEED = 2**63 - 1  # torch's generators take seeds in [0, 2**63 - 1]; larger ones overflow inside torch
MAX_BATCH = 2**20  # a batch larger than this (a million rows) is a typo, not a GAN batch: it would exhaust memory
MAX_SAMPLES = 10**7  # samples drawn in one call (sample(n)); ten million 1-D numbers are 40 MB
MAX_INT = 2**63 - 1  # the largest integer torch holds (int64): a larger count overflows wherever it reaches torch
MAX_STEPS = 10**9  # training steps (and steps between two checks): a billion is days of training at a millisecond
# a step, 10,000 times the longest run of the course (mnist-tanh's 93,700 steps); more is a typo
STEPS_HINT = "a billion steps, days to months of training; the course's longest run takes 93,700"
MAX_THREADS = 1024  # CPU threads: more than any machine has cores (threads beyond the cores only wait)


def integer(value: object, name: str, minimum: int = 1, maximum: int = MAX_INT, hint: str = "") -> int:
    """``value`` if it is a whole number in [minimum, maximum] (bools are not numbers here), else a ValueError.

    ``maximum`` defaults to 2**63 - 1, the largest integer torch holds; ``hint`` says why a smaller one."""
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    if value > maximum:
        bound = "2**63 - 1, the largest integer torch holds" if maximum == MAX_INT and not hint else \
            f"{maximum:,}{hint and f' ({hint})'}"
        raise ValueError(f"{name} must be an integer >= {minimum} and at most {bound}, got {value!r}")
    return value


def step_count(value: object, name: str, minimum: int = 1) -> int:
    """``value`` if it is a whole number of training steps in [minimum, MAX_STEPS = 10**9] (a run's length, or the
    steps between two checks), else a ValueError."""
    return integer(value, name, minimum, MAX_STEPS, STEPS_HINT)


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


def boolean(value: object, name: str) -> bool:
    """``value`` if it is True or False; else a ValueError (a string such as 'no' or 'False', or a number, would
    otherwise switch the setting on, since Python reads any non-empty string and any non-zero number as true)."""
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False (a bool, not a string or a number), got {value!r}")
    return value


def seed_tuple(value: object, name: str = "seeds") -> tuple[int, ...]:
    """``value`` as a tuple if it is a non-empty tuple, list or range of distinct seeds (whole numbers in
    [0, 2**63 - 1]), else a ValueError."""
    ok = isinstance(value, (tuple, list, range)) and len(value) > 0
    ok = ok and all(isinstance(s, int) and not isinstance(s, bool) and 0 <= s <= MAX_SEED for s in value)
    if not ok or len(set(value)) != len(value):
        raise ValueError(f"{name} must be a non-empty tuple of distinct whole-number seeds like (0, 1, 2), "
                         f"got {value!r}")
    return tuple(value)
