"""gan_course.fit_d: a discriminator trained alone against fixed samples (chapter 03), its config and bad inputs."""

import dataclasses

import numpy as np
import pytest

from gan_course import data, fit_d, models, theory
from tests.helpers import F, raised_by_course


@pytest.mark.slow  # a training outcome
def test_a_short_fit_is_reproducible_and_moves_towards_d_star():
    cfg = fit_d.FitDConfig().replace(steps=80, batch_size=256, seed=3)
    assert cfg.train.cosine_t_max == 80  # the schedule follows the budget
    real, fake = data.gaussian_sampler(4.0, 1.25), data.gaussian_sampler(0.0, 1.0)
    x = np.linspace(-1.0, 6.0, 50)
    a = fit_d.logit_function(fit_d.fit_discriminator(real, fake, cfg))(x)
    b = fit_d.logit_function(fit_d.fit_discriminator(real, fake, cfg))(x)
    np.testing.assert_array_equal(a, b)
    p, q = theory.gaussian(4.0, 1.25), theory.gaussian(0.0, 1.0)
    d_star = theory.optimal_discriminator(p, q)(x)
    assert np.abs(1 / (1 + np.exp(-a)) - d_star).max() < 0.1  # short run: close; chapter 3 trains to < 0.05
    assert a.shape == x.shape


@pytest.mark.parametrize("field,value", [("steps", 0), ("batch_size", -1), ("lr_d", 0.0), ("eta_min", 1.0),
                                         ("seed", -2), ("lr_d", float("nan")), ("g_steps", 1), ("hidden", None)])
def test_bad_config_says_which_field(field, value):
    with pytest.raises((ValueError, TypeError), match=field):
        fit_d.fit_discriminator(data.gaussian_sampler(), data.gaussian_sampler(0, 1),
                                fit_d.FitDConfig().replace(**{field: value}))


def test_unknown_field_is_named():
    with pytest.raises(ValueError, match="no field.*'lr'"):
        fit_d.FitDConfig().replace(lr=1e-3)


def test_config_must_be_a_fit_d_config():
    with pytest.raises(TypeError, match="FitDConfig"):
        fit_d.fit_discriminator(data.gaussian_sampler(), data.gaussian_sampler(0, 1), {"steps": 10})


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


# ---------------------------------------------------------------------------------- the table of wrong inputs

WRONG_INPUTS = [  # (case, a call with one wrong input, the argument its message must name)
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


@pytest.mark.parametrize("case", WRONG_INPUTS, ids=[c[0] for c in WRONG_INPUTS])
def test_wrong_input_is_answered_by_the_course(case):
    _, call, name = case
    raised_by_course(call, name)
