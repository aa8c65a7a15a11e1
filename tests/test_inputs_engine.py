"""The training engine answers every input and changes nothing it was not asked to (issue 24, part 1).

- ``Trainer.update`` changes only what it is given: an update that changes nothing, or one refused, leaves the run
  bit-identical (``torch.equal`` on every weight and buffer, the same history, rates and noise) to an untouched twin,
  in every regime: a cosine schedule, WGAN with a penalty, with clipping and with neither, an unrolled D, stacked
  seeds, spectral normalisation and batch norm (whose buffers the shape check of a refused update must put back).
- The divergence guard compares |loss| with ``max_loss``, so a critic's loss running away downwards stops the run.
- Derived fields cannot be set where they would be overwritten; boolean fields take booleans only.
- Messages: ``fit(every=0)`` is about ``every``; ``update(steps=...)`` below the current step says where the run is;
  a run with NaN weights says so and to rebuild; degenerate 2-D targets are refused.
- ``TABLE``: wrong types and out-of-range values for the public constructors and functions of train, callbacks,
  batched, gaussian, mixture2d, wgan, fit_d and mnist.recipes; each must raise ValueError/TypeError from a ``raise``
  in gan_course whose message names the argument (``test_table_size`` states how many cases there are).
"""

from __future__ import annotations

import dataclasses
import linecache
import math
import re
import traceback
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

import gan_course
from gan_course import (
    batched,
    callbacks,
    data,
    fit_d,
    losses,
    mnist,
    models,
    runtime,
    validate,
)
from gan_course.mnist import recipes as mnist_recipes
from gan_course.synthetic import gaussian, mixture2d, targets, wgan
from gan_course.train import MAX_LOSS, TrainConfig, Trainer, TrainingDiverged

PACKAGE = Path(gan_course.__file__).resolve().parent


def raised_by_course(call, match: str, errors=(ValueError, TypeError)) -> Exception:
    """Call; it must raise ``errors`` from a ``raise`` statement in a gan_course file, with ``match`` in a sentence."""
    with pytest.raises(errors) as info:
        call()
    last = traceback.extract_tb(info.tb)[-1]
    where = Path(last.filename).resolve()
    text = str(info.value)
    assert where.is_relative_to(PACKAGE), f"{type(info.value).__name__} from {where}:{last.lineno}: {text}"
    line = linecache.getline(last.filename, last.lineno).strip()
    assert line.startswith("raise"), f"not a course answer but an error at {where.name}:{last.lineno}: {line!r}"
    assert len(text) > 25 and " " in text, f"not a sentence: {text!r}"
    assert re.search(match, text), f"{match!r} not in {text!r}"
    return info.value


# ------------------------------------------------------------------------------------------ twins (bullet 1)

SMALL = gaussian.COURSE.replace(g_hidden=(8, 8), d_hidden=(8,), batch_size=32, steps=40, cosine_t_max=40)
WGAN_SMALL = wgan.WGAN_1D.replace(g_hidden=(8,), d_hidden=(8,), batch_size=32, steps=40, d_steps=2)
MNIST_IMAGES = torch.rand(96, 784, generator=torch.Generator().manual_seed(0))


def _mnist_dcgan() -> Trainer:
    recipe = mnist.DCGAN.replace(noise_dim=8, g_hidden=(4, 4), d_hidden=(4, 4), batch_size=32, num_threads=1,
                                 cosine_t_max=10, eta_min=0.0)
    return mnist.make_trainer(recipe, images=MNIST_IMAGES, device="cpu")


REGIMES = {
    "cosine (course recipe: EMA, R1, standardised)": lambda: gaussian.build(SMALL, seed=0).trainer,
    "WGAN, gradient penalty": lambda: gaussian.build(WGAN_SMALL, seed=0).trainer,
    "WGAN, gradient penalty, cosine": lambda: gaussian.build(WGAN_SMALL.replace(cosine_t_max=30), seed=0).trainer,
    "WGAN, clipping": lambda: gaussian.build(WGAN_SMALL.replace(gp=0.0, clip=0.01), seed=0).trainer,
    "WGAN, no penalty": lambda: gaussian.build(WGAN_SMALL.replace(gp=0.0), seed=0).trainer,
    "unrolled D, cosine": lambda: gaussian.build(SMALL.replace(unroll=3), seed=0).trainer,
    "stacked seeds, cosine": lambda: gaussian.build_seeds(SMALL, seeds=(0, 1)).trainer,
    "2-D stacked, spectral norm, cosine": lambda: mixture2d.build_seeds(
        mixture2d.REMEDIES["spectral norm"].replace(g_hidden=(16,), d_hidden=(16,), batch_size=64, steps=40,
                                                    cosine_t_max=40), mixture2d.ring(), seeds=(0, 1)),
    "DCGAN, batch norm, cosine": _mnist_dcgan,
}


def _state(t: Trainer) -> dict:
    rng = t.rng if isinstance(t.rng, list) else [t.rng]
    return {
        "weights": {**{f"G.{k}": v for k, v in t.G.state_dict().items()},
                    **{f"D.{k}": v for k, v in t.D.state_dict().items()}},
        "lrs": [g["lr"] for opt in (t.opt_d, t.opt_g) if opt is not None for g in opt.param_groups],
        "rng": [g.get_state() for g in rng],
        "history": dataclasses.asdict(t.history),
        "config": t.config,
        "step": t.step,
    }


def assert_identical(a: Trainer, b: Trainer) -> None:
    sa, sb = _state(a), _state(b)
    assert sa["weights"].keys() == sb["weights"].keys()
    for k in sa["weights"]:
        assert torch.equal(sa["weights"][k], sb["weights"][k]), f"{k} differs from the untouched twin"
    assert all(torch.equal(x, y) for x, y in zip(sa["rng"], sb["rng"], strict=True)), "the noise streams differ"
    for k in ("lrs", "history", "config", "step"):
        assert sa[k] == sb[k], f"{k} differs from the untouched twin"


def _every_field_as_it_is(t: Trainer) -> dict:
    return {f.name: getattr(t.config, f.name) for f in dataclasses.fields(TrainConfig)}


@pytest.mark.parametrize("regime", list(REGIMES))
def test_an_update_that_changes_nothing_or_is_refused_leaves_the_run_as_its_twin(regime):
    touched, twin = REGIMES[regime](), REGIMES[regime]()
    touched.run(5)
    twin.run(5)
    lrs = [g["lr"] for g in touched.opt_d.param_groups]
    touched.update(**_every_field_as_it_is(touched))  # every field, each as it is
    touched.update(lr_d=touched.config.lr_d, lr_g=touched.config.lr_g)  # what a dashboard sends after each chunk
    touched.update()
    assert [g["lr"] for g in touched.opt_d.param_groups] == lrs  # the schedule's rate, not the starting one
    refused = [
        {"d_features": "pack2"},  # D's input width would change: refused by the shape check
        {"d_features": "pack2", "lr_d": 0.5, "betas": (0.0, 0.9)},  # refused as a whole, rates included
        {"lr_d": -1.0},
        {"steps": touched.step - 1},
        {"seed": 12345},
        {"gp_one_sided": "no"},
        {"no_such_field": 1},
    ]
    for changes in refused:
        with pytest.raises(ValueError):
            touched.update(**changes)
    assert_identical(touched, twin)
    touched.run(6)
    twin.run(6)
    assert_identical(touched, twin)


def test_the_twin_test_sees_a_change():
    """The comparison is not blind: a real change (a new learning rate) makes the runs differ."""
    touched, twin = REGIMES["cosine (course recipe: EMA, R1, standardised)"](), gaussian.build(SMALL, seed=0).trainer
    touched.run(3)
    twin.run(3)
    touched.update(lr_d=touched.config.lr_d / 2)
    touched.run(3)
    twin.run(3)
    with pytest.raises(AssertionError, match="differs"):
        assert_identical(touched, twin)


def test_a_new_rate_under_a_cosine_schedule_is_the_rate_now_and_anneals_from_there():
    t = gaussian.build(SMALL, seed=0).trainer
    t.run(10)
    annealed = t.opt_d.param_groups[0]["lr"]
    assert annealed < SMALL.train.lr_d  # 10 updates into a 40-update cosine
    t.update(lr_d=2e-4)
    assert t.opt_d.param_groups[0]["lr"] == 2e-4
    assert t.opt_g.param_groups[0]["lr"] == annealed  # lr_g was not given: its schedule goes on
    t.run(1)
    assert 0 < t.opt_d.param_groups[0]["lr"] < 2e-4


def test_update_steps_below_the_current_step_says_where_the_run_is():
    t = gaussian.build(SMALL, seed=0).trainer
    t.run(7)
    err = raised_by_course(lambda: t.update(steps=3), r"already at step 7.*got steps=3.*steps >= 7")
    assert "-" not in str(err).split("got")[0]  # no negative count
    assert t.update(steps=7).steps == 7 and t.run().loss_d == t.history.loss_d  # 7 is allowed: nothing more to do
    assert t.step == 7
    t.run(5)  # past the total: run(n) trains n more whatever steps says
    assert t.update(lr_d=1e-4).steps == 7  # an update that leaves steps alone is not refused for it
    raised_by_course(lambda: t.update(steps=10), r"already at step 12.*got steps=10")


# ------------------------------------------------------------------------------------ divergence (bullet 2)


def _tiny(**changes) -> Trainer:
    runtime.seed_everything(0)
    G, D = models.mlp_generator(1, (8,), 1, "elu"), models.mlp_discriminator(1, (8,), "elu")
    cfg = TrainConfig(**{"steps": 200, "batch_size": 32, "device": "cpu", **changes})
    return Trainer(G, D, data.gaussian_sampler(4.0, 1.25), data.normal_noise(1), cfg)


def test_a_wasserstein_critic_running_away_downwards_is_stopped():
    """WGAN with no penalty on data at scale 100 (measured: loss_D reaches -1.0e4 at step 64 while every loss stays
    below +21, so a guard on signed losses never stops it)."""
    r = wgan.WGAN_1D.replace(gp=0.0, steps=400, lr_d=1e-2, g_hidden=(16,), d_hidden=(16,))
    t = gaussian.build(r, 100.0, 10.0, seed=0).trainer
    raised_by_course(t.run, r"loss_D = -1\.\d+e\+04.*\|loss\|.*gp=10", errors=TrainingDiverged)
    h = t.history
    assert t.step < 400 and max(max(h.loss_d), max(h.loss_g)) < MAX_LOSS < abs(min(h.loss_d))


@pytest.mark.parametrize("loss", list(losses.LOSSES))
@pytest.mark.parametrize("sign", [1.0, -1.0])
@pytest.mark.parametrize("which", ["loss_d", "loss_g"])
def test_the_guard_sees_a_loss_running_away_in_either_direction(loss, sign, which):
    t = _tiny(loss=loss)
    record = {"step": 3, "loss_d": 0.7, "loss_g": 0.7, "d_real": 0.5, "d_fake": 0.5}
    t._check_divergence({**record, which: sign * MAX_LOSS})  # at the limit: on
    t._check_divergence({**record, which: [0.5, sign * MAX_LOSS / 2]})  # a stacked run's numbers
    with pytest.raises(TrainingDiverged, match=r"\|loss\|"):
        t._check_divergence({**record, which: sign * 1.01 * MAX_LOSS})
    with pytest.raises(TrainingDiverged):
        t._check_divergence({**record, which: [0.5, sign * 2 * MAX_LOSS]})
    t.max_loss = None
    t._check_divergence({**record, which: sign * 1e30})


@pytest.mark.parametrize("loss", list(losses.LOSSES))
def test_every_loss_at_learning_rate_10_is_stopped(loss):
    """Measured: the hinge loss at lr 10 stops at step 5 on loss_G = -1.1e5 (its loss_D is 3.3), the others within 2."""
    t = _tiny(loss=loss, lr_d=10.0, lr_g=10.0)
    raised_by_course(t.run, "training diverged at step", errors=TrainingDiverged)
    assert t.step < 10


def test_max_loss_takes_a_positive_number_or_none():
    t = _tiny()
    for bad in (-1.0, 0, "1e4", math.nan, True):
        with pytest.raises(ValueError, match="max_loss"):
            t.max_loss = bad
    t.max_loss = 50.0
    assert t.max_loss == 50.0 and _tiny().max_loss == MAX_LOSS


def test_a_run_continued_with_nan_weights_says_so_and_to_rebuild():
    t = _tiny(lr_d=1e10, lr_g=1e10)
    t.max_loss = None  # the size check off: the losses go on to NaN (measured: at step 3)
    first = raised_by_course(t.run, "diverged", errors=TrainingDiverged)
    assert "NaN" in str(first) and "new Trainer" in str(first)
    assert any(not torch.isfinite(p).all() for p in [*t.G.parameters(), *t.D.parameters()])
    again = raised_by_course(t.run, r"weights of (G|D).* are NaN or infinite.*new Trainer", errors=TrainingDiverged)
    assert "Lower the learning rates" not in str(again)
    steps = t.step
    with pytest.raises(TrainingDiverged):
        t.run(5)
    assert t.step == steps  # refused before any step


# --------------------------------------------------------------------------------- derived fields (bullet 3)


def test_an_mnist_recipe_refuses_steps_and_says_which_fields_set_it():
    raised_by_course(lambda: mnist.GAN_MNIST.replace(steps=100), r"steps cannot be set.*derived from epochs")
    raised_by_course(lambda: mnist.MnistRecipe.make(**_MNIST_FIELDS, steps=100), r"steps cannot be set.*epochs")
    stale = dataclasses.replace(mnist.GAN_MNIST.train, steps=100)
    raised_by_course(lambda: dataclasses.replace(mnist.GAN_MNIST, train=stale), r"derived from epochs.*= 18740")
    raised_by_course(lambda: dataclasses.replace(mnist.GAN_MNIST, epochs=5), r"epochs x .* = 5 x 937 = 4685")
    assert mnist.GAN_MNIST.train.steps == 20 * (60_000 // 64)
    r = mnist.GAN_MNIST.replace(epochs=2, n_images=640, batch_size=32)
    assert r.train.steps == 2 * 20 and r.replace(batch_size=64).train.steps == 2 * 10


_MNIST_FIELDS = dict(name="t", noise_dim=4, g_hidden=(8,), g_activation="relu", g_output="sigmoid", d_hidden=(8,),
                     d_activation="relu", epochs=2, n_images=640, batch_size=64)


def test_fit_d_honours_a_given_cosine_t_max():
    cfg = fit_d.FitDConfig()
    assert cfg.train.cosine_t_max == cfg.train.steps == 600
    assert cfg.replace(steps=80).train.cosine_t_max == 80  # follows the steps while it anneals over the whole run
    assert cfg.replace(steps=80, cosine_t_max=40).train.cosine_t_max == 40
    assert cfg.replace(cosine_t_max=100).replace(steps=50).train.cosine_t_max == 100
    assert cfg.replace(cosine_t_max=None).train.cosine_t_max is None
    given = dataclasses.replace(fit_d.D_ALONE, steps=300)  # a train given whole is kept as it is
    assert fit_d.FitDConfig(train=given).train.cosine_t_max == 600
    assert cfg.replace(train=given).train.cosine_t_max == 600


def test_no_field_is_written_behind_the_users_back():
    """No module of the package rewrites a field with object.__setattr__ (a frozen dataclass keeps what it was given;
    a list of betas is refused with the tuple to write)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        assert "object.__setattr__" not in path.read_text(), path.relative_to(PACKAGE)


# ---------------------------------------------------------------------------------------- booleans (bullet 4)

BOOLEAN_FIELDS = {
    (TrainConfig, "gp_one_sided"): lambda v: TrainConfig(gp_one_sided=v),
    (TrainConfig, "reuse_fake"): lambda v: TrainConfig(reuse_fake=v),
    (gaussian.GaussianRecipe, "standardise"): lambda v: gaussian.COURSE.replace(standardise=v),
    (mixture2d.Recipe2D, "standardise"): lambda v: mixture2d.PLAIN.replace(standardise=v),
    (mixture2d.Recipe2D, "spectral_norm"): lambda v: mixture2d.PLAIN.replace(spectral_norm=v),
    (mnist.MnistRecipe, "conditional"): lambda v: mnist.DCGAN.replace(conditional=v),
}
NOT_BOOLEANS = ["no", "False", "", 1, 0, 1.0, None, np.bool_(True), torch.tensor(True), [True]]


def test_every_boolean_field_is_in_the_table():
    found = set()
    for module in (gan_course.train, fit_d, gaussian, mixture2d, wgan, mnist_recipes):
        for obj in vars(module).values():
            if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == module.__name__:
                found |= {(obj, f.name) for f in dataclasses.fields(obj) if f.type in (bool, "bool")}
    assert found == set(BOOLEAN_FIELDS)


@pytest.mark.parametrize("field", list(BOOLEAN_FIELDS), ids=lambda f: f"{f[0].__name__}.{f[1]}")
@pytest.mark.parametrize("value", NOT_BOOLEANS, ids=repr)
def test_boolean_fields_take_booleans_only(field, value):
    make = BOOLEAN_FIELDS[field]
    raised_by_course(lambda: make(value), rf"{field[1]} must be True or False.*got")


@pytest.mark.parametrize("field", list(BOOLEAN_FIELDS), ids=lambda f: f"{f[0].__name__}.{f[1]}")
def test_boolean_fields_take_true_and_false(field):
    for value in (True, False):
        made = BOOLEAN_FIELDS[field](value)
        owner = made.train if isinstance(made, (gaussian.GaussianRecipe, mixture2d.Recipe2D)) and field[0] is \
            TrainConfig else made
        assert getattr(owner, field[1]) is value


# ------------------------------------------------------------------------------- misleading messages (bullet 5)


def test_fit_every_zero_is_answered_about_every():
    raised_by_course(lambda: gaussian.fit(SMALL, every=0), r"^every .* must be an integer >= 1, got 0")
    raised_by_course(lambda: gaussian.fit_seeds(SMALL, every="10"), r"^every .*got '10'")
    raised_by_course(lambda: mixture2d.train_seeds(mixture2d.PLAIN, mixture2d.ring(), every=0), r"^every ")


# ------------------------------------------------------------------ counts with a stated maximum (the fuzz test)

TOO_LARGE = [  # (case, call, the message: the argument, its bound and why)
    ("TrainConfig(steps=10**9 + 1)", lambda: TrainConfig(steps=10**9 + 1),
     r"^TrainConfig.steps must be an integer >= 1 and at most 1,000,000,000 \(a billion steps"),
    ("TrainConfig(cosine_t_max=2**70)", lambda: TrainConfig(cosine_t_max=2**70),
     r"^TrainConfig.cosine_t_max .* at most"),
    ("TrainConfig(num_threads=1025)", lambda: TrainConfig(num_threads=1025),
     r"^TrainConfig.num_threads must be an integer >= 1 and at most 1,024 \(more than any machine has cores"),
    ("Trainer.run(2**70)", lambda: _tiny(steps=4).run(2**70), r"^steps \(how many more steps to train\) .* at most"),
    ("fit(steps=0)", lambda: gaussian.fit(SMALL, steps=0), r"^steps .* must be an integer >= 1, got 0"),
    ("fit(steps=2**70)", lambda: gaussian.fit(SMALL, steps=2**70), r"^steps .* at most 1,000,000,000"),
    ("fit_seeds(steps=2**70)", lambda: gaussian.fit_seeds(SMALL, steps=2**70), r"^steps .* at most"),
    ("fit(every=2**70)", lambda: gaussian.fit(SMALL, every=2**70), r"^every .* at most 1,000,000,000"),
    ("train_seeds(every=2**70)", lambda: mixture2d.train_seeds(mixture2d.PLAIN, TARGET, every=2**70), r"^every "),
    ("ProgressBar(every=2**70)", lambda: callbacks.ProgressBar(every=2**70), r"^every .* at most"),
    ("Every(n=10**9 + 1)", lambda: callbacks.Every(10**9 + 1, _fn), r"^n .* at most 1,000,000,000"),
    ("StopWhen(n=2**70)", lambda: callbacks.StopWhen(2**70, bool), r"^n .* at most"),
    ("PerSeed(n=10_001)", lambda: batched.PerSeed(F, 10_001), r"^n \(how many seeds\) .* at most 10,000"),
    ("integer(2**63)", lambda: validate.integer(2**63, "n"), r"^n .* at most 2\*\*63 - 1, the largest integer torch"),
    ("MnistRecipe.replace(epochs=2**70)", lambda: mnist.GAN_MNIST.replace(epochs=2**70),
     r"^epochs x \(n_images // batch_size\) = .* steps is more than 1,000,000,000 .*: pass fewer epochs"),
]


@pytest.mark.parametrize("case", TOO_LARGE, ids=[c[0] for c in TOO_LARGE])
def test_a_count_past_its_maximum_is_answered_with_the_bound(case):
    _, call, match = case
    raised_by_course(call, match)


def test_counts_up_to_their_maximum_are_kept():
    assert validate.integer(2**63 - 1, "n") == 2**63 - 1 == validate.MAX_INT
    assert validate.step_count(10**9, "steps") == 10**9 and validate.step_count(0, "steps", minimum=0) == 0
    assert TrainConfig(steps=10**9, cosine_t_max=10**9, num_threads=1024).steps == 10**9
    assert batched.PerSeed(F, 10_000).n == 10_000
    assert mnist.GAN_MNIST.replace(epochs=1000).train.steps == 1000 * mnist.GAN_MNIST.steps_per_epoch


def test_fit_with_steps_none_trains_the_recipes_steps():
    built, track = gaussian.fit(SMALL.replace(steps=6), every=3)
    assert built.trainer.step == 6 and track.steps == [3, 6]


def test_critic_w1_takes_a_huge_std_as_a_number_and_valid_ones_as_before():
    """std=2**70 is a finite number > 0: kept as a float, not multiplied into torch as an int past int64."""
    huge = wgan.CriticW1(5, 4.0, 2**70, n_samples=10)
    assert huge.std == 2.0**70 and torch.isfinite(huge.real).all()
    whole, real = wgan.CriticW1(5, 4, 2, n_samples=10), wgan.CriticW1(5, 4.0, 2.0, n_samples=10)
    assert torch.equal(whole.real, real.real) and (whole.mean, whole.std) == (4.0, 2.0)


# --------------------------------------------------------------------------- degenerate 2-D targets (bullet 6)

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


# ----------------------------------------------------------------------------- the table of wrong inputs

F = data.gaussian_sampler(0.0, 1.0)
TARGET = mixture2d.ring()
X2 = TARGET.sample(100)
ASSESSED = mixture2d.assess(X2, TARGET)
STD_TARGET = targets.normal(4.0, 1.25)


def _fn(trainer) -> None: ...


_CACHE: dict = {}


def tiny() -> Trainer:
    if "t" not in _CACHE:
        _CACHE["t"] = _tiny(steps=4)
        _CACHE["t"].run(2)
    return _CACHE["t"]


def built() -> gaussian.Built:
    if "b" not in _CACHE:
        _CACHE["b"] = gaussian.build(SMALL, seed=0)
    return _CACHE["b"]


def set_max_loss(value) -> None:
    tiny().max_loss = value


def _config_cases() -> list:
    bad = {
        "steps": ["10", 0, -1, 2.5, True, None], "batch_size": [0, 2**21, "64", 64.0], "d_steps": [0, "1", 1.5],
        "g_steps": [-1, "1", None], "lr_d": [0, -1e-3, math.nan, math.inf, "1e-3", True, None], "lr_g": [0, "x"],
        "betas": [(0.5,), (1.0, 0.9), (0.5, -0.1), "ab", 0.5, (math.nan, 0.9)], "loss": ["x", None, 3],
        "g_loss": ["hinge", None], "gp": [-1.0, math.nan, "10", 1e7], "clip": [0.0, -0.01, "0.01", math.nan],
        "unroll": [-1, 101, 1.5], "d_features": ["x", None], "r1": [-1.0, math.inf, "1"],
        "cosine_t_max": [0, 1.5, "3", -5], "eta_min": [-1.0, math.nan, 1.0, "0"],
        "seed": [-1, 2**64, 1.5, "0", None], "seeds": [(), (1, 1), [0, 1], (-1,), ("a",), 3],
        "device": [0, "tpu"], "matmul_precision": ["low", 1], "num_threads": [0, "2", 1.5],
    }
    return [(f"TrainConfig({k}={v!r})", (lambda k=k, v=v: TrainConfig(**{k: v})), k)
            for k, values in bad.items() for v in values]


TABLE = [
    # ---- train
    *_config_cases(),
    ("Trainer(config=dict)", lambda: Trainer(nn.Linear(1, 1), nn.Linear(1, 1), F, F, {}), "config"),
    ("Trainer(generator=str)", lambda: Trainer("G", nn.Linear(1, 1), F, F, TrainConfig()), "generator"),
    ("Trainer(discriminator=None)", lambda: Trainer(nn.Linear(1, 1), None, F, F, TrainConfig()), "discriminator"),
    ("Trainer(real=3)", lambda: Trainer(nn.Linear(1, 1), nn.Linear(1, 1), 3, F, TrainConfig()), "real"),
    ("Trainer(noise=str)", lambda: Trainer(nn.Linear(1, 1), nn.Linear(1, 1), F, "x", TrainConfig()), "noise"),
    ("Trainer(callbacks=[object])", lambda: Trainer(nn.Linear(1, 1), nn.Linear(1, 1), F, F, TrainConfig(),
                                                    [object()]), "callbacks"),
    ("Trainer(callbacks=5)", lambda: Trainer(nn.Linear(1, 1), nn.Linear(1, 1), F, F, TrainConfig(), 5), "callbacks"),
    ("Trainer(G without parameters, g_steps=1)", lambda: Trainer(nn.Identity(), nn.Linear(1, 1), F, F,
                                                                 TrainConfig()), "g_steps=0"),
    ("update(lr_d=-1)", lambda: tiny().update(lr_d=-1.0), "lr_d"),
    ("update(bogus=1)", lambda: tiny().update(bogus=1), "no field .*bogus"),
    ("update(seed=5)", lambda: tiny().update(seed=5), "seed"),
    ("update(steps=1) at step 2", lambda: tiny().update(steps=1), "steps"),
    ("update(steps='9')", lambda: tiny().update(steps="9"), "steps"),
    ("update(d_features='pack2')", lambda: tiny().update(d_features="pack2"), "d_features"),
    ("update(reuse_fake='no')", lambda: tiny().update(reuse_fake="no"), "reuse_fake"),
    ("run(-1)", lambda: tiny().run(-1), "steps"),
    ("run('5')", lambda: tiny().run("5"), "steps"),
    ("run(1.5)", lambda: tiny().run(1.5), "steps"),
    ("sample(0)", lambda: tiny().sample(0), r"^n "),
    ("sample('10')", lambda: tiny().sample("10"), r"^n "),
    ("sample(10**8)", lambda: tiny().sample(10**8), r"^n "),
    ("sample(seed=-1)", lambda: tiny().sample(10, seed=-1), "seed"),
    ("sample(seed=2.0)", lambda: tiny().sample(10, seed=2.0), "seed"),
    ("discriminate('x')", lambda: tiny().discriminate("x"), r"^x must"),
    ("discriminate(int tensor)", lambda: tiny().discriminate(torch.ones(3, 1, dtype=torch.long)), r"^x must"),
    ("discriminate(1-D tensor)", lambda: tiny().discriminate(torch.ones(3)), r"^x must"),
    ("max_loss = -1", lambda: set_max_loss(-1.0), "max_loss"),
    ("max_loss = '1e4'", lambda: set_max_loss("1e4"), "max_loss"),
    ("Recipe.replace(bogus=1)", lambda: gaussian.COURSE.replace(bogus=1), "no field .*bogus"),
    # ---- callbacks
    ("ProgressBar(every=0)", lambda: callbacks.ProgressBar(every=0), "every"),
    ("ProgressBar(every='5')", lambda: callbacks.ProgressBar(every="5"), "every"),
    ("Every(0)", lambda: callbacks.Every(0, _fn), r"^n "),
    ("Every('5')", lambda: callbacks.Every("5", _fn), r"^n "),
    ("Every(fn=str)", lambda: callbacks.Every(5, "f"), "fn"),
    ("Every(at_end='no')", lambda: callbacks.Every(5, _fn, at_end="no"), "at_end"),
    ("Track1D(0)", lambda: callbacks.Track1D(0, STD_TARGET), r"^n "),
    ("Track1D(target=str)", lambda: callbacks.Track1D(5, "N(4, 1)"), "target"),
    ("Track1D(n_samples=0)", lambda: callbacks.Track1D(5, STD_TARGET, n_samples=0), "n_samples"),
    ("Track1D(n_samples=1.5)", lambda: callbacks.Track1D(5, STD_TARGET, n_samples=1.5), "n_samples"),
    ("StopWhen(0)", lambda: callbacks.StopWhen(0, _fn), r"^n "),
    ("StopWhen(predicate=3)", lambda: callbacks.StopWhen(5, 3), "predicate"),
    # ---- batched
    ("SeedLinear(str)", lambda: batched.SeedLinear("w", torch.zeros(2, 1, 3)), "weight"),
    ("SeedLinear(int bias)", lambda: batched.SeedLinear(torch.zeros(2, 1, 3), torch.zeros(2, 1, 3).long()), "bias"),
    ("SeedLinear(2-D weight)", lambda: batched.SeedLinear(torch.zeros(1, 3), torch.zeros(2, 1, 3)), "weight"),
    ("stack([])", lambda: batched.stack([]), "stack needs"),
    ("stack(5)", lambda: batched.stack(5), "stack needs"),
    ("stack(['a'])", lambda: batched.stack(["a"]), "stack needs"),
    ("stack(two shapes)", lambda: batched.stack([nn.Linear(1, 2), nn.Linear(2, 2)]), "one shape"),
    ("stack(two kinds)", lambda: batched.stack([nn.Linear(1, 2), nn.Tanh()]), "one kind"),
    ("stack(Conv2d)", lambda: batched.stack([nn.Conv2d(1, 1, 1)]), "Conv2d"),
    ("spectral_normalise(str)", lambda: batched.spectral_normalise("x"), "module"),
    ("spectral_normalise(plain)", lambda: batched.spectral_normalise(nn.Linear(1, 1)), "stacked model"),
    ("n_seeds(3)", lambda: batched.n_seeds(3), "module"),
    ("PerSeed(3)", lambda: batched.PerSeed(3, 2), "sampler"),
    ("PerSeed(n=0)", lambda: batched.PerSeed(F, 0), r"^n "),
    ("PerSeed(n='2')", lambda: batched.PerSeed(F, "2"), r"^n "),
    ("PerSeed(TensorSampler)", lambda: batched.PerSeed(data.TensorSampler(torch.zeros(4, 1)), 2), "stateless"),
    ("PerSeed()(generator='g')", lambda: batched.PerSeed(F, 2)(4, "g"), "generator"),
    ("PerSeed()(one of two)", lambda: batched.PerSeed(F, 2)(4, [torch.Generator()]), "2 generators"),
    # ---- gaussian
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
    # ---- mixture2d
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
    # ---- mnist.recipes
    ("MnistRecipe.make(noise_dim=0)", lambda: mnist.MnistRecipe.make(**{**_MNIST_FIELDS, "noise_dim": 0}),
     "noise_dim"),
    ("MnistRecipe.make(arch='x')", lambda: mnist.MnistRecipe.make(**_MNIST_FIELDS, arch="x"), "arch"),
    ("MnistRecipe.make(g_output='relu')", lambda: mnist.MnistRecipe.make(**{**_MNIST_FIELDS, "g_output": "relu"}),
     "g_output"),
    ("MnistRecipe.make(epochs=0)", lambda: mnist.MnistRecipe.make(**{**_MNIST_FIELDS, "epochs": 0}), "epochs"),
    ("MnistRecipe.make(epochs='2')", lambda: mnist.MnistRecipe.make(**{**_MNIST_FIELDS, "epochs": "2"}), "epochs"),
    ("MnistRecipe.make(n_images=0)", lambda: mnist.MnistRecipe.make(**{**_MNIST_FIELDS, "n_images": 0}), "n_images"),
    ("MnistRecipe.make(batch_size > n_images)", lambda: mnist.MnistRecipe.make(**{**_MNIST_FIELDS,
                                                                                  "batch_size": 1000}), "batch_size"),
    ("MnistRecipe.make(embed_dim=0)", lambda: mnist.MnistRecipe.make(**_MNIST_FIELDS, embed_dim=0), "embed_dim"),
    ("MnistRecipe.make(name=None)", lambda: mnist.MnistRecipe.make(**{**_MNIST_FIELDS, "name": None}), "name"),
    ("MnistRecipe.make(bogus=1)", lambda: mnist.MnistRecipe.make(**_MNIST_FIELDS, bogus=1), "bogus"),
    ("MnistRecipe.make(dcgan, 3 maps)", lambda: mnist.MnistRecipe.make(**{**_MNIST_FIELDS, "g_hidden": (8, 8, 8)},
                                                                       arch="dcgan"), "g_hidden"),
    ("GAN_MNIST.replace(lr_d=0)", lambda: mnist.GAN_MNIST.replace(lr_d=0), "lr_d"),
    ("GAN_MNIST.replace(epochs=-1)", lambda: mnist.GAN_MNIST.replace(epochs=-1), "epochs"),
    ("build_generator(str)", lambda: mnist.build_generator("gan-mnist"), "recipe"),
    ("build_discriminator(3)", lambda: mnist.build_discriminator(3), "recipe"),
    ("make_trainer(str)", lambda: mnist.make_trainer("gan-mnist"), "recipe"),
    ("make_trainer(images=ndarray)", lambda: mnist.make_trainer(mnist.GAN_MNIST, images=np.zeros((64, 784))),
     "images"),
    ("make_trainer(images [64, 783])", lambda: mnist.make_trainer(mnist.GAN_MNIST, images=torch.zeros(64, 783)),
     "images"),
    ("make_trainer(device='tpu')", lambda: mnist.make_trainer(mnist.GAN_MNIST, images=MNIST_IMAGES, device="tpu"),
     "device"),
    ("make_trainer(callbacks=[3])", lambda: mnist.make_trainer(mnist.GAN_MNIST.replace(batch_size=32),
                                                               images=MNIST_IMAGES, device="cpu", callbacks=[3]),
     "callbacks"),
    ("SampleGrid(0)", lambda: mnist.SampleGrid(0, (0.0, 1.0)), r"^n "),
    ("SampleGrid(value_range=(1, 0))", lambda: mnist.SampleGrid(5, (1.0, 0.0)), "value_range"),
    ("SampleGrid(value_range='ab')", lambda: mnist.SampleGrid(5, "ab"), "value_range"),
    ("SampleGrid(value_range=(0, nan))", lambda: mnist.SampleGrid(5, (0.0, math.nan)), "value_range"),
    ("SampleGrid(n_images=0)", lambda: mnist.SampleGrid(5, (0.0, 1.0), n_images=0), "n_images"),
    ("SampleGrid(seed=-1)", lambda: mnist.SampleGrid(5, (0.0, 1.0), seed=-1), "seed"),
    ("SampleGrid(show='no')", lambda: mnist.SampleGrid(5, (0.0, 1.0), show="no"), "show"),
    ("EpochLog(recipe=str)", lambda: mnist.EpochLog("gan-mnist"), "recipe"),
    ("EpochLog(score=3)", lambda: mnist.EpochLog(mnist.GAN_MNIST, score=3), "score"),
    # ---- wgan
    ("shift_divergences('x')", lambda: wgan.shift_divergences("x"), "shifts"),
    ("shift_divergences([])", lambda: wgan.shift_divergences([]), "shifts"),
    ("shift_divergences(0-d array)", lambda: wgan.shift_divergences(np.array(1.0)), "shifts"),
    ("shift_divergences([nan])", lambda: wgan.shift_divergences([math.nan]), "shift"),
    ("shift_divergences([1e9])", lambda: wgan.shift_divergences([1e9]), "shift"),
    ("shift_divergences(['1'])", lambda: wgan.shift_divergences(["1"]), "shift"),
    ("shift_divergences(std=0)", lambda: wgan.shift_divergences([1.0], std=0.0), "std"),
    ("critic_estimate(critic=str)", lambda: wgan.critic_estimate("f", torch.zeros(5, 1), torch.zeros(5, 1)), "critic"),
    ("critic_estimate(real=str)", lambda: wgan.critic_estimate(nn.Linear(1, 1), "x", torch.zeros(5, 1)), "real"),
    ("critic_estimate(fake int)", lambda: wgan.critic_estimate(nn.Linear(1, 1), torch.zeros(5, 1),
                                                               torch.zeros(5, 1).long()), "fake"),
    ("critic_estimate(d differs)", lambda: wgan.critic_estimate(nn.Linear(1, 1), torch.zeros(5, 1),
                                                                torch.zeros(5, 2)), "real .* and fake"),
    ("fit_critic(real=3)", lambda: wgan.fit_critic(3, F), "real"),
    ("fit_critic(config=TrainConfig())", lambda: wgan.fit_critic(F, F, config=TrainConfig()), "config"),
    ("fit_critic(hidden=(0,))", lambda: wgan.fit_critic(F, F, hidden=(0,)), "hidden"),
    ("fit_critic(seed=-1)", lambda: wgan.fit_critic(F, F, seed=-1), "seed"),
    ("CriticW1(0)", lambda: wgan.CriticW1(0, 4.0, 1.25), r"^n "),
    ("CriticW1(mean=nan)", lambda: wgan.CriticW1(5, math.nan, 1.25), "mean"),
    ("CriticW1(mean='4')", lambda: wgan.CriticW1(5, "4", 1.25), "mean"),
    ("CriticW1(std=0)", lambda: wgan.CriticW1(5, 4.0, 0.0), "std"),
    ("CriticW1(n_samples=5)", lambda: wgan.CriticW1(5, 4.0, 1.25, n_samples=5), "n_samples"),
    ("CriticW1(seed=-1)", lambda: wgan.CriticW1(5, 4.0, 1.25, seed=-1), "seed"),
    # ---- fit_d
    ("FitDConfig(hidden=(0,))", lambda: fit_d.FitDConfig(hidden=(0,)), "hidden"),
    ("FitDConfig(activation='x')", lambda: fit_d.FitDConfig(activation="x"), "activation"),
    ("FitDConfig(train=3)", lambda: fit_d.FitDConfig(train=3), "train"),
    ("FitDConfig(g_steps=1)", lambda: fit_d.FitDConfig().replace(g_steps=1), "g_steps"),
    ("FitDConfig.replace(lr=1)", lambda: fit_d.FitDConfig().replace(lr=1e-3), "lr"),
    ("FitDConfig.replace(steps='80')", lambda: fit_d.FitDConfig().replace(steps="80"), "steps"),
    ("fit_discriminator(real=3)", lambda: fit_d.fit_discriminator(3, F), "real"),
    ("fit_discriminator(fake='x')", lambda: fit_d.fit_discriminator(F, "x"), "fake"),
    ("fit_discriminator(config=str)", lambda: fit_d.fit_discriminator(F, F, "cfg"), "config"),
    ("logit_function('D')", lambda: fit_d.logit_function("D"), r"^D must"),
    ("logit_function(D)('x')", lambda: fit_d.logit_function(models.mlp_discriminator(1, (4,), "elu"))("x"),
     r"^x must"),
]


def test_table_size():
    """How many wrong inputs the table holds (the issue asks for the count)."""
    assert len(TABLE) == len({name for name, _, _ in TABLE}) == 286


@pytest.mark.parametrize("case", TABLE, ids=[c[0] for c in TABLE])
def test_wrong_input_is_answered_by_the_course(case):
    _, call, name = case
    raised_by_course(call, name)
