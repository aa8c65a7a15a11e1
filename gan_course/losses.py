"""GAN losses on discriminator logits l = logit D(x), so D(x) = sigmoid(l).

Identities used throughout: -log sigmoid(l) = softplus(-l) and -log(1 - sigmoid(l)) = softplus(l).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from .validate import lookup

__all__ = [
    "discriminator_loss",
    "generator_loss_saturating",
    "generator_loss_non_saturating",
    "G_LOSSES",
    "generator_loss",
]


def discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """L_D = -E_x[log D(x)] - E_z[log(1 - D(G(z)))]: BCE with label 1 on real, 0 on fake.

    Minimising L_D is gradient *ascent* on V(D, G) = E[log D(x)] + E[log(1 - D(G(z)))], since L_D = -V.
    """
    real = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
    fake = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    return real + fake


def generator_loss_saturating(fake_logits: torch.Tensor) -> torch.Tensor:
    """L_G = E_z[log(1 - D(G(z)))], the minimax generator loss; its gradient vanishes as D(G(z)) -> 0."""
    return -F.softplus(fake_logits).mean()  # log(1 - sigmoid(l)) = -softplus(l)


def generator_loss_non_saturating(fake_logits: torch.Tensor) -> torch.Tensor:
    """L_G = -E_z[log D(G(z))]: BCE with label 1 on fakes; strong gradient when D(G(z)) -> 0."""
    return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))


G_LOSSES = {
    "saturating": generator_loss_saturating,
    "non_saturating": generator_loss_non_saturating,
}


def generator_loss(name: str):
    """The generator loss called ``name`` ("saturating" or "non_saturating")."""
    return lookup(G_LOSSES, name, "g_loss")
