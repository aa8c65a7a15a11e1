"""Checks for chapter 07, An MLP GAN on MNIST (seed 001): how many G updates, and a generator reloaded from disk."""

from __future__ import annotations

from .base import unanswered, verdict

__all__ = ["check_generator_updates", "check_reloaded_generator"]


def check_generator_updates(answer: int | None) -> bool:
    """Exercise 07.1: how many Adam updates of G chapter 07's training makes (epochs x steps per epoch)."""
    from ..mnist.recipes import CHAPTER_RECIPES

    if unanswered(answer, "an integer: how many times G's optimizer steps in this chapter"):
        return False
    r = CHAPTER_RECIPES["ch07"]
    batch, steps = r.train.batch_size, r.train.steps
    return verdict(
        answer == steps,
        f"{r.epochs} epochs x (60000 // {batch} = {r.steps_per_epoch} batches) = {steps} updates of G.",
        f"{answer} is not it: one G update per batch; how many full batches of {batch} fit in 60,000 images, "
        f"and how many epochs are trained?",
    )


def check_reloaded_generator(reloaded, trained) -> bool:
    """Exercise 07.2: a freshly built G with the saved weights loaded makes exactly the trained G's images."""
    import torch

    if unanswered(reloaded, "build a new G, load the saved state dict into it, and pass it"):
        return False
    if reloaded is trained:
        return verdict(False, "", "that is the trained G itself: build a new one with mnist.build_generator first")
    z = torch.randn(16, trained.net[0].in_features, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        same = reloaded.net[0].in_features == trained.net[0].in_features and torch.equal(reloaded(z), trained(z))
    return verdict(
        same,
        "identical images from identical weights: the state dict is all a generator is.",
        "the images differ: did you load the checkpoint (load_checkpoint(path, {'G': G})) into the new G?",
    )
