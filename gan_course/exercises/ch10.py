"""Checks for chapter 10, Mode collapse measured in two dimensions: a quarter-ring generator, same-mode pairs."""

from __future__ import annotations

import math

from .base import never_raises, read_numbers, unanswered, verdict

__all__ = ["check_quarter_ring", "check_same_mode_pairs"]

TOL = 1e-3  # the answers are exact; this allows them rounded to three decimals


@never_raises
def check_quarter_ring(answer: tuple[float, float, float] | None) -> bool:
    """Exercise 10.1: modes covered, high-quality share and KL to uniform of a generator on 4 of the ring's 8 modes."""
    what = "three numbers: (modes covered, high-quality share from 0 to 1, KL to uniform in nats)"
    if unanswered(answer, what):
        return False
    values, problem = read_numbers(answer, 3)
    if values is None:
        return verdict(False, "", f"{problem}: {what}")
    modes, hq, kl = values
    right = (4.0, 1.0, math.log(2))
    if all(abs(a - b) <= TOL for a, b in zip(values, right, strict=True)):
        return verdict(True, "4 modes, every sample high quality, KL = sum 1/4 log(8/4) = log 2 = 0.693 nats.", "")
    if abs(modes - 4) > TOL:
        hint = "count the modes that hold samples: a quarter of the samples on each of four modes"
    elif abs(hq - 1) > TOL:
        hint = "a sample is high quality when it lies within 3 standard deviations of a mode: where do these lie?"
    elif abs(kl - math.log(8)) <= TOL:
        hint = "log 8 is for a generator on ONE mode; here the high-quality samples are spread over more modes"
    else:
        hint = f"KL = sum_k p_k log(K p_k), with K the ring's modes and p_k each mode's share (within {TOL})"
    return verdict(False, "", f"{tuple(round(v, 4) for v in values)} is not it: {hint}.")


@never_raises
def check_same_mode_pairs(answer: tuple[float, float] | None) -> bool:
    """Exercise 10.2: P(two samples share a mode) for the ring of 8, and for a generator on 2 modes."""
    what = "two probabilities: (the ring of 8, the generator on 2 modes)"
    if unanswered(answer, what):
        return False
    values, problem = read_numbers(answer, 2)
    if values is None:
        return verdict(False, "", f"{problem}: {what}")
    right = (1 / 8, 1 / 2)
    if all(abs(a - b) <= TOL for a, b in zip(values, right, strict=True)):
        return verdict(True, "1/8 for the ring, 1/2 for the collapsed generator: four times as often, the "
                       "evidence a D that sees pairs can use.", "")
    ring, pair = values
    if abs(ring - 1 / 64) <= TOL or abs(pair - 1 / 4) <= TOL:
        hint = "that is p_k^2 for ONE mode; the pair can land together on any of the modes: sum over all of them"
    else:
        hint = "p_k is the share of samples on mode k: equal shares over the modes that hold samples"
    if any(not 0 <= v <= 1 for v in values):
        hint = "probabilities lie between 0 and 1; " + hint
    return verdict(False, "", f"{tuple(round(v, 4) for v in values)} is not it: {hint} (within {TOL}).")
