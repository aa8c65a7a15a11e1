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
