import numpy as np
import pytest

from gan_course import data, fit_d, theory


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
