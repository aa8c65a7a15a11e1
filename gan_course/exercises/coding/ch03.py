"""Chapter 03's coding exercise: the optimal discriminator D* on a grid, from two densities' values."""

from __future__ import annotations

import torch

from .base import CodeExercise, Mistake, normal_pdf, register

__all__ = ["OPTIMAL_DISCRIMINATOR", "optimal_discriminator"]


def optimal_discriminator(p_data: torch.Tensor, p_g: torch.Tensor) -> torch.Tensor:
    """D* = p_data / (p_data + p_g) at each grid point, and 1/2 where both densities are 0.

    The formula of ``gan_course.theory.optimal_discriminator``, on density values instead of density functions:
    theory computes it as sigmoid(log p_data - log p_g) with logit 0 (D* = 1/2) where both densities underflow;
    ``tests/exercises/test_coding_03_07.py`` checks that the two agree on a grid.
    """
    total = p_data + p_g
    return torch.where(total > 0, p_data / total, 0.5)


def _grids(seed: int) -> list[tuple]:
    """p_data = N(4, 1.25^2) and a random Gaussian p_g on a float32 grid wide enough that both underflow to 0.

    The grid holds every kind of point: where both densities are positive, where only one is (D* = 0 or 1), and
    where both are exactly 0 (D* = 1/2).
    """
    g = torch.Generator().manual_seed(seed)
    mu = float(torch.empty(()).uniform_(-3.0, 2.0, generator=g))
    sigma = float(torch.empty(()).uniform_(0.4, 1.0, generator=g))
    x = torch.linspace(-30.0, 40.0, 141)
    return [(normal_pdf(x, 4.0, 1.25), normal_pdf(x, mu, sigma))]


def _edge_grids() -> list[tuple]:
    """Equal densities (D* = 1/2 everywhere), two disjoint uniforms (D* jumps 1, 1/2, 0), float64 tails."""
    x = torch.linspace(-2.0, 6.0, 9)
    uniform_a = ((x >= 0) & (x < 2)).float() / 2
    uniform_b = ((x >= 3) & (x <= 5)).float() / 2
    x64 = torch.linspace(-60.0, 60.0, 25, dtype=torch.float64)
    return [
        (normal_pdf(x, 2.0, 1.0), normal_pdf(x, 2.0, 1.0)),
        (uniform_a, uniform_b),
        (normal_pdf(x64, 0.0, 1.0), normal_pdf(x64, 3.0, 2.0)),
    ]


OPTIMAL_DISCRIMINATOR = register(
    CodeExercise(
        key="03a",
        title="D* on a grid",
        signature="def optimal_discriminator(p_data, p_g):",
        solution="""\
total = p_data + p_g
return torch.where(total > 0, p_data / total, 0.5)""",
        reference=optimal_discriminator,
        course_name="gan_course.exercises.coding.ch03.optimal_discriminator",
        cases=lambda seed: _grids(seed) + (_edge_grids() if seed == 0 else []),
        hidden_cases=_edge_grids,
        mistakes=(
            Mistake(
                "swapped",
                "Your D* is 1 - D*: p_g / (p_data + p_g) is the probability that x came from G. D* is D's belief "
                "that x is real, so p_data goes in the numerator: p_data / (p_data + p_g).",
                """\
total = p_data + p_g
return torch.where(total > 0, p_g / total, 0.5)""",
            ),
            Mistake(
                "0/0",
                "Your D* is NaN where both densities are 0 (0 / 0): far in the tails both underflow to exactly 0. "
                "There the data say nothing either way and D* is 1/2: use torch.where(p_data + p_g > 0, ..., 0.5).",
                "return p_data / (p_data + p_g)",
            ),
            Mistake(
                "difference",
                "You returned p_data - p_g, the difference of the densities: D* is their ratio to the sum, "
                "p_data / (p_data + p_g), a probability between 0 and 1.",
                "return p_data - p_g",
            ),
            Mistake(
                "density ratio",
                "You returned the density ratio p_data / p_g, which is infinite where p_g is 0: D* divides by the "
                "sum p_data + p_g, so that it stays between 0 and 1 (the ratio is D* / (1 - D*)).",
                "return p_data / p_g",
            ),
            Mistake(
                "normalised p_data",
                "You divided p_data by its own sum over the grid, which forgets p_g: D* compares the two "
                "densities at the same x, p_data(x) / (p_data(x) + p_g(x)), point by point.",
                "return p_data / p_data.sum()",
            ),
        ),
    )
)
