"""Checks for chapter 11, the Wasserstein GAN: W1 and the JS divergence of a shift, the two gradient penalties."""

from __future__ import annotations

import math

from .base import never_raises, read_numbers, unanswered, verdict

__all__ = ["check_shift_distances", "check_penalties"]

TOL = 1e-3  # the answers are exact; this allows them rounded to three decimals


@never_raises
def check_shift_distances(answer: tuple[float, float] | None) -> bool:
    """Exercise 11.1: W1 and the JS divergence between N(0, 0.01^2) and N(3, 0.01^2)."""
    what = "two numbers: (W1, JSD in nats)"
    if unanswered(answer, what):
        return False
    values, problem = read_numbers(answer, 2)
    if values is None:
        return verdict(False, "", f"{problem}: {what}")
    w1, jsd = values
    if abs(w1 - 3) <= TOL and abs(jsd - math.log(2)) <= TOL:
        return verdict(True, "W1 = 3 (every grain of mass moves 3), JSD = log 2 = 0.693 nats: the supports are "
                       "300 standard deviations apart, as good as disjoint, and the JSD is at its ceiling.", "")
    if abs(w1 - 3) > TOL:
        hint = "a shift moves every grain of mass by the same distance: W1 is that distance"
    elif abs(jsd - 1) <= TOL:
        hint = "1 is the ceiling in bits; the course measures in nats (natural logarithms)"
    else:
        hint = "with (as good as) disjoint supports, M = (P + Q)/2 is half of P where P lives: what is log(P/M)?"
    return verdict(False, "", f"{tuple(round(v, 4) for v in values)} is not it: {hint} (within {TOL}).")


@never_raises
def check_penalties(answer: tuple[float, float] | None) -> bool:
    """Exercise 11.2: lambda = 10 times each penalty, two-sided and one-sided, for the critic f(x) = 0.5 x in 1-D."""
    what = "two numbers: (lambda x two-sided penalty, lambda x one-sided penalty)"
    if unanswered(answer, what):
        return False
    values, problem = read_numbers(answer, 2)
    if values is None:
        return verdict(False, "", f"{problem}: {what}")
    two, one = values
    if abs(two - 2.5) <= TOL and abs(one) <= TOL:
        return verdict(True, "10 x (0.5 - 1)^2 = 2.5 for WGAN-GP, 0 for the one-sided penalty: a gentle slope "
                       "costs nothing there, which is why a critic can turn round through slope 0.", "")
    if abs(two - 0.25) <= TOL:
        hint = "that is the squared excess alone; the loss adds lambda times it"
    elif abs(two - 2.5) > TOL:
        hint = "the two-sided penalty is lambda (|grad f| - 1)^2: what is |grad f| for the critic in the question?"
    else:
        hint = "the one-sided penalty is lambda max(0, |grad f| - 1)^2: evaluate it at this critic's slope"
    return verdict(False, "", f"{tuple(round(v, 4) for v in values)} is not it: {hint} (within {TOL}).")
