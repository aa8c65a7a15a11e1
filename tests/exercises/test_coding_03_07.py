"""The references that chapters 03, 04 and 07's coding exercises define on grids and sizes agree with the course's
own code: D* and V(G, D*) with gan_course.theory's integrals, the generator with mnist.build_generator."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from gan_course import theory
from gan_course.exercises.coding import ch03, ch04, ch07
from gan_course.mnist.recipes import CHAPTER_RECIPES, build_generator

PAIRS = [
    (theory.gaussian(4.0, 1.25), theory.gaussian(0.0, 1.0)),
    (theory.gaussian(4.0, 1.25), theory.gaussian(4.0, 1.25)),
    (theory.gaussian(4.0, 1.25), theory.gaussian(6.0, 2.5)),
    (theory.gaussian(4.0, 1.25), theory.gaussian(-10.0, 0.3)),
    (theory.gaussian(4.0, 1.25), theory.mixture(theory.gaussian(2.0, 0.5), theory.gaussian(6.0, 0.5))),
]


def _values(p, x: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(p(x))


@pytest.mark.parametrize("p_data,p_g", PAIRS)
def test_d_star_on_a_grid_is_theory_optimal_discriminator(p_data, p_g):
    x = np.linspace(-150.0, 150.0, 6001)  # far enough out that both densities underflow to 0 in float64
    ours = ch03.optimal_discriminator(_values(p_data, x), _values(p_g, x)).numpy()
    course = theory.optimal_discriminator(p_data, p_g)(x)
    both_vanish = (p_data(x) == 0) & (p_g(x) == 0)
    assert both_vanish.any() and np.all(ours[both_vanish] == 0.5)
    # theory goes through the logit, which stays exact where the pdfs underflow but the log-densities do not
    shown = ~both_vanish & (p_data(x) + p_g(x) > 1e-300)
    np.testing.assert_allclose(ours[shown], course[shown], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("p_data,p_g", PAIRS)
def test_v_at_optimum_on_a_grid_is_theory_value_at_optimum_and_minus_log_4_plus_2_jsd(p_data, p_g):
    x = np.linspace(-25.0, 25.0, 20_001)  # dx = 0.0025: the trapezoid rule is far below 1e-6 here
    ours = float(ch04.value_at_optimum(torch.from_numpy(x), _values(p_data, x), _values(p_g, x)))
    assert ours == pytest.approx(theory.value_at_optimum(p_data, p_g), abs=1e-6)
    assert ours == pytest.approx(-theory.LOG4 + 2 * theory.js_divergence(p_data, p_g), abs=1e-6)


def test_v_at_optimum_on_the_exercise_float32_grids_is_the_integral():
    for seed in (0, 101):
        for x, p, q in ch04._grids(seed):
            assert torch.isfinite(ch04.value_at_optimum(x, p, q))
            assert -theory.LOG4 - 1e-4 <= float(ch04.value_at_optimum(x, p, q)) <= 1e-4


def test_make_generator_is_the_chapters_generator():
    recipe = CHAPTER_RECIPES["ch07"]
    torch.manual_seed(0)
    ours = ch07.make_generator(recipe.noise_dim)
    torch.manual_seed(0)
    course = build_generator(recipe)
    assert isinstance(ours, torch.nn.Sequential)
    assert [type(m) for m in ours] == [type(m) for m in course.net]
    z = torch.randn(4, recipe.noise_dim)
    with torch.no_grad():
        assert torch.equal(ours(z), course(z))
    assert sum(p.numel() for p in ours.parameters()) == 100 * 256 + 256 + 256 * 256 + 256 + 256 * 784 + 784
