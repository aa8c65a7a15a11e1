"""Checks for chapter 03, The optimal discriminator: where D* = 1/2 and what D* says at the data's mean."""

from __future__ import annotations

import math

from .base import exact_tolerance, never_raises, number_check, pair_answer, verdict

__all__ = ["check_d_star_crossing", "check_d_star_at_data_mean", "check_d_star_crossings_narrow_g"]


@never_raises
def check_d_star_crossing(answer: float | None) -> bool:
    """Exercise 03.1: for p_data = N(4, 1.25) and p_g = N(0, 1.25), D* = 1/2 at x = 2 (equal densities)."""
    return number_check(
        answer,
        "the x where D*(x) = 1/2 for p_g = N(0, 1.25²)",
        2.0,
        1e-2,
        "x = 2: with equal widths the densities cross halfway between the means, and D* = 1/2 exactly there.",
        "D* = 1/2 exactly where p_data(x) = p_g(x); with equal sigmas, where is that?",
    )


@never_raises
def check_d_star_at_data_mean(answer: float | None) -> bool:
    """Exercise 03.2: for p_data = N(4, 1.25), p_g = N(4, 0.5): D*(4) = (1/1.25) / (1/1.25 + 1/0.5) = 2/7.

    ``theory.optimal_discriminator(p_data, p_g)(4.0)`` may be passed as it is: a NumPy scalar or a one-element
    array reads as its number.
    """
    return number_check(
        answer,
        "D*(4) for p_g = N(4, 0.5²)",
        2 / 7,
        1e-3,
        "D*(4) = 2/7 ≈ 0.2857: at the data's own mean D calls x 'fake', because the narrow p_g is denser there.",
        "at x = 4 both exponentials are 1; what is left of each density is 1 / (sigma sqrt(2 pi)). Check with "
        "theory.optimal_discriminator(theory.gaussian(4, 1.25), theory.gaussian(4, 0.5))(4.0).",
    )


@never_raises
def check_d_star_crossings_narrow_g(answer: tuple[float, float] | None) -> bool:
    """Exercise 03.3: for p_data = N(4, 1.25), p_g = N(4, 0.5): D* = 1/2 at 4 -+ sqrt(log 2.5 / 1.68)."""
    pair = pair_answer(answer, "the two x where D*(x) = 1/2 for p_g = N(4, 0.5²), as a pair")
    if pair is None:
        return False
    lo, hi = sorted(pair)
    half = math.sqrt(math.log(1.25 / 0.5) / (1 / (2 * 0.5**2) - 1 / (2 * 1.25**2)))
    tol = 1e-2
    ok = abs(lo - (4 - half)) < tol and abs(hi - (4 + half)) < tol
    return verdict(
        ok,
        f"x = 4 ∓ {half:.4f}: inside, the narrow p_g is denser (D* < 1/2); outside, p_data is (D* > 1/2).",
        "set log p_data(x) = log p_g(x): a quadratic in (x - 4) (or find the roots numerically with "
        f"scipy.optimize.brentq on theory.optimal_logit). {exact_tolerance(tol)}",
    )
