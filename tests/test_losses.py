"""gan_course.losses: the GAN losses on logits against their formulas; Wasserstein, hinge and least squares; the
interpolates and the gradient penalty."""

import math

import pytest
import torch

from gan_course import losses


@pytest.fixture
def logits():
    return torch.tensor([[-3.0], [-0.5], [0.0], [0.7], [4.0]])


def test_discriminator_loss_is_bce_formula(logits):
    real, fake = logits, logits.flip(0) - 1.0
    d_real, d_fake = torch.sigmoid(real), torch.sigmoid(fake)
    expected = -(torch.log(d_real).mean() + torch.log(1 - d_fake).mean())
    assert torch.allclose(losses.discriminator_loss(real, fake), expected, atol=1e-6)


def test_discriminator_loss_is_minus_value_function(logits):
    # L_D = -V(D, G) with V = E[log D(x)] + E[log(1 - D(G(z)))]
    real, fake = logits, -logits
    v = torch.log(torch.sigmoid(real)).mean() + torch.log(1 - torch.sigmoid(fake)).mean()
    assert torch.allclose(losses.discriminator_loss(real, fake), -v, atol=1e-6)


def test_saturating_loss_formula(logits):
    expected = torch.log(1 - torch.sigmoid(logits)).mean()
    assert torch.allclose(losses.generator_loss_saturating(logits), expected, atol=1e-6)


def test_non_saturating_loss_formula(logits):
    expected = -torch.log(torch.sigmoid(logits)).mean()
    assert torch.allclose(losses.generator_loss_non_saturating(logits), expected, atol=1e-6)


def test_gradients_as_d_of_fake_goes_to_zero():
    # At D(G(z)) = 1e-3 the saturating loss has a tiny gradient wrt D's output, the non-saturating a large one.
    p = torch.tensor([1e-3], dtype=torch.float64)
    logit = torch.log(p / (1 - p)).requires_grad_(True)
    (g_sat,) = torch.autograd.grad(losses.generator_loss_saturating(logit), logit)
    (g_ns,) = torch.autograd.grad(losses.generator_loss_non_saturating(logit), logit)
    assert abs(g_sat.item()) == pytest.approx(1e-3, rel=1e-6)  # d/dl log(1 - sigmoid(l)) = -sigmoid(l)
    assert abs(g_ns.item()) == pytest.approx(1 - 1e-3, rel=1e-6)  # d/dl -log sigmoid(l) = sigmoid(l) - 1


def test_losses_are_finite_for_extreme_logits():
    extreme = torch.tensor([[-200.0], [200.0]])
    for value in (
        losses.discriminator_loss(extreme, extreme),
        losses.generator_loss_saturating(extreme),
        losses.generator_loss_non_saturating(extreme),
    ):
        assert math.isfinite(value.item())


def test_unknown_generator_loss_names_choices():
    with pytest.raises(ValueError, match="non_saturating"):
        losses.generator_loss("wasserstein")


def test_critic_losses_match_their_formulas():
    r, f = torch.tensor([[2.0], [0.5]]), torch.tensor([[-3.0], [0.25]])
    assert losses.critic_loss_wasserstein(r, f).item() == pytest.approx((-3 + 0.25) / 2 - (2 + 0.5) / 2)
    assert losses.generator_loss_critic(f).item() == pytest.approx(-(-3 + 0.25) / 2)
    # hinge: real 2 is past its margin (0), real 0.5 costs 0.5; fake -3 is past (0), fake 0.25 costs 1.25
    assert losses.critic_loss_hinge(r, f).item() == pytest.approx(0.5 / 2 + 1.25 / 2)
    assert losses.critic_loss_least_squares(r, f).item() == pytest.approx(0.5 * ((1 + 0.25) / 2 + (9 + 1 / 16) / 2))
    assert losses.generator_loss_least_squares(f).item() == pytest.approx(0.5 * (16 + 0.5625) / 2)


def test_interpolates_lie_on_the_segment_between_each_pair():
    real, fake = torch.randn(64, 5), torch.randn(64, 5)
    x_hat = losses.interpolate(real, fake, torch.Generator().manual_seed(0))
    # x_hat - fake = alpha (real - fake) with one alpha per row: the same ratio in every coordinate
    ratio = (x_hat - fake) / (real - fake)
    assert torch.allclose(ratio, ratio[:, :1].expand_as(ratio), atol=1e-4)
    assert ((ratio >= 0) & (ratio <= 1)).all()
    stacked = losses.interpolate(real.expand(3, 64, 5), fake.expand(3, 64, 5), [torch.Generator().manual_seed(k)
                                                                                for k in range(3)])
    assert stacked.shape == (3, 64, 5) and not torch.equal(stacked[0], stacked[1])


def test_gradient_penalty_is_zero_for_a_unit_slope_and_counts_the_excess():
    x = torch.randn(100, 2)
    slope_one = lambda t: t @ torch.tensor([[0.6], [0.8]])  # noqa: E731 |grad| = 1 everywhere
    slope_three = lambda t: 3 * slope_one(t)  # noqa: E731 |grad| = 3: penalty (3 - 1)^2 = 4
    assert losses.gradient_penalty(slope_one, x).item() == pytest.approx(0.0, abs=1e-10)
    assert losses.gradient_penalty(slope_three, x).item() == pytest.approx(4.0)
