"""The Wasserstein GAN of chapter 11: why the JS divergence stalls, the critic's estimate of W1, and its recipes.

- ``shift_divergences``: JSD and W1 between N(0, s^2) and N(d, s^2) for shifts d, the first by numerical
  integration (``theory.js_divergence``), the second exactly (W1 = |d| for a shift);
- ``critic_estimate``: the critic's estimate of W1, E_x[f(x)] - E_y[f(y)] (Kantorovich-Rubinstein: W1 is the
  largest such gap over 1-Lipschitz f), on given samples;
- ``fit_critic``: a critic trained alone against two fixed laws (the course's ``Trainer`` with a fixed "G", as
  ``fit_d`` does for chapter 3), kept Lipschitz by a gradient penalty or by weight clipping;
- ``CriticW1``: a callback that puts the critic's estimate beside the exact W1 of G's samples as G learns;
- the 1-D recipes: ``WGAN_1D`` (the one-sided penalty) and ``WGAN_1D_TWO_SIDED`` (the penalty of WGAN-GP).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import torch
from torch import nn

from .. import metrics, models, runtime, theory
from ..callbacks import Every
from ..data import Sampler
from ..train import TrainConfig, Trainer
from ..validate import count, number, positive_number, widths
from ..validate import seed as validate_seed
from . import gaussian

__all__ = [
    "shift_divergences",
    "critic_estimate",
    "CRITIC_ALONE",
    "fit_critic",
    "CriticW1",
    "WGAN_1D",
    "WGAN_1D_TWO_SIDED",
]


def shift_divergences(shifts: Sequence[float], std: float = 0.1) -> dict[str, np.ndarray]:
    """For P = N(0, std^2) and Q = N(d, std^2), d in ``shifts``: ``jsd`` (nats; at most log 2) and ``w1`` (= |d|)."""
    positive_number(std, "std", "0.1")
    ok = isinstance(shifts, (list, tuple)) or (isinstance(shifts, np.ndarray) and shifts.ndim == 1)
    if not (ok and len(shifts) > 0):
        raise ValueError(f"shifts must be a non-empty list of numbers like [0.0, 0.5, 1.0], got {shifts!r:.60}")
    for d in shifts:
        number(d.item() if isinstance(d, np.generic) else d, "every shift in shifts", -1e3 * std, 1e3 * std,
               f"0.5 (within 1,000 std = {1e3 * std:g} of 0)")
    shifts = [float(d) for d in shifts]
    p = theory.gaussian(0.0, std)
    jsd = [theory.js_divergence(p, theory.gaussian(float(d), std)) if d else 0.0 for d in shifts]
    return {"shift": np.asarray(shifts, dtype=float), "jsd": np.asarray(jsd), "w1": np.abs(np.asarray(shifts, float))}


@torch.no_grad()
def critic_estimate(critic: nn.Module, real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
    """E_x[f(x)] - E_y[f(y)] over samples [n, d] (or [S, n, d]: one estimate per seed of a stacked critic).

    For a 1-Lipschitz f this is at most W1(P_real, P_fake), with equality for the best f (Kantorovich-Rubinstein).
    """
    if not isinstance(critic, nn.Module):
        raise ValueError(f"critic must be a torch.nn.Module (a critic f), got {type(critic).__name__}")
    for name, x in (("real", real), ("fake", fake)):
        if not (isinstance(x, torch.Tensor) and x.is_floating_point() and x.dim() in (2, 3) and x.shape[-2] > 0):
            got = tuple(x.shape) if isinstance(x, torch.Tensor) else type(x).__name__
            raise ValueError(f"{name} must be a float tensor of samples [n, d] (or [S, n, d]), got {got}")
    if real.shape[-1] != fake.shape[-1] or real.shape[:-2] != fake.shape[:-2]:
        raise ValueError(f"real {tuple(real.shape)} and fake {tuple(fake.shape)} must have the same seeds and "
                         f"dimension d (the number of rows may differ)")
    was_training = critic.training
    critic.eval()
    try:
        return (critic(real).mean(dim=(-2, -1)) - critic(fake).mean(dim=(-2, -1))).cpu()
    finally:
        critic.train(was_training)


# A critic alone: 400 Adam updates on 512 real and 512 fake samples (fresh each update), the one-sided penalty.
CRITIC_ALONE = TrainConfig(steps=400, batch_size=512, g_steps=0, lr_d=1e-3, betas=(0.5, 0.9), loss="wasserstein",
                           gp=10.0, gp_one_sided=True, device="cpu", num_threads=1)


def fit_critic(real: Sampler, fake: Sampler, config: TrainConfig = CRITIC_ALONE, hidden: tuple[int, ...] = (64, 64),
               seed: int = 0) -> nn.Module:
    """A critic f (an MLP 1-64-64-1 by default) trained alone to maximise E f(real) - E f(fake) under ``config``'s
    constraint (``gp``: the penalty; ``clip``: weight clipping), against fresh samples from the two samplers."""
    if not isinstance(config, TrainConfig) or config.loss != "wasserstein" or config.g_steps != 0:
        raise ValueError("config must be a TrainConfig with loss='wasserstein' and g_steps=0, e.g. wgan.CRITIC_ALONE")
    for name, sampler in (("real", real), ("fake", fake)):
        if not callable(sampler):
            raise ValueError(f"{name} must be a sampler (n, torch.Generator) -> [n, 1], e.g. "
                             f"data.gaussian_sampler(0.0, 1.0), got {type(sampler).__name__}")
    widths(hidden, "hidden")
    validate_seed(seed, "seed")
    runtime.seed_everything(seed)
    critic = models.mlp_discriminator(1, hidden, "leaky_relu")
    Trainer(nn.Identity(), critic, real, fake, replace(config, seed=seed)).run()
    return critic.eval()


class CriticW1(Every):
    """Every ``n`` steps of a 1-D run on N(mean, std^2): the critic's estimate of W1 and the exact W1 of G's samples.

    ``steps``; ``estimate[i]`` and ``exact[i]``: one number per seed. The estimate is ``critic_estimate`` on
    ``n_samples`` fixed real samples and G's samples from fixed noise; the exact W1 is chapter 09's metric
    (``metrics.wasserstein1``, against the target's quantiles) on those same G samples.
    """

    def __init__(self, n: int, mean: float, std: float, n_samples: int = 10_000, seed: int = 2024) -> None:
        super().__init__(n, self._check)
        count(n_samples, "n_samples", 1_000_000, minimum=10)
        mean = number(mean, "mean", -1e6, 1e6, "4.0")
        std = positive_number(std, "std", "1.25")  # as floats: torch cannot multiply by an int past int64
        validate_seed(seed, "seed")
        self.mean, self.std = mean, std
        self.real = mean + std * torch.randn(n_samples, 1, generator=torch.Generator().manual_seed(seed))
        self.n_samples, self.seed = n_samples, seed + 1
        self.steps: list[int] = []
        self.estimate: list[list[float]] = []
        self.exact: list[list[float]] = []

    def _check(self, trainer: Trainer) -> None:
        fake = trainer.sample(self.n_samples, seed=self.seed).to(trainer.device)  # [n, 1], or [S, n, 1] stacked
        real = self.real.to(trainer.device)
        if trainer.config.seeds is not None:  # a stacked critic scores [S, n, 1]
            real = real.expand(fake.shape[0], -1, -1)
        est = critic_estimate(trainer.D, real, fake)
        fake = fake if fake.dim() == 3 else fake.unsqueeze(0)
        self.steps.append(trainer.step)
        self.estimate.append(torch.atleast_1d(est).tolist())
        self.exact.append([metrics.wasserstein1(x.ravel(), self.mean, self.std) for x in fake])


# G learns a 1-D law from afar (no standardising: G starts near 0, the target N(4, 1.25^2) is 4 away), the critic
# has five updates per G update and ten times G's learning rate. The penalty is one-sided, E[max(0, |f'| - 1)^2]:
# in 1-D a critic whose slope has the wrong sign must pass through slope 0 to turn, and the two-sided penalty of
# WGAN-GP charges lambda for that (chapter 11 measures what follows).
WGAN_1D = gaussian.COURSE.replace(
    name="WGAN, one-sided penalty", standardise=False, ema=None, r1=0.0, loss="wasserstein", gp=10.0,
    gp_one_sided=True, d_steps=5, lr_d=1e-3, lr_g=1e-4, betas=(0.5, 0.9), steps=1000, cosine_t_max=None,
    num_threads=1,
)
WGAN_1D_TWO_SIDED = WGAN_1D.replace(name="WGAN-GP, two-sided penalty", gp_one_sided=False)
