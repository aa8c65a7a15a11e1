"""Samples of a shipped MNIST generator, written for use outside the course (an instructor's slides, another
scorer)::

    python -m gan_course.mnist sample --generator ch07 -n 10000 --out samples.npz [--seed 0] [--digit 3]

The file holds ``images``, float32 [n, 28, 28] in [0, 1] (0 black, 1 white, whatever range the generator makes),
and for a conditional generator ``labels``, int64 [n], the digits requested (uniform over 0-9 unless ``--digit``).
Every bad name or value, a missing or damaged shipped generator and an ``--out`` that cannot be written are answered
in one sentence that says what to do instead, and the exit status is 2. The file is written atomically
(``gan_course.files``): a failed write (a full disk) leaves an older ``--out`` whole.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import torch

from ..checkpoint import CheckpointError
from ..data import to_unit_range
from ..files import replacing
from ..validate import count
from ..validate import seed as validate_seed
from . import assets
from .conditional import codes, images_of, is_conditional

__all__ = ["MAX_SAMPLES", "generator_names", "conditional_names", "sample_images", "write_samples", "main"]

MAX_SAMPLES = 200_000  # 200,000 x 784 float32 = 627 MB in memory: more than any scorer needs


def generator_names() -> list[str]:
    """The shipped generators ``sample`` can draw from."""
    return sorted(name for name in assets.FILES if name != "classifier")


def sample_images(generator: str, n: int, seed: int = 0, digit: int | None = None) -> dict[str, np.ndarray]:
    """``{"images": float32 [n, 28, 28] in [0, 1]}`` from the shipped ``generator``, noise from ``seed``; for a
    conditional generator also ``"labels"``, int64 [n]: ``digit`` for every sample, or uniform over 0-9."""
    if generator not in generator_names():
        raise ValueError(f"--generator must be one of {generator_names()}, got {generator!r}")
    count(n, "-n (how many samples)", MAX_SAMPLES)
    validate_seed(seed, "--seed")
    G, recipe, _ = assets.load_generator(generator)
    conditional = is_conditional(G)
    if digit is not None and not conditional:
        raise ValueError(f"{generator} is not a conditional generator: it draws digits of its own choosing; "
                         f"leave out --digit (the conditional ones: {conditional_names()})")
    if digit is not None and not (isinstance(digit, int) and 0 <= digit <= 9):
        raise ValueError(f"--digit must be one of the digits 0 to 9, got {digit!r}")
    rng = torch.Generator().manual_seed(seed)
    z = torch.randn(n, recipe.noise_dim, generator=rng)
    labels = None
    if conditional:
        labels = torch.full((n,), digit) if digit is not None else torch.randint(0, 10, (n,), generator=rng)
        z = codes(z, labels)
    with torch.no_grad():
        x = torch.cat([images_of(G(chunk)) for chunk in z.split(10_000)])
    images = to_unit_range(x, recipe.value_range).clamp(0, 1).reshape(n, 28, 28)
    arrays = {"images": images.numpy().astype(np.float32)}
    if labels is not None:
        arrays["labels"] = labels.numpy().astype(np.int64)
    return arrays


def conditional_names() -> list[str]:
    """The shipped generators that draw a requested digit (``--digit``)."""
    return sorted(name for name in generator_names() if assets.recipe_of(name).conditional)


def write_samples(out: str | Path, arrays: dict[str, np.ndarray]) -> Path:
    """Write ``arrays`` to the .npz file ``out`` (its folder must exist), atomically: a write that fails (a full
    disk, a folder one may not write in) raises a ValueError saying so and leaves an older ``out`` as it was."""
    path = Path(out)
    if path.suffix != ".npz":
        raise ValueError(f"--out must name a .npz file, e.g. samples.npz, got {str(out)!r}")
    if not path.parent.is_dir():
        raise ValueError(f"--out's folder {str(path.parent)!r} does not exist: create it first")
    if path.is_dir():
        inside = str(path / "samples.npz")
        raise ValueError(f"--out {str(out)!r} is a folder: name a .npz file inside it, e.g. {inside!r}")
    try:
        with replacing(path) as f:  # a temporary file beside it, then os.replace
            np.savez_compressed(f, **arrays)
    except OSError as err:
        raise ValueError(
            f"--out {str(out)!r} could not be written ({err.strerror or err}); nothing was changed there: "
            f"pass a file in a folder you can write to, on a disk with room for it"
        ) from None
    return path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m gan_course.mnist sample", description=__doc__.splitlines()[0])
    parser.add_argument("--generator", required=True, help=f"one of {generator_names()}")
    parser.add_argument("-n", type=str, default="10000", help="how many samples (default 10000)")
    parser.add_argument("--out", required=True, help="the .npz file to write")
    parser.add_argument("--seed", type=str, default="0", help="seed of the noise (default 0)")
    parser.add_argument("--digit", type=str, default=None, help="conditional generators: the digit to draw")
    args = parser.parse_args(argv)
    try:
        n, seed = _integer(args.n, "-n"), _integer(args.seed, "--seed")
        digit = None if args.digit is None else _integer(args.digit, "--digit")
        arrays = sample_images(args.generator, n, seed, digit)
        path = write_samples(args.out, arrays)
    except (ValueError, CheckpointError) as err:  # CheckpointError: the shipped generator is missing or damaged
        print(f"sample: {err}", file=sys.stderr)
        return 2
    labels = f" and the requested digits, labels {arrays['labels'].shape} int64" if "labels" in arrays else ""
    print(f"wrote {path}: images {arrays['images'].shape} float32 in [0, 1]{labels} from {args.generator}, "
          f"seed {seed}")
    return 0


def _integer(text: str, name: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, e.g. 10000, got {text!r}") from None
