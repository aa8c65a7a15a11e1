"""Chapter 11's coding exercise: WGAN-GP's gradient penalty, with one alpha per sample."""

from __future__ import annotations

import torch
from torch import nn

from ... import losses
from .base import CodeExercise, Mistake, register

__all__ = ["GRADIENT_PENALTY", "gradient_penalty"]

NAMESPACE = {"nn": nn}


def gradient_penalty(critic, real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
    """E[(||grad f(x_hat)|| - 1)^2] at x_hat = alpha real + (1 - alpha) fake, alpha ~ U[0, 1] one per sample, drawn
    from torch's global generator: ``losses.gradient_penalty(critic, losses.interpolate(real, fake))``."""
    return losses.gradient_penalty(critic, losses.interpolate(real, fake))


PENALTY = "penalty"
GRADIENT = "gradient of the penalty with respect to the critic's weights"


def _critic(d: int) -> nn.Module:
    """A small smooth critic (tanh), so that its slope changes from point to point: weights from torch's global
    generator, which the check seeds, so every function tried meets the same critic."""
    return nn.Sequential(nn.Linear(d, 16), nn.Tanh(), nn.Linear(16, 1))


def _observe_penalty(fn, case: tuple) -> dict:
    """The penalty, and its gradient with respect to the critic's weights: zero when the penalty cannot train the
    critic (its graph was not kept, ``create_graph=False``)."""
    real, fake = case
    critic = _critic(real.shape[1])
    out = fn(critic, real, fake)
    params = list(critic.parameters())
    flat = torch.zeros(sum(p.numel() for p in params))
    if isinstance(out, torch.Tensor) and out.numel() == 1 and out.requires_grad:
        grads = torch.autograd.grad(out.sum(), params, allow_unused=True)
        grads = [torch.zeros_like(p) if g is None else g for g, p in zip(grads, params, strict=True)]
        flat = torch.cat([g.flatten() for g in grads])
    return {PENALTY: out.detach() if isinstance(out, torch.Tensor) else out, GRADIENT: flat}


def _penalty_cases(seed: int) -> list[tuple]:
    """A real and a fake batch of 8 points in 3 dimensions, apart but overlapping."""
    g = torch.Generator().manual_seed(seed)
    return [(torch.randn(8, 3, generator=g) + 1.0, 0.5 * torch.randn(8, 3, generator=g) - 1.0)]


def _penalty_edges() -> list[tuple]:
    """One sample; one-number samples; 64-number samples; batches far apart (the tanh saturates, the slope is 0)."""
    g = torch.Generator().manual_seed(1110)
    return [
        (torch.randn(1, 3, generator=g), torch.randn(1, 3, generator=g)),
        (torch.randn(6, 1, generator=g) + 2.0, torch.randn(6, 1, generator=g)),
        (torch.rand(4, 64, generator=g), torch.rand(4, 64, generator=g)),
        (torch.full((5, 2), 200.0), torch.full((5, 2), -200.0)),
    ]


GRADIENT_PENALTY = register(
    CodeExercise(
        key="11a",
        title="the gradient penalty, one alpha per sample",
        signature="def gradient_penalty(critic, real, fake):",
        solution="""\
alpha = torch.rand(real.shape[0], 1)  # one alpha per sample, broadcast over its coordinates
x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(True)
(grad,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)  # [n, d]: each sample's gradient
return (grad.norm(dim=1) - 1).pow(2).mean()""",
        reference=gradient_penalty,
        course_name="gan_course.losses.gradient_penalty (with losses.interpolate)",
        cases=_penalty_cases,
        hidden_cases=_penalty_edges,
        observe=_observe_penalty,
        points=3,
        namespace=NAMESPACE,
        mistakes=(
            Mistake(
                "one alpha per coordinate",
                "You draw one alpha per coordinate (the shape of x): x_hat then leaves the segment between the real "
                "and the fake sample, where the optimal critic has slope 1. Draw one alpha per sample, "
                "torch.rand(n, 1), and let it broadcast over the sample's coordinates.",
                """\
alpha = torch.rand_like(real)
x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(True)
(grad,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
return (grad.norm(dim=1) - 1).pow(2).mean()""",
            ),
            Mistake(
                "graph not kept",
                "Your penalty has the right value but cannot train the critic: without create_graph=True, "
                "torch.autograd.grad returns a gradient cut from the critic's weights, so the penalty's gradient with "
                "respect to them is zero. Pass create_graph=True.",
                """\
alpha = torch.rand(real.shape[0], 1)
x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(True)
(grad,) = torch.autograd.grad(critic(x_hat).sum(), x_hat)
return (grad.norm(dim=1) - 1).pow(2).mean()""",
            ),
            Mistake(
                "squared norm",
                "You penalise (||grad||^2 - 1)^2, the squared norm without its square root: the penalty pulls the "
                "slope ||grad|| itself to 1, (||grad|| - 1)^2. Take grad.norm(dim=1).",
                """\
alpha = torch.rand(real.shape[0], 1)
x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(True)
(grad,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
return (grad.pow(2).sum(dim=1) - 1).pow(2).mean()""",
            ),
            Mistake(
                "one norm for the batch",
                "You take one norm of the whole batch's gradient [n, d]: the constraint is on each sample's slope. "
                "Take the norm of each row, grad.norm(dim=1), then the mean of (norm - 1)^2 over the samples.",
                """\
alpha = torch.rand(real.shape[0], 1)
x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(True)
(grad,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
return (grad.norm() - 1).pow(2)""",
            ),
            Mistake(
                "one alpha for the batch",
                "You draw a single alpha for the whole batch, so every x_hat sits at the same fraction of its "
                "segment and the penalty looks at one slice between the two sets. Draw one alpha per sample, "
                "torch.rand(n, 1).",
                """\
alpha = torch.rand(1)
x_hat = (alpha * real + (1 - alpha) * fake).detach().requires_grad_(True)
(grad,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
return (grad.norm(dim=1) - 1).pow(2).mean()""",
            ),
        ),
    )
)
