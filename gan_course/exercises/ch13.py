"""Checks for chapter 13, the conditional GAN: the width of G's input row, rows that ask for one digit."""

from __future__ import annotations

import torch

from ..mnist.classifier import predict
from ..mnist.conditional import N_CLASSES, images_of, is_conditional
from .base import describe, never_raises, read_count, unanswered, verdict

__all__ = ["check_conditional_row_width", "check_rows_for_digit"]


@never_raises
def check_conditional_row_width(answer: int | None, noise_dim: int = 64) -> bool:
    """Exercise 13.1: how many numbers one input row of the conditional G holds (noise_dim + 10)."""
    what = "an integer: the numbers in one input row of G"
    if unanswered(answer, what):
        return False
    if not isinstance(noise_dim, int) or isinstance(noise_dim, bool) or noise_dim < 1:
        return verdict(False, "", "pass the chapter's recipe.noise_dim as the second argument, as written")
    n, problem = read_count(answer)
    if n is None:
        return verdict(False, "", f"{problem}: {what}")
    right = noise_dim + 10
    if n == right:
        return verdict(True, f"{noise_dim} noise numbers + 10 for the one-hot label = {right}.", "")
    if n == noise_dim + 16:
        hint = "16 is the size of the embedding E y, which G computes inside; the row carries the one-hot label"
    elif n == noise_dim:
        hint = "the row also carries the label"
    else:
        hint = f"the noise has {noise_dim} numbers, and the label is one-hot over the digits 0-9"
    return verdict(False, "", f"{n} is not it: {hint}.")


@never_raises
def check_rows_for_digit(rows, digit: int = 7, generator=None, classifier=None) -> bool:
    """Exercise 13.2: G input rows [n, noise_dim + 10] whose label part is one-hot ``digit``; the shipped G draws them
    and the classifier must read ``digit`` in at least 4 of 5 (or 80% of) the images."""
    what = f"a tensor of 5 input rows of G that ask for the digit {digit} (help(conditional.codes) says what it takes)"
    if unanswered(rows, what):
        return False
    if not is_conditional(generator) or classifier is None:
        return verdict(False, "", "pass the chapter's generator=G_shipped and classifier=classifier, as written")
    width = generator.noise_dim + N_CLASSES
    if not isinstance(rows, torch.Tensor):
        return verdict(False, "", f"got {describe(rows)}: give {what}")
    if rows.ndim != 2 or rows.shape[1] != width or len(rows) < 1:
        return verdict(False, "", f"got shape {tuple(rows.shape)}: each row holds the noise, then the one-hot label "
                       "(exercise 1 counts them)")
    if not rows.is_floating_point() or not torch.isfinite(rows).all():
        return verdict(False, "", "the rows must be finite float numbers (torch.randn gives the noise)")
    label = rows[:, generator.noise_dim :]
    target = torch.zeros(N_CLASSES)
    target[digit] = 1.0
    if not torch.equal(label.cpu(), target.expand_as(label)):
        return verdict(False, "", f"the last 10 numbers of every row must be one-hot {digit}: a 1 at position "
                       f"{digit}, 0 elsewhere (conditional.one_hot or conditional.codes make them)")
    was = generator.training
    generator.eval()
    try:
        with torch.no_grad():
            images = images_of(generator(rows.to(torch.float32))).clamp(0, 1)
    finally:
        generator.train(was)
    read, _ = predict(classifier, images)
    share = (read == digit).float().mean().item()
    return verdict(
        share >= 0.8,
        f"the classifier reads {int((read == digit).sum())} of {len(rows)} as a {digit}: the label alone chose the "
        "digit, the noise only the style.",
        f"the classifier reads {read.tolist()}: is the noise part drawn from N(0, I) (torch.randn)?",
    )
