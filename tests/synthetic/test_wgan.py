"""gan_course.synthetic.wgan: JSD and W1 for a shift, a critic trained alone, the critic's W1 tracked during a run,
and bad inputs."""

import math
from dataclasses import replace

import numpy as np
import pytest
import torch
from torch import nn

from gan_course import data
from gan_course.synthetic import gaussian, wgan
from gan_course.train import TrainConfig
from tests.helpers import F, raised_by_course


@pytest.mark.parametrize("seeds", [(0,), (0, 1)])
def test_critic_w1_tracks_single_and_stacked_runs(seeds):
    track = wgan.CriticW1(5, 4.0, 1.25, n_samples=500)
    built = gaussian.build_seeds(wgan.WGAN_1D.replace(steps=10), 4.0, 1.25, seeds=seeds, callbacks=(track,))
    built.trainer.run()
    assert track.steps == [5, 10] and all(len(row) == len(seeds) for row in track.estimate + track.exact)
    assert all(w > 1.0 for row in track.exact for w in row)  # G starts near 0, four away from the target


@pytest.mark.slow  # a training outcome: the critic's W1 estimate
def test_shift_divergences_and_a_critic_alone():
    d = wgan.shift_divergences([0.0, 5.0], std=0.1)
    assert d["jsd"][0] == 0.0 and d["jsd"][1] == pytest.approx(math.log(2), abs=1e-9) and list(d["w1"]) == [0, 5]
    f = wgan.fit_critic(data.gaussian_sampler(2.0, 0.5), data.gaussian_sampler(0.0, 0.5),
                        replace(wgan.CRITIC_ALONE, steps=200))
    x, y = 2.0 + 0.5 * torch.randn(4000, 1), 0.5 * torch.randn(4000, 1)
    assert 1.6 < wgan.critic_estimate(f, x, y).item() < 2.6  # W1 = 2, up to the soft penalty's excess
    with pytest.raises(ValueError, match="loss='wasserstein'"):
        wgan.fit_critic(data.gaussian_sampler(), data.gaussian_sampler(), replace(wgan.CRITIC_ALONE, loss="gan"))


def test_critic_w1_takes_a_huge_std_as_a_number_and_valid_ones_as_before():
    """std=2**70 is a finite number > 0: kept as a float, not multiplied into torch as an int past int64."""
    huge = wgan.CriticW1(5, 4.0, 2**70, n_samples=10)
    assert huge.std == 2.0**70 and torch.isfinite(huge.real).all()
    whole, real = wgan.CriticW1(5, 4, 2, n_samples=10), wgan.CriticW1(5, 4.0, 2.0, n_samples=10)
    assert torch.equal(whole.real, real.real) and (whole.mean, whole.std) == (4.0, 2.0)


# ---------------------------------------------------------------------------------- the table of wrong inputs


WRONG_INPUTS = [  # (case, a call with one wrong input, the argument its message must name)
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
]


@pytest.mark.parametrize("case", WRONG_INPUTS, ids=[c[0] for c in WRONG_INPUTS])
def test_wrong_input_is_answered_by_the_course(case):
    _, call, name = case
    raised_by_course(call, name)
