"""Recipes for the 1-D Gaussian GANs of chapters 5 and 6: every hyperparameter of a run in one frozen dataclass.

A recipe is the whole experiment except the target (``gan_course.recipe``: its own fields, the loop's in
``train``): ``recipe.build(target)`` returns its ``Trainer``, and ``build(recipe, mean, std, seed)`` the ``Built``
parts (R, I, G, D, the ``Trainer``, the data scale), so chapters, the dashboard and the benchmark all train the
same thing. Change fields with ``COURSE.replace(lr_g=..., standardise=...)``.

- ``FIFTY_LINES``: the "GANs in 50 lines" article as written: D sees a whole minibatch and its squared deviations.
- ``GAN_REPRODUCTION``: the gan-reproduction article's smaller variant (G hidden 5 with sigmoid, D hidden 10 with
  tanh, 20 + 20 updates).
- ``SIMPLE_GAUSSIAN``: the simple-gaussian article's moments discriminator: G makes a set of 500 numbers, D sees
  4 moments of it.
- ``COURSE``: the course's recipe, built up in chapter 5 one justified change at a time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import NamedTuple

import torch
from torch import nn

from .. import batched, features, models, runtime
from ..callbacks import AverageWeights, StopWhen, Track1D
from ..data import Sampler, noise_sampler
from ..models import Affine, AveragedGenerator
from ..recipe import Recipe
from ..train import Callback, TrainConfig, Trainer
from ..validate import MAX_SAMPLES, boolean, count, integer, lookup, number, seed_tuple, step_count, widths
from ..validate import seed as validate_seed
from . import targets
from .targets import Target

__all__ = [
    "GaussianRecipe",
    "Built",
    "build",
    "fit",
    "build_seeds",
    "fit_seeds",
    "as_target",
    "sets_for",
    "estimate_scale",
    "FIFTY_LINES",
    "GAN_REPRODUCTION",
    "SIMPLE_GAUSSIAN",
    "COURSE",
    "RECIPES",
    "get_recipe",
    "differences",
]


# The loop of the articles' 1-D recipes (fifty-lines's "GANs in 50 lines"): what a recipe's ``train`` starts from.
ARTICLE_LOOP = TrainConfig(steps=30_000, batch_size=100, lr_d=2e-4, lr_g=2e-4, betas=(0.9, 0.999), device="cpu")


@dataclass(frozen=True)
class GaussianRecipe(Recipe):
    """All hyperparameters of a 1-D Gaussian GAN run (the target N(mean, std) is given to ``build``, the seed is the
    loop's: ``train.seed``, or the ``seed`` of the module's ``build``).

    The networks, the noise and the data scale are fields here; the loop's settings (steps, batch size,
    learning rates, what D sees, ...) are one ``TrainConfig`` in ``train``, their only home. Change any of
    them with ``recipe.replace(lr_d=1e-3, standardise=True)``.
    """

    name: str = "custom"  # a label for printouts and the benchmark
    # ---- I: the noise
    noise: str = "uniform"  # "uniform" (U[0, 1), gan-reproduction, simple-gaussian, fifty-lines) or "normal" (N(0, 1))
    noise_dim: int = 1  # numbers of noise per generator input
    # ---- G: the generator
    g_hidden: tuple[int, ...] = (50, 50)  # hidden widths of G's MLP
    g_activation: str | tuple[str, ...] = "elu"  # one name for all hidden layers, or one per layer
    set_size: int = 1  # numbers G outputs per noise vector: 1 (one sample) or a whole set (simple-gaussian: 500)
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
        super().__post_init__()
        if not isinstance(self.name, str):
            raise ValueError(f"GaussianRecipe.name must be a string (a label), got {self.name!r}")
        noise_sampler(self.noise, 1)  # raises a clear ValueError for an unknown noise name
        boolean(self.standardise, "GaussianRecipe.standardise")
        for name in ("noise_dim", "set_size", "scale_samples"):
            integer(getattr(self, name), f"GaussianRecipe.{name}")
        for name in ("g_hidden", "d_hidden"):
            widths(getattr(self, name), f"GaussianRecipe.{name}")
        for name in ("g_activation", "d_activation"):
            value = getattr(self, name)
            for act in value if isinstance(value, tuple) and value else (value,):
                lookup(models.ACTIVATIONS, act, f"GaussianRecipe.{name} (one name, or a tuple of one per layer)")
        if self.scale_samples < 2:
            raise ValueError(f"GaussianRecipe.scale_samples must be >= 2 to measure a spread, got {self.scale_samples}")
        d_features, batch_size = self.train.d_features, self.train.batch_size
        if d_features == "moments" and self.set_size < 2:
            raise ValueError("d_features='moments' needs sets: set_size >= 2 (simple-gaussian uses 500)")
        if d_features in ("minibatch_diffs", "batch_moments") and batch_size < 2:
            raise ValueError(f"d_features={d_features!r} looks at a whole batch: batch_size must be >= 2")
        if d_features == "batch_moments" and self.set_size != 1:
            raise ValueError("d_features='batch_moments' is for one sample per noise vector (set_size=1)")
        if self.ema is not None and not (isinstance(self.ema, float) and 0.0 < self.ema < 1.0):
            raise ValueError(f"GaussianRecipe.ema must be None or a decay in (0, 1), e.g. 0.99, got {self.ema!r}")

    # ------------------------------------------------------------------ building a run
    def samplers(self, target: Target) -> tuple[Sampler, Sampler]:
        """R and I: numbers (or sets of ``set_size``) from ``target``, and the noise."""
        return _set_sampler(target, self.set_size), noise_sampler(self.noise, self.noise_dim)

    def data_scale(self, target: Target, seed: int) -> tuple[float, float]:
        """(m, s) of ``scale_samples`` real samples (a stream of their own) with ``standardise``; else (0, 1)."""
        if not self.standardise:
            return 0.0, 1.0
        return estimate_scale(_set_sampler(target, self.set_size), self.scale_samples, seed)

    def networks(self, target: Target, seed: int) -> tuple[nn.Module, nn.Module]:
        """G and D of one seed: weights drawn after ``runtime.seed_everything(seed)``; with ``standardise`` G outputs
        m + s * g(z) and D sees phi in data units, (phi - loc) / scale; with ``ema`` G keeps an average."""
        runtime.seed_everything(seed)  # it refuses a seed outside [0, 2**63 - 1]
        G: nn.Module = models.mlp_generator(self.noise_dim, self.g_hidden, self.set_size, self.g_activation)
        d_in = features.feature_dim(self.train.d_features, self.train.batch_size, self.set_size)
        D: nn.Module = models.mlp_discriminator(d_in, self.d_hidden, self.d_activation)
        if self.standardise:
            m, s = self.data_scale(target, seed)
            G = nn.Sequential(G, Affine(m, s))  # G works in data units: x = m + s * g(z)
            loc, scale = _feature_units(self.train.d_features, d_in, m, s)
            D = nn.Sequential(Affine(-loc / scale, 1.0 / scale), D)  # D sees (phi - loc) / scale
        if self.ema is not None:
            G = AveragedGenerator(G, self.ema)
        return G, D

    def build(self, data: Target | None = None, *, callbacks: tuple[Callback, ...] = ()) -> Trainer:
        """The ``Trainer`` of this recipe on ``data`` (a ``Target``; default N(4, 1.25^2)): one run seeded by
        ``train.seed``, or with ``train.seeds`` one stacked model whose seed k has the weights of seed k's own run."""
        if not (data is None or isinstance(data, Target)):
            raise ValueError(f"data must be the target, a gan_course.synthetic.targets.Target such as "
                             f"targets.normal(4.0, 1.25), or None for N(4, 1.25^2), got {type(data).__name__}")
        target = as_target() if data is None else as_target(data)
        R, I = self.samplers(target)  # noqa: E741
        if self.train.seeds is None:
            G, D = self.networks(target, self.train.seed)
        else:
            nets = [self.networks(target, k) for k in self.train.seeds]
            G, D = batched.stack([g for g, _ in nets]), batched.stack([d for _, d in nets])
        cbs = list(callbacks)
        if self.ema is not None:
            cbs.insert(0, AverageWeights())  # first, so that tracking callbacks see this step's average
        return Trainer(G, D, R, I, self.train, callbacks=cbs)


def estimate_scale(real: Sampler, n: int, seed: int) -> tuple[float, float]:
    """(m, s): mean and standard deviation of n real samples; what a practitioner can measure from data."""
    if not callable(real):
        raise ValueError(f"real must be a sampler (n, torch.Generator) -> tensor, got {type(real).__name__}")
    count(n, "n (samples to measure the scale on)", MAX_SAMPLES, minimum=2)
    validate_seed(seed, "seed")
    x = real(n, torch.Generator().manual_seed(seed + 10_000))  # its own stream: training's data is untouched
    return x.mean().item(), x.std().item()


def fit(
    recipe: GaussianRecipe,
    mean: float | Target = 4.0,
    std: float = 1.25,
    seed: int = 0,
    every: int = 100,
    stop_at: float | None = None,
    steps: int | None = None,
    callbacks: tuple[Callback, ...] = (),
) -> tuple[Built, Track1D]:
    """Build and train ``recipe`` on N(mean, std^2) (or the ``Target`` ``mean``); every ``every`` steps record the
    mean, std and KS of 10,000 samples.

    Trains ``recipe.train.steps`` steps (or ``steps``), stopping early once KS <= ``stop_at`` when that is given.
    Returns the built parts and the ``Track1D`` record (``.steps``, ``.means``, ``.stds``, ``.ks``).
    """
    _recipe(recipe)
    step_count(every, "every (steps between two checks of the samples)")
    if steps is not None:
        step_count(steps, "steps (how many steps to train, or None for the recipe's train.steps)")
    if stop_at is not None:
        number(stop_at, "stop_at (the KS at which to stop)", 0.0, 1.0, "0.02, or None to train all steps")
    target = as_target(mean, std)
    track = Track1D(every, target, n_samples=sets_for(recipe, 10_000))  # 10,000 numbers
    cbs: list[Callback] = [track]
    if stop_at is not None:
        cbs.append(StopWhen(every, lambda t: track.steps[-1] == t.step and track.ks[-1] <= stop_at))
    built = build(recipe, target, seed=seed, callbacks=(*cbs, *callbacks))
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

    R: Sampler
    I: Sampler  # noqa: E741 -- the course's name for the noise
    G: nn.Module
    D: nn.Module
    trainer: Trainer
    scale: tuple  # (m, s) used to standardise, (0, 1) when the recipe does not; one per seed for stacked runs
    recipe: GaussianRecipe
    target: Target

    def sample(self, n: int = 10_000, seed: int = 12345) -> torch.Tensor:
        """n numbers from G, flat [n] (for set generators, n / set_size sets, flattened); [S, n] for stacked runs.

        ``seed`` seeds the noise (12345 is also the noise of ``Track1D``'s checks during training)."""
        x = self.trainer.sample(sets_for(self.recipe, n), seed=seed)
        if self.trainer.config.seeds is not None:
            return x.reshape(x.shape[0], -1)[:, :n]
        return x.flatten()[:n]

    def final_ks(self, n: int = 10_000, samples: torch.Tensor | None = None) -> list[float]:
        """KS against the target of n fresh numbers per seed (noise no check during training used), one per seed.

        The verdict on a run: its last generator, judged on samples nothing was tuned or stopped on. Pass
        ``samples`` when they are already drawn (``self.sample(n, seed=FRESH_NOISE)``).
        """
        if samples is not None and not isinstance(samples, torch.Tensor):
            raise ValueError(f"samples must be a tensor from Built.sample, or None, got {type(samples).__name__}")
        x = self.sample(n, seed=FRESH_NOISE) if samples is None else samples
        return [self.target.ks(row) for row in (x if x.dim() == 2 else x[None])]


FRESH_NOISE = 987_654  # the noise seed of final verdicts (Built.final_ks): no training stream or check uses it


def _recipe(recipe: object) -> GaussianRecipe:
    if not isinstance(recipe, GaussianRecipe):
        raise ValueError(f"recipe must be a GaussianRecipe such as gaussian.COURSE, got {type(recipe).__name__}")
    return recipe


def sets_for(recipe: GaussianRecipe, n: int) -> int:
    """How many generator outputs make n numbers (1 number each, or simple-gaussian's sets of set_size)."""
    _recipe(recipe)
    count(n, "n (how many numbers)", MAX_SAMPLES)
    return -(-n // recipe.set_size)  # ceil(n / set_size)


# Targets float32 training can represent (gaussian.build checks them): the mean and the spread within 1e6 of 0,
# the spread at least 1e-6, and at least 1e-5 of the mean, i.e. about a hundred float32 steps per standard deviation.
MAX_TARGET = 1e6
MIN_STD = 1e-6
MAX_MEAN_PER_STD = 1e5


def as_target(mean: float | Target = 4.0, std: float = 1.25) -> Target:
    """``mean`` if it is a ``Target`` (then ``std`` is ignored), else N(mean, std^2); checked for float32 training."""
    if isinstance(mean, Target):
        target = mean
        mean, std = target.mean, target.std
    else:
        if not (isinstance(mean, (int, float)) and not isinstance(mean, bool) and math.isfinite(mean)):
            raise ValueError(f"mean must be a finite number (or a gan_course.synthetic.targets.Target), got {mean!r}")
        if not (isinstance(std, (int, float)) and not isinstance(std, bool) and math.isfinite(std) and std > 0):
            raise ValueError(f"std must be a finite number > 0, got {std!r}")
        target = None
    # float32 holds about 7 significant digits: the samples' spread must be far above the rounding step at the
    # mean, and squares of the numbers (variances, fifty-lines's squared deviations) must stay far from overflow.
    if not (abs(mean) <= MAX_TARGET and MIN_STD <= std <= MAX_TARGET and abs(mean) <= MAX_MEAN_PER_STD * std):
        raise ValueError(
            f"the target N({mean:g}, {std:g}^2) cannot be trained in float32 (about 7 significant digits): use "
            f"|mean| <= {MAX_TARGET:g}, {MIN_STD:g} <= std <= {MAX_TARGET:g} and |mean| <= {MAX_MEAN_PER_STD:g} * std, "
            f"e.g. measure the data in other units (thousands, or minus a reference value) so that it sits near 1"
        )
    return target if target is not None else targets.normal(mean, std)


def _set_sampler(target: Target, set_size: int) -> Sampler:
    """R for a generator of sets: [n, set_size] numbers from the target (the target itself for set_size 1)."""
    if set_size == 1:
        return target.sampler
    return lambda n, generator: target.sampler(n * set_size, generator).reshape(n, set_size)


def build(
    recipe: GaussianRecipe,
    mean: float | Target = 4.0,
    std: float = 1.25,
    seed: int = 0,
    callbacks: tuple[Callback, ...] = (),
    device: str | None = "cpu",
) -> Built:
    """R, I, G, D and a ``Trainer`` for ``recipe`` (``recipe.build``) with the given seed and device.

    The target is N(mean, std^2), or ``mean`` itself when it is a ``gan_course.synthetic.targets.Target`` (any 1-D law).
    """
    recipe = _recipe(recipe).for_run(seed=seed, seeds=None, device=device)
    target = as_target(mean, std)
    trainer = recipe.build(target, callbacks=callbacks)
    R, I = recipe.samplers(target)  # noqa: E741
    return Built(R, I, trainer.G, trainer.D, trainer, recipe.data_scale(target, seed), recipe, target)


def build_seeds(
    recipe: GaussianRecipe,
    mean: float | Target = 4.0,
    std: float = 1.25,
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4),
    callbacks: tuple[Callback, ...] = (),
) -> Built:
    """Like ``build``, for several seeds trained at once as one stacked model (``gan_course.batched``).

    Seed k's weights, data scale, noise and data are those of ``build(recipe, ..., seed=k)``; G and D carry a
    leading seed axis and ``sample`` returns ``[S, n]``. One run of S seeds costs little more than one seed.
    """
    seeds = seed_tuple(seeds, "seeds")
    recipe = _recipe(recipe).for_run(seed=seeds[0], seeds=seeds, device="cpu")
    target = as_target(mean, std)
    trainer = recipe.build(target, callbacks=callbacks)
    R, I = recipe.samplers(target)  # noqa: E741
    scales = tuple(recipe.data_scale(target, k) for k in seeds)
    return Built(R, I, trainer.G, trainer.D, trainer, scales, recipe, target)


def fit_seeds(
    recipe: GaussianRecipe,
    mean: float | Target = 4.0,
    std: float = 1.25,
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4),
    every: int = 100,
    steps: int | None = None,
    callbacks: tuple[Callback, ...] = (),
) -> tuple[Built, Track1D]:
    """``fit`` for several seeds at once: the record's ``.ks`` etc. hold one row per check, one column per seed."""
    _recipe(recipe)
    step_count(every, "every (steps between two checks of the samples)")
    if steps is not None:
        step_count(steps, "steps (how many steps to train, or None for the recipe's train.steps)")
    target = as_target(mean, std)
    track = Track1D(every, target, n_samples=sets_for(recipe, 10_000))
    built = build_seeds(recipe, target, seeds=seeds, callbacks=(track, *callbacks))
    built.trainer.run(steps)
    return built, track


# -------------------------------------------------------------------------------------------------- the recipes

FIFTY_LINES = GaussianRecipe(
    name="fifty-lines",
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

GAN_REPRODUCTION = FIFTY_LINES.replace(
    name="gan-reproduction",
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

SIMPLE_GAUSSIAN = GaussianRecipe(
    name="simple-gaussian",
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

# Fifty-lines with ten changes, made one at a time in chapter 5, each for a measured reason.
COURSE = FIFTY_LINES.replace(
    name="course",
    standardise=True,  # 1. G outputs m + s * g(z), D sees (x - m) / s, with (m, s) measured on 1,000 real samples
    noise="normal",  # 2. a Gaussian is a straight line away from normal noise
    lr_d=1e-3,  # 3. Adam 5x faster, with less momentum: the players react to each other's current move
    lr_g=1e-3,
    betas=(0.5, 0.999),
    ema=0.99,  # 4. sample from an average of G's weights: the centre of the circle G draws around the equilibrium
    d_features="raw",  # 5. D scores single samples: a density-ratio estimate whose gradient moves each sample
    batch_size=256,  # 6. less noise in each update
    steps=3000,  # the whole budget: a run is judged by its KS at the end, on fresh samples
    # Changes 8-10 make it hold beyond the bell curve (skewed, heavy-tailed and two-bump targets):
    r1=10.0,  # 8. an R1 penalty keeps D's slope on the data in check: the duel settles instead of circling
    noise_dim=2,  # 9. a G that can cut its noise in pieces: 2-d noise, four piecewise-linear hidden layers
    g_hidden=(50, 50, 50, 50),
    g_activation="leaky_relu",  # (7. with no sigmoid layer: it squashed the tails)
    d_activation="leaky_relu",
    cosine_t_max=3000,  # 10. both learning rates fall to 0 along a cosine over the budget: the run ends at rest
    eta_min=0.0,
)

RECIPES: dict[str, GaussianRecipe] = {r.name: r for r in (COURSE, FIFTY_LINES, GAN_REPRODUCTION, SIMPLE_GAUSSIAN)}


def get_recipe(name: str) -> GaussianRecipe:
    """The recipe called ``name`` (one of ``RECIPES``)."""
    return lookup(RECIPES, name, "recipe")


def differences(base: GaussianRecipe, recipe: GaussianRecipe) -> dict[str, object]:
    """The fields of ``recipe`` that differ from ``base``, the loop's (``train``) included, by name."""
    _recipe(base)
    _recipe(recipe)
    out = {}
    for a, b in ((base, recipe), (base.train, recipe.train)):
        for f in fields(a):
            if f.name != "train" and getattr(a, f.name) != getattr(b, f.name):
                out[f.name] = getattr(b, f.name)
    return out
