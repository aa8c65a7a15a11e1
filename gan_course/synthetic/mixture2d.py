"""2-D mixtures of Gaussians, the standard test of mode collapse, and the measurements made on them.

Targets (as in the mode-collapse literature: Metz et al. 2017, "Unrolled GANs"; Srivastava et al. 2017,
"VEEGAN"; Lin et al. 2018, "PacGAN"):

- ``ring()``: 8 equal Gaussians on a circle of radius 2, standard deviation 0.02;
- ``grid()``: 25 equal Gaussians on the 5 x 5 grid {-4, -2, 0, 2, 4}^2, standard deviation 0.05.

Measurements on ``n`` generator samples (``assess``):

- a sample is **high quality** when it lies within 3 standard deviations of some mode (its nearest);
- a mode is **covered** when at least ``min_count`` high-quality samples register to it (PacGAN's rule:
  20 of 2,500 samples, i.e. 0.8% of them, where an even share is 12.5% on the ring and 4% on the grid);
- **KL(modes || uniform)**: the Kullback-Leibler divergence, in nats, from the histogram of high-quality samples
  over the modes to the uniform one: 0 when every mode gets the same share, log K when one mode gets them all.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import nn

from .. import batched, models, runtime
from ..callbacks import Every
from ..data import Sampler, normal_noise
from ..features import feature_dim
from ..recipe import Recipe
from ..train import Callback, TrainConfig, Trainer
from ..validate import MAX_SAMPLES, boolean, count, lookup, number, positive_number, seed_tuple, step_count, widths
from ..validate import seed as validate_seed

__all__ = [
    "Mixture2D",
    "ring",
    "grid",
    "TARGETS",
    "Assessment",
    "assess",
    "modes_summary",
    "Recipe2D",
    "PLAIN",
    "COOLED",
    "REMEDIES",
    "build_seeds",
    "TrackModes",
    "train_seeds",
]


@dataclass(frozen=True)
class Mixture2D:
    """An equal-weight mixture of K isotropic Gaussians in the plane: ``centres`` [K, 2], one ``std``.

    The modes must be told apart by ``assess``, which registers a sample to its nearest mode when it lies within
    3 std of it: any two centres must be at least 6 std apart (no repeated centre, no ring of radius 0).
    """

    name: str
    centres: tuple[tuple[float, float], ...]
    std: float

    MIN_SEPARATION = 6.0  # in units of std: the 3-std discs of two modes do not overlap

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise ValueError(f"name must be a string (a label), got {self.name!r}")
        pairs = isinstance(self.centres, (tuple, list)) and len(self.centres) > 0
        pairs = pairs and all(isinstance(c, (tuple, list)) and len(c) == 2 for c in self.centres)
        if not pairs:
            raise ValueError(f"centres must be a non-empty tuple of (x, y) pairs like ((2.0, 0.0), (-2.0, 0.0)), "
                             f"got {self.centres!r}")
        if len(self.centres) > MAX_MODES:
            raise ValueError(f"centres must hold at most {MAX_MODES:,} modes, got {len(self.centres):,}")
        for c in self.centres:
            for v in c:
                number(v, f"the centre coordinate in {tuple(c)!r}", -1e6, 1e6, "2.0 (a finite number)")
        positive_number(self.std, "std", "0.02")
        c = torch.tensor(self.centres, dtype=torch.float64)
        for start in range(0, len(c), 1000):  # the closest pair, 1,000 rows at a time
            d = torch.cdist(c[start:start + 1000], c)
            d[torch.arange(len(d)), torch.arange(start, start + len(d))] = math.inf  # not a centre to itself
            closest, j = d.min(dim=1).values.min(dim=0), d.min(dim=1).indices
            if closest.values < self.MIN_SEPARATION * self.std:
                i = start + int(closest.indices)
                k = int(j[closest.indices])
                raise ValueError(
                    f"centres {tuple(self.centres[i])} and {tuple(self.centres[k])} are "
                    f"{float(closest.values):.3g} apart, closer than 6 std = {self.MIN_SEPARATION * self.std:g}: "
                    f"their samples could not be told apart (assess counts a sample within 3 std of its nearest "
                    f"mode); give distinct centres at least 6 std apart, or a smaller std"
                )

    @property
    def k(self) -> int:
        """The number of modes."""
        return len(self.centres)

    def centre_tensor(self) -> torch.Tensor:
        return torch.tensor(self.centres, dtype=torch.float32)

    def sampler(self) -> Sampler:
        """R: ``sample(n, generator)`` -> [n, 2]: a uniformly chosen mode plus N(0, std^2 I) noise."""
        centres = self.centre_tensor()

        def sample(n: int, generator: torch.Generator) -> torch.Tensor:
            which = torch.randint(0, self.k, (n,), generator=generator)
            return centres[which] + self.std * torch.randn(n, 2, generator=generator)

        return sample

    def sample(self, n: int, seed: int = 0) -> torch.Tensor:
        """``n`` samples [n, 2] from a fixed seed."""
        count(n, "n (how many samples)", MAX_SAMPLES)
        validate_seed(seed, "seed")
        return self.sampler()(n, torch.Generator().manual_seed(seed))


def ring(k: int = 8, radius: float = 2.0, std: float = 0.02) -> Mixture2D:
    """``k`` Gaussians evenly spaced on a circle of ``radius`` (the literature's 8, radius 2, std 0.02)."""
    count(k, "k (modes on the ring)", 1000, minimum=2)
    positive_number(radius, "radius (of the ring)", "2.0")
    number(radius, "radius (of the ring)", 0.0, 1e6, "2.0")
    positive_number(std, "std", "0.02")
    centres = tuple(
        (round(radius * math.cos(2 * math.pi * i / k), 12), round(radius * math.sin(2 * math.pi * i / k), 12))
        for i in range(k)
    )
    return Mixture2D(f"ring of {k}", centres, std)


def grid(side: int = 5, spacing: float = 2.0, std: float = 0.05) -> Mixture2D:
    """``side`` x ``side`` Gaussians on a square grid centred on 0 (the literature's 5 x 5, spacing 2, std 0.05)."""
    count(side, "side (modes per row)", 100, minimum=2)
    positive_number(spacing, "spacing (between neighbouring modes)", "2.0")
    number(spacing * (side - 1) / 2, f"spacing * (side - 1) / 2 (the grid's half-width, spacing={spacing!r})",
           0.0, 1e6, "2.0 * 2 = 4.0")
    positive_number(std, "std", "0.05")
    ticks = [spacing * (i - (side - 1) / 2) for i in range(side)]
    return Mixture2D(f"{side}x{side} grid", tuple((x, y) for x in ticks for y in ticks), std)


TARGETS = {"ring": ring, "grid": grid}
MAX_MODES = 10_000  # a 100 x 100 grid


@dataclass(frozen=True)
class Assessment:
    """What ``assess`` measures on one set of samples."""

    modes_covered: int
    k: int
    hq_share: float  # share of samples within 3 std of their nearest mode
    kl_uniform: float  # KL(histogram of high-quality samples over modes || uniform), nats
    counts: tuple[int, ...]  # high-quality samples per mode

    def __str__(self) -> str:
        return (f"{self.modes_covered}/{self.k} modes, {self.hq_share:.0%} high quality, "
                f"KL to uniform {self.kl_uniform:.2f} nats")


def assess(samples: torch.Tensor, target: Mixture2D, min_count: int | None = None) -> Assessment | list[Assessment]:
    """Modes covered, high-quality share and KL to uniform of ``samples`` [n, 2] (or [S, n, 2]: one per seed).

    ``min_count``: high-quality samples a mode needs to count as covered; default 0.8% of n (20 of 2,500).
    """
    if not isinstance(target, Mixture2D):
        raise ValueError(f"target must be a Mixture2D such as mixture2d.ring(), got {type(target).__name__}")
    if not isinstance(samples, torch.Tensor) or samples.dim() not in (2, 3) or samples.shape[-1] != 2:
        got = tuple(samples.shape) if isinstance(samples, torch.Tensor) else type(samples).__name__
        raise ValueError(f"samples must be a tensor [n, 2] (or [seeds, n, 2]) of points in the plane, got {got}")
    if samples.dim() == 3:
        return [assess(s, target, min_count) for s in samples]
    n = samples.shape[0]
    if n == 0:
        raise ValueError("assess needs at least one sample")
    x = samples.detach().float()
    if not torch.isfinite(x).all():
        raise ValueError("samples contain NaN or infinite values: the generator has diverged")
    min_count = max(1, round(0.008 * n)) if min_count is None else count(
        min_count, f"min_count (high-quality samples a mode needs, at most the {n} samples)", n)
    dist = torch.cdist(x, target.centre_tensor())  # [n, K]
    nearest_dist, nearest = dist.min(dim=1)
    hq = nearest_dist <= 3 * target.std
    counts = torch.bincount(nearest[hq], minlength=target.k)
    total = int(counts.sum())
    if total:
        p = counts.double() / total
        kl = float((p[p > 0] * (p[p > 0] * target.k).log()).sum())
    else:
        kl = math.log(target.k)  # no high-quality sample at all: as far from uniform as one mode
    return Assessment(int((counts >= min_count).sum()), target.k, total / n, kl, tuple(int(c) for c in counts))


def modes_summary(assessments: Sequence[Assessment]) -> dict[str, float]:
    """Mean and minimum of modes covered, seeds covering every mode, mean high-quality share, over seeds."""
    ok = isinstance(assessments, (list, tuple)) and assessments and all(isinstance(a, Assessment)
                                                                       for a in assessments)
    if not ok:
        raise ValueError(f"assessments must be a non-empty list of Assessment (assess(samples [S, n, 2], target)), "
                         f"got {assessments!r:.80}")
    modes = [a.modes_covered for a in assessments]
    return {
        "modes_mean": sum(modes) / len(modes),
        "modes_min": min(modes),
        "n_all_modes": sum(a.modes_covered == a.k for a in assessments),
        "hq_share_mean": sum(a.hq_share for a in assessments) / len(assessments),
    }


# ------------------------------------------------------------------------------------------- training on them


@dataclass(frozen=True)
class Recipe2D(Recipe):
    """A 2-D GAN run: G maps ``noise_dim`` normal numbers to a point, D scores ``train.d_features`` of points.

    With ``standardise``, G outputs ``m + s * g(z)`` and D sees ``(x - m) / s``, where (m, s) are the mean and
    standard deviation per coordinate of 1,000 real samples: the networks work in units of the data's spread.
    Change fields with ``recipe.replace(r1=0.1, steps=6000)`` (loop fields go to ``train``).
    """

    name: str
    noise_dim: int = 2
    g_hidden: tuple[int, ...] = (128, 128, 128)
    d_hidden: tuple[int, ...] = (128, 128, 128)
    activation: str = "leaky_relu"
    standardise: bool = True
    spectral_norm: bool = False  # divide each of D's weight matrices by its largest singular value
    train: TrainConfig = TrainConfig(steps=3000, batch_size=256, lr_d=1e-3, lr_g=1e-3, betas=(0.5, 0.999), device="cpu")

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.name, str):
            raise ValueError(f"Recipe2D.name must be a string (a label), got {self.name!r}")
        count(self.noise_dim, "noise_dim", 1000)
        lookup(models.ACTIVATIONS, self.activation, "Recipe2D.activation")
        boolean(self.standardise, "Recipe2D.standardise")
        boolean(self.spectral_norm, "Recipe2D.spectral_norm")
        widths(self.g_hidden, "g_hidden")
        widths(self.d_hidden, "d_hidden")

    def networks(self, target: Mixture2D, seed: int) -> tuple[nn.Module, nn.Module]:
        """G and D of one seed, weights drawn after ``runtime.seed_everything(seed)``; with ``standardise`` they work
        in units of the spread of 1,000 real samples: G outputs m + s * g(z), D sees (x - m) / s."""
        runtime.seed_everything(seed)
        d_in = feature_dim(self.train.d_features, self.train.batch_size, 2)
        G: nn.Module = models.mlp_generator(self.noise_dim, self.g_hidden, 2, self.activation)
        D: nn.Module = models.mlp_discriminator(d_in, self.d_hidden, self.activation)
        if self.standardise:
            x = target.sample(1000, seed=seed)
            m, s = x.mean(dim=0), x.std(dim=0)
            G = nn.Sequential(G, models.Affine(m, s))
            reps = d_in // 2  # packed features repeat the two coordinates
            D = nn.Sequential(models.Affine((-m / s).repeat(reps), (1 / s).repeat(reps)), D)
        return G, D

    def build(self, data: Mixture2D | None = None, *, callbacks: Sequence[Callback] = ()) -> Trainer:
        """The ``Trainer`` on the mixture ``data`` (default: the ring): the seeds ``train.seeds`` (or the one
        ``train.seed``) as one stacked model, seed k's weights those of its own run."""
        target = ring() if data is None else data
        if not isinstance(target, Mixture2D):
            raise ValueError(f"data must be the target, a Mixture2D such as mixture2d.ring(), or None, got "
                             f"{type(target).__name__}")
        seeds = self.train.seeds if self.train.seeds is not None else (self.train.seed,)
        pairs = [self.networks(target, k) for k in seeds]
        G, D = batched.stack([g for g, _ in pairs]), batched.stack([d for _, d in pairs])
        if self.spectral_norm:
            batched.spectral_normalise(D)
        recipe = self.for_run(seed=seeds[0], seeds=seeds)  # the 2-D runs are stacked, one seed or several
        return Trainer(G, D, target.sampler(), normal_noise(self.noise_dim), recipe.train, callbacks=callbacks)


PLAIN = Recipe2D("plain GAN")  # constant learning rates
# The remedies, each judged over the same seeds and budget. The first is the learning rates' cosine cool-down to
# 0 (as in chapter 5's recipe): the others are one more change on top of it.
COOLED = PLAIN.replace(name="cool-down (cosine to 0)", cosine_t_max=3000, eta_min=0.0)
REMEDIES: dict[str, Recipe2D] = {
    "plain": PLAIN,
    "cool-down": COOLED,
    "packing": COOLED.replace(name="cool-down + packing (D sees pairs)", d_features="pack2"),
    "penalty": COOLED.replace(name="cool-down + R1 penalty (gamma 0.1)", r1=0.1),
    "packing + penalty": COOLED.replace(name="cool-down + packing + R1 penalty", d_features="pack2", r1=0.1),
    "spectral norm": COOLED.replace(name="cool-down + spectral normalisation of D", spectral_norm=True),
    "unrolled": COOLED.replace(name="cool-down + unrolled D (5 look-ahead steps, first order)", unroll=5),
    # chapter 11: the Wasserstein loss with the gradient penalty of the toy experiments of Gulrajani et al. (lambda
    # 0.1) and 5 critic updates per G update, Adam betas (0.5, 0.9) as there
    "WGAN-GP": COOLED.replace(name="cool-down + WGAN-GP (lambda 0.1, 5 critic steps)", loss="wasserstein", gp=0.1,
                              d_steps=5, betas=(0.5, 0.9)),
    # the best we found: the penalty and five times the budget (the duel needs time to settle on 25 modes),
    # the cool-down stretched over it
    "penalty, 15,000 steps": COOLED.replace(name="cool-down + R1 penalty, 15,000 steps", r1=0.1, steps=15_000,
                                            cosine_t_max=15_000),
}


def build_seeds(recipe: Recipe2D, target: Mixture2D, seeds: Sequence[int] = (0, 1, 2, 3, 4), callbacks=()) -> Trainer:
    """A ``Trainer`` for ``recipe`` on ``target``, random ``seeds`` trained at once as one stacked model, on the CPU
    (the chapters' and the records' numbers are the CPU's)."""
    if not isinstance(recipe, Recipe2D):
        raise ValueError(f"recipe must be a Recipe2D such as mixture2d.PLAIN, got {type(recipe).__name__}")
    if not isinstance(target, Mixture2D):
        raise ValueError(f"target must be a Mixture2D such as mixture2d.ring(), got {type(target).__name__}")
    seeds = seed_tuple(seeds, "seeds")
    return recipe.for_run(seed=seeds[0], seeds=seeds, device="cpu").build(target, callbacks=callbacks)


class TrackModes(Every):
    """Every ``n`` steps: ``n_samples`` samples of each seed from fixed noise, and their ``Assessment``.

    ``steps``: the steps checked; ``samples[i]``: [S, n_samples, 2] at check i; ``found[i]``: one Assessment per
    seed. The fixed noise is drawn from its own generator, so tracking never changes what is trained.
    """

    def __init__(self, n: int, target: Mixture2D, n_samples: int = 2500, seed: int = 424242) -> None:
        super().__init__(n, self.check)
        if not isinstance(target, Mixture2D):
            raise ValueError(f"target must be a Mixture2D such as mixture2d.ring(), got {type(target).__name__}")
        count(n_samples, "n_samples (samples per seed and check)", MAX_SAMPLES)
        validate_seed(seed, "seed")
        self.target, self.n_samples, self.seed = target, n_samples, seed
        self.steps: list[int] = []
        self.samples: list[torch.Tensor] = []
        self.found: list[list[Assessment]] = []

    def check(self, trainer: Trainer) -> None:
        """Sample, assess and keep now (the callback does it every ``n`` steps; a dashboard after each chunk)."""
        x = trainer.sample(self.n_samples, seed=self.seed)
        x = x if x.dim() == 3 else x.unsqueeze(0)
        self.steps.append(trainer.step)
        self.samples.append(x)
        self.found.append(assess(x, self.target))

    def modes(self) -> torch.Tensor:
        """Modes covered, [checks, seeds]."""
        return torch.tensor([[a.modes_covered for a in row] for row in self.found])

    def hq_share(self) -> torch.Tensor:
        """High-quality share, [checks, seeds]."""
        return torch.tensor([[a.hq_share for a in row] for row in self.found])


def train_seeds(
    recipe: Recipe2D, target: Mixture2D, seeds: Sequence[int] = (0, 1, 2, 3, 4), every: int = 250
) -> tuple[Trainer, TrackModes, float]:
    """Train ``recipe`` on ``target`` for all ``seeds`` at once; return the trainer, its tracker, the seconds."""
    step_count(every, "every (steps between two checks of the modes)")
    track = TrackModes(every, target)
    trainer = build_seeds(recipe, target, seeds, callbacks=(track,))
    start = time.perf_counter()
    trainer.run()
    return trainer, track, time.perf_counter() - start
