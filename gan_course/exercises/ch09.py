"""Checks for chapter 09, Evaluating GANs: the Fréchet distance of two 1-D Gaussians, and a collapsed G's coverage."""

from __future__ import annotations

from .base import exact_tolerance, never_raises, number_check, read_count, read_number, unanswered, verdict

__all__ = ["check_fd_1d", "check_collapsed_coverage"]


@never_raises
def check_fd_1d(answer: float | None) -> bool:
    """Exercise 09.1: the Frechet distance between N(4, 1.25^2) and N(3, 1^2): 1^2 + 0.25^2 = 1.0625.

    ``quality.frechet_distance(quality.FeatureStats(4.0, 1.25**2, n=1), quality.FeatureStats(3.0, 1.0, n=1))``
    gives it exactly.
    """
    right = (4 - 3) ** 2 + (1.25 - 1) ** 2
    return number_check(
        answer,
        "a number: (m1 - m2)^2 + (s1 - s2)^2 for 1-D Gaussians",
        right,
        1e-3,
        f"FD = 1^2 + 0.25^2 = {right}: in 1-D the trace term is (s1 - s2)^2, so FD is the squared W2 distance.",
        "in 1-D, Tr(S1 + S2 - 2 sqrt(S1 S2)) = s1^2 + s2^2 - 2 s1 s2; or use quality.frechet_distance("
        "quality.FeatureStats(4.0, 1.25**2, n=1), quality.FeatureStats(3.0, 1.0, n=1)).",
    )


@never_raises
def check_collapsed_coverage(classes: int | None, entropy: float | None) -> bool:
    """Exercise 09.2: the class coverage of 10,000 copies of one real digit: 1 class, entropy 0 bits.

    ``classes`` may also be the ``Coverage`` that ``quality.class_coverage`` returns (then ``entropy`` is ignored).
    """
    if hasattr(classes, "classes") and hasattr(classes, "entropy"):  # a Coverage passed whole
        classes, entropy = classes.classes, classes.entropy
    if unanswered(
        None if classes is None or entropy is None else classes,
        "the number of classes and the entropy that class_coverage reports",
    ):
        return False
    n, problem = read_count(classes)
    if n is None:
        return verdict(False, "", f"the number of classes: {problem}")
    h, problem = read_number(entropy)
    if h is None:
        return verdict(False, "", f"the entropy: {problem}")
    tol = 1e-3
    return verdict(
        n == 1 and abs(h) < tol,
        "1 class, entropy 0 bits: a perfect-looking but collapsed generator is caught by coverage, not by sharpness.",
        f"({n}, {h:g}) is not it: every copy gets the same predicted label. " + exact_tolerance(tol),
    )
