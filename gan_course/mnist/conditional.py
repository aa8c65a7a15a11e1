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

import torch
from torch import nn

from ..validate import integer

__all__ = [
    "N_CLASSES",
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


def one_hot(labels: torch.Tensor, n: int = N_CLASSES) -> torch.Tensor:
    """Labels [m] (integers 0..n-1) -> float rows [m, n] with a single 1."""
    return nn.functional.one_hot(labels.long(), n).to(torch.float32)


def labelled(images: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Real rows for a conditional GAN: ``[images (784), one_hot(labels) (10)]``, shape [m, 794]."""
    return torch.cat([images, one_hot(labels).to(images.device, images.dtype)], dim=1)


def labelled_noise(noise_dim: int):
    """A noise sampler for a conditional G: z ~ N(0, I_noise_dim), a digit y uniform on 0-9; rows ``[z, onehot(y)]``."""
    integer(noise_dim, "noise_dim")

    def sample(n: int, generator: torch.Generator) -> torch.Tensor:
        z = torch.randn(n, noise_dim, generator=generator)
        y = torch.randint(0, N_CLASSES, (n,), generator=generator)
        return torch.cat([z, one_hot(y)], dim=1)

    return sample


def codes(z: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """G's input rows ``[z, label]``: ``labels`` are digits [m] (one-hot encoded here) or soft labels [m, 10]."""
    y = labels.to(torch.float32) if labels.ndim == 2 else one_hot(labels)
    return torch.cat([z, y.to(z.device)], dim=1)


def noise_walk(za: torch.Tensor, zb: torch.Tensor, digit: int, ts: torch.Tensor) -> torch.Tensor:
    """G's input rows [m, noise_dim + 10] on the line (1 - t) z_A + t z_B at the points ``ts`` [m], the digit fixed."""
    t = ts.reshape(-1, 1)
    return codes((1 - t) * za + t * zb, torch.full((len(t),), digit))


def label_walk(z: torch.Tensor, a: int, b: int, ts: torch.Tensor) -> torch.Tensor:
    """G's input rows [m, noise_dim + 10] with the code ``z`` fixed and the soft label (1 - t) onehot(a) + t onehot(b):
    G sees the embedding (1 - t) E_a + t E_b."""
    t = ts.reshape(-1, 1)
    ya, yb = one_hot(torch.tensor([a])), one_hot(torch.tensor([b]))
    return codes(z.expand(len(t), -1), (1 - t) * ya + t * yb)


def images_of(rows: torch.Tensor) -> torch.Tensor:
    """The image part ``[m, 784]`` of G's or the data's rows (a conditional row also carries its label)."""
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
        self.noise_dim, self.embed_dim = integer(noise_dim, "noise_dim"), integer(embed_dim, "embed_dim")
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
        return torch.cat([self.base(torch.cat([z, self.embed(y)], dim=1)), y], dim=1)


class ProjectionDiscriminator(nn.Module):
    """[image, one-hot y] [m, 794] -> logits [m, 1] = psi(phi(x)) + (V y) . phi(x).

    ``features`` maps images [m, 784] to phi(x) [m, width], one row at a time (no batch norm); ``score`` is psi,
    a linear layer width -> 1 (an unconditional D's last layer)."""

    def __init__(self, features: nn.Module, score: nn.Linear) -> None:
        super().__init__()
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
    from ..data import to_unit_range
    from ..validate import MAX_SAMPLES, count
    from ..validate import seed as validate_seed
    from .classifier import predict

    if not is_conditional(generator):
        raise ValueError(f"requested_accuracy needs a conditional generator (ConditionalGenerator), got "
                         f"{type(generator).__name__}: an unconditional G draws digits of its own choosing")
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
