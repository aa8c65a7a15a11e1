"""Seeding, device choice and CPU threads: what every experiment sets first.

The thread policy, one for the whole package: the course's networks are small (the 1-D GANs have a few
thousand weights, the MNIST MLPs under two million), and small matrices gain nothing from being shared out
among threads, while on a busy CPU (another notebook, a test run, a browser) the extra threads spin and wait
for each other. Measured on a loaded 2-core machine, chapter 01's 200 steps took 2.1 s on one thread and
44.3 s with torch's default thread count. So:

- ``Trainer.run`` and ``Trainer.sample`` run on ``TrainConfig.num_threads`` threads when the config says;
- when it is ``None`` (the default) they run on the CPU with ``default_threads(G, D)`` threads: one thread when
  the networks together hold at most ``SMALL_MODEL_PARAMETERS`` weights (every network in this course), and
  torch's own setting for bigger ones (a student's larger model may profit from more threads);
- the count is set for the duration of the call and restored afterwards (``num_threads``), so a notebook's
  other cells keep torch's setting; on a GPU the policy leaves the count alone.

Every training entry point goes through the ``Trainer``: chapter 01's and 02's loops, ``gaussian.fit``, the MNIST
recipes, the widgets, ``fit_d`` (which sets one thread itself). Pass ``TrainConfig(num_threads=4)`` to override.
"""

from __future__ import annotations

import contextlib
import os
import platform
import random
from collections.abc import Iterator

import numpy as np
import torch

from .validate import count, device_name, integer
from .validate import seed as validate_seed

__all__ = [
    "SEED_VARIABLE",
    "SMALL_MODEL_PARAMETERS",
    "CHAPTER_SEED_MAX",
    "chapter_seed",
    "seed_everything",
    "pick_device",
    "num_threads",
    "default_threads",
    "machine",
]

SEED_VARIABLE = "GAN_COURSE_SEED"  # set it to re-run every chapter under another random seed
CHAPTER_SEED_MAX = 2**31 - 1  # the largest seed a chapter runs with (GAN_COURSE_SEED or chapter_seed's default)
SMALL_MODEL_PARAMETERS = 2_000_000  # networks up to this many weights in all train on one CPU thread by default


def chapter_seed(default: int = 0) -> int:
    """The random seed a chapter runs with: ``$GAN_COURSE_SEED`` when it is set, else ``default``.

    Every chapter takes its seed from here, once, so ``GAN_COURSE_SEED=7 make test-notebooks`` re-runs the
    whole course under seed 7 and checks that its claims hold there too. Both are whole numbers from 0 to
    2**31 - 1 (``CHAPTER_SEED_MAX``).
    """
    count(default, "default (the chapter's seed)", CHAPTER_SEED_MAX, minimum=0, hint=f"as for ${SEED_VARIABLE}")
    text = os.environ.get(SEED_VARIABLE, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) > CHAPTER_SEED_MAX:
        raise ValueError(
            f"{SEED_VARIABLE}={text!r} is not a seed: use a whole number from 0 to {CHAPTER_SEED_MAX}, "
            f"or unset it to run with seed {default}"
        )
    return int(text)


def seed_everything(seed: int) -> torch.Generator:
    """Seed Python, NumPy and torch, and return a fresh ``torch.Generator`` seeded with ``seed``.

    The course draws all of its randomness (weights, noise, data order) from torch; the returned
    generator lets a sampler own its stream, so that adding a plot does not shift the training noise.
    """
    validate_seed(seed, "seed")
    random.seed(seed)
    np.random.seed(seed % 2**32)  # noqa: NPY002 -- seeds the legacy global state that other libraries use
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


def pick_device(prefer: str | None = None) -> torch.device:
    """The device to train on: ``prefer`` if given ("cpu", "cuda"), else the GPU when present, else the CPU."""
    if device_name(prefer) is not None:
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
    if n is not None:
        integer(n, "num_threads")
    before = torch.get_num_threads()
    if n is not None:
        torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def default_threads(*models: torch.nn.Module) -> int | None:
    """The package's CPU thread count for training ``models`` when the config does not say (see the module's
    docstring): 1 when they hold at most ``SMALL_MODEL_PARAMETERS`` weights together, else ``None`` (torch's)."""
    weights = sum(p.numel() for m in models for p in m.parameters())
    return 1 if weights <= SMALL_MODEL_PARAMETERS else None


def machine() -> str:
    """torch's version, the architecture and the CPU model, for a record's ``made_with``: a recorded run is
    replayed number for number on the same kind of CPU; another CPU may round floats differently, and a GAN's
    chaotic duel amplifies that."""
    model = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), model)
    except OSError:
        pass
    return f"torch {torch.__version__}, {platform.machine()}, {model}".rstrip(", ")
