"""A small MNIST classifier, trained by the course itself, whose features judge generated digits.

The CNN is ``conv 3x3 (16) -> pool -> conv 3x3 (32) -> pool -> linear 1568 -> 128 -> linear 128 -> 10``.
Its 128 penultimate activations are the feature space of the Frechet distance (``gan_course.mnist.quality``),
the way FID uses an Inception network's pool features. Images enter in [0, 1] as ``[n, 784]`` rows.
"""

from __future__ import annotations

import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ..data import TensorSampler, mnist_tensors
from ..runtime import seed_everything
from ..validate import MAX_BATCH, count

__all__ = ["MnistCNN", "FEATURE_DIM", "train_classifier", "accuracy", "predict", "as_array", "digit_labels"]

FEATURE_DIM = 128  # width of the penultimate layer: the feature space of the Frechet distance


class MnistCNN(nn.Module):
    """Images [n, 784] in [0, 1] -> class logits [n, 10]; ``features`` gives the penultimate [n, 128]."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)  # [n, 1, 28, 28] -> [n, 16, 28, 28], pooled to 14x14
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)  # -> [n, 32, 14, 14], pooled to 7x7
        self.fc1 = nn.Linear(32 * 7 * 7, FEATURE_DIM)
        self.fc2 = nn.Linear(FEATURE_DIM, 10)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        x = x.reshape(-1, 1, 28, 28)  # [n, 784] -> [n, 1, 28, 28]
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return F.relu(self.fc1(x.flatten(1)))  # [n, 32, 7, 7] -> [n, 1568] -> [n, 128]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(self.features(x))


def _check(model: object, images: object) -> None:
    """A ValueError unless ``model`` is the course's classifier (an ``MnistCNN``, or a module with its two parts,
    ``features`` and ``fc2``) and ``images`` a float tensor [n, 784] or [n, 28, 28] with n >= 1 on its device."""
    if not (isinstance(model, torch.nn.Module) and callable(getattr(model, "features", None))
            and callable(getattr(model, "fc2", None))):
        raise ValueError(f"model must be the course's classifier, an MnistCNN (e.g. assets.load_classifier()), or a "
                         f"module with its features and fc2, got {type(model).__name__}")
    if not isinstance(images, torch.Tensor) or images.ndim not in (2, 3) or len(images) < 1 \
            or tuple(images.shape[1:]) not in ((784,), (28, 28)) or not images.is_floating_point():
        shape = f" of shape {tuple(images.shape)} and dtype {images.dtype}" if isinstance(images, torch.Tensor) else ""
        raise ValueError(f"images must be a float tensor [n, 784] or [n, 28, 28] in [0, 1] with n >= 1 (e.g. "
                         f"data.to_unit_range(G(z), value_range)), got {type(images).__name__}{shape}")
    device = next(model.parameters(), torch.zeros(())).device
    if images.device != device:
        raise ValueError(f"images are on {images.device} but the classifier is on {device}: move one of them, e.g. "
                         f"images.to({str(device)!r})")


def as_array(values: object) -> np.ndarray:
    """``values`` (a tensor, array, list or tuple) as a numpy array; anything else, or ragged rows, as an object
    array holding None, so that the caller's dtype and shape checks refuse it in words."""
    if isinstance(values, torch.Tensor):
        return values.detach().cpu().numpy()
    if isinstance(values, np.ndarray):
        return values
    if isinstance(values, (list, tuple)):
        try:
            return np.asarray(values)
        except ValueError:  # rows of different lengths
            pass
    return np.asarray(None)


def digit_labels(labels: object, name: str = "labels", n: int | None = None) -> np.ndarray:
    """``labels`` as an int64 array [n] if they are digits 0..9: a 1-D tensor, array, list or tuple of whole
    numbers (``n`` of them when given); else a ValueError naming ``name`` and what was given."""
    arr = as_array(labels)
    shape = f" of shape {tuple(arr.shape)} and dtype {arr.dtype}" if arr.dtype != object else ""
    if arr.ndim != 1 or arr.size == 0 or not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(f"{name} must be digits 0..9 as a 1-D tensor of whole numbers [n] with n >= 1 (e.g. "
                         f"predict(model, images)[0]), got {type(labels).__name__}{shape}")
    if n is not None and len(arr) != n:
        raise ValueError(f"{name} must hold one digit per image ({n}), got {len(arr)}")
    if arr.min() < 0 or arr.max() > 9:
        raise ValueError(f"{name} must be digits 0..9, got values from {arr.min()} to {arr.max()}")
    return arr.astype(np.int64)


@torch.no_grad()
def predict(model: MnistCNN, images: torch.Tensor, batch_size: int = 2000) -> tuple[torch.Tensor, torch.Tensor]:
    """(predicted labels [n], penultimate features [n, 128]) for images [n, 784] in [0, 1], in eval mode."""
    _check(model, images)
    count(batch_size, "batch_size (images per forward pass)", MAX_BATCH)
    model.eval()
    labels, feats = [], []
    for chunk in images.split(batch_size):
        f = model.features(chunk)
        feats.append(f)
        labels.append(model.fc2(f).argmax(1))
    return torch.cat(labels), torch.cat(feats)


def accuracy(model: MnistCNN, images: torch.Tensor, labels: torch.Tensor) -> float:
    """Fraction of ``images`` whose predicted class equals ``labels`` (digits 0..9, one per image)."""
    _check(model, images)
    digit_labels(labels, "labels", n=len(images))
    labels = labels if isinstance(labels, torch.Tensor) else torch.as_tensor(np.asarray(labels))
    pred, _ = predict(model, images)
    return (pred == labels.to(pred.device)).float().mean().item()


def train_classifier(
    epochs: int = 5, batch_size: int = 128, lr: float = 1e-3, seed: int = 0, verbose: bool = True
) -> tuple[MnistCNN, float]:
    """Train ``MnistCNN`` on the 60,000 training images with Adam and cross-entropy; return (model, test accuracy).

    The learning rate falls linearly to zero over the run, which settles the last epoch's weights.
    """
    seed_everything(seed)
    model = MnistCNN()
    x_train, y_train = mnist_tensors(train=True)
    x_test, y_test = mnist_tensors(train=False)
    sampler = TensorSampler(torch.arange(len(x_train)))  # batches of indices, so images and labels stay paired
    rng = torch.Generator().manual_seed(seed)
    steps = epochs * (len(x_train) // batch_size)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 1 - s / steps)
    start = time.perf_counter()
    model.train()
    for step in range(1, steps + 1):
        idx = sampler(batch_size, rng)
        loss = F.cross_entropy(model(x_train[idx]), y_train[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        if verbose and step % (steps // (4 * epochs)) == 0:
            print(f"step {step}/{steps}  loss {loss.item():.4f}  {time.perf_counter() - start:.0f} s", flush=True)
    acc = accuracy(model, x_test, y_test)
    if verbose:
        print(f"test accuracy {acc:.4f} after {epochs} epochs ({time.perf_counter() - start:.0f} s)")
    return model, acc
