"""Checks for chapter 08, An MNIST GAN with tanh outputs (mnist-tanh): normalised pixels, and reading an FD curve."""

from __future__ import annotations

from .base import (
    exact_tolerance,
    never_raises,
    read_count,
    read_number,
    read_numbers,
    read_samples,
    unanswered,
    verdict,
)

__all__ = ["check_normalised_pixels", "check_first_epoch_below"]


@never_raises
def check_normalised_pixels(answer: tuple[float, float, float] | None) -> bool:
    """Exercise 08.1: what Normalize(mean=0.5, std=0.5) makes of the pixel values 0, 0.5 and 1."""
    if unanswered(answer, "three numbers: the normalised values of pixels 0 (black), 0.5 and 1 (white)"):
        return False
    values, problem = read_numbers(answer, 3)
    if values is None:
        return verdict(False, "", f"{problem}: the normalised values of pixels 0 (black), 0.5 and 1 (white)")
    tol = 1e-6  # float32 round-off of (x - 0.5) / 0.5 is far below this
    ok = all(abs(a - b) < tol for a, b in zip(values, (-1.0, 0.0, 1.0), strict=True))
    return verdict(
        ok,
        "(x - 0.5) / 0.5 maps [0, 1] onto [-1, 1]: exactly the range of tanh, G's output activation.",
        f"{tuple(round(v, 4) for v in values)} is not it: apply (x - mean) / std to each value. "
        + exact_tolerance(tol),
    )


@never_raises
def check_first_epoch_below(answer: int | None, fd_per_epoch: list[float], target: float) -> bool:
    """Exercise 08.2: the first epoch after which a run's Frechet distance fell below ``target``."""
    if unanswered(answer, "an epoch number (1 = after the first epoch)"):
        return False
    fds, problem = read_samples(fd_per_epoch)
    bar, problem_bar = read_number(target)
    if fds is None or bar is None:
        return verdict(False, "", f"the FD list and the target come from the chapter: {problem or problem_bar}")
    epoch, problem = read_count(answer)
    if epoch is None:
        return verdict(False, "", f"{problem}: an epoch number, counting from 1")
    below = [i + 1 for i, fd in enumerate(fds) if fd < bar]
    if not below:
        return verdict(False, "", f"no epoch in this run went below {bar:.0f}: there is nothing to find")
    right = below[0]
    return verdict(
        epoch == right,
        f"after epoch {right} the FD was {fds[right - 1]:.0f} < {bar:.0f}.",
        f"{epoch} is not it: look for the first value below {bar:.0f} in the list (epochs count from 1).",
    )
