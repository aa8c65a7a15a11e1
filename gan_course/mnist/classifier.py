"""A small MNIST classifier, trained by the course itself, whose features judge generated digits.

The CNN is ``conv 3x3 (16) -> pool -> conv 3x3 (32) -> pool -> linear 1568 -> 128 -> linear 128 -> 10``.
Its 128 penultimate activations are the feature space of the Frechet distance (``gan_course.mnist.quality``),
the way FID uses an Inception network's pool features. Images enter in [0, 1] as ``[n, 784]`` rows.
"""

from __future__ import annotations

import time

import torch
import torch.nn.functional as F
from torch import nn

from ..data import TensorSampler, mnist_tensors
from ..runtime import seed_everything

__all__ = ["MnistCNN", "FEATURE_DIM", "train_classifier", "accuracy", "predict"]

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


@torch.no_grad()
def predict(model: MnistCNN, images: torch.Tensor, batch_size: int = 2000) -> tuple[torch.Tensor, torch.Tensor]:
    """(predicted labels [n], penultimate features [n, 128]) for images [n, 784] in [0, 1], in eval mode."""
    model.eval()
    labels, feats = [], []
    for chunk in images.split(batch_size):
        f = model.features(chunk)
        feats.append(f)
        labels.append(model.fc2(f).argmax(1))
    return torch.cat(labels), torch.cat(feats)


def accuracy(model: MnistCNN, images: torch.Tensor, labels: torch.Tensor) -> float:
    """Fraction of ``images`` whose predicted class equals ``labels``."""
    pred, _ = predict(model, images)
    return (pred == labels).float().mean().item()


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
