"""What the loop adds to plain alternating updates, one small object each, with its equation.

``Trainer`` composes them from its ``TrainConfig`` into ``Regularisers`` and knows none of their insides:

- ``R1``              gamma/2 * E_x[|grad_x logit D(x)|^2 * Var(x)], added to D's loss (``TrainConfig.r1``)
- ``GradientPenalty`` lambda * E[(|grad f(x_hat)| - 1)^2] at interpolates x_hat, added to D's loss (``gp``)
- ``WeightClip``      after each D update, every weight of D clipped to [-c, c] (``clip``)
- ``Unrolled``        G's update taken against D after k more D updates, then D put back (``unroll``)

A penalty is called with the step's batches, ``penalty(real, fake, real_logits, critic, rng)``, and returns the
term to add to L_D; one that differentiates D's logits with respect to the real samples says so
(``needs_real_grad``), and the loop makes the real batch require gradients for it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple

import torch
from torch import nn

from . import losses
from .validate import boolean, integer, number, positive_number

if TYPE_CHECKING:
    from .train import Trainer

__all__ = ["R1", "GradientPenalty", "WeightClip", "Unrolled", "Regularisers"]

Critic = Callable[[torch.Tensor], torch.Tensor]


class R1:
    """gamma/2 * mean over real rows of |d logit / dx|^2 * Var(x): D's slope on the real samples x (before
    ``d_features``), in units of their spread (Mescheder et al. 2018).

    R1 keeps D from growing steep where the data is, which damps the circling of G and D around the equilibrium.
    When D scores single samples, each row's gradient is its own; when it scores a whole batch (the fifty-lines
    view, the moments), it is the slope of the batch's logit in each sample.
    """

    needs_real_grad = True

    def __init__(self, gamma: float) -> None:
        self.gamma = number(gamma, "gamma (R1's weight, TrainConfig.r1)", 0.0, 1e6, "10.0")

    def __call__(self, real: torch.Tensor, fake: torch.Tensor, real_logits: torch.Tensor, critic: Critic,
                 rng) -> torch.Tensor:
        (grad,) = torch.autograd.grad(real_logits.sum(), real, create_graph=True)
        spread = real.detach().var(dim=-2, keepdim=True)  # per seed and column
        return self.gamma / 2 * (grad.pow(2) * spread).sum(dim=-1).mean()


class GradientPenalty:
    """lambda * E[(|grad_x f(x_hat)| - 1)^2] at x_hat = alpha x + (1 - alpha) G(z), one alpha ~ U[0, 1] per sample
    drawn from the run's stream (WGAN-GP, Gulrajani et al. 2017); ``one_sided``: only slopes above 1 cost,
    E[max(0, |grad f| - 1)^2] (WGAN-LP). The equations live in ``losses.interpolate`` and ``losses.gradient_penalty``.
    """

    needs_real_grad = False

    def __init__(self, lam: float, one_sided: bool) -> None:
        self.lam = number(lam, "lam (the penalty's lambda, TrainConfig.gp)", 0.0, 1e6, "10.0")
        self.one_sided = boolean(one_sided, "one_sided")

    def __call__(self, real: torch.Tensor, fake: torch.Tensor, real_logits: torch.Tensor, critic: Critic,
                 rng) -> torch.Tensor:
        x_hat = losses.interpolate(real, fake, rng)
        return self.lam * losses.gradient_penalty(critic, x_hat, self.one_sided)


class WeightClip:
    """After each D update, w <- clamp(w, -c, c) for every weight of D: the first WGAN's crude way to keep the
    critic Lipschitz (Arjovsky et al. 2017)."""

    def __init__(self, c: float) -> None:
        self.c = positive_number(c, "c (the clip, TrainConfig.clip)", "0.01 (the WGAN paper's c)")

    @torch.no_grad()
    def __call__(self, D: nn.Module) -> None:
        for p in D.parameters():
            p.clamp_(-self.c, self.c)


class Unrolled:
    """G's loss taken against the D that would answer it: save D and its optimiser, make k more D updates on new
    batches, let G update against that D, then put D back as it was (Metz et al. 2017, first order: no gradient
    flows through the k updates)."""

    def __init__(self, k: int) -> None:
        self.k = integer(k, "k (look-ahead D updates, TrainConfig.unroll)", maximum=100, hint="5 to 10 is usual")

    @contextmanager
    def around(self, trainer: Trainer) -> Iterator[None]:
        """The G updates inside this block see D after ``k`` look-ahead updates; D and Adam's state come back after."""
        saved = copy.deepcopy(trainer.D.state_dict()), copy.deepcopy(trainer.opt_d.state_dict())
        for _ in range(self.k):
            with torch.no_grad():
                fake = trainer.G(trainer.noise_batch())
            trainer.d_update(fake, lookahead=True)
        try:
            yield
        finally:
            trainer.D.load_state_dict(saved[0])
            trainer.opt_d.load_state_dict(saved[1])


class Regularisers(NamedTuple):
    """What a config adds to the loop: penalties on L_D (in order), the clip after D's update, the look-ahead."""

    penalties: tuple[R1 | GradientPenalty, ...]
    clip: WeightClip | None
    unrolled: Unrolled | None

    @property
    def needs_real_grad(self) -> bool:
        return any(p.needs_real_grad for p in self.penalties)
