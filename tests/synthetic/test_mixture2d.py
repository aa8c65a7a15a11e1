"""gan_course.synthetic.mixture2d: 2-D mixtures (a ring, a grid), modes covered and quality, stacked runs, bad and
degenerate inputs."""

import math

import numpy as np
import pytest
import torch

from gan_course.synthetic import mixture2d
from tests.helpers import raised_by_course


def test_the_targets_are_the_literatures():
    ring, grid = mixture2d.ring(), mixture2d.grid()
    assert ring.k == 8 and ring.std == 0.02 and grid.k == 25 and grid.std == 0.05
    radii = ring.centre_tensor().norm(dim=1)
    assert torch.allclose(radii, torch.full((8,), 2.0))
    assert sorted({c[0] for c in grid.centres}) == [-4.0, -2.0, 0.0, 2.0, 4.0]


@pytest.mark.parametrize("make", [mixture2d.ring, mixture2d.grid])
def test_true_samples_cover_every_mode_at_high_quality(make):
    target = make()
    a = mixture2d.assess(target.sample(2500, seed=3), target)
    # 3 standard deviations hold 1 - exp(-9/2) = 98.9% of an isotropic 2-D Gaussian
    assert a.modes_covered == target.k and a.hq_share > 0.97 and a.kl_uniform < 0.05


def test_a_collapsed_generator_is_seen_as_such():
    ring = mixture2d.ring()
    one_mode = torch.tensor(ring.centres[0]) + 0.01 * torch.randn(2500, 2)
    a = mixture2d.assess(one_mode, ring)
    assert (a.modes_covered, a.hq_share) == (1, 1.0) and a.kl_uniform == pytest.approx(math.log(8))
    between = torch.zeros(2500, 2)  # every sample at the ring's centre: far from all modes
    b = mixture2d.assess(between, ring)
    assert (b.modes_covered, b.hq_share, b.kl_uniform) == (0, 0.0, pytest.approx(math.log(8)))


def test_stacked_samples_give_one_assessment_per_seed_and_a_summary():
    ring = mixture2d.ring()
    x = torch.stack([ring.sample(2500, seed=0), torch.tensor(ring.centres[0]).expand(2500, 2)])
    a = mixture2d.assess(x, ring)
    s = mixture2d.modes_summary(a)
    assert [r.modes_covered for r in a] == [8, 1] and (s["modes_mean"], s["modes_min"], s["n_all_modes"]) == (4.5, 1, 1)


def test_bad_inputs_are_answered_in_words():
    ring = mixture2d.ring()
    with pytest.raises(ValueError, match=r"samples must be a tensor \[n, 2\]"):
        mixture2d.assess(torch.zeros(10, 3), ring)
    with pytest.raises(ValueError, match="diverged"):
        mixture2d.assess(torch.full((10, 2), float("nan")), ring)
    with pytest.raises(ValueError, match="target must be a Mixture2D"):
        mixture2d.assess(torch.zeros(10, 2), "ring")
    with pytest.raises(ValueError, match="std"):
        mixture2d.ring(std=-1.0)
    with pytest.raises(ValueError, match="k"):
        mixture2d.ring(k=1)


def test_a_stacked_2d_run_trains_each_seed_as_its_own_single_run():
    ring = mixture2d.ring()
    recipe = mixture2d.REMEDIES["packing + penalty"].replace(steps=5, cosine_t_max=5, g_hidden=(16,), d_hidden=(16,))
    stacked = mixture2d.build_seeds(recipe, ring, seeds=(3, 4))
    single = mixture2d.build_seeds(recipe, ring, seeds=(4,))
    stacked.run()
    single.run()
    z = torch.randn(1, 50, recipe.noise_dim, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        assert torch.allclose(stacked.G(z.expand(2, -1, -1))[1], single.G(z)[0], rtol=1e-4, atol=1e-5)


def test_recipes_refuse_bad_fields_in_words():
    with pytest.raises(ValueError, match="no field"):
        mixture2d.PLAIN.replace(lr=1e-3)
    with pytest.raises(ValueError, match="g_hidden"):
        mixture2d.PLAIN.replace(g_hidden=(0,))
    with pytest.raises(ValueError, match="recipe must be a Recipe2D"):
        mixture2d.build_seeds("plain", mixture2d.ring())


# ----------------------------------------------------------------------------------------- degenerate targets

DEGENERATE = [
    ("ring of radius 0", lambda: mixture2d.ring(radius=0.0), r"radius .* > 0"),
    ("ring of negative radius", lambda: mixture2d.ring(radius=-2.0), r"radius .* > 0"),
    ("ring of radius 1e-13", lambda: mixture2d.ring(radius=1e-13), r"centres .* closer than 6 std"),
    ("ring of radius NaN", lambda: mixture2d.ring(radius=math.nan), r"radius .* finite"),
    ("ring of radius inf", lambda: mixture2d.ring(radius=math.inf), r"radius .* finite"),
    ("ring of radius 1e7", lambda: mixture2d.ring(radius=1e7), r"radius .* \[0, 1e\+06\]"),
    ("ring whose modes overlap", lambda: mixture2d.ring(k=8, radius=0.1, std=0.02), r"0\.0765 apart, closer than 6"),
    ("ring of std NaN", lambda: mixture2d.ring(std=math.nan), r"^std "),
    ("grid of spacing 0", lambda: mixture2d.grid(spacing=0.0), r"spacing .* > 0"),
    ("grid of spacing NaN", lambda: mixture2d.grid(spacing=math.nan), r"spacing .* finite"),
    ("grid of spacing inf", lambda: mixture2d.grid(spacing=math.inf), r"spacing .* finite"),
    ("grid wider than 1e6", lambda: mixture2d.grid(spacing=1e6), r"half-width"),
    ("grid of std 0", lambda: mixture2d.grid(std=0.0), r"^std "),
    ("repeated centres", lambda: mixture2d.Mixture2D("r", ((1.0, 1.0), (2.0, 0.0), (1.0, 1.0)), 0.05),
     r"centres \(1\.0, 1\.0\) and \(1\.0, 1\.0\) are 0 apart"),
    ("a NaN centre", lambda: mixture2d.Mixture2D("n", ((math.nan, 0.0), (2.0, 0.0)), 0.05), r"centre coordinate"),
    ("an infinite centre", lambda: mixture2d.Mixture2D("i", ((math.inf, 0.0), (2.0, 0.0)), 0.05), r"centre coord"),
    ("no centres", lambda: mixture2d.Mixture2D("e", (), 0.05), r"centres must be a non-empty tuple"),
    ("centres as an array", lambda: mixture2d.Mixture2D("a", np.zeros((3, 2)), 0.05), r"centres must be"),
    ("a centre of three numbers", lambda: mixture2d.Mixture2D("t", ((0.0, 0.0, 0.0),), 0.05), r"centres must be"),
]


@pytest.mark.parametrize("case", DEGENERATE, ids=[c[0] for c in DEGENERATE])
def test_degenerate_2d_targets_are_refused(case):
    raised_by_course(case[1], case[2])


def test_the_literature_targets_and_well_separated_ones_are_kept():
    assert mixture2d.ring().k == 8 and mixture2d.grid().k == 25
    assert mixture2d.Mixture2D("two", ((0.0, 0.0), (0.31, 0.0)), 0.05).k == 2  # 6.2 std apart


# ---------------------------------------------------------------------------------- the table of wrong inputs

TARGET = mixture2d.ring()


X2 = TARGET.sample(100)


ASSESSED = mixture2d.assess(X2, TARGET)


WRONG_INPUTS = [  # (case, a call with one wrong input, the argument its message must name)
    ("Mixture2D(name=3)", lambda: mixture2d.Mixture2D(3, ((0.0, 0.0),), 0.1), "name"),
    ("Mixture2D(centres='ab')", lambda: mixture2d.Mixture2D("m", "ab", 0.1), "centres"),
    ("Mixture2D(centre ('1', 0))", lambda: mixture2d.Mixture2D("m", (("1", 0.0),), 0.1), "centre coordinate"),
    ("Mixture2D(std=0)", lambda: mixture2d.Mixture2D("m", ((0.0, 0.0),), 0.0), "std"),
    ("Mixture2D(std='0.1')", lambda: mixture2d.Mixture2D("m", ((0.0, 0.0),), "0.1"), "std"),
    ("Mixture2D.sample(0)", lambda: TARGET.sample(0), r"^n "),
    ("Mixture2D.sample(seed=-1)", lambda: TARGET.sample(5, seed=-1), "seed"),
    ("ring(k=1)", lambda: mixture2d.ring(k=1), r"^k "),
    ("ring(k='8')", lambda: mixture2d.ring(k="8"), r"^k "),
    ("ring(radius='2')", lambda: mixture2d.ring(radius="2"), "radius"),
    ("grid(side=1)", lambda: mixture2d.grid(side=1), "side"),
    ("grid(side=101)", lambda: mixture2d.grid(side=101), "side"),
    ("grid(spacing=-2)", lambda: mixture2d.grid(spacing=-2.0), "spacing"),
    ("assess(samples=str)", lambda: mixture2d.assess("x", TARGET), "samples"),
    ("assess(samples [5, 3])", lambda: mixture2d.assess(torch.zeros(5, 3), TARGET), "samples"),
    ("assess(samples NaN)", lambda: mixture2d.assess(torch.full((5, 2), math.nan), TARGET), "samples"),
    ("assess(samples [0, 2])", lambda: mixture2d.assess(torch.zeros(0, 2), TARGET), "sample"),
    ("assess(target=str)", lambda: mixture2d.assess(X2, "ring"), "target"),
    ("assess(min_count=0)", lambda: mixture2d.assess(X2, TARGET, min_count=0), "min_count"),
    ("assess(min_count=10**9)", lambda: mixture2d.assess(X2, TARGET, min_count=10**9), "min_count"),
    ("assess(min_count=2.5)", lambda: mixture2d.assess(X2, TARGET, min_count=2.5), "min_count"),
    ("modes_summary([])", lambda: mixture2d.modes_summary([]), "assessments"),
    ("modes_summary('x')", lambda: mixture2d.modes_summary("x"), "assessments"),
    ("modes_summary([3])", lambda: mixture2d.modes_summary([ASSESSED, 3]), "assessments"),
    ("Recipe2D(name=None)", lambda: mixture2d.Recipe2D(None), "name"),
    ("Recipe2D(noise_dim=0)", lambda: mixture2d.PLAIN.replace(noise_dim=0), "noise_dim"),
    ("Recipe2D(g_hidden=[8])", lambda: mixture2d.PLAIN.replace(g_hidden=[8]), "g_hidden"),
    ("Recipe2D(d_hidden=(8, -1))", lambda: mixture2d.PLAIN.replace(d_hidden=(8, -1)), "d_hidden"),
    ("Recipe2D(activation='x')", lambda: mixture2d.PLAIN.replace(activation="x"), "activation"),
    ("Recipe2D(train=3)", lambda: mixture2d.PLAIN.replace(train=3), "train"),
    ("Recipe2D.replace(bogus=1)", lambda: mixture2d.PLAIN.replace(bogus=1), "bogus"),
    ("build_seeds(recipe=str)", lambda: mixture2d.build_seeds("plain", TARGET), "recipe"),
    ("build_seeds(target=str)", lambda: mixture2d.build_seeds(mixture2d.PLAIN, "ring"), "target"),
    ("build_seeds(seeds=())", lambda: mixture2d.build_seeds(mixture2d.PLAIN, TARGET, seeds=()), "seeds"),
    ("build_seeds(seeds=(1, 1))", lambda: mixture2d.build_seeds(mixture2d.PLAIN, TARGET, seeds=(1, 1)), "seeds"),
    ("TrackModes(0)", lambda: mixture2d.TrackModes(0, TARGET), r"^n "),
    ("TrackModes(target=str)", lambda: mixture2d.TrackModes(5, "ring"), "target"),
    ("TrackModes(n_samples=0)", lambda: mixture2d.TrackModes(5, TARGET, n_samples=0), "n_samples"),
    ("TrackModes(seed=-1)", lambda: mixture2d.TrackModes(5, TARGET, seed=-1), "seed"),
    ("train_seeds(every='5')", lambda: mixture2d.train_seeds(mixture2d.PLAIN, TARGET, every="5"), "every"),
]


@pytest.mark.parametrize("case", WRONG_INPUTS, ids=[c[0] for c in WRONG_INPUTS])
def test_wrong_input_is_answered_by_the_course(case):
    _, call, name = case
    raised_by_course(call, name)


TOO_LARGE = [  # (case, call, the message: the argument, its bound and why)
    ("train_seeds(every=2**70)", lambda: mixture2d.train_seeds(mixture2d.PLAIN, TARGET, every=2**70), r"^every "),
]


@pytest.mark.parametrize("case", TOO_LARGE, ids=[c[0] for c in TOO_LARGE])
def test_a_count_past_its_maximum_is_answered_with_the_bound(case):
    _, call, match = case
    raised_by_course(call, match)
