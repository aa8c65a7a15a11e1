"""Checks for chapter 07, An MLP GAN on MNIST (gan-mnist): how many G updates, and a generator reloaded from disk."""

from __future__ import annotations

import torch

from ..mnist.recipes import CHAPTER_RECIPES
from .base import never_raises, read_count, read_module, unanswered, verdict

__all__ = ["check_generator_updates", "check_reloaded_generator"]

_HOW_07 = (
    "build a new G with G_2 = mnist.build_generator(recipe), load the file into it with "
    "load_checkpoint('outputs/ch07_G.pt', {'G': G_2}), and pass G_2"
)


@never_raises
def check_generator_updates(answer: int | None) -> bool:
    """Exercise 07.1: how many Adam updates of G chapter 07's training makes (epochs x steps per epoch)."""
    if unanswered(answer, "an integer: how many times G's optimizer steps in this chapter"):
        return False
    r = CHAPTER_RECIPES["ch07"]
    batch, steps = r.train.batch_size, r.train.steps
    n, problem = read_count(answer)
    if n is None:
        return verdict(False, "", f"{problem}: how many times G's optimizer steps in this chapter")
    return verdict(
        n == steps,
        f"{r.epochs} epochs x (60000 // {batch} = {r.steps_per_epoch} batches) = {steps} updates of G.",
        f"{n} is not it: one G update per batch; how many full batches of {batch} fit in 60,000 images, "
        f"and how many epochs are trained?",
    )


@never_raises
def check_reloaded_generator(reloaded, trained) -> bool:
    """Exercise 07.2: a freshly built G with the saved weights loaded has exactly the trained G's weights.

    Same class, same state dict keys, shapes and dtypes, and equal values: then it makes exactly the same images.
    """
    if unanswered(reloaded, "build a new G, load the saved state dict into it, and pass it"):
        return False
    new, problem = read_module(reloaded, "the reloaded generator G_2", _HOW_07)
    if new is None:
        return verdict(False, "", problem)
    old, problem = read_module(trained, "the trained generator", "pass trainer.G as the chapter does")
    if old is None:
        return verdict(False, "", f"second argument: {problem}")
    if new is old:
        return verdict(False, "", "that is the trained G itself: build a new one with mnist.build_generator first")
    if type(new) is not type(old):
        return verdict(False, "", f"G_2 is a {type(new).__name__}, the trained G a {type(old).__name__}: {_HOW_07}")
    a, b = new.state_dict(), old.state_dict()
    if a.keys() != b.keys() or any(a[k].shape != b[k].shape or a[k].dtype != b[k].dtype for k in b):
        return verdict(False, "", f"G_2's layers differ from the trained G's (another recipe?): {_HOW_07}")
    same = all(torch.equal(a[k].detach().cpu(), b[k].detach().cpu()) for k in b)
    return verdict(
        same,
        "identical weights, so identical images: the state dict is all a generator is.",
        "the weights differ: did you load the checkpoint (load_checkpoint(path, {'G': G_2})) into the new G?",
    )
