"""Data for the course: 1-D target and noise samplers, and MNIST from the files shipped in ``data/``.

Nothing here downloads anything. MNIST lives gzipped in ``data/MNIST/raw/``; on first use each file is
decompressed beside its archive (atomically: a temporary file, checked, then renamed) and its SHA-256 checked, so a
missing or damaged file is caught with a message that says how to restore it. Only these verified raw files are
ever read: torchvision's cache, a ``MNIST/processed/`` folder (``training.pt``, ``test.pt``) that torchvision would
load instead of the raw files, is not checked by anyone, so the course ignores it and says so with a warning.
"""

from __future__ import annotations

import gzip
import hashlib
import math
import os
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from numbers import Real
from pathlib import Path

import numpy as np
import torch

from .files import replacing
from .validate import count, lookup

__all__ = [
    "DataError",
    "MNIST_SHA256",
    "Sampler",
    "gaussian_sampler",
    "uniform_noise",
    "normal_noise",
    "noise_sampler",
    "default_data_dir",
    "ensure_mnist",
    "mnist_dataset",
    "mnist_tensors",
    "TensorSampler",
    "to_unit_range",
    "sha256_of",
    "StrayDataWarning",
    "MAX_DIM",
    "data_root",
]

# A sampler takes a batch size and a torch.Generator and returns a tensor whose first dimension is that size.
Sampler = Callable[[int, torch.Generator], torch.Tensor]


class DataError(RuntimeError):
    """A data file is missing or damaged; the message says which file and how to restore it."""


class StrayDataWarning(UserWarning):
    """A file the course does not verify sits where a loader could read it; the course reads the verified one."""


# --------------------------------------------------------------------------------------------------
# 1-D targets and noise


MAX_DIM = 1 << 20  # a sample wider than a million numbers per row is a typo: a batch of them would fill the memory


def _finite(value: object, name: str, example: str, positive: bool = False) -> float:
    """``value`` as a float if it is one real number (Python's or NumPy's, not a bool), finite (and > 0 with
    ``positive``); else a ValueError naming ``name``, the value and an ``example``."""
    ok = isinstance(value, Real) and not isinstance(value, (bool, np.bool_)) and math.isfinite(value)
    if not ok or (positive and not value > 0):
        rule = "> 0, a finite number" if positive else "one finite number"
        raise ValueError(f"{name} must be {rule} like {example}, got {value!r}")
    return float(value)


def _dim(dim: object, name: str) -> int:
    return count(dim, name, MAX_DIM, hint="the numbers in one sample")


def gaussian_sampler(mean: float = 4.0, std: float = 1.25, dim: int = 1) -> Sampler:
    """R: samples x ~ N(mean, std^2), shape ``[n, dim]``."""
    _finite(mean, "mean", "4.0")
    _finite(std, "std", "1.25 (the standard deviation of N(mean, std^2))", positive=True)
    _dim(dim, "dim")

    def sample(n: int, generator: torch.Generator) -> torch.Tensor:
        return mean + std * torch.randn(n, dim, generator=generator)

    return sample


def uniform_noise(dim: int = 1) -> Sampler:
    """I: noise z ~ U[0, 1)^dim, as in gan-reproduction and fifty-lines (G must reshape it non-linearly)."""
    _dim(dim, "noise dim")
    return lambda n, generator: torch.rand(n, dim, generator=generator)


def normal_noise(dim: int = 1) -> Sampler:
    """I: noise z ~ N(0, I_dim), as in mnist-tanh."""
    _dim(dim, "noise dim")
    return lambda n, generator: torch.randn(n, dim, generator=generator)


NOISE = {"uniform": uniform_noise, "normal": normal_noise}


def noise_sampler(kind: str, dim: int) -> Sampler:
    """The noise sampler named ``kind`` ("uniform" or "normal") of dimension ``dim``."""
    return lookup(NOISE, kind, "noise")(dim)


def fits_data(batch_size: int, rows: int, name: str = "batch_size", what: str = "the data") -> None:
    """Refuse a batch larger than the data it is cut from (every batch-size check of the course is this one)."""
    if batch_size > rows:
        raise ValueError(f"{name} = {batch_size} is larger than {what} ({rows} rows); use at most {rows}")


@dataclass
class TensorSampler:
    """Minibatches drawn from a fixed tensor by walking a random permutation (one epoch = one pass).

    All indexing happens on the tensor's own device: no DataLoader, no per-item transforms.
    """

    data: torch.Tensor

    def __post_init__(self) -> None:
        data = self.data
        if not isinstance(data, torch.Tensor) or data.ndim < 1 or len(data) < 1 or data.dtype == torch.bool:
            shape = f" of shape {tuple(data.shape)}" if isinstance(data, torch.Tensor) else ""
            raise ValueError(f"data must be a tensor of numbers with one row per example, like images [N, 784] or "
                             f"indices torch.arange(N), with N >= 1; got {type(data).__name__}{shape}")
        if data.is_floating_point() and not torch.isfinite(data).all():
            raise ValueError(f"data must hold finite numbers, but {int((~torch.isfinite(data)).sum()):,} of its "
                             f"{data.numel():,} values are NaN or infinite: clean or drop those rows first")
        self._order: torch.Tensor | None = None
        self._pos = 0
        self.epochs_done = 0

    def __len__(self) -> int:
        return self.data.shape[0]

    def __call__(self, n: int, generator: torch.Generator) -> torch.Tensor:
        fits_data(n, len(self))
        if self._order is None or self._pos + n > len(self):
            if self._order is not None:
                self.epochs_done += 1
            # The permutation is drawn on the CPU generator, then moved: same order on every device.
            self._order = torch.randperm(len(self), generator=generator).to(self.data.device)
            self._pos = 0
        idx = self._order[self._pos : self._pos + n]
        self._pos += n
        return self.data[idx]


# --------------------------------------------------------------------------------------------------
# MNIST

# SHA-256 of the *uncompressed* files (one archive was re-compressed, so the .gz bytes are not canonical).
MNIST_SHA256 = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}

_RESTORE_HINT = (
    "Restore it from the repository with `git checkout -- data/MNIST/raw/` "
    "(or copy the four MNIST .gz files from a fresh clone into {raw}). The course never downloads data."
)


def default_data_dir() -> Path:
    """``$GAN_COURSE_DATA`` if set, else the ``data/`` folder at the top of the repository."""
    env = os.environ.get("GAN_COURSE_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data"


def data_root(root: str | os.PathLike | None, name: str = "root") -> Path:
    """The folder ``root`` as a Path (``default_data_dir()`` when None), or a ValueError for anything that is not
    a folder name: the course's data live under it (``MNIST/raw/``, ``records/``, the shipped generators)."""
    if root is None:
        return default_data_dir()
    if not isinstance(root, (str, os.PathLike)) or str(root) == "":
        raise ValueError(f"{name} must be a folder such as 'data' (a str or pathlib.Path), or None for the "
                         f"repository's data/ folder; got {root!r}")
    return Path(root)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def ensure_mnist(root: str | Path | None = None) -> Path:
    """Decompress (first use) and verify the four MNIST files; return the folder that holds ``MNIST/``.

    Raises ``DataError`` naming the file when an archive is missing, unreadable, or decompresses to
    content whose SHA-256 differs from ``MNIST_SHA256``. A decompressed copy is written to a temporary file beside
    it and renamed only once its checksum matches: an interrupted or failed write (a full disk) leaves no
    half-written copy. Warns (``StrayDataWarning``) when a ``MNIST/processed/`` folder is present: it is ignored.
    """
    root = data_root(root, "root (the folder that holds MNIST/raw/)")
    raw = root / "MNIST" / "raw"
    hint = _RESTORE_HINT.format(raw=raw)
    for name, expected in MNIST_SHA256.items():
        target, archive = raw / name, raw / f"{name}.gz"
        if target.is_file() and sha256_of(target) == expected:
            continue
        if not archive.is_file():
            what = "is a folder, not the archive" if archive.is_dir() else "is missing"
            raise DataError(f"MNIST file {archive} {what}. {hint}")
        try:
            with replacing(target) as dst, gzip.open(archive, "rb") as src:  # own temporary name: kernels may race
                h = hashlib.sha256()
                for block in iter(lambda: src.read(1 << 20), b""):
                    h.update(block)
                    dst.write(block)
                if h.hexdigest() != expected:  # raised inside: the temporary file is removed, nothing is renamed
                    raise DataError(
                        f"MNIST file {archive} is corrupt (its SHA-256 does not match data/README.md). {hint}"
                    )
        except (OSError, EOFError) as err:  # BadGzipFile (an OSError), EOFError when truncated, a full disk
            raise DataError(f"MNIST file {archive} is corrupt or could not be unpacked ({err}). {hint}") from None
    processed = root / "MNIST" / "processed"
    if processed.exists():
        warnings.warn(
            f"{processed} holds torchvision's cached copy of MNIST, which nothing verifies: the course ignores it "
            f"and reads only the checksummed files in {raw}. Delete the folder to silence this warning.",
            StrayDataWarning,
            stacklevel=2,
        )
    return root


# idx files: a big-endian header (two zero bytes, type 0x08 = uint8, number of dimensions, then each size), then
# the values. Images: 3 dimensions [N, 28, 28]; labels: 1 dimension [N].
_IDX_DIMS = {"images": 3, "labels": 1}


def _read_idx(path: Path, kind: str) -> torch.Tensor:
    """The uint8 tensor in the verified idx file ``path`` (``kind``: "images" or "labels")."""
    blob = path.read_bytes()
    dims = _IDX_DIMS[kind]
    header = 4 + 4 * dims
    sizes = [int.from_bytes(blob[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    expected = header + (sizes[0] * (sizes[1] * sizes[2] if dims == 3 else 1) if sizes else 0)
    if blob[:4] != bytes([0, 0, 8, dims]) or len(blob) != expected:
        raise DataError(f"{path} is not an MNIST {kind} file. " + _RESTORE_HINT.format(raw=path.parent))
    return torch.frombuffer(bytearray(blob[header:]), dtype=torch.uint8).reshape(sizes)


def _verified_split(train: bool, root: str | Path | None) -> tuple[torch.Tensor, torch.Tensor]:
    """(images uint8 [N, 28, 28], labels int64 [N]) from the verified raw files only (never MNIST/processed/)."""
    raw = ensure_mnist(root) / "MNIST" / "raw"
    prefix = "train" if train else "t10k"
    images = _read_idx(raw / f"{prefix}-images-idx3-ubyte", "images")
    labels = _read_idx(raw / f"{prefix}-labels-idx1-ubyte", "labels").to(torch.int64)
    return images, labels


def mnist_dataset(train: bool = True, root: str | Path | None = None, transform=None):
    """``torchvision.datasets.MNIST`` served from the verified shipped files (``download=False``).

    Its images and labels are the verified raw files' (``ensure_mnist``), whatever a ``MNIST/processed/`` folder
    holds: torchvision would load that cache instead, so the course sets them itself.
    """
    from torchvision import datasets  # imported here: the 1-D chapters do not need torchvision

    images, labels = _verified_split(train, root)

    class MNIST(datasets.MNIST):  # the same class name: torchvision looks for MNIST/raw/ under root
        def _check_legacy_exist(self) -> bool:
            return False  # never the unverified processed/ cache

    root = data_root(root)
    ds = MNIST(str(root), train=train, transform=transform, download=False)
    ds.data, ds.targets = images, labels  # the verified arrays, whatever torchvision's loader read
    return ds


def mnist_tensors(
    train: bool = True,
    value_range: tuple[float, float] = (0.0, 1.0),
    root: str | Path | None = None,
    device: torch.device | str = "cpu",
) -> tuple[torch.Tensor, torch.Tensor]:
    """The whole split as ``(images [N, 784] float32 scaled to value_range, labels [N] int64)`` in memory.

    ``value_range=(0, 1)`` suits a sigmoid generator (gan-mnist); ``(-1, 1)`` a tanh one (mnist-tanh). Read from
    the verified raw files only (``ensure_mnist``), without torchvision.
    """
    lo, hi = _value_range(value_range)
    images, labels = _verified_split(train, root)
    images = images.reshape(len(images), 28 * 28).to(torch.float32) / 255.0  # [N, 28, 28] -> [N, 784]
    images = images * (hi - lo) + lo
    return images.to(device), labels.to(device)


def _value_range(value_range: object) -> tuple[float, float]:
    """``value_range`` as (lo, hi) if it is two finite numbers with lo < hi, else a ValueError saying so."""
    ok = isinstance(value_range, (tuple, list)) and len(value_range) == 2 and all(
        isinstance(v, Real) and not isinstance(v, (bool, np.bool_)) and math.isfinite(v) for v in value_range)
    if not ok or not value_range[0] < value_range[1]:
        raise ValueError(f"value_range must be (low, high), two finite numbers with high > low, the pixel values of "
                         f"black and white: (0.0, 1.0) for a sigmoid G or (-1.0, 1.0) for a tanh G; "
                         f"got {value_range!r}")
    return value_range[0], value_range[1]


def to_unit_range(images: torch.Tensor, value_range: Sequence[float]) -> torch.Tensor:
    """Map images from ``value_range`` = (lo, hi) to [0, 1] (what the classifier and the plots expect):
    x -> clamp((x - lo) / (hi - lo), 0, 1), for images [n, 784] or [n, 28, 28]."""
    if not isinstance(images, torch.Tensor) or images.ndim not in (2, 3) or len(images) < 1 \
            or tuple(images.shape[1:]) not in ((784,), (28, 28)) or not images.is_floating_point():
        shape = f" of shape {tuple(images.shape)} and dtype {images.dtype}" if isinstance(images, torch.Tensor) else ""
        raise ValueError(f"images must be a float tensor [n, 784] or [n, 28, 28] with n >= 1 (what G draws), got "
                         f"{type(images).__name__}{shape}")
    lo, hi = _value_range(value_range)
    return ((images - lo) / (hi - lo)).clamp(0.0, 1.0)
