"""The conditional GAN of chapter 13: the digit enters G and D, and every row carries its label.

A real row is ``[image (784), one-hot label (10)]``; G's input row is ``[z (noise_dim), one-hot label (10)]`` and its
output row ``[image (784), the same one-hot label]``. So the course's one ``Trainer`` trains a conditional GAN as it
is: it draws real rows and noise rows, and D scores (image, label) pairs one row at a time.

    G(z, y) = G_0([z, E y])                     E: the label embedding, 10 -> embed_dim (a linear map of one-hot y)
    D(x, y) = psi(phi(x)) + (V y) . phi(x)      the projection discriminator (Miyato & Koyama 2018)

phi(x) is D's feature vector of the image, psi a linear score that ignores the label, and V y one vector per digit:
D's logit for the pair is "how real does x look" plus "how well do x's features match digit y". A soft label
(1 - t) onehot(a) + t onehot(b) gives the embedding (1 - t) E_a + t E_b exactly: the latent explorer walks from one
digit to another through it.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from ..data import to_unit_range
from ..models import MAX_WIDTH
from ..plotting import check_value_range
from ..validate import MAX_SAMPLES, count
from ..validate import seed as validate_seed
from .classifier import predict

__all__ = [
    "N_CLASSES",
    "check_digit",
    "label_rows",
    "one_hot",
    "labelled",
    "labelled_noise",
    "codes",
    "images_of",
    "noise_walk",
    "label_walk",
    "is_conditional",
    "ConditionalGenerator",
    "ProjectionDiscriminator",
    "requested_accuracy",
]

N_CLASSES = 10  # the digits 0-9
PIXELS = 784


def check_digit(value: object, name: str = "digit", n: int = N_CLASSES) -> int:
    """``value`` as a Python int if it is one digit 0..n-1: an int, a NumPy integer or a one-element integer tensor
    (``3``, ``np.int64(3)``, ``torch.tensor(3)``); a bool, a float (3.7, even 3.0), a string or a digit out of range
    is a ValueError that names ``name``."""
    if isinstance(value, torch.Tensor) and value.numel() == 1 and not value.is_floating_point() \
            and not value.is_complex() and value.dtype != torch.bool:
        value = int(value.item())
    elif isinstance(value, np.integer):
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < n:
        raise ValueError(f"{name} must be one of the digits 0 to {n - 1} (a whole number, e.g. 3), got {value!r}")
    return value


def _as_tensor(labels: object, name: str) -> torch.Tensor:
    if isinstance(labels, torch.Tensor):
        return labels.detach()
    if isinstance(labels, (np.ndarray, list, tuple)):
        try:
            array = np.asarray(labels)
        except ValueError:
            array = None
        if array is not None and array.dtype.kind in "biuf":
            return torch.from_numpy(array.copy())
    raise ValueError(f"{name} must be digits (an integer tensor [m], e.g. torch.tensor([3, 8])) or soft labels (a "
                     f"float tensor [m, 10] of rows summing to 1), got {_describe(labels)}")


def _describe(value: object) -> str:
    if isinstance(value, (torch.Tensor, np.ndarray)):
        return f"a {type(value).__name__} of shape {tuple(value.shape)} and dtype {value.dtype}"
    text = repr(value)
    return text if len(text) <= 60 else f"a {type(value).__name__}"


def label_rows(labels: object, name: str = "labels", n: int | None = None, n_classes: int = N_CLASSES) -> torch.Tensor:
    """The label part of conditional rows, float32 [m, n_classes], from ``labels``: one digit for every row (``3``),
    digits [m] (whole numbers 0..n_classes-1, one-hot encoded here) or soft labels [m, n_classes] (numbers in [0, 1],
    each row summing to 1, like (1 - t) onehot(a) + t onehot(b)). ``n``: the number of rows the labels must give
    (a single digit gives that many). Anything else, a NaN, a digit 10 or -1, a 3.7, a bool, a soft label 2.0, an
    all-zero row or a wrong count, is a ValueError that says what is wrong with the labels, before torch sees them.

    The course's one check of labels: ``one_hot``, ``labelled``, ``codes``, the walks and the latent explorer use it.
    """
    if n is not None:
        count(n, "n (the number of rows)", MAX_SAMPLES)
    if isinstance(labels, (int, float, np.number)) or (isinstance(labels, torch.Tensor) and labels.ndim == 0):
        d = check_digit(labels, f"{name} (one digit for every row)", n_classes)
        rows = 1 if n is None else n
        return nn.functional.one_hot(torch.full((rows,), d), n_classes).to(torch.float32)
    y = _as_tensor(labels, name)
    if y.dtype == torch.bool or y.is_complex():
        raise ValueError(f"{name} must be whole numbers 0 to {n_classes - 1} (or soft labels as floats), got a "
                         f"{y.dtype} tensor: give e.g. torch.tensor([3, 8])")
    if y.ndim == 1:
        if y.is_floating_point():
            raise ValueError(f"{name} must be whole numbers 0 to {n_classes - 1} in an integer tensor (e.g. "
                             f"torch.tensor([3, 8])), got floats {_sample(y)}: pass labels.long() if they are "
                             f"whole, or soft labels as rows [m, {n_classes}]")
        bad = (y < 0) | (y >= n_classes)
        if bad.any():
            raise ValueError(f"{name} must be digits 0 to {n_classes - 1}, got {int(y[bad][0])} at position "
                             f"{int(bad.nonzero()[0, 0])}")
        rows = nn.functional.one_hot(y.long(), n_classes).to(torch.float32)
    elif y.ndim == 2 and y.shape[1] == n_classes:
        rows = y.to(torch.float32)
        finite = torch.isfinite(rows).all(dim=1)
        in_range = ((rows >= 0) & (rows <= 1)).all(dim=1)
        sums_to_one = (rows.sum(dim=1) - 1).abs() <= 1e-4
        for ok, what in ((finite, "holds a NaN or an infinity"), (in_range, "holds a number outside [0, 1]"),
                         (sums_to_one, "does not sum to 1")):
            if not ok.all():
                i = int((~ok).nonzero()[0, 0])
                raise ValueError(
                    f"{name} as soft labels [m, {n_classes}] must hold numbers in [0, 1] with each row summing to 1 "
                    f"(one-hot, or (1 - t) onehot(a) + t onehot(b)); row {i} {what}: {_sample(rows[i], 10)}"
                )
    else:
        raise ValueError(f"{name} must be digits [m] or soft labels [m, {n_classes}], got shape {tuple(y.shape)}")
    if n is not None and len(rows) != n:
        raise ValueError(f"{name} hold {len(rows)} labels for {n} rows: give one label per row (or one digit "
                         f"for all)")
    return rows


def _sample(y: torch.Tensor, k: int = 4) -> str:
    """The first ``k`` numbers of ``y``, rounded, for a message."""
    values = [round(v, 4) for v in y.flatten()[:k].tolist()]
    return f"{values}{' ...' if y.numel() > k else ''}"


def _float_rows(x: object, name: str, width: int | None = None) -> torch.Tensor:
    """``x`` if it is a finite float tensor [m, width] (any width when None), else a ValueError naming ``name``."""
    shape = f"[m, {width}]" if width is not None else "[m, k]"
    if not isinstance(x, torch.Tensor) or not x.is_floating_point() or x.ndim != 2 or len(x) < 1 \
            or (width is not None and x.shape[1] != width):
        raise ValueError(f"{name} must be a float tensor {shape}, got {_describe(x)}")
    if not torch.isfinite(x).all():
        raise ValueError(f"{name} must be finite numbers, got a NaN or an infinity (in row "
                         f"{int((~torch.isfinite(x)).any(dim=1).nonzero()[0, 0])})")
    return x


def one_hot(labels: torch.Tensor, n: int = N_CLASSES) -> torch.Tensor:
    """Labels [m] (integers 0..n-1) -> float rows [m, n] with a single 1."""
    count(n, "n (the number of classes)", MAX_WIDTH, minimum=2)
    y = _as_tensor(labels, "labels") if not isinstance(labels, (int, np.integer)) else labels
    if isinstance(y, torch.Tensor) and y.ndim != 1:
        raise ValueError(f"labels must be digits [m] (whole numbers 0 to {n - 1}), got shape {tuple(y.shape)}")
    return label_rows(y, "labels", n_classes=n)


def labelled(images: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Real rows for a conditional GAN: ``[images (784), one_hot(labels) (10)]``, shape [m, 794]."""
    images = _float_rows(images, "images (flattened 28x28 images)", PIXELS)
    return torch.cat([images, label_rows(labels, "labels", len(images)).to(images.device, images.dtype)], dim=1)


def labelled_noise(noise_dim: int):
    """A noise sampler for a conditional G: z ~ N(0, I_noise_dim), a digit y uniform on 0-9; rows ``[z, onehot(y)]``."""
    count(noise_dim, "noise_dim", MAX_WIDTH)

    def sample(n: int, generator: torch.Generator) -> torch.Tensor:
        z = torch.randn(n, noise_dim, generator=generator)
        y = torch.randint(0, N_CLASSES, (n,), generator=generator)
        return torch.cat([z, nn.functional.one_hot(y, N_CLASSES).to(torch.float32)], dim=1)

    return sample


def codes(z: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """G's input rows ``[z, label]``: ``labels`` are one digit for all rows, digits [m] (one-hot encoded here) or
    soft labels [m, 10] (``label_rows`` checks them)."""
    z = _float_rows(z, "z (the noise part of the rows)")
    return torch.cat([z, label_rows(labels, "labels", len(z)).to(z.device, z.dtype)], dim=1)


def _walk_points(ts: object) -> torch.Tensor:
    if not isinstance(ts, torch.Tensor) or not ts.is_floating_point() or ts.numel() < 1 or ts.ndim > 2 \
            or (ts.ndim == 2 and ts.shape[1] != 1):
        raise ValueError(f"ts must be a float tensor of points t on the path (e.g. torch.linspace(0, 1, 9)), got "
                         f"{_describe(ts)}")
    if not torch.isfinite(ts).all():
        raise ValueError(f"ts must be finite numbers (0 is code A, 1 code B), got {_sample(ts)}")
    return ts.reshape(-1, 1)


def _code(z: object, name: str) -> torch.Tensor:
    if not isinstance(z, torch.Tensor) or not z.is_floating_point() or z.ndim not in (1, 2) or z.numel() < 1 \
            or (z.ndim == 2 and len(z) != 1):
        raise ValueError(f"{name} must be one code, a float tensor [noise_dim], got {_describe(z)}")
    if not torch.isfinite(z).all():
        raise ValueError(f"{name} must be finite numbers, got a NaN or an infinity")
    return z.reshape(-1)


def noise_walk(za: torch.Tensor, zb: torch.Tensor, digit: int, ts: torch.Tensor) -> torch.Tensor:
    """G's input rows [m, noise_dim + 10] on the line (1 - t) z_A + t z_B at the points ``ts`` [m], the digit fixed."""
    za, zb = _code(za, "za (code A)"), _code(zb, "zb (code B)")
    if za.shape != zb.shape:
        raise ValueError(f"za and zb must be codes of one size, got {za.numel()} and {zb.numel()} numbers")
    digit, t = check_digit(digit, "digit"), _walk_points(ts)
    return codes((1 - t) * za + t * zb, digit)


def label_walk(z: torch.Tensor, a: int, b: int, ts: torch.Tensor) -> torch.Tensor:
    """G's input rows [m, noise_dim + 10] with the code ``z`` fixed and the soft label (1 - t) onehot(a) + t onehot(b):
    G sees the embedding (1 - t) E_a + t E_b."""
    z, a, b = _code(z, "z (the code)"), check_digit(a, "a (the first digit)"), check_digit(b, "b (the second digit)")
    t = _walk_points(ts)
    if ((t < 0) | (t > 1)).any():
        raise ValueError(f"ts must lie in [0, 1] on a label walk (0 is the digit a, 1 the digit b; beyond them the "
                         f"soft label is no mixture), got {_sample(t)}")
    ya, yb = label_rows(a, "a"), label_rows(b, "b")
    return codes(z.expand(len(t), -1), (1 - t) * ya + t * yb)


def images_of(rows: torch.Tensor) -> torch.Tensor:
    """The image part ``[m, 784]`` of G's or the data's rows (a conditional row also carries its label)."""
    if not isinstance(rows, torch.Tensor) or rows.ndim < 1 or rows.shape[-1] not in (PIXELS, PIXELS + N_CLASSES):
        raise ValueError(f"rows must be images [m, 784] or conditional rows [m, 794] (image, label), got "
                         f"{_describe(rows)}")
    return rows[..., :PIXELS]


def is_conditional(generator: nn.Module) -> bool:
    """True for a ``ConditionalGenerator`` (its input rows carry a label)."""
    return isinstance(generator, ConditionalGenerator)


class ConditionalGenerator(nn.Module):
    """[z, one-hot y] [m, noise_dim + 10] -> [image, y] [m, 794]: ``base`` draws the image from [z, E y].

    ``base`` takes ``noise_dim + embed_dim`` inputs (a ``ConvGenerator`` or an MLP generator); E is
    ``embed`` (no bias, so a soft label mixes the digits' embeddings linearly)."""

    n_classes = N_CLASSES

    def __init__(self, base: nn.Module, noise_dim: int, embed_dim: int) -> None:
        super().__init__()
        if not isinstance(base, nn.Module):
            raise ValueError(f"base must be a torch.nn.Module taking noise_dim + embed_dim inputs, got "
                             f"{type(base).__name__}")
        self.noise_dim = count(noise_dim, "noise_dim", MAX_WIDTH)
        self.embed_dim = count(embed_dim, "embed_dim", MAX_WIDTH)
        self.base = base
        self.embed = nn.Linear(N_CLASSES, embed_dim, bias=False)

    def forward(self, code: torch.Tensor) -> torch.Tensor:
        if code.ndim != 2 or code.shape[1] != self.noise_dim + N_CLASSES:
            raise ValueError(
                f"a conditional generator takes rows [z ({self.noise_dim}), label (10)] of width "
                f"{self.noise_dim + N_CLASSES}, got shape {tuple(code.shape)}: build them with "
                "gan_course.mnist.conditional.codes(z, digits)"
            )
        z, y = code[:, : self.noise_dim], code[:, self.noise_dim :]
        if not self.training:  # sampling, the explorer, a student's rows; training draws them with labelled_noise
            label_rows(y, "the label part of G's input rows (their last 10 numbers; conditional.codes(z, digits) "
                          "builds them)")
        return torch.cat([self.base(torch.cat([z, self.embed(y)], dim=1)), y], dim=1)


class ProjectionDiscriminator(nn.Module):
    """[image, one-hot y] [m, 794] -> logits [m, 1] = psi(phi(x)) + (V y) . phi(x).

    ``features`` maps images [m, 784] to phi(x) [m, width], one row at a time (no batch norm); ``score`` is psi,
    a linear layer width -> 1 (an unconditional D's last layer)."""

    def __init__(self, features: nn.Module, score: nn.Linear) -> None:
        super().__init__()
        if not isinstance(features, nn.Module) or not isinstance(score, nn.Linear) or score.out_features != 1:
            raise ValueError(f"features must be a torch.nn.Module and score a torch.nn.Linear(width, 1), got "
                             f"{type(features).__name__} and {_describe(score)}")
        self.features, self.score = features, score  # psi: the label-free part
        self.embed = nn.Linear(N_CLASSES, score.in_features, bias=False)  # V: one vector per digit

    def forward(self, rows: torch.Tensor) -> torch.Tensor:
        h = self.features(rows[:, :PIXELS])
        return self.score(h) + (self.embed(rows[:, PIXELS:]) * h).sum(dim=1, keepdim=True)


@torch.no_grad()
def requested_accuracy(
    generator: nn.Module, value_range: tuple[float, float], classifier: nn.Module, n_per_class: int = 1000,
    seed: int = 2024,
) -> torch.Tensor:
    """For each digit d: the share of ``n_per_class`` samples G(z, d) that ``classifier`` reads as d; a tensor [10].

    The noise comes from ``seed`` and is the same for every digit, so the rows differ only in the digit asked for."""
    if not is_conditional(generator):
        raise ValueError(f"requested_accuracy needs a conditional generator (ConditionalGenerator), got "
                         f"{type(generator).__name__}: an unconditional G draws digits of its own choosing")
    value_range = check_value_range(value_range)
    if not isinstance(classifier, nn.Module):
        raise ValueError(f"classifier must be a torch.nn.Module (the course's MnistCNN, "
                         f"gan_course.mnist.assets.load_classifier()), got {type(classifier).__name__}")
    count(n_per_class, "n_per_class", MAX_SAMPLES // N_CLASSES)
    validate_seed(seed, "seed")
    was_training = generator.training
    generator.eval()
    try:
        device = next(generator.parameters()).device
        z = torch.randn(n_per_class, generator.noise_dim, generator=torch.Generator().manual_seed(seed))
        shares = []
        for d in range(N_CLASSES):
            rows = codes(z, torch.full((n_per_class,), d)).to(device)
            labels, _ = predict(classifier, to_unit_range(images_of(generator(rows)).cpu(), value_range))
            shares.append((labels == d).float().mean())
    finally:
        generator.train(was_training)
    return torch.stack(shares)
