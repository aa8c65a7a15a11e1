"""The benchmarks' command lines: a bad argument is answered in one line on stderr with exit status 2, before any
work (no usage block, no traceback)."""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from typing import NoReturn

__all__ = ["MAX_SEED", "MAX_SEEDS", "OneLineParser", "check_seeds", "check_distinct", "check_whole",
           "check_number"]

MAX_SEED = 2**63 - 1  # torch's generators take seeds in [0, 2**63 - 1] (gan_course.validate.MAX_SEED)
MAX_SEEDS = 100  # seeds in one stacked run: more is a typo (a stack of 100 already takes 100x the memory)


class OneLineParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are one line, ``PROG: MESSAGE (see --help)``, and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def check_seeds(parser: argparse.ArgumentParser, seeds: Sequence[int], name: str = "--seeds") -> None:
    """Refuse (``parser.error``) seeds that repeat, fall outside [0, 2**63 - 1], or number more than MAX_SEEDS."""
    if any(not 0 <= s <= MAX_SEED for s in seeds):
        bad = next(s for s in seeds if not 0 <= s <= MAX_SEED)
        parser.error(f"{name} must be whole numbers from 0 to 2**63 - 1, e.g. {name} 0 1 2; got {bad}")
    check_distinct(parser, seeds, name, "0 1 2")
    if len(seeds) > MAX_SEEDS:
        parser.error(f"{name} takes at most {MAX_SEEDS} seeds in one run, got {len(seeds)}: run them in groups")


def check_distinct(parser: argparse.ArgumentParser, values: Sequence, name: str, example: str) -> None:
    """Refuse a list that names a value twice (it would be trained and reported twice)."""
    repeated = sorted({v for v in values if list(values).count(v) > 1}, key=str)
    if repeated:
        parser.error(f"{name} must name each value once, e.g. {name} {example}; got {repeated[0]} more than once")


def check_whole(parser: argparse.ArgumentParser, value: int, name: str, low: int, high: int) -> None:
    """Refuse a whole number outside [low, high]."""
    if not low <= value <= high:
        parser.error(f"{name} must be a whole number from {low:,} to {high:,}, got {value}")


def check_number(parser: argparse.ArgumentParser, value: float, name: str, low: float, high: float,
                 low_open: bool = False) -> None:
    """Refuse a number that is NaN, infinite, or outside [low, high] (or (low, high] with ``low_open``)."""
    ok = math.isfinite(value) and (low < value if low_open else low <= value) and value <= high
    if not ok:
        parser.error(f"{name} must be a number in {'(' if low_open else '['}{low:g}, {high:g}], got {value}")

