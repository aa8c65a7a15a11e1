"""Chapter 02's coding exercises: D's loss and G's non-saturating loss, both on logits."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from ... import losses
from .base import CodeExercise, Mistake, register

__all__ = ["DISCRIMINATOR_LOSS", "GENERATOR_LOSS"]

NAMESPACE = {"F": F}


def _logit_pairs(seed: int) -> list[tuple]:
    """Two batches of logits of different sizes (real 8, fake 6), spread over a few units."""
    g = torch.Generator().manual_seed(seed)
    real = 2.0 * torch.randn(8, 1, generator=g) + 1.0
    fake = 2.0 * torch.randn(6, 1, generator=g) - 1.0
    return [(real, fake)]


def _sure_pairs() -> list[tuple]:
    """Logits of a D that is certain (|logit| >= 40), where sigmoid rounds to 0 or 1 in float32."""
    return [(torch.tensor([[-120.0], [3.0]]), torch.tensor([[40.0], [-2.0], [0.5]]))]


DISCRIMINATOR_LOSS = register(
    CodeExercise(
        key="02a",
        title="D's loss on logits",
        signature="def discriminator_loss(real_logits, fake_logits):",
        solution="""\
real = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
fake = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
return real + fake""",
        reference=losses.discriminator_loss,
        course_name="gan_course.losses.discriminator_loss",
        cases=lambda seed: _logit_pairs(seed) + (_sure_pairs() if seed == 0 else []),
        hidden_cases=_sure_pairs,
        namespace=NAMESPACE,
        differentiable=True,
        mistakes=(
            Mistake(
                "labels swapped",
                "Your labels are swapped: D is trained to say 1 on real samples and 0 on G's samples, so the real "
                "logits take the label 1 (torch.ones_like) and the fake logits the label 0.",
                """\
real = F.binary_cross_entropy_with_logits(real_logits, torch.zeros_like(real_logits))
fake = F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))
return real + fake""",
            ),
            Mistake(
                "wrong sign",
                "Your loss has the wrong sign: it is V(D, G) itself. D ascends V, so the loss it descends is -V, and "
                "BCE with labels 1 (real) and 0 (fake) already is -V: do not negate it.",
                """\
real = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
fake = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
return -(real + fake)""",
            ),
            Mistake(
                "one mean over both",
                "Your loss averages over the real and fake rows together, which halves it when the batches are the "
                "same size and mixes them when they are not: V has two expectations, one over real samples and one "
                "over fakes. Take the mean of each, then add them.",
                """\
logits = torch.cat([real_logits, fake_logits])
labels = torch.cat([torch.ones_like(real_logits), torch.zeros_like(fake_logits)])
return F.binary_cross_entropy_with_logits(logits, labels)""",
            ),
            Mistake(
                "sum, not mean",
                "Your loss sums over the batch: V is an expectation, so take the mean (the loss must not grow with "
                "the batch size, or the learning rate would have to shrink with it).",
                """\
real = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits), reduction="sum")
fake = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits), reduction="sum")
return real + fake""",
            ),
            Mistake(
                "not on logits",
                "Your loss goes through sigmoid and then log: where D is certain (a logit of 40 or -120), sigmoid "
                "rounds to exactly 1 or 0 in float32 and the log gives inf. Work on the logits: "
                "F.binary_cross_entropy_with_logits (or F.softplus) is exact there.",
                """\
d_real, d_fake = torch.sigmoid(real_logits), torch.sigmoid(fake_logits)
return -(torch.log(d_real).mean() + torch.log(1 - d_fake).mean())""",
            ),
        ),
    )
)


def _fake_logits(seed: int) -> list[tuple]:
    g = torch.Generator().manual_seed(seed)
    return [(2.0 * torch.randn(7, 1, generator=g) - 1.0,)]


def _sure_fakes() -> list[tuple]:
    return [(torch.tensor([[-120.0], [-3.0], [40.0]]),)]


GENERATOR_LOSS = register(
    CodeExercise(
        key="02b",
        title="G's non-saturating loss on logits",
        signature="def generator_loss(fake_logits):",
        solution="return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))",
        reference=losses.generator_loss_non_saturating,
        course_name="gan_course.losses.generator_loss_non_saturating",
        cases=lambda seed: _fake_logits(seed) + (_sure_fakes() if seed == 0 else []),
        hidden_cases=_sure_fakes,
        namespace=NAMESPACE,
        differentiable=True,
        mistakes=(
            Mistake(
                "saturating",
                "This is the saturating (minimax) loss log(1 - D(G(z))): its gradient -D(G(z)) vanishes exactly when "
                "D wins, early in training. The non-saturating loss is -log D(G(z)): BCE of the fake logits with the "
                "label 1.",
                "return -F.softplus(fake_logits).mean()",
            ),
            Mistake(
                "fake label 0",
                "You gave G's samples the label 0, which is D's target for them. G wants D to say 1 on its samples: "
                "the label is torch.ones_like(fake_logits).",
                "return F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))",
            ),
            Mistake(
                "wrong sign",
                "Your loss has the wrong sign: G descends its loss, and -log D(G(z)) falls as D(G(z)) rises; yours "
                "rises, so G would learn to look fake.",
                "return -F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))",
            ),
            Mistake(
                "not on logits",
                "Your loss goes through sigmoid and then log: for a logit of -120 (D certain the sample is fake) "
                "sigmoid rounds to 0 in float32 and -log gives inf, just when G most needs a gradient. Work on the "
                "logits: F.binary_cross_entropy_with_logits (or F.softplus(-fake_logits).mean()).",
                "return -torch.log(torch.sigmoid(fake_logits)).mean()",
            ),
        ),
    )
)
