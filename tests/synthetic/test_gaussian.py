"""Recipes of the 1-D Gaussian GANs (chapters 05, 06), their builder, the benchmark's arguments, the exercise checks."""

import importlib.util
from dataclasses import replace
from pathlib import Path

import pytest
import torch

from gan_course.callbacks import AverageWeights
from gan_course.models import AveragedGenerator
from gan_course.synthetic import gaussian
from gan_course.train import TrainConfig

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


def _benchmark():
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "gaussian_1d.py"
    spec = importlib.util.spec_from_file_location("gaussian_1d", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_arguments():
    bench = _benchmark()
    a = bench.parse_args([])
    assert (a.recipe, a.seeds, a.bar, a.full) == ("course", [0, 1, 2, 3, 4], 0.03, False)
    assert a.target_obj.name == "N(4, 1.25)"
    a = bench.parse_args(["--recipe", "fifty-lines", "--seeds", "3", "--mean", "-3", "--std", "0.5", "--full"])
    assert (a.recipe, a.seeds, a.target_obj.mean, a.target_obj.std, a.full) == ("fifty-lines", [3], -3.0, 0.5, True)
    assert bench.parse_args(["--target", "gamma", "--params", "a=2"]).target_obj.name == "gamma(a=2)"
    bad_args = (["--std", "0"], ["--recipe", "nope"], ["--seeds", "1", "1"], ["--steps", "0"], ["--target", "gamm"],
                ["--target", "mixture", "--params", "1,2,3"])
    for bad in bad_args:
        with pytest.raises(SystemExit):
            bench.parse_args(bad)


def test_benchmark_runs_and_reports(capsys):
    bench = _benchmark()
    summary = bench.main(["--seeds", "0", "1", "--steps", "10", "--target", "mixture", "--params=-2,0.5,2,0.5"])
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].startswith("{") and '"recipe": "course"' in out[-1]
    assert summary["steps"] == 10 and len(summary["final_ks"]) == 2 and summary["us_per_update"] > 0
    assert summary["n_final_below"] == sum(ks <= 0.03 for ks in summary["final_ks"])


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
