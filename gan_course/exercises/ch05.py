"""Checks for chapter 05, A GAN for the bell curve: D* for a collapsed G, where to standardise from, a good fit."""

from __future__ import annotations

import re
from collections.abc import Callable

from .base import (
    describe,
    exact_tolerance,
    never_raises,
    read_number,
    read_target,
    student_ks,
    unanswered,
    verdict,
)

__all__ = ["check_collapsed_d_star", "check_standardise_source", "check_fits_gaussian"]


@never_raises
def check_collapsed_d_star(at_c: float | None, elsewhere: float | None) -> bool:
    """Exercise 05.1: D* = p_data / (p_data + p_g) for a G collapsed onto the point c: 0 at c, 1 elsewhere."""
    if unanswered(
        None if at_c is None or elsewhere is None else at_c, "give D*(c) and D*(x) for x != c, as two numbers"
    ):
        return False
    a, problem_a = read_number(at_c)
    b, problem_b = read_number(elsewhere)
    if a is None or b is None:
        which = "D*(c)" if a is None else "D*(x) for x != c"
        return verdict(False, "", f"{which}: {problem_a or problem_b}")
    tol = 1e-3
    return verdict(
        abs(a) < tol and abs(b - 1.0) < tol,
        "D*(c) = 0 (p_g is infinite there) and D*(x) = 1 elsewhere (p_g = 0): D rejects the point and nothing else, "
        "so a one-sample D pushes G off c but says nothing about where to spread.",
        "a collapsed G has p_g(c) = infinity (a spike) and p_g(x) = 0 for every other x; put that in the formula. "
        + exact_tolerance(tol),
    )


@never_raises
def check_standardise_source(answer: str | None) -> bool:
    """Exercise 05.2: standardise with statistics measured from data samples ("b")."""
    if unanswered(answer, 'answer "a", "b" or "c"'):
        return False
    letter = re.fullmatch(r"\W*([abc])\W*", answer.strip().lower()) if isinstance(answer, str) else None
    if letter is None:
        return verdict(False, "", f'got {describe(answer)}: answer with one letter, "a", "b" or "c"')
    return verdict(
        letter.group(1) == "b",
        "b: a data set gives samples, not its true parameters (a would be cheating and fails on real data); "
        "G's own statistics (c) move during training, so D's yardstick would move with the thing it measures.",
        "which of the three can a practitioner compute before training, and stays fixed while G learns?",
    )


@never_raises
def check_fits_gaussian(samples_fn: Callable[[int], object] | None, mean: float, std: float, bar: float = 0.03) -> bool:
    """Exercise 05.3: 10,000 generator samples (seeded draw) fit N(mean, std) with KS <= bar (0.03).

    The bar is the chapter's verdict on a finished run; 10,000 samples of the exact target score KS <= 0.016 in 99%
    of draws, far below it.
    """
    if unanswered(samples_fn, "pass a function n -> n generator samples, e.g. trainer_3.sample"):
        return False
    m, s, why = read_target(mean, std)
    b, problem_b = read_number(bar)
    if why or b is None:
        why = why or problem_b
        return verdict(
            False, "", f"the target must be a mean, a positive std and a bar ({why}); call it as in the chapter"
        )
    x, ks, problem = student_ks(samples_fn, m, s, what="a function n -> n generator samples, e.g. trainer_3.sample")
    if x is None:
        return verdict(False, "", problem)
    stats = f"against N({m:g}, {s:g}²) (mean {x.mean():.3f}, std {x.std():.3f})"
    return verdict(
        ks <= b,
        f"KS {ks:.3f} <= {b:g} {stats}.",
        f"KS {ks:.3f} > {b:g} {stats}; the bar is the chapter's goal (true samples score under 0.016): did the run "
        "use the course recipe, on this target, for its whole budget? A seed that misses may not be the only one.",
    )
