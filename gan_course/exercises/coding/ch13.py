"""Chapter 13's coding exercises: the projection discriminator's logit, and G's conditional input row."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from ...mnist import conditional
from .base import CodeExercise, Mistake, register

__all__ = ["PROJECTION_LOGIT", "CONDITIONAL_INPUT", "projection_logit"]

NAMESPACE = {"F": F, "nn": nn}


# ------------------------------------------------------------------------------------- 13a: the projection logit


def projection_logit(h: torch.Tensor, y: torch.Tensor, embed, linear) -> torch.Tensor:
    """psi(h) + (V y) . h, logits [n, 1], from D's features ``h`` [n, k] and digits ``y`` [n]: ``linear`` is psi and
    ``embed(y)`` the rows of V, as ``conditional.ProjectionDiscriminator.forward`` computes them (its V is a
    linear map of the one-hot label, which is the same as an embedding of the digit)."""
    return linear(h) + (embed(y) * h).sum(dim=1, keepdim=True)


def _observe_logit(fn, case: tuple) -> dict:
    """The logits, with an embedding V and a linear psi drawn from torch's global generator (the check seeds it)."""
    h, y = case
    embed, linear = nn.Embedding(conditional.N_CLASSES, h.shape[1]), nn.Linear(h.shape[1], 1)
    out = fn(h, y, embed, linear)
    return {"logits": out.detach() if isinstance(out, torch.Tensor) else out}


def _logit_cases(seed: int) -> list[tuple]:
    """Features of width 10 (as many as digits) for 6 samples, then of width 16 for 8."""
    g = torch.Generator().manual_seed(seed)
    return [(torch.randn(6, 10, generator=g), torch.randint(0, 10, (6,), generator=g)),
            (torch.randn(8, 16, generator=g), torch.randint(0, 10, (8,), generator=g))]


def _logit_edges() -> list[tuple]:
    """One sample; every sample the same digit; one feature per sample."""
    g = torch.Generator().manual_seed(1310)
    return [(torch.randn(1, 12, generator=g), torch.tensor([9])),
            (torch.randn(5, 8, generator=g), torch.full((5,), 3)),
            (torch.randn(7, 1, generator=g), torch.randint(0, 10, (7,), generator=g))]


PROJECTION_LOGIT = register(
    CodeExercise(
        key="13a",
        title="the projection discriminator's logit",
        signature="def projection_logit(h, y, embed, linear):",
        solution="""\
v = embed(y)  # [n, k]: the vector V y of each sample's digit
return linear(h) + (v * h).sum(dim=1, keepdim=True)  # [n, 1]: psi(h) + (V y) . h""",
        reference=projection_logit,
        course_name="gan_course.mnist.conditional.ProjectionDiscriminator",
        cases=_logit_cases,
        hidden_cases=_logit_edges,
        observe=_observe_logit,
        namespace=NAMESPACE,
        mistakes=(
            Mistake(
                "no projection",
                "Your logit is psi(h) alone: it ignores the label, so D cannot tell a 3 labelled 3 from a 3 labelled "
                "8. Add the projection (V y) . h, the inner product of embed(y) with h.",
                "return linear(h)",
            ),
            Mistake(
                "product not summed",
                "Your projection term is the elementwise product embed(y) * h, one number per feature, so the "
                "logits have k columns. The inner product is its sum over the features: .sum(dim=1, keepdim=True).",
                "return linear(h) + embed(y) * h",
            ),
            Mistake(
                "summed over the batch",
                "You sum the product embed(y) * h over the batch (dim 0), mixing the samples. The inner product "
                "(V y) . h of each sample is a sum over its features: .sum(dim=1, keepdim=True).",
                "return linear(h) + (embed(y) * h).sum(dim=0, keepdim=True)",
            ),
            Mistake(
                "one-hot, not the embedding",
                "You multiply h by the one-hot label, which picks feature y of h, not the learned vector of digit y. "
                "The projection uses the embedding: embed(y), a vector of k numbers per digit.",
                "return linear(h) + (F.one_hot(y, 10).float() * h).sum(dim=1, keepdim=True)",
            ),
            Mistake(
                "keepdim forgotten",
                "Your inner product has shape [n] (summed without keepdim=True), and adding it to psi(h) of shape "
                "[n, 1] broadcasts to [n, n]. Keep the column: .sum(dim=1, keepdim=True).",
                "return linear(h) + (embed(y) * h).sum(dim=1)",
            ),
        ),
    )
)


# -------------------------------------------------------------------------------- 13b: G's conditional input


def _input_cases(seed: int) -> list[tuple]:
    """Noise of width 10 for 6 samples asking for distinct digits below 9; noise of width 16 for all ten digits."""
    g = torch.Generator().manual_seed(seed)
    return [(torch.randn(6, 10, generator=g), torch.randperm(9, generator=g)[:6]),
            (torch.randn(10, 16, generator=g), torch.randperm(10, generator=g))]


def _input_edges() -> list[tuple]:
    """One sample asking for a 9; every sample asking for a 0; one noise number per sample; float64 noise."""
    g = torch.Generator().manual_seed(1320)
    return [(torch.randn(1, 64, generator=g), torch.tensor([9])),
            (torch.randn(4, 8, generator=g), torch.zeros(4, dtype=torch.long)),
            (torch.randn(5, 1, generator=g), torch.randint(0, 10, (5,), generator=g)),
            (torch.randn(3, 4, generator=g, dtype=torch.float64), torch.tensor([1, 7, 7]))]


CONDITIONAL_INPUT = register(
    CodeExercise(
        key="13b",
        title="G's conditional input rows",
        signature="def conditional_input(z, labels):",
        solution="""\
one_hot = F.one_hot(labels, 10).to(z.dtype)  # [n] -> [n, 10]: a 1 in column labels[i]
return torch.cat([z, one_hot], dim=1)  # [n, d + 10]: the noise, then the label""",
        reference=conditional.codes,
        course_name="gan_course.mnist.conditional.codes",
        cases=_input_cases,
        hidden_cases=_input_edges,
        namespace=NAMESPACE,
        differentiable=True,
        mistakes=(
            Mistake(
                "label as one number",
                "You append the digit as one number: G would read 7 as a bigger 3, as if digits were amounts. Each "
                "row carries the label one-hot, ten numbers with a 1 in the digit's place: F.one_hot(labels, 10).",
                "return torch.cat([z, labels.unsqueeze(1).to(z.dtype)], dim=1)",
            ),
            Mistake(
                "one-hot too narrow",
                "Your one-hot rows are as wide as the largest label in the batch plus one, not 10: F.one_hot(labels) "
                "guesses the number of classes from the batch. Say it: F.one_hot(labels, 10).",
                "return torch.cat([z, F.one_hot(labels).to(z.dtype)], dim=1)",
            ),
            Mistake(
                "joined along the batch",
                "You stack the one-hot rows under the noise rows (dim 0), which makes more rows, not longer ones. "
                "Each sample's row is its noise followed by its label: torch.cat([z, one_hot], dim=1).",
                "return torch.cat([z, F.one_hot(labels, 10).to(z.dtype)], dim=0)",
            ),
            Mistake(
                "label first",
                "Your rows put the label before the noise. The course's G reads the noise first and the label in "
                "the last 10 numbers, as conditional.codes builds them: torch.cat([z, one_hot], dim=1).",
                "return torch.cat([F.one_hot(labels, 10).to(z.dtype), z], dim=1)",
            ),
        ),
    )
)
