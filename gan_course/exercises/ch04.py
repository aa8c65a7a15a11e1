"""Checks for chapter 04, What the generator minimises: KL both ways, C(G) of disjoint supports, the best sigma."""

from __future__ import annotations

import functools

from scipy.optimize import minimize_scalar

from .. import theory
from .base import exact_tolerance, never_raises, number_check, pair_answer, unanswered, verdict

__all__ = ["check_kl_both_ways", "check_c_of_disjoint", "check_best_sigma"]


@functools.cache
def _kl_both_ways() -> tuple[float, float]:
    """(KL(p_data || p_g), KL(p_g || p_data)) for N(4, 1.25^2) and N(0, 1), by quadrature (computed once)."""
    p, q = theory.gaussian(4.0, 1.25), theory.gaussian(0.0, 1.0)
    return theory.kl_divergence(p, q), theory.kl_divergence(q, p)


@functools.cache
def _best_sigma() -> float:
    """The sigma minimising JSD(N(4, 1.25^2) || N(3, sigma^2)), found numerically (computed once)."""
    p = theory.gaussian(4.0, 1.25)
    return float(
        minimize_scalar(
            lambda s: theory.js_divergence(p, theory.gaussian(3.0, s)),
            bounds=(0.05, 10.0),
            method="bounded",
            options={"xatol": 1e-6},
        ).x
    )


@never_raises
def check_kl_both_ways(answer: tuple[float, float] | None) -> bool:
    """Exercise 04.1: KL(p_data || p_g) and KL(p_g || p_data) for N(4, 1.25) and N(0, 1): 8.058 and 5.163."""
    pair = pair_answer(answer, "(KL(p_data || p_g), KL(p_g || p_data)) for p_g = N(0, 1)")
    if pair is None:
        return False
    a, b = pair
    want = _kl_both_ways()
    tol = 1e-3
    ok = abs(a - want[0]) < tol and abs(b - want[1]) < tol
    hint = "use theory.kl_divergence(p, q) and theory.kl_divergence(q, p)."
    if abs(a - want[1]) < tol and abs(b - want[0]) < tol:
        hint = "swapped: KL(p || q) averages log(p / q) over samples of p."
    return verdict(
        ok, f"{want[0]:.3f} and {want[1]:.3f}: KL is not symmetric, JSD is.", f"{hint} {exact_tolerance(tol)}"
    )


@never_raises
def check_c_of_disjoint(answer: float | None) -> bool:
    """Exercise 04.2: with disjoint supports JSD = log 2, so C(G) = -log 4 + 2 log 2 = 0."""
    return number_check(
        answer,
        "C(G) when p_data and p_g do not overlap at all",
        0.0,
        1e-3,
        "0 = -log 4 + 2 log 2, the same for every disjoint pair: C(G) cannot tell G which way to move.",
        "with no overlap, D* is 1 on the data and 0 on the fakes; what are E[log D*] and E[log(1 - D*)]?",
    )


@never_raises
def check_best_sigma(answer: float | None) -> bool:
    """Exercise 04.3: with mu fixed at 3, the sigma minimising JSD(N(4, 1.25) || N(3, sigma)) (found numerically)."""
    what = "the sigma that minimises C(G) for p_g = N(3, sigma²)"
    if unanswered(answer, what):  # before the (one-off) optimisation
        return False
    best = _best_sigma()
    return number_check(
        answer,
        what,
        best,
        1e-2,
        f"σ ≈ {best:.3f}: with its mean wrong, the best G is wider than the data — it spreads to cover it.",
        "minimise theory.js_divergence(p_data, theory.gaussian(3, s)) over s, e.g. with "
        "scipy.optimize.minimize_scalar(..., bounds=(0.05, 10), method='bounded').",
    )
