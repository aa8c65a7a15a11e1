"""Recipes for the 1-D Gaussian GANs of chapters 5 and 6: every hyperparameter of a run in one frozen dataclass.

A recipe is the whole experiment except the target and the random seed: ``build(recipe, mean, std, seed)``
returns the ``Built`` parts (R, I, G, D and a ``Trainer``), so chapters, the dashboard and the benchmark
all train the same thing. Override fields with ``dataclasses.replace(COURSE, lr_g=...)``.

- ``SEED_004``: "GANs in 50 lines" (seed 004) as written: D sees a whole minibatch and its squared deviations.
- ``SEED_000``: the smaller variant of seed 000 (G hidden 5 with sigmoid, D hidden 10 with tanh, 20 + 20 updates).
- ``SEED_003``: the moments discriminator of seed 003: G makes a set of 500 numbers, D sees 4 moments of it.
- ``COURSE``: the course's recipe, built up in chapter 5 one justified change at a time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import NamedTuple

import torch
from torch import nn

from . import data, features, models, runtime
from .callbacks import AverageWeights, StopWhen, Track1D
from .models import Affine, AveragedGenerator
from .train import Callback, TrainConfig, Trainer, replace_fields
from .validate import integer, lookup, widths

__all__ = [
    "GaussianRecipe",
    "Built",
    "build",
    "fit",
    "sets_for",
    "estimate_scale",
    "SEED_004",
    "SEED_000",
    "SEED_003",
    "COURSE",
    "RECIPES",
    "get_recipe",
    "differences",
]


# The loop of the articles' 1-D recipes (seed 004's "GANs in 50 lines"): what a recipe's ``train`` starts from.
ARTICLE_LOOP = TrainConfig(steps=30_000, batch_size=100, lr_d=2e-4, lr_g=2e-4, betas=(0.9, 0.999), device="cpu")


@dataclass(frozen=True)
class GaussianRecipe:
    """All hyperparameters of a 1-D Gaussian GAN run (the target N(mean, std) and the seed are given to ``build``).

    The networks, the noise and the data scale are fields here; the loop's settings (steps, batch size,
    learning rates, what D sees, ...) are one ``TrainConfig`` in ``train``, their only home. Change any of
    them with ``recipe.replace(lr_d=1e-3, standardise=True)``.
    """

    name: str = "custom"  # a label for printouts and the benchmark
    # ---- I: the noise
    noise: str = "uniform"  # "uniform" (U[0, 1), seeds 000/003/004) or "normal" (N(0, 1))
    noise_dim: int = 1  # numbers of noise per generator input
    # ---- G: the generator
    g_hidden: tuple[int, ...] = (50, 50)  # hidden widths of G's MLP
    g_activation: str | tuple[str, ...] = "elu"  # one name for all hidden layers, or one per layer
    set_size: int = 1  # numbers G outputs per noise vector: 1 (one sample) or a whole set (seed 003: 500)
    # ---- D: the discriminator (what it sees of a batch is train.d_features)
    d_hidden: tuple[int, ...] = (50, 50)  # hidden widths of D's MLP
    d_activation: str | tuple[str, ...] = "elu"  # hidden activations of D; D's output is a logit
    # ---- the scale of the data
    standardise: bool = False  # G outputs m + s * g(z) and D sees x in units (x - m) / s, with m, s measured
    scale_samples: int = 1000  # real samples used to measure (m, s) when standardise is on
    ema: float | None = None  # decay of an exponential moving average of G's weights (None: no averaging)
    # ---- the loop: steps ("epochs" in the articles), batch size, D and G steps, Adam, G loss, d_features, ...
    train: TrainConfig = ARTICLE_LOOP

    def __post_init__(self) -> None:
        data.noise_sampler(self.noise, 1)  # raises a clear ValueError for an unknown noise name
        for name in ("noise_dim", "set_size", "scale_samples"):
            integer(getattr(self, name), f"GaussianRecipe.{name}")
        for name in ("g_hidden", "d_hidden"):
            widths(getattr(self, name), f"GaussianRecipe.{name}")
        if not isinstance(self.train, TrainConfig):
            raise ValueError(f"GaussianRecipe.train must be a TrainConfig, got {type(self.train).__name__}")
        if self.scale_samples < 2:
            raise ValueError(f"GaussianRecipe.scale_samples must be >= 2 to measure a spread, got {self.scale_samples}")
        d_features, batch_size = self.train.d_features, self.train.batch_size
        if d_features == "moments" and self.set_size < 2:
            raise ValueError("d_features='moments' needs sets: set_size >= 2 (seed 003 uses 500)")
        if d_features in ("minibatch_diffs", "batch_moments") and batch_size < 2:
            raise ValueError(f"d_features={d_features!r} looks at a whole batch: batch_size must be >= 2")
        if d_features == "batch_moments" and self.set_size != 1:
            raise ValueError("d_features='batch_moments' is for one sample per noise vector (set_size=1)")
        if self.ema is not None and not (isinstance(self.ema, float) and 0.0 < self.ema < 1.0):
            raise ValueError(f"GaussianRecipe.ema must be None or a decay in (0, 1), e.g. 0.99, got {self.ema!r}")

    def replace(self, **changes) -> GaussianRecipe:
        """This recipe with ``changes``, loop fields (``lr_d``, ``steps``, ...) going to ``train``."""
        return replace_fields(self, **changes)


def estimate_scale(real: data.Sampler, n: int, seed: int) -> tuple[float, float]:
    """(m, s): mean and standard deviation of n real samples; what a practitioner can measure from data."""
    x = real(n, torch.Generator().manual_seed(seed + 10_000))  # its own stream: training's data is untouched
    return x.mean().item(), x.std().item()


def fit(
    recipe: GaussianRecipe,
    mean: float = 4.0,
    std: float = 1.25,
    seed: int = 0,
    every: int = 100,
    stop_at: float | None = None,
    steps: int | None = None,
    callbacks: tuple[Callback, ...] = (),
) -> tuple[Built, Track1D]:
    """Build and train ``recipe`` on N(mean, std^2); every ``every`` steps record mean, std and KS of 10,000 samples.

    Trains ``recipe.train.steps`` steps (or ``steps``), stopping early once KS <= ``stop_at`` when that is given.
    Returns the built parts and the ``Track1D`` record (``.steps``, ``.means``, ``.stds``, ``.ks``).
    """
    track = Track1D(every, mean, std, n_samples=sets_for(recipe, 10_000))  # 10,000 numbers
    cbs: list[Callback] = [track]
    if stop_at is not None:
        cbs.append(StopWhen(every, lambda t: track.steps[-1] == t.step and track.ks[-1] <= stop_at))
    built = build(recipe, mean, std, seed, callbacks=(*cbs, *callbacks))
    built.trainer.run(steps)
    return built, track


def _feature_units(name: str, width: int, m: float, s: float) -> tuple[torch.Tensor, torch.Tensor]:
    """(loc, scale) per column of phi(x) such that (phi - loc) / scale is phi of the standardised data."""
    if name == "raw":
        return torch.full((width,), m), torch.full((width,), s)
    if name == "minibatch_diffs":  # [x_1..x_n, (x_1 - mean)^2 ..]: values shift and scale, squares only scale
        half = width // 2
        loc = torch.cat([torch.full((half,), m), torch.zeros(half)])
        return loc, torch.cat([torch.full((half,), s), torch.full((half,), s * s)])
    if name in ("moments", "batch_moments"):  # mean shifts and scales, std scales, skewness and kurtosis have no unit
        return torch.tensor([m, 0.0, 0.0, 0.0]), torch.tensor([s, s, 1.0, 1.0])
    raise ValueError(f"no units known for d_features={name!r}")


class Built(NamedTuple):
    """The parts of a run: R and I (samplers), G and D (modules), the ``Trainer``, and the measured data scale."""

    R: data.Sampler
    I: data.Sampler  # noqa: E741 -- the course's name for the noise
    G: nn.Module
    D: nn.Module
    trainer: Trainer
    scale: tuple[float, float]  # (m, s) used to standardise; (0, 1) when the recipe does not standardise
    recipe: GaussianRecipe

    def sample(self, n: int = 10_000) -> torch.Tensor:
        """n numbers from G as a flat tensor (for set generators, n / set_size sets, flattened)."""
        return self.trainer.sample(sets_for(self.recipe, n)).flatten()[:n]


def sets_for(recipe: GaussianRecipe, n: int) -> int:
    """How many generator outputs make n numbers (1 number each, or seed 003's sets of set_size)."""
    return -(-n // recipe.set_size)  # ceil(n / set_size)


def build(
    recipe: GaussianRecipe,
    mean: float = 4.0,
    std: float = 1.25,
    seed: int = 0,
    callbacks: tuple[Callback, ...] = (),
    device: str | None = "cpu",
) -> Built:
    """R = N(mean, std^2), I, G, D and a ``Trainer`` for ``recipe``; weights and noise are drawn from ``seed``."""
    if not (isinstance(mean, (int, float)) and math.isfinite(mean)):
        raise ValueError(f"mean must be a finite number, got {mean!r}")
    if not (isinstance(std, (int, float)) and math.isfinite(std) and std > 0):
        raise ValueError(f"std must be a finite number > 0, got {std!r}")
    runtime.seed_everything(seed)  # the weights are drawn below
    R = data.gaussian_sampler(float(mean), float(std), dim=recipe.set_size)
    I = data.noise_sampler(recipe.noise, recipe.noise_dim)  # noqa: E741
    G: nn.Module = models.mlp_generator(recipe.noise_dim, recipe.g_hidden, recipe.set_size, recipe.g_activation)
    d_in = features.feature_dim(recipe.train.d_features, recipe.train.batch_size, recipe.set_size)
    D: nn.Module = models.mlp_discriminator(d_in, recipe.d_hidden, recipe.d_activation)
    m, s = 0.0, 1.0
    if recipe.standardise:
        m, s = estimate_scale(R, recipe.scale_samples, seed)
        G = nn.Sequential(G, Affine(m, s))  # G works in data units: x = m + s * g(z)
        loc, scale = _feature_units(recipe.train.d_features, d_in, m, s)
        D = nn.Sequential(Affine(-loc / scale, 1.0 / scale), D)  # D sees (phi - loc) / scale
    cbs = list(callbacks)
    if recipe.ema is not None:
        G = AveragedGenerator(G, recipe.ema)
        cbs.insert(0, AverageWeights())  # first, so that tracking callbacks see this step's average
    trainer = Trainer(G, D, R, I, replace(recipe.train, seed=seed, device=device), callbacks=cbs)
    return Built(R, I, trainer.G, trainer.D, trainer, (m, s), recipe)


# -------------------------------------------------------------------------------------------------- the recipes

SEED_004 = GaussianRecipe(
    name="seed_004",
    noise="uniform",  # "to make it harder", not a Gaussian: G must reshape the noise non-linearly
    noise_dim=1,
    g_hidden=(50, 50),
    g_activation=("elu", "sigmoid"),  # map1 -> ELU, map2 -> sigmoid, map3 linear
    d_hidden=(50, 50),
    d_activation="elu",  # ELU, ELU, then sigmoid (= our logit)
    # "decorate_with_diffs": D sees the 100 samples and their squared deviations; 30,000 epochs of 1 D + 1 G
    # update, Adam 2e-4 with betas (0.9, 0.999)
    train=replace(ARTICLE_LOOP, d_features="minibatch_diffs"),
)

SEED_000 = SEED_004.replace(
    name="seed_000",
    g_hidden=(5, 5),  # "complexity 5"
    g_activation="sigmoid",  # the article's table: torch.sigmoid for G
    d_hidden=(10, 10),  # "complexity 10"
    d_activation="tanh",  # the article's table: torch.tanh for D
    d_features="raw",  # input size 1: D judges one sample at a time
    steps=20_000,
    d_steps=20,
    g_steps=20,
    lr_d=1e-3,
    lr_g=1e-3,
)

SEED_003 = GaussianRecipe(
    name="seed_003",
    noise="uniform",
    noise_dim=50,  # 50-d uniform noise per set
    g_hidden=(50, 50),  # the article's listing never sets g_hidden_size; we use 50 (see chapter 6)
    g_activation="relu",
    set_size=500,  # G outputs a whole set of 500 numbers
    d_hidden=(10, 10),
    d_activation="relu",
    train=replace(
        ARTICLE_LOOP,
        d_features="moments",  # D sees (mean, std, skewness, excess kurtosis) of each set
        steps=2001,
        batch_size=10,  # 10 sets per batch
        d_steps=20,
        g_steps=20,
        lr_d=1e-4,
        lr_g=1e-4,
        betas=(0.9, 0.999),  # Adam's defaults
        cosine_t_max=100,  # T_max = d_steps * 5 updates
        eta_min=1e-5,
    ),
)

# Seed 004 with seven fields changed, one at a time in chapter 5, each for a measured reason.
COURSE = SEED_004.replace(
    name="course",
    standardise=True,  # 1. G outputs m + s * g(z), D sees (x - m) / s, with (m, s) measured on 1,000 real samples
    noise="normal",  # 2. a Gaussian is a straight line away from normal noise
    lr_d=1e-3,  # 3. Adam 5x faster, with less momentum: the players react to each other's current move
    lr_g=1e-3,
    betas=(0.5, 0.999),
    ema=0.99,  # 4. sample from an average of G's weights: the centre of the circle G draws around the equilibrium
    d_features="raw",  # 5. D scores single samples: a density-ratio estimate whose gradient moves each sample
    batch_size=256,  # 6. less noise in each update
    g_activation="elu",  # 7. no sigmoid layer in G: it squashed the tails
    steps=3000,  # a budget: runs stop as soon as KS <= 0.03 (most need a few hundred steps)
)

RECIPES: dict[str, GaussianRecipe] = {r.name: r for r in (COURSE, SEED_004, SEED_000, SEED_003)}


def get_recipe(name: str) -> GaussianRecipe:
    """The recipe called ``name`` (one of ``RECIPES``)."""
    return lookup(RECIPES, name, "recipe")


def differences(base: GaussianRecipe, recipe: GaussianRecipe) -> dict[str, object]:
    """The fields of ``recipe`` that differ from ``base``, the loop's (``train``) included, by name."""
    out = {}
    for a, b in ((base, recipe), (base.train, recipe.train)):
        for f in fields(a):
            if f.name != "train" and getattr(a, f.name) != getattr(b, f.name):
                out[f.name] = getattr(b, f.name)
    return out
