"""Checks for chapter 09, Evaluating GANs: the Fréchet distance of two 1-D Gaussians, and a collapsed G's coverage."""

from __future__ import annotations

from .base import unanswered, verdict

__all__ = ["check_fd_1d", "check_collapsed_coverage"]


def check_fd_1d(answer: float | None) -> bool:
    """Exercise 09.1: the Frechet distance between N(4, 1.25^2) and N(3, 1^2)."""
    if unanswered(answer, "a number: (m1 - m2)^2 + (s1 - s2)^2 for 1-D Gaussians"):
        return False
    right = (4 - 3) ** 2 + (1.25 - 1) ** 2
    return verdict(
        abs(answer - right) < 1e-6,
        f"FD = 1^2 + 0.25^2 = {right}: in 1-D the trace term is (s1 - s2)^2, so FD is the squared W2 distance.",
        f"{answer} is not it: in 1-D, Tr(S1 + S2 - 2 sqrt(S1 S2)) = s1^2 + s2^2 - 2 s1 s2.",
    )


def check_collapsed_coverage(classes: int | None, entropy: float | None) -> bool:
    """Exercise 09.2: the class coverage of 10,000 copies of one real digit."""
    if unanswered(classes, "the number of classes and the entropy that class_coverage reports"):
        return False
    ok = classes == 1 and entropy is not None and abs(entropy) < 1e-9
    return verdict(
        ok,
        "1 class, entropy 0 bits: a perfect-looking but collapsed generator is caught by coverage, not by sharpness.",
        f"({classes}, {entropy}) is not it: every copy gets the same predicted label.",
    )
