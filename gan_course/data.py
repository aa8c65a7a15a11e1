"""Data for the course: 1-D target and noise samplers, and MNIST from the files shipped in ``data/``.

Nothing here downloads anything. MNIST lives gzipped in ``data/MNIST/raw/``; on first use each file is
decompressed beside its archive and its SHA-256 checked, so a missing or damaged file is caught with a
message that says how to restore it.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import torch

from .validate import lookup

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
]

# A sampler takes a batch size and a torch.Generator and returns a tensor whose first dimension is that size.
Sampler = Callable[[int, torch.Generator], torch.Tensor]


class DataError(RuntimeError):
    """A data file is missing or damaged; the message says which file and how to restore it."""


# --------------------------------------------------------------------------------------------------
# 1-D targets and noise


def gaussian_sampler(mean: float = 4.0, std: float = 1.25, dim: int = 1) -> Sampler:
    """R: samples x ~ N(mean, std^2), shape ``[n, dim]``."""
    if not std > 0:
        raise ValueError(f"std must be > 0, got {std!r}")
    if dim < 1:
        raise ValueError(f"dim must be >= 1, got {dim!r}")

    def sample(n: int, generator: torch.Generator) -> torch.Tensor:
        return mean + std * torch.randn(n, dim, generator=generator)

    return sample


def uniform_noise(dim: int = 1) -> Sampler:
    """I: noise z ~ U[0, 1)^dim, as in gan-reproduction and fifty-lines (G must reshape it non-linearly)."""
    if dim < 1:
        raise ValueError(f"noise dim must be >= 1, got {dim!r}")
    return lambda n, generator: torch.rand(n, dim, generator=generator)


def normal_noise(dim: int = 1) -> Sampler:
    """I: noise z ~ N(0, I_dim), as in mnist-tanh."""
    if dim < 1:
        raise ValueError(f"noise dim must be >= 1, got {dim!r}")
    return lambda n, generator: torch.randn(n, dim, generator=generator)


NOISE = {"uniform": uniform_noise, "normal": normal_noise}


def noise_sampler(kind: str, dim: int) -> Sampler:
    """The noise sampler named ``kind`` ("uniform" or "normal") of dimension ``dim``."""
    return lookup(NOISE, kind, "noise")(dim)


@dataclass
class TensorSampler:
    """Minibatches drawn from a fixed tensor by walking a random permutation (one epoch = one pass).

    All indexing happens on the tensor's own device: no DataLoader, no per-item transforms.
    """

    data: torch.Tensor

    def __post_init__(self) -> None:
        self._order: torch.Tensor | None = None
        self._pos = 0
        self.epochs_done = 0

    def __len__(self) -> int:
        return self.data.shape[0]

    def __call__(self, n: int, generator: torch.Generator) -> torch.Tensor:
        if n > len(self):
            raise ValueError(f"batch_size {n} is larger than the data ({len(self)} rows); use at most {len(self)}")
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


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def ensure_mnist(root: str | Path | None = None) -> Path:
    """Decompress (first use) and verify the four MNIST files; return the folder that holds ``MNIST/``.

    Raises ``DataError`` naming the file when an archive is missing, unreadable, or decompresses to
    content whose SHA-256 differs from ``MNIST_SHA256``.
    """
    root = Path(root) if root is not None else default_data_dir()
    raw = root / "MNIST" / "raw"
    hint = _RESTORE_HINT.format(raw=raw)
    for name, expected in MNIST_SHA256.items():
        target, archive = raw / name, raw / f"{name}.gz"
        if target.exists() and sha256_of(target) == expected:
            continue
        if not archive.exists():
            raise DataError(f"MNIST file {archive} is missing. {hint}")
        tmp = target.with_name(f"{target.name}.{os.getpid()}.partial")  # own name: two kernels may unpack at once
        try:
            with gzip.open(archive, "rb") as src, open(tmp, "wb") as dst:
                shutil.copyfileobj(src, dst)
        except (OSError, EOFError) as err:  # gzip raises BadGzipFile (an OSError) or EOFError when truncated
            tmp.unlink(missing_ok=True)
            raise DataError(f"MNIST file {archive} is corrupt ({err}). {hint}") from None
        if sha256_of(tmp) != expected:
            tmp.unlink(missing_ok=True)
            raise DataError(f"MNIST file {archive} is corrupt (its SHA-256 does not match data/README.md). {hint}")
        tmp.replace(target)
    return root


def mnist_dataset(train: bool = True, root: str | Path | None = None, transform=None):
    """``torchvision.datasets.MNIST`` served from the verified shipped files (``download=False``)."""
    from torchvision.datasets import MNIST  # imported here: the 1-D chapters do not need torchvision

    root = ensure_mnist(root)
    return MNIST(str(root), train=train, transform=transform, download=False)


def mnist_tensors(
    train: bool = True,
    value_range: tuple[float, float] = (0.0, 1.0),
    root: str | Path | None = None,
    device: torch.device | str = "cpu",
) -> tuple[torch.Tensor, torch.Tensor]:
    """The whole split as ``(images [N, 784] float32 scaled to value_range, labels [N] int64)`` in memory.

    ``value_range=(0, 1)`` suits a sigmoid generator (gan-mnist); ``(-1, 1)`` a tanh one (mnist-tanh).
    """
    lo, hi = value_range
    if not hi > lo:
        raise ValueError(f"value_range must be (low, high) with high > low, got {value_range!r}")
    ds = mnist_dataset(train=train, root=root)
    images = ds.data.reshape(len(ds.data), 28 * 28).to(torch.float32) / 255.0  # [N, 28, 28] -> [N, 784]
    images = images * (hi - lo) + lo
    return images.to(device), ds.targets.to(device)


def to_unit_range(images: torch.Tensor, value_range: Sequence[float]) -> torch.Tensor:
    """Map images from ``value_range`` to [0, 1] (what the classifier and the plots expect)."""
    lo, hi = value_range
    return ((images - lo) / (hi - lo)).clamp(0.0, 1.0)
