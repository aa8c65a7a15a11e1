"""Checks for chapter 12, the DCGAN: the sizes a transposed convolution makes, a D whose rows depend on the batch."""

from __future__ import annotations

import torch

from ..mnist.convnets import batch_dependence
from .base import never_raises, read_module, read_numbers, unanswered, verdict

__all__ = ["check_transposed_sizes", "check_rows_depend_on_batch"]


@never_raises
def check_transposed_sizes(answer: tuple[float, float] | None) -> bool:
    """Exercise 12.1: the output sizes of ConvTranspose2d(kernel 4, stride 2, padding 1) from 14 x 14 and 5 x 5."""
    what = "two numbers: (the size from a 14 x 14 map, from a 5 x 5 map)"
    if unanswered(answer, what):
        return False
    values, problem = read_numbers(answer, 2)
    if values is None:
        return verdict(False, "", f"{problem}: {what}")
    if values == (28.0, 10.0):
        return verdict(True, "(14 - 1) x 2 - 2 + 4 = 28 and (5 - 1) x 2 - 2 + 4 = 10: this layer doubles any size, "
                       "which is why G starts from 7 x 7 to reach 28 x 28.", "")
    if values == (10.0, 28.0):
        hint = "the first number is for the 14 x 14 map"
    elif values[0] == 26.0 or values[1] == 8.0:
        hint = "(n - 1) x 2 - 2 x 1 + 4: the padding takes 1 from each side, the filter adds 4"
    else:
        hint = "put n = 14, then n = 5, into (n - 1) x 2 - 2 x 1 + 4"
    return verdict(False, "", f"{tuple(values)} is not it: {hint}.")


@never_raises
def check_rows_depend_on_batch(D) -> bool:
    """Exercise 12.2: a D whose logits for the same rows change when the other rows of the batch change (a layer
    that normalises with the batch's statistics does it); the hints point to the chapter, not to the layer."""
    how = "a torch.nn.Module taking rows [n, 784] and giving one logit per row"
    if unanswered(D, f"{how}, whose logit for an image depends on the other rows of the batch"):
        return False
    net, problem = read_module(D, "a discriminator", how)
    if net is None:
        return verdict(False, "", problem)
    try:
        first, second = batch_dependence(net)
    except Exception as err:  # noqa: BLE001 (a student's network may fail in any way: say how)
        return verdict(False, "", f"your D cannot take rows [8, 784] ({type(err).__name__}: {str(err)[:120]}): {how}")
    if not (isinstance(first, torch.Tensor) and tuple(first.shape) in ((4,), (4, 1)) and torch.isfinite(first).all()):
        return verdict(False, "", "your D must give one finite logit per row: end it with a layer of one output")
    moved = (first - second).abs().max().item()
    return verdict(
        moved > 1e-4,
        f"the same 4 images' logits moved by {moved:.3g} when the other 4 rows changed: batch norm shares statistics "
        "across the batch, so with real and fake in one call each verdict would depend on the others.",
        f"the logits did not move ({moved:.1e}): this D scores every row on its own, as the course's Trainer needs; "
        "which DCGAN guideline did the chapter drop because it mixes the rows of a batch?",
    )
