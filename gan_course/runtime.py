"""Seeding and device choice: the two things every experiment sets first."""

from __future__ import annotations

import contextlib
import os
import random
from collections.abc import Iterator

import numpy as np
import torch

from .validate import integer

__all__ = ["SEED_VARIABLE", "chapter_seed", "seed_everything", "pick_device", "num_threads"]

SEED_VARIABLE = "GAN_COURSE_SEED"  # set it to re-run every chapter under another random seed


def chapter_seed(default: int = 0) -> int:
    """The random seed a chapter runs with: ``$GAN_COURSE_SEED`` when it is set, else ``default``.

    Every chapter takes its seed from here, once, so ``GAN_COURSE_SEED=7 make test-notebooks`` re-runs the
    whole course under seed 7 and checks that its claims hold there too.
    """
    text = os.environ.get(SEED_VARIABLE, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) >= 2**31:
        raise ValueError(
            f"{SEED_VARIABLE}={text!r} is not a seed: use a whole number from 0 to {2**31 - 1}, "
            f"or unset it to run with seed {default}"
        )
    return int(text)


def seed_everything(seed: int) -> torch.Generator:
    """Seed Python, NumPy and torch, and return a fresh ``torch.Generator`` seeded with ``seed``.

    The course draws all of its randomness (weights, noise, data order) from torch; the returned
    generator lets a sampler own its stream, so that adding a plot does not shift the training noise.
    """
    integer(seed, "seed", minimum=0)
    random.seed(seed)
    np.random.seed(seed % 2**32)  # noqa: NPY002 -- seeds the legacy global state that other libraries use
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


def pick_device(prefer: str | None = None) -> torch.device:
    """The device to train on: ``prefer`` if given ("cpu", "cuda"), else the GPU when present, else the CPU."""
    if prefer is not None:
        if prefer.startswith("cuda") and not torch.cuda.is_available():
            raise ValueError(f"device {prefer!r} was asked for but no CUDA GPU is available; use 'cpu'")
        if prefer not in ("cpu", "mps") and not prefer.startswith("cuda"):
            raise ValueError(f"device must be 'cpu', 'cuda' or 'cuda:N', got {prefer!r}")
        return torch.device(prefer)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


@contextlib.contextmanager
def num_threads(n: int | None) -> Iterator[None]:
    """Run the block with torch using ``n`` CPU threads (``None``: leave it), restoring the count afterwards.

    Tiny networks train fastest on one thread: their matrices are too small to share out, and on a busy CPU
    extra threads only spin and wait for each other.
    """
    before = torch.get_num_threads()
    if n is not None:
        torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)
