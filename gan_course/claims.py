"""Checks of what a chapter claims, with the band the claim allows, instead of digit-for-digit outputs.

A GAN run prints other digits under another random seed, library version or CPU. What the course promises
is a claim ("the course recipe reaches KS <= 0.03", "the run covers 10 of 10 classes"), with a band measured
over several random seeds. ``claim`` prints the measured value, the band and the verdict, and raises
``ClaimError`` (an ``AssertionError``) naming the claim and by how much it missed, so that a failing notebook
test says which sentence of the chapter broke.
"""

from __future__ import annotations

import json
import math
import os
from numbers import Real

from .runtime import SEED_VARIABLE

__all__ = ["ClaimError", "claim", "LOG_VARIABLE"]

LOG_VARIABLE = "GAN_COURSE_CLAIM_LOG"  # a JSON-lines file to append each checked claim to (measuring bands)


class ClaimError(AssertionError):
    """A claim of the course did not hold for this run."""


def _bound(bound: object, name: str) -> float | None:
    """``bound`` as given if it is None or one finite real number (not a bool), else a ValueError."""
    if bound is None:
        return None
    if isinstance(bound, bool) or not isinstance(bound, Real) or not math.isfinite(bound):
        raise ValueError(f"{name} must be a finite number (one end of the claim's band, e.g. {name}=0.9) or None, "
                         f"got {bound!r}")
    return bound


def _measured(value: object, text: str) -> float:
    """``value`` as a float if it is one real number: Python's, NumPy's or a one-element tensor or array."""
    size = value.numel() if callable(getattr(value, "numel", None)) else getattr(value, "size", 1)
    if hasattr(value, "item") and size == 1:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"claim {text!r}: the measured value must be one number (a float, an int, or a tensor or "
                        f"array holding one number), got {_describe(value)}")
    return float(value)


def _describe(value: object) -> str:
    shape = getattr(value, "shape", None)
    return f"{type(value).__name__} of shape {tuple(shape)}" if shape is not None else repr(value)


def _band(at_least: float | None, at_most: float | None) -> str:
    if at_least is not None and at_most is not None:
        return f"between {at_least:g} and {at_most:g}"
    return f">= {at_least:g}" if at_least is not None else f"<= {at_most:g}"


def claim(text: str, value: float, *, at_least: float | None = None, at_most: float | None = None) -> bool:
    """Check ``at_least <= value <= at_most`` for the claim ``text``; print the verdict, raise if it breaks.

    >>> claim("a fair coin lands heads about half the time", 0.49, at_least=0.45, at_most=0.55)
    claim holds: a fair coin lands heads about half the time (measured 0.49, band between 0.45 and 0.55)
    True
    """
    if at_least is None and at_most is None:
        raise ValueError("a claim needs a band: give at_least, at_most or both")
    _bound(at_least, "at_least"), _bound(at_most, "at_most")
    if at_least is not None and at_most is not None and at_least > at_most:
        raise ValueError(f"a claim's band must have at_least <= at_most, got at_least={at_least!r} > "
                         f"at_most={at_most!r}: swap them")
    value = _measured(value, text)
    band = _band(at_least, at_most)
    log = os.environ.get(LOG_VARIABLE)
    if log:
        with open(log, "a") as f:
            record = {"claim": text, "value": value, "at_least": at_least, "at_most": at_most,
                      "seed": os.environ.get(SEED_VARIABLE, "")}
            f.write(json.dumps(record) + "\n")
    if not math.isfinite(value):  # NaN or inf: a diverged run, never inside a band
        shown = "NaN" if math.isnan(value) else value
        raise ClaimError(f"claim broken: {text} (measured {shown}, not a finite number; band {band})")
    missed = max((at_least - value) if at_least is not None else 0.0, (value - at_most) if at_most is not None else 0.0)
    if missed > 0:
        raise ClaimError(f"claim broken: {text} (measured {value:.4g}, band {band}: missed by {missed:.3g})")
    print(f"claim holds: {text} (measured {value:.4g}, band {band})")
    return True
