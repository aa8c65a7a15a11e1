"""Checks for chapter 05, A GAN for the bell curve: D* for a collapsed G, where to standardise from, a good fit."""

from __future__ import annotations

from collections.abc import Callable

from .base import unanswered, verdict

__all__ = ["check_collapsed_d_star", "check_standardise_source", "check_fits_gaussian"]


def check_collapsed_d_star(at_c: float | None, elsewhere: float | None) -> bool:
    """Exercise 05.1: D* = p_data / (p_data + p_g) for a G collapsed onto the point c: 0 at c, 1 elsewhere."""
    if unanswered(at_c if elsewhere is not None else None, "give D*(c) and D*(x) for x != c, as two numbers"):
        return False
    ok = abs(float(at_c)) < 1e-6 and abs(float(elsewhere) - 1.0) < 1e-6
    return verdict(
        ok,
        "D*(c) = 0 (p_g is infinite there) and D*(x) = 1 elsewhere (p_g = 0): D rejects the point and nothing else, "
        "so a one-sample D pushes G off c but says nothing about where to spread.",
        "a collapsed G has p_g(c) = infinity (a spike) and p_g(x) = 0 for every other x; put that in the formula.",
    )


def check_standardise_source(answer: str | None) -> bool:
    """Exercise 05.2: standardise with statistics measured from data samples ("b")."""
    if unanswered(answer, 'answer "a", "b" or "c"'):
        return False
    ok = str(answer).strip().lower() == "b"
    return verdict(
        ok,
        "b: a data set gives samples, not its true parameters (a would be cheating and fails on real data); "
        "G's own statistics (c) move during training, so D's yardstick would move with the thing it measures.",
        "which of the three can a practitioner compute before training, and stays fixed while G learns?",
    )


def check_fits_gaussian(samples_fn: Callable[[int], object] | None, mean: float, std: float, bar: float = 0.03) -> bool:
    """Exercise 05.3: 10,000 generator samples fit N(mean, std) with KS <= bar (0.03)."""
    from .. import metrics

    if unanswered(samples_fn, "pass a function n -> n generator samples, e.g. trainer.sample"):
        return False
    x = metrics.to_numpy(samples_fn(10_000))
    ks = metrics.ks_statistic(x, mean, std)
    return verdict(
        ks <= bar,
        f"KS {ks:.3f} <= {bar} against N({mean:g}, {std:g}) (mean {x.mean():.3f}, std {x.std():.3f}).",
        f"KS {ks:.3f} > {bar} against N({mean:g}, {std:g}) (mean {x.mean():.3f}, std {x.std():.3f}); "
        "train on this target, with stop_at=0.03.",
    )
