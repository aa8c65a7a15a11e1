"""gan_course.regularisers: each regulariser computes its equation; the loop composes them from a TrainConfig."""

import pytest
import torch
from torch import nn

from gan_course import losses
from gan_course.regularisers import R1, GradientPenalty, Unrolled, WeightClip
from gan_course.synthetic import gaussian


def test_r1_is_half_gamma_times_the_squared_slope_in_units_of_the_spread():
    # D's logit is w * x: its slope is w everywhere, so R1 = gamma/2 * w^2 * Var(x)
    real = torch.tensor([[0.0], [1.0], [2.0], [3.0]], requires_grad=True)
    logits = 3.0 * real
    got = R1(10.0)(real, real.detach(), logits, lambda x: 3.0 * x, None)
    assert got.item() == pytest.approx(10.0 / 2 * 9.0 * real.detach().var(dim=0).item())


def test_the_gradient_penalty_is_lambda_times_the_mean_squared_excess_slope():
    critic = nn.Linear(2, 1, bias=False)
    with torch.no_grad():
        critic.weight.copy_(torch.tensor([[3.0, 4.0]]))  # slope 5 everywhere: (5 - 1)^2 = 16
    real, fake = torch.randn(8, 2), torch.randn(8, 2)
    two_sided = GradientPenalty(0.5, one_sided=False)(real, fake, None, critic, torch.Generator().manual_seed(0))
    assert two_sided.item() == pytest.approx(0.5 * 16.0)
    with torch.no_grad():
        critic.weight.mul_(0.1)  # slope 0.5: costs (0.5 - 1)^2 two-sided, nothing one-sided
    one_sided = GradientPenalty(1.0, one_sided=True)(real, fake, None, critic, torch.Generator().manual_seed(0))
    assert one_sided.item() == 0.0
    assert losses.gradient_penalty(critic, real).item() == pytest.approx(0.25)


def test_the_clip_bounds_every_weight_of_d():
    D = nn.Linear(3, 1)
    with torch.no_grad():
        D.weight.fill_(5.0)
        D.bias.fill_(-5.0)
    WeightClip(0.01)(D)
    assert all(p.abs().max().item() == pytest.approx(0.01) for p in D.parameters())


def test_unrolling_puts_d_and_its_optimiser_back_after_g_has_moved():
    trainer = gaussian.COURSE.replace(steps=3, unroll=2).build()
    trainer.run(1)
    before = {k: v.clone() for k, v in trainer.D.state_dict().items()}
    with Unrolled(2).around(trainer):
        inside = {k: v.clone() for k, v in trainer.D.state_dict().items()}
    after = trainer.D.state_dict()
    assert any(not torch.equal(before[k], inside[k]) for k in before)  # the look-ahead moved D
    assert all(torch.equal(before[k], after[k]) for k in before)  # and D came back as it was


@pytest.mark.parametrize(("make", "match"), [
    (lambda: R1("10"), "gamma"), (lambda: GradientPenalty(-1.0, False), "lam"),
    (lambda: GradientPenalty(10.0, "no"), "one_sided"), (lambda: WeightClip(0.0), "c "),
    (lambda: Unrolled(0), "k "),
])
def test_a_bad_setting_is_refused_in_words(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_the_loop_composes_what_the_config_asks_for_in_the_order_of_the_sum():
    trainer = gaussian.COURSE.replace(steps=1, gp=1.0, clip=0.5, unroll=3).build()
    reg = trainer.regularisers
    assert [type(p) for p in reg.penalties] == [R1, GradientPenalty] and reg.needs_real_grad
    assert reg.clip.c == 0.5 and reg.unrolled.k == 3
    trainer.update(r1=0.0, gp=0.0, clip=None, unroll=0)
    assert trainer.regularisers.penalties == () and trainer.regularisers.clip is None
