"""Checks for chapter 08, An MNIST GAN with tanh outputs (seed 002): normalised pixels, and reading an FD curve."""

from __future__ import annotations

from .base import unanswered, verdict

__all__ = ["check_normalised_pixels", "check_first_epoch_below"]


def check_normalised_pixels(answer: tuple[float, float, float] | None) -> bool:
    """Exercise 08.1: what Normalize(mean=0.5, std=0.5) makes of the pixel values 0, 0.5 and 1."""
    if unanswered(answer, "three numbers: the normalised values of pixels 0 (black), 0.5 and 1 (white)"):
        return False
    ok = len(answer) == 3 and all(abs(a - b) < 1e-9 for a, b in zip(answer, (-1.0, 0.0, 1.0), strict=False))
    return verdict(
        ok,
        "(x - 0.5) / 0.5 maps [0, 1] onto [-1, 1]: exactly the range of tanh, G's output activation.",
        f"{answer} is not it: apply (x - mean) / std to each value.",
    )


def check_first_epoch_below(answer: int | None, fd_per_epoch: list[float], target: float) -> bool:
    """Exercise 08.2: the first epoch after which a run's Frechet distance fell below ``target``."""
    if unanswered(answer, "an epoch number (1 = after the first epoch)"):
        return False
    below = [i + 1 for i, fd in enumerate(fd_per_epoch) if fd < target]
    right = below[0] if below else None
    return verdict(
        answer == right,
        f"after epoch {right} the FD was {fd_per_epoch[right - 1]:.0f} < {target:.0f}." if right else "",
        f"{answer} is not it: look for the first value below {target:.0f} in the list (epochs count from 1)."
        if right
        else f"no epoch went below {target:.0f}",
    )
