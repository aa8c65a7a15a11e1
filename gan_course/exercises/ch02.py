"""Checks for chapter 02, The minimax objective: V(D, G) for a coin-flip D, and G's two losses' gradients."""

from __future__ import annotations

import math

from .base import exact_tolerance, never_raises, number_check, pair_answer, verdict

__all__ = ["check_value_of_coin_flip", "check_generator_gradients_at_001", "check_equal_gradients_point"]


@never_raises
def check_value_of_coin_flip(answer: float | None) -> bool:
    """Exercise 02.1: V(D, G) for D(x) = 1/2 everywhere is log 1/2 + log 1/2 = -log 4, whatever G is."""
    return number_check(
        answer,
        "V(D, G) for a D that says 1/2 everywhere, as a float",
        -math.log(4),
        1e-3,
        f"V = log(1/2) + log(1 - 1/2) = -log 4 ≈ {-math.log(4):.4f}; chapter 4 shows no G can push max_D V lower.",
        "both expectations are of a constant: E[log 1/2] + E[log(1 - 1/2)].",
    )


@never_raises
def check_generator_gradients_at_001(answer: tuple[float, float] | None) -> bool:
    """Exercise 02.2: at D(G(z)) = 0.01, dL/dlogit is -0.01 (saturating) and -0.99 (non-saturating)."""
    pair = pair_answer(
        answer,
        "(saturating, non_saturating) gradients with respect to the logit at D(G(z)) = 0.01",
        "(saturating, non_saturating)",
    )
    if pair is None:
        return False
    sat, ns = pair
    tol = 1e-4
    ok = abs(sat - (-0.01)) < tol and abs(ns - (-0.99)) < tol
    hint = "the gradients are -D(G(z)) and -(1 - D(G(z)))."
    if abs(sat - 0.01) < tol and abs(ns - 0.99) < tol:
        hint = "right sizes, wrong sign: G descends its loss, and both losses fall as the logit rises."
    elif abs(sat + 0.99) < tol and abs(ns + 0.01) < tol:
        hint = "you swapped them: which loss whispers when D(G(z)) is small?"
    return verdict(
        ok,
        "-0.01 and -0.99: the non-saturating loss gives G 99 times the signal here.",
        f"{hint} {exact_tolerance(tol)}",
    )


@never_raises
def check_equal_gradients_point(answer: float | None) -> bool:
    """Exercise 02.3: |D| = |1 - D| at D(G(z)) = 1/2."""
    return number_check(
        answer,
        "the value of D(G(z)) where both gradients have the same size",
        0.5,
        1e-3,
        "at D(G(z)) = 1/2, where D can no longer tell: below it the non-saturating loss is always the stronger.",
        "solve D = 1 - D.",
    )
