"""Chapter 04's coding exercise: V(G, D*) on a grid, the integral that equals -log 4 + 2 JSD."""

from __future__ import annotations

import torch

from .base import CodeExercise, Mistake, normal_pdf, register

__all__ = ["VALUE_AT_OPTIMUM", "value_at_optimum"]


def value_at_optimum(x: torch.Tensor, p_data: torch.Tensor, p_g: torch.Tensor) -> torch.Tensor:
    """V(G, D*) = integral of p_data log D* + p_g log(1 - D*) dx, by the trapezoid rule on the grid x.

    D* = p_data / (p_data + p_g) and 1 - D* = p_g / (p_data + p_g), each computed from the densities (1 - D*
    rounds to 0 in float32 wherever p_g < 1e-7 p_data); 0 log 0 = 0, the limit of t log t. The integral that
    ``gan_course.theory.value_at_optimum`` computes by adaptive quadrature from the density functions;
    ``tests/exercises/test_coding_03_07.py`` checks that the two agree on a fine grid.
    """
    total = p_data + p_g
    total = torch.where(total > 0, total, 1.0)  # where both are 0, any total gives 0 log 0 = 0 below
    integrand = torch.xlogy(p_data, p_data / total) + torch.xlogy(p_g, p_g / total)
    return torch.trapezoid(integrand, x)


def _grids(seed: int) -> list[tuple]:
    """Two random generators against p_data = N(4, 1.25^2), each on an even float32 grid (dx = 0.05).

    First a wide p_g on a grid where both densities are positive and neither is below 1e-7 of the other; then a
    narrow p_g on a grid that reaches where both densities underflow to 0, so that every kind of point occurs: both
    positive, one of them 0, both 0, and p_g > 0 but below 1e-7 of p_data (where D* rounds to 1). The first case
    comes first so that a swapped D* shows as a wrong number before the tails make it -inf.
    """
    g = torch.Generator().manual_seed(seed)
    wide_mu = float(torch.empty(()).uniform_(0.0, 3.0, generator=g))
    wide_sigma = float(torch.empty(()).uniform_(1.5, 2.5, generator=g))
    mu = float(torch.empty(()).uniform_(-2.0, 2.0, generator=g))
    sigma = float(torch.empty(()).uniform_(0.5, 1.0, generator=g))
    near = torch.linspace(-6.0, 14.0, 401)
    far = torch.linspace(-20.0, 30.0, 1001)
    return [
        (near, normal_pdf(near, 4.0, 1.25), normal_pdf(near, wide_mu, wide_sigma)),
        (far, normal_pdf(far, 4.0, 1.25), normal_pdf(far, mu, sigma)),
    ]


def _edge_grids() -> list[tuple]:
    """p_g = p_data (V = -log 4), two disjoint uniforms (V = 0), and a coarser float64 grid (dx = 0.25)."""
    x = torch.linspace(-1.0, 7.0, 801)
    uniform_a = ((x >= 0) & (x <= 2)).float() / 2
    uniform_b = ((x >= 4) & (x <= 6)).float() / 2
    x64 = torch.linspace(-40.0, 40.0, 321, dtype=torch.float64)
    return [
        (x, normal_pdf(x, 3.0, 0.7), normal_pdf(x, 3.0, 0.7)),
        (x, uniform_a, uniform_b),
        (x64, normal_pdf(x64, 0.0, 1.0), normal_pdf(x64, 5.0, 3.0)),
    ]


VALUE_AT_OPTIMUM = register(
    CodeExercise(
        key="04a",
        title="V(G, D*) on a grid",
        signature="def value_at_optimum(x, p_data, p_g):",
        solution="""\
total = p_data + p_g
total = torch.where(total > 0, total, 1.0)  # where both are 0, any total gives 0 log 0 = 0 below
integrand = torch.xlogy(p_data, p_data / total) + torch.xlogy(p_g, p_g / total)
return torch.trapezoid(integrand, x)""",
        reference=value_at_optimum,
        course_name="gan_course.exercises.coding.ch04.value_at_optimum",
        cases=lambda seed: _grids(seed) + (_edge_grids() if seed == 0 else []),
        hidden_cases=_edge_grids,
        mistakes=(
            Mistake(
                "no dx",
                "Your sum has no dx: an integral on a grid is the sum of the integrand times the spacing "
                "(here 0.05, not 1). torch.trapezoid(integrand, x) takes the spacing from x.",
                """\
total = p_data + p_g
total = torch.where(total > 0, total, 1.0)
integrand = torch.xlogy(p_data, p_data / total) + torch.xlogy(p_g, p_g / total)
return integrand.sum()""",
            ),
            Mistake(
                "0 log 0",
                "Your integral is NaN: where a density is 0, p log D* is 0 times log 0 (or 0 / 0 where both "
                "vanish), which is NaN in floating point. Its limit is 0 (t log t -> 0): torch.xlogy(p, q) gives "
                "exactly that, and so does torch.where(p > 0, p * torch.log(q), 0.0).",
                """\
d_star = p_data / (p_data + p_g)
integrand = p_data * torch.log(d_star) + p_g * torch.log(p_g / (p_data + p_g))
return torch.trapezoid(integrand, x)""",
            ),
            Mistake(
                "1 - D* rounds to 0",
                "Your integral is -inf: where p_g is below about 1e-7 of p_data, D* rounds to exactly 1 in "
                "float32, so 1 - D* is 0 and p_g log(1 - D*) is -inf although p_g > 0. Compute 1 - D* from the "
                "densities, p_g / (p_data + p_g), which is exact there.",
                """\
total = p_data + p_g
d_star = torch.where(total > 0, p_data / total, 0.5)
integrand = torch.xlogy(p_data, d_star) + torch.xlogy(p_g, 1 - d_star)
return torch.trapezoid(integrand, x)""",
            ),
            Mistake(
                "D* and 1 - D* swapped",
                "You paired p_data with log(1 - D*) and p_g with log D*: V rewards D for saying 'real' on the "
                "data, so p_data goes with log D* = log(p_data / (p_data + p_g)) and p_g with "
                "log(1 - D*) = log(p_g / (p_data + p_g)).",
                """\
total = p_data + p_g
total = torch.where(total > 0, total, 1.0)
integrand = torch.xlogy(p_data, p_g / total) + torch.xlogy(p_g, p_data / total)
return torch.trapezoid(integrand, x)""",
            ),
            Mistake(
                "log2",
                "You took logarithms to base 2: the course's V, KL and JSD use the natural log (nats), which is "
                "why the minimum is -log 4 = -1.386..., not -2. Use torch.log (or torch.xlogy).",
                """\
total = p_data + p_g
total = torch.where(total > 0, total, 1.0)
integrand = torch.where(p_data > 0, p_data * torch.log2(p_data / total), 0.0) + torch.where(
    p_g > 0, p_g * torch.log2(p_g / total), 0.0)
return torch.trapezoid(integrand, x)""",
            ),
        ),
    )
)
