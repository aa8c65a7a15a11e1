"""Train a discriminator alone against a *fixed* generator distribution: the experiment behind D* (chapter 3).

With G frozen, training D on BCE with labels 1 (real) / 0 (fake) is maximising V(G, D) over D alone, so D
should approach D*(x) = p_data(x) / (p_data(x) + p_g(x)). This is the D half of ``gan_course.train``'s step,
with the same loss (``losses.discriminator_loss``) and no G update; fresh samples every step, so D cannot
memorise a finite set.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from . import models
from .data import Sampler
from .recipe import Recipe
from .runtime import seed_everything
from .train import Callback, TrainConfig, Trainer
from .validate import lookup, widths

__all__ = ["FitDConfig", "fit_discriminator", "logit_function"]

# The D half of the loop: 600 Adam updates of D on 512 real + 512 fake samples, no G update (g_steps=0), the
# learning rate annealed (cosine) from 2e-2 to 1e-4, which averages out the minibatch noise. Matrices of
# 1024 x 32 are too small to share out: extra threads only wait (600 steps took 40x longer on 2 busy cores).
D_ALONE = TrainConfig(steps=600, batch_size=512, g_steps=0, lr_d=2e-2, betas=(0.9, 0.999), eta_min=1e-4,
                      cosine_t_max=600, num_threads=1, device="cpu")


@dataclass(frozen=True)
class FitDConfig(Recipe):
    """D's network and the loop that fits it against fixed samplers. Change fields with ``config.replace(...)``.

    The learning rate anneals along a cosine over ``train.cosine_t_max`` updates, which is honoured as given,
    never rewritten: ``D_ALONE`` anneals over the whole run (``cosine_t_max == steps``), and ``replace(steps=n)``
    moves ``cosine_t_max`` to n with it while the two are equal and ``cosine_t_max`` is not given in the same
    call; a ``cosine_t_max`` given (or a ``train`` given whole) is kept as it is.
    """

    hidden: tuple[int, ...] = (32, 32)  # D's hidden widths: D = MLP 1-32-32-1 on logits
    activation: str = "elu"  # smooth activations give a smooth D, like D*
    train: TrainConfig = D_ALONE  # steps, batch size, lr_d annealed to eta_min, seed; g_steps stays 0

    def __post_init__(self) -> None:
        super().__post_init__()
        widths(self.hidden, "FitDConfig.hidden")
        lookup(models.ACTIVATIONS, self.activation, "FitDConfig.activation")
        if self.train.g_steps != 0:
            raise ValueError(f"FitDConfig trains D alone: g_steps must be 0, got {self.train.g_steps}")

    @classmethod
    def derive_loop(cls, old: FitDConfig | None, values: dict, changes: dict) -> dict:
        """``cosine_t_max`` follows a new ``steps`` while it anneals over the whole run (it equals the old config's
        ``steps``) and is not given itself (``replace`` calls this)."""
        train, before = values["train"], (old.train if old is not None else D_ALONE)
        if "cosine_t_max" in changes or not isinstance(train, TrainConfig):
            return {}
        if before.cosine_t_max == before.steps != train.steps:
            return {"cosine_t_max": train.steps}
        return {}

    def build(self, data: tuple[Sampler, Sampler] | None = None, *, callbacks: tuple[Callback, ...] = ()) -> Trainer:
        """The ``Trainer`` of D alone on ``data = (real, fake)`` samplers: G is the identity and its noise is ``fake``,
        so every step draws fresh fake samples and updates D only (``g_steps=0``)."""
        if not (isinstance(data, (tuple, list)) and len(data) == 2):
            raise ValueError(f"data must be a pair (real, fake) of samplers, e.g. (data.gaussian_sampler(0.0, 1.0), "
                             f"data.gaussian_sampler(1.0, 1.0)), got {type(data).__name__}")
        for name, sampler in zip(("real", "fake"), data, strict=True):
            if not callable(sampler):
                raise ValueError(f"{name} must be a sampler (n, torch.Generator) -> [n, 1], e.g. "
                                 f"data.gaussian_sampler(0.0, 1.0), got {type(sampler).__name__}")
        real, fake = data
        seed_everything(self.train.seed)  # D's weights are drawn now
        D = models.mlp_discriminator(1, self.hidden, self.activation)
        return Trainer(nn.Identity(), D, real, fake, self.train, callbacks)


def fit_discriminator(real: Sampler, fake: Sampler, config: FitDConfig = FitDConfig()) -> nn.Module:
    """A D (logits) trained by minimising L_D = -V(G, D) on ``real`` vs ``fake`` samples, on the CPU.

    The course's one ``Trainer`` with a fixed "generator": G is the identity and its noise is ``fake``, so
    every step draws fresh fake samples and updates D only (``g_steps=0``). ``real`` and ``fake`` are samplers
    ``(n, torch.Generator) -> [n, 1]``, e.g. ``data.gaussian_sampler(mu, sigma)``; the same config and
    samplers give the same D (seeded weights and sample stream).
    """
    if not isinstance(config, FitDConfig):
        raise TypeError(f"config must be a FitDConfig, got {type(config).__name__}")
    trainer = config.build((real, fake))
    trainer.run()
    return trainer.D.eval()


def logit_function(D: nn.Module):
    """D's logit as a NumPy function x -> l(x), for ``gan_course.theory`` (D(x) = sigmoid(l(x))).

    It evaluates a float64 copy of D: float32 rounding is a 1e-7 jitter that the integrals of
    ``gan_course.theory`` (accurate to 1e-13) would otherwise try to resolve. ``D`` itself is not changed.
    """
    if not isinstance(D, nn.Module):
        raise ValueError(f"D must be a torch.nn.Module (a 1-D discriminator, e.g. from fit_discriminator), "
                         f"got {type(D).__name__}")
    D64 = copy.deepcopy(D).to(torch.float64).cpu().eval()

    def logit(x) -> np.ndarray:
        try:
            x = np.asarray(x, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"x must be numbers (a float, a list or an array of them), got {x!r:.60}") from None
        with torch.no_grad():
            out = D64(torch.as_tensor(x.reshape(-1, 1)))  # [n] -> [n, 1] -> [n, 1]
        return out.numpy().reshape(x.shape)

    return logit
