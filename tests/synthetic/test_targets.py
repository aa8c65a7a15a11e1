"""1-D targets: samples follow their CDF, their moments are right, and bad names and values are answered in words."""

import math

import numpy as np
import pytest
import torch
from scipy import stats

from gan_course.synthetic import gaussian, targets


@pytest.mark.parametrize("name, params", list(targets.EXAMPLES.values()) + [("lognorm", "s=0.5"), ("mixture", "0,1")])
def test_samples_follow_the_targets_cdf(name, params):
    target = targets.parse(name, params)
    x = target.sampler(20_000, torch.Generator().manual_seed(0))
    assert x.shape == (20_000, 1) and x.dtype == torch.float32
    # 20,000 exact samples: KS above 1.63 / sqrt(n) happens in 1% of draws
    assert target.ks(x) < 1.63 / math.sqrt(20_000)
    assert abs(x.mean().item() - target.mean) < 5 * target.std / math.sqrt(20_000)


def test_normal_target_draws_the_bell_curves_numbers():
    target = targets.normal(4.0, 1.25)
    g1, g2 = torch.Generator().manual_seed(3), torch.Generator().manual_seed(3)
    assert torch.equal(target.sampler(100, g1), 4.0 + 1.25 * torch.randn(100, 1, generator=g2))
    x = np.linspace(0, 8, 9)
    np.testing.assert_allclose(target.cdf(x), stats.norm(4, 1.25).cdf(x))


def test_mixture_moments():
    target = targets.mixture((-2, 2), (0.5, 0.5))
    assert target.mean == 0.0
    assert target.std == pytest.approx(math.sqrt(4 + 0.25))


@pytest.mark.parametrize(
    "name, params, match",
    [
        ("gamm", "a=2", "not a continuous distribution"),
        ("gamma", "a", "key=value"),
        ("gamma", "b=2", "does not take"),
        ("t", "df=1", "finite mean"),
        ("normal", "4", "mean,std"),
        ("normal", "4,-1", "> 0"),
        ("mixture", "1,2,3", "pairs"),
        ("mixture", "a,b", "numbers separated"),
        ("gamma", "a=nan", "finite"),
    ],
)
def test_bad_targets_are_answered_in_words(name, params, match):
    with pytest.raises(ValueError, match=match):
        targets.parse(name, params)


def test_a_recipe_builds_on_any_target():
    built = gaussian.build(gaussian.COURSE, targets.parse("gamma", "a=2"), seed=0)
    assert built.target.name == "gamma(a=2)"
    assert built.sample(100).shape == (100,)
