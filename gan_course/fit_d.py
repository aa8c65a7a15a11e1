"""Train a discriminator alone against a *fixed* generator distribution: the experiment behind D* (chapter 3).

With G frozen, training D on BCE with labels 1 (real) / 0 (fake) is maximising V(G, D) over D alone, so D
should approach D*(x) = p_data(x) / (p_data(x) + p_g(x)). This is the D half of ``gan_course.train``'s step,
with the same loss (``losses.discriminator_loss``) and no G update; fresh samples every step, so D cannot
memorise a finite set.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from . import losses, models
from .data import Sampler
from .runtime import num_threads, seed_everything

__all__ = ["FitDConfig", "fit_discriminator", "logit_function"]


@dataclass(frozen=True)
class FitDConfig:
    """Hyperparameters for fitting D against fixed samplers. Override fields with ``dataclasses.replace``."""

    steps: int = 600  # Adam updates of D
    batch_size: int = 512  # real samples and fake samples per update
    hidden: tuple[int, ...] = (32, 32)  # D's hidden widths: D = MLP 1-32-32-1 on logits
    activation: str = "elu"  # smooth activations give a smooth D, like D*
    lr: float = 2e-2  # Adam learning rate at the start ...
    lr_end: float = 1e-4  # ... annealed (cosine) to this, which averages out the minibatch noise
    seed: int = 0  # seeds D's initial weights and the sample stream

    def __post_init__(self) -> None:
        for name in ("steps", "batch_size"):
            v = getattr(self, name)
            if not isinstance(v, int) or isinstance(v, bool) or v < 1:
                raise ValueError(f"FitDConfig.{name} must be an integer >= 1, got {v!r}")
        for name in ("lr", "lr_end"):
            v = getattr(self, name)
            if not isinstance(v, (int, float)) or not math.isfinite(v) or v <= 0:
                raise ValueError(f"FitDConfig.{name} must be a finite number > 0, got {v!r}")
        if self.lr_end > self.lr:
            raise ValueError(f"FitDConfig.lr_end ({self.lr_end!r}) must not exceed lr ({self.lr!r})")
        if not isinstance(self.seed, int) or self.seed < 0:
            raise ValueError(f"FitDConfig.seed must be a non-negative integer, got {self.seed!r}")


def fit_discriminator(real: Sampler, fake: Sampler, config: FitDConfig = FitDConfig()) -> nn.Module:
    """A D (logits) trained by minimising L_D = -V(G, D) on ``real`` vs ``fake`` samples, on the CPU.

    ``real`` and ``fake`` are samplers ``(n, torch.Generator) -> [n, 1]``, e.g. ``data.gaussian_sampler(mu, sigma)``.
    The same config and samplers give the same D (seeded weights and sample stream).
    """
    if not isinstance(config, FitDConfig):
        raise TypeError(f"config must be a FitDConfig, got {type(config).__name__}")
    rng = seed_everything(config.seed)
    D = models.mlp_discriminator(1, config.hidden, config.activation)
    opt = torch.optim.Adam(D.parameters(), lr=config.lr, betas=(0.9, 0.999))
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=config.steps, eta_min=config.lr_end)
    n = config.batch_size
    # Matrices of 1024 x 32 are too small to share out: extra threads only wait on each other (on a busy
    # 2-core machine 600 steps took 40x longer with 2 threads than with 1).
    with num_threads(1):
        for _ in range(config.steps):
            x = torch.cat([real(n, rng), fake(n, rng)])  # [2n, 1]: one pass over real and fake rows
            logits = D(x)
            loss = losses.discriminator_loss(logits[:n], logits[n:])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            schedule.step()
    return D.eval()


def logit_function(D: nn.Module):
    """D's logit as a NumPy function x -> l(x), for ``gan_course.theory`` (D(x) = sigmoid(l(x))).

    It evaluates a float64 copy of D: float32 rounding is a 1e-7 jitter that the integrals of
    ``gan_course.theory`` (accurate to 1e-13) would otherwise try to resolve. ``D`` itself is not changed.
    """
    D64 = copy.deepcopy(D).to(torch.float64).cpu().eval()

    def logit(x) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        with torch.no_grad():
            out = D64(torch.as_tensor(x.reshape(-1, 1)))  # [n] -> [n, 1] -> [n, 1]
        return out.numpy().reshape(x.shape)

    return logit
