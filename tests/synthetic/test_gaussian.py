"""gan_course.synthetic.gaussian: the 1-D recipes (chapters 05, 06), their builder and fit, and bad inputs: a target
float32 cannot train, a bad seed, recipe or count."""

import math
from dataclasses import replace

import pytest
import torch

from gan_course.callbacks import AverageWeights
from gan_course.models import AveragedGenerator
from gan_course.synthetic import gaussian, mixture2d
from gan_course.train import TrainConfig
from tests.helpers import SMALL, F, answered_in_words, raised_by_course

TINY = gaussian.COURSE.replace(g_hidden=(8, 8), d_hidden=(8, 8), batch_size=64)


def test_article_recipes_are_as_written():
    r = gaussian.FIFTY_LINES
    t = r.train
    assert (r.noise, r.g_hidden, r.g_activation, r.d_hidden, r.d_activation) == (
        "uniform", (50, 50), ("elu", "sigmoid"), (50, 50), "elu")
    assert (t.d_features, t.batch_size, t.lr_d, t.lr_g, t.betas, t.steps, t.d_steps, t.g_steps) == (
        "minibatch_diffs", 100, 2e-4, 2e-4, (0.9, 0.999), 30_000, 1, 1)
    r = gaussian.GAN_REPRODUCTION
    t = r.train
    assert (r.g_hidden, r.g_activation, r.d_hidden, r.d_activation, t.lr_d, t.d_steps, t.g_steps, t.steps) == (
        (5, 5), "sigmoid", (10, 10), "tanh", 1e-3, 20, 20, 20_000)
    r = gaussian.SIMPLE_GAUSSIAN
    t = r.train
    assert (r.noise_dim, r.set_size, t.d_features, t.batch_size, t.d_steps, t.g_steps, t.steps) == (
        50, 500, "moments", 10, 20, 20, 2001)
    assert (t.lr_d, t.cosine_t_max, t.eta_min, r.g_activation) == (1e-4, 100, 1e-5, "relu")
    articles = (gaussian.GAN_REPRODUCTION, gaussian.SIMPLE_GAUSSIAN, gaussian.FIFTY_LINES)
    assert all(not s.standardise and s.ema is None for s in articles)


def test_one_home_per_hyperparameter_and_replace_routes_names():
    r = gaussian.COURSE.replace(lr_d=1e-4, standardise=False, steps=7)
    assert (r.train.lr_d, r.standardise, r.train.steps) == (1e-4, False, 7)
    assert r.train.lr_g == gaussian.COURSE.train.lr_g and r.g_hidden == gaussian.COURSE.g_hidden
    assert not any(f in vars(gaussian.COURSE) for f in ("lr_d", "batch_size", "steps", "d_features"))
    assert replace(gaussian.COURSE, train=replace(gaussian.COURSE.train, lr_d=1e-4)).train.lr_d == 1e-4
    with pytest.raises(ValueError, match="no field.*'learning_rate'"):
        gaussian.COURSE.replace(learning_rate=1e-3)
    built = gaussian.build(r, seed=3)
    assert built.trainer.config == replace(r.train, seed=3, device="cpu")  # the trainer runs the recipe's config
    assert isinstance(r.train, TrainConfig)


def test_build_shapes():
    b = gaussian.build(gaussian.FIFTY_LINES, 4.0, 1.25, seed=0)
    assert b.D.in_features == 200 and b.trainer.config.d_features == "minibatch_diffs"
    assert b.sample(1000).shape == (1000,)
    b = gaussian.build(gaussian.SIMPLE_GAUSSIAN, 4.0, 1.25, seed=0)
    assert b.G.out_features == 500 and b.D.in_features == 4
    assert b.trainer.sample(3).shape == (3, 500) and b.sample(10_000).shape == (10_000,)
    assert gaussian.sets_for(gaussian.SIMPLE_GAUSSIAN, 10_000) == 20 and gaussian.sets_for(gaussian.COURSE, 7) == 7


def test_standardise_measures_the_scale_from_samples():
    b = gaussian.build(TINY, -3.0, 0.5, seed=0)
    m, s = b.scale
    assert abs(m + 3.0) < 0.1 and abs(s - 0.5) < 0.05 and (m, s) != (-3.0, 0.5)  # measured, not given
    assert gaussian.build(TINY.replace(standardise=False), -3.0, 0.5).scale == (0.0, 1.0)


def test_course_recipe_does_not_depend_on_the_target_numbers():
    """Standardised, training on N(4, 1.25) and on N(10, 3) is the same run in units (x - m) / s."""
    runs = []
    for mean, std in [(4.0, 1.25), (10.0, 3.0)]:
        b = gaussian.build(TINY, mean, std, seed=1)
        b.trainer.run(20)
        m, s = b.scale
        runs.append((b.sample(500) - m) / s)
    assert torch.allclose(runs[0], runs[1], atol=1e-3)


def test_averaged_generator_samples_from_the_average():
    b = gaussian.build(TINY, seed=0)
    assert isinstance(b.G, AveragedGenerator) and b.trainer.callbacks[0].__class__ is AverageWeights
    b.trainer.run(10)
    assert int(b.G.updates) == 10
    z = torch.randn(5, TINY.noise_dim)
    b.G.eval()
    with torch.no_grad():
        assert torch.equal(b.G(z), b.G.average(z)) and not torch.equal(b.G.average(z), b.G.net(z))
    b.G.train()
    assert all(not p.requires_grad for p in b.G.average.parameters())
    assert b.G.average[0].net[0].weight.grad is None  # the optimiser never touches the average


def test_fit_tracks_and_stops_at_the_bar():
    built, track = gaussian.fit(TINY, seed=0, every=5, stop_at=1.0, steps=50)
    assert built.trainer.step == 5 and track.steps == [5] and track.ks[0] <= 1.0
    built, track = gaussian.fit(TINY, seed=0, every=5, steps=10)
    assert built.trainer.step == 10 and track.steps == [5, 10]


@pytest.mark.parametrize(
    "fields, words",
    [
        ({"noise": "gaussian"}, "noise"),
        ({"d_features": "moments"}, "set_size"),
        ({"d_features": "batch_moments", "batch_size": 1}, "batch_size must be >= 2"),
        ({"ema": 1.5}, "ema"),
        ({"g_hidden": (0, 5)}, "g_hidden"),
        ({"lr_d": 0.0}, "lr_d"),
        ({"noise_dim": 0}, "noise_dim"),
    ],
)
def test_bad_recipes_are_clear_value_errors(fields, words):
    with pytest.raises(ValueError, match=words):
        gaussian.COURSE.replace(**fields)


def test_bad_targets_and_names():
    with pytest.raises(ValueError, match="std"):
        gaussian.build(TINY, 0.0, -1.0)
    with pytest.raises(ValueError, match="recipe must be one of"):
        gaussian.get_recipe("seed_005")
    assert gaussian.get_recipe("course") is gaussian.COURSE


def test_r1_penalty_is_measured_in_units_of_the_data():
    """R1 scales D's input gradient by the data's spread: N(0, 1) and N(50, 10) give the same run in units of s."""
    recipe = TINY.replace(steps=30)
    a = gaussian.fit(recipe, 0.0, 1.0, seed=3, steps=30)[0].sample(2000)
    b = gaussian.fit(recipe, 50.0, 10.0, seed=3, steps=30)[0].sample(2000)
    assert torch.allclose((b - 50.0) / 10.0, a, atol=2e-3)


def test_r1_penalty_changes_d_and_works_for_every_d_view():
    """With r1 = 0 the run differs; with a batch view (one logit per batch) the penalty still trains."""
    with_r1 = gaussian.build(TINY, seed=1)
    without = gaussian.build(TINY.replace(r1=0.0), seed=1)
    for b in (with_r1, without):
        b.trainer.run(3)
    assert TINY.train.r1 > 0 and not torch.equal(with_r1.sample(100), without.sample(100))
    for view in ("minibatch_diffs", "batch_moments"):
        b = gaussian.build(TINY.replace(d_features=view, ema=None), seed=1)
        b.trainer.run(3)
        assert torch.isfinite(b.sample(100)).all()
    with pytest.raises(ValueError, match="r1"):
        TrainConfig(r1=-1.0)


# -------------------------------------------------------------------------------------- targets and arguments


BAD_TARGETS = [
    ((1e30, 1.0), "cannot be trained in float32"),
    ((4.0, 1e-9), "cannot be trained in float32"),
    ((1e6, 1e-3), "cannot be trained in float32"),
    ((0.0, 1e9), "cannot be trained in float32"),
    (("4", 1.0), "mean must be a finite number"),
    ((4.0, 0.0), "std must be a finite number > 0"),
    ((4.0, math.nan), "std must be a finite number > 0"),
]


@pytest.mark.parametrize(("target", "match"), BAD_TARGETS, ids=[str(t) for t, _ in BAD_TARGETS])
def test_a_target_float32_cannot_train_is_refused_at_build(target, match):
    answered_in_words(gaussian.build, gaussian.COURSE, *target, match=match)


def test_build_refuses_a_bad_seed_and_recipe_but_keeps_chapter_05s_targets():
    answered_in_words(gaussian.build, gaussian.COURSE, 4.0, 1.25, seed=2**70, match="seed must be a whole number")
    answered_in_words(gaussian.build, "course", match="recipe must be a GaussianRecipe")
    for target in [(-3.0, 0.5), (10.0, 3.0), (0.0, 1.0), (100.0, 0.1), (-7, 0.2)]:  # chapter 05 trains these
        gaussian.build(gaussian.COURSE.replace(g_hidden=(4,), d_hidden=(4,)), *target)


def test_fit_every_zero_is_answered_about_every():
    raised_by_course(lambda: gaussian.fit(SMALL, every=0), r"^every .* must be an integer >= 1, got 0")
    raised_by_course(lambda: gaussian.fit_seeds(SMALL, every="10"), r"^every .*got '10'")
    raised_by_course(lambda: mixture2d.train_seeds(mixture2d.PLAIN, mixture2d.ring(), every=0), r"^every ")


def test_fit_with_steps_none_trains_the_recipes_steps():
    built, track = gaussian.fit(SMALL.replace(steps=6), every=3)
    assert built.trainer.step == 6 and track.steps == [3, 6]


# ---------------------------------------------------------------------------------- the table of wrong inputs

_CACHE: dict = {}


def built() -> gaussian.Built:
    if "b" not in _CACHE:
        _CACHE["b"] = gaussian.build(SMALL, seed=0)
    return _CACHE["b"]


WRONG_INPUTS = [  # (case, a call with one wrong input, the argument its message must name)
    ("GaussianRecipe(name=3)", lambda: gaussian.GaussianRecipe(name=3), "name"),
    ("GaussianRecipe(noise='x')", lambda: gaussian.GaussianRecipe(noise="x"), "noise"),
    ("GaussianRecipe(noise_dim=0)", lambda: gaussian.GaussianRecipe(noise_dim=0), "noise_dim"),
    ("GaussianRecipe(g_hidden=(0,))", lambda: gaussian.GaussianRecipe(g_hidden=(0,)), "g_hidden"),
    ("GaussianRecipe(g_hidden='50')", lambda: gaussian.GaussianRecipe(g_hidden="50"), "g_hidden"),
    ("GaussianRecipe(g_activation='x')", lambda: gaussian.GaussianRecipe(g_activation="x"), "g_activation"),
    ("GaussianRecipe(d_activation=('elu', 3))", lambda: gaussian.GaussianRecipe(d_activation=("elu", 3)),
     "d_activation"),
    ("GaussianRecipe(set_size=0)", lambda: gaussian.GaussianRecipe(set_size=0), "set_size"),
    ("GaussianRecipe(scale_samples=1)", lambda: gaussian.GaussianRecipe(scale_samples=1), "scale_samples"),
    ("GaussianRecipe(ema=1.5)", lambda: gaussian.GaussianRecipe(ema=1.5), "ema"),
    ("GaussianRecipe(ema='0.99')", lambda: gaussian.GaussianRecipe(ema="0.99"), "ema"),
    ("GaussianRecipe(train=3)", lambda: gaussian.GaussianRecipe(train=3), "train"),
    ("GaussianRecipe(moments, set_size 1)", lambda: gaussian.COURSE.replace(d_features="moments"), "set_size"),
    ("estimate_scale(real=3)", lambda: gaussian.estimate_scale(3, 10, 0), "real"),
    ("estimate_scale(n=1)", lambda: gaussian.estimate_scale(F, 1, 0), r"^n "),
    ("estimate_scale(seed=-1)", lambda: gaussian.estimate_scale(F, 10, -1), "seed"),
    ("fit(recipe=str)", lambda: gaussian.fit("course"), "recipe"),
    ("fit(stop_at=2)", lambda: gaussian.fit(SMALL, stop_at=2.0), "stop_at"),
    ("fit(stop_at='0.1')", lambda: gaussian.fit(SMALL, stop_at="0.1"), "stop_at"),
    ("fit(steps=-1)", lambda: gaussian.fit(SMALL.replace(g_hidden=(2,), d_hidden=(2,)), steps=-1), "steps"),
    ("build(recipe=str)", lambda: gaussian.build("course"), "recipe"),
    ("build(mean=nan)", lambda: gaussian.build(SMALL, math.nan), "mean"),
    ("build(mean='4')", lambda: gaussian.build(SMALL, "4"), "mean"),
    ("build(std=0)", lambda: gaussian.build(SMALL, 4.0, 0.0), "std"),
    ("build(std=-1)", lambda: gaussian.build(SMALL, 4.0, -1.0), "std"),
    ("build(mean=1e7)", lambda: gaussian.build(SMALL, 1e7), "mean"),
    ("build(seed=-1)", lambda: gaussian.build(SMALL, seed=-1), "seed"),
    ("build(seed=1.5)", lambda: gaussian.build(SMALL, seed=1.5), "seed"),
    ("build(device='tpu')", lambda: gaussian.build(SMALL, device="tpu"), "device"),
    ("build(callbacks=[3])", lambda: gaussian.build(SMALL, callbacks=[3]), "callbacks"),
    ("gaussian.build_seeds(seeds=())", lambda: gaussian.build_seeds(SMALL, seeds=()), "seeds"),
    ("gaussian.build_seeds(seeds=(0, 0))", lambda: gaussian.build_seeds(SMALL, seeds=(0, 0)), "seeds"),
    ("gaussian.build_seeds(seeds=5)", lambda: gaussian.build_seeds(SMALL, seeds=5), "seeds"),
    ("gaussian.build_seeds(seeds='01')", lambda: gaussian.build_seeds(SMALL, seeds="01"), "seeds"),
    ("gaussian.build_seeds(recipe=None)", lambda: gaussian.build_seeds(None), "recipe"),
    ("fit_seeds(every=0)", lambda: gaussian.fit_seeds(SMALL, every=0), "every"),
    ("as_target(std='1')", lambda: gaussian.as_target(4.0, "1"), "std"),
    ("sets_for(n=0)", lambda: gaussian.sets_for(SMALL, 0), r"^n "),
    ("sets_for(n='5')", lambda: gaussian.sets_for(SMALL, "5"), r"^n "),
    ("sets_for(recipe=str)", lambda: gaussian.sets_for("course", 5), "recipe"),
    ("get_recipe('x')", lambda: gaussian.get_recipe("x"), "recipe"),
    ("get_recipe(3)", lambda: gaussian.get_recipe(3), "recipe"),
    ("differences(recipe=3)", lambda: gaussian.differences(gaussian.COURSE, 3), "recipe"),
    ("Built.sample(0)", lambda: built().sample(0), r"^n "),
    ("Built.sample('5')", lambda: built().sample("5"), r"^n "),
    ("Built.sample(seed=-1)", lambda: built().sample(5, seed=-1), "seed"),
    ("Built.final_ks(samples='x')", lambda: built().final_ks(samples="x"), "samples"),
    ("Built.final_ks(n=0)", lambda: built().final_ks(n=0), r"^n "),
]


@pytest.mark.parametrize("case", WRONG_INPUTS, ids=[c[0] for c in WRONG_INPUTS])
def test_wrong_input_is_answered_by_the_course(case):
    _, call, name = case
    raised_by_course(call, name)


TOO_LARGE = [  # (case, call, the message: the argument, its bound and why)
    ("fit(steps=0)", lambda: gaussian.fit(SMALL, steps=0), r"^steps .* must be an integer >= 1, got 0"),
    ("fit(steps=2**70)", lambda: gaussian.fit(SMALL, steps=2**70), r"^steps .* at most 1,000,000,000"),
    ("fit_seeds(steps=2**70)", lambda: gaussian.fit_seeds(SMALL, steps=2**70), r"^steps .* at most"),
    ("fit(every=2**70)", lambda: gaussian.fit(SMALL, every=2**70), r"^every .* at most 1,000,000,000"),
]


@pytest.mark.parametrize("case", TOO_LARGE, ids=[c[0] for c in TOO_LARGE])
def test_a_count_past_its_maximum_is_answered_with_the_bound(case):
    _, call, match = case
    raised_by_course(call, match)
