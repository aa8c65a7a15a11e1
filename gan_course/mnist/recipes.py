"""MNIST GAN recipes (the gan-mnist and mnist-tanh articles) as dataclasses, and the one builder that chapters,
widgets and benchmarks share to turn a recipe into a ``Trainer`` on the in-memory pipeline.

The pipeline: the whole training split is one float tensor ``[60000, 784]`` already scaled to the range the
generator's output activation produces (sigmoid: [0, 1], tanh: [-1, 1]); ``TensorSampler`` cuts batches
from it by a random permutation on the training device. One epoch is ``60000 // batch_size`` steps (the
last partial batch is dropped; a DataLoader would give one extra, smaller step).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

import matplotlib.pyplot as plt
import torch
from torch import nn

from ..callbacks import Every
from ..data import TensorSampler, fits_data, mnist_tensors, normal_noise, to_unit_range
from ..models import mlp_discriminator, mlp_generator
from ..plotting import plot_image_grid
from ..recipe import Recipe
from ..runtime import pick_device, seed_everything
from ..train import Callback, TrainConfig, Trainer
from ..validate import MAX_STEPS, STEPS_HINT, boolean, count, integer, number, widths
from ..validate import seed as validate_seed
from .conditional import ConditionalGenerator, ProjectionDiscriminator, images_of, labelled, labelled_noise
from .convnets import ConvDiscriminator, ConvGenerator

__all__ = [
    "MnistRecipe",
    "GAN_MNIST",
    "MNIST_TANH",
    "DCGAN",
    "CONDITIONAL_DCGAN",
    "RECIPES",
    "N_TRAIN",
    "build_generator",
    "build_discriminator",
    "make_trainer",
    "SampleGrid",
    "EpochLog",
    "CHAPTER_RECIPES",
    "FULL_RECIPES",
]

N_TRAIN = 60_000  # images in the MNIST training split


@dataclass(frozen=True)
class MnistRecipe(Recipe):
    """Everything that defines one MNIST GAN run. Change fields with ``recipe.replace(lr_d=2e-4, epochs=5)``.

    The networks and the number of epochs are fields here; the loop's settings (batch size, Adam, the seed,
    threads, ...) are one ``TrainConfig`` in ``train``, their only home. ``train.steps`` is derived, never set:
    ``epochs`` passes over ``n_images`` training images, ``epochs * (n_images // batch_size)`` steps. ``replace``
    derives it (and refuses ``steps=``: change ``epochs``); ``MnistRecipe.make`` builds a recipe from its fields
    and the loop's as keywords; the constructor takes a ``train`` whose steps already match, and refuses any other.
    """

    DERIVED: ClassVar[dict[str, tuple[str, ...]]] = {"steps": ("epochs", "n_images", "batch_size")}

    name: str
    noise_dim: int  # z ~ N(0, I_noise_dim)
    g_hidden: tuple[int, ...]  # G's hidden widths
    g_activation: str | tuple[str, ...]  # one name for all hidden layers, or one per layer
    g_output: str  # "sigmoid" (images in [0, 1]) or "tanh" (images in [-1, 1])
    d_hidden: tuple[int, ...]  # D's hidden widths; D ends in one logit, D(x) = sigmoid(logit)
    d_activation: str | tuple[str, ...]
    epochs: int  # passes over the training images
    train: TrainConfig  # batch size, Adam's lr and betas, reuse_fake, seed, threads; steps is set from epochs
    n_images: int = N_TRAIN  # training images (a subset in tests)
    arch: str = "mlp"  # "mlp": the hidden widths are layers; "dcgan": they are the channels of the feature maps
    # (G's 7x7 and 14x14 maps, D's 14x14 and 7x7: gan_course.mnist.convnets), the activations are DCGAN's
    conditional: bool = False  # True: the digit enters G (an embedding) and D (a projection), and every row carries
    # its label (gan_course.mnist.conditional, chapter 13)
    embed_dim: int = 16  # conditional only: the size of G's label embedding E y

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.name, str):
            raise ValueError(f"name must be a string (a label), got {self.name!r}")
        if self.arch not in ("mlp", "dcgan"):
            raise ValueError(f"arch must be 'mlp' or 'dcgan', got {self.arch!r}")
        if self.arch == "dcgan" and (len(self.g_hidden) != 2 or len(self.d_hidden) != 2):
            raise ValueError("a DCGAN has two feature maps each side: g_hidden = (channels at 7x7, at 14x14), "
                             f"d_hidden = (at 14x14, at 7x7), e.g. (64, 32) and (32, 64); got {self.g_hidden}, "
                             f"{self.d_hidden}")
        if self.g_output not in ("sigmoid", "tanh"):
            raise ValueError(f"g_output must be 'sigmoid' or 'tanh', got {self.g_output!r}")
        boolean(self.conditional, "conditional")
        for name in ("noise_dim", "epochs", "n_images", "embed_dim"):
            integer(getattr(self, name), name)
        for name in ("g_hidden", "d_hidden"):
            widths(getattr(self, name), name)
        fits_data(self.train.batch_size, self.n_images, "batch_size", "n_images, the training images")
        self._check_derived()  # train.steps = epochs x (n_images // batch_size)

    def derivation(self, name: str) -> str:
        """``steps`` is epochs x (n_images // batch_size), with this recipe's numbers."""
        return f"epochs x (n_images // batch_size) = {self.epochs} x {self.steps_per_epoch}"

    @classmethod
    def derive_loop(cls, old: MnistRecipe | None, values: dict, changes: dict) -> dict:
        """The loop's ``steps`` for the recipe's new field ``values``: ``epochs * (n_images // batch_size)``;
        nothing when those are not valid (the constructor then says what is wrong)."""
        epochs, n, train = values["epochs"], values["n_images"], values["train"]
        ok = all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in (epochs, n))
        if not ok or not isinstance(train, TrainConfig) or train.batch_size > n:
            return {}
        steps = epochs * (n // train.batch_size)
        if steps > MAX_STEPS:  # said here in the recipe's words, before TrainConfig refuses its steps
            raise ValueError(f"epochs x (n_images // batch_size) = {epochs} x {n // train.batch_size} = {steps:,} "
                             f"steps is more than {MAX_STEPS:,} ({STEPS_HINT}): pass fewer epochs, e.g. 20")
        return {"steps": steps}

    @property
    def value_range(self) -> tuple[float, float]:
        """The pixel range of real and generated images: what G's output activation can produce."""
        return (0.0, 1.0) if self.g_output == "sigmoid" else (-1.0, 1.0)

    @property
    def steps_per_epoch(self) -> int:
        """Batches per epoch; the last partial batch is dropped."""
        return self.n_images // self.train.batch_size

    def build(self, data: torch.Tensor | None = None, *, callbacks: Iterable[Callback] = ()) -> Trainer:
        """Seed, build G and D, and return a ``Trainer`` over the in-memory training set on ``train.device``.

        ``data`` replaces the training set (``[n, 784]`` already in ``value_range``, or for a conditional recipe
        ``[n, 794]`` rows with their one-hot labels: ``conditional.labelled``), e.g. a tiny subset in tests; by
        default the whole MNIST training split is loaded onto the training device. Epochs run over the images given:
        with another number of them, ``steps`` follows (``n_images``).
        """
        width = 794 if self.conditional else 784
        images = data
        if images is not None and not (
            isinstance(images, torch.Tensor) and images.is_floating_point() and images.ndim == 2
            and images.shape[1] == width
        ):
            got = tuple(images.shape) if isinstance(images, torch.Tensor) else type(images).__name__
            what = ("rows [image, one-hot label] (gan_course.mnist.conditional.labelled(images, labels))"
                    if self.conditional else "flattened 28x28 images")
            raise ValueError(
                f"images must be a float tensor [n, {width}] in {self.value_range} ({what}, e.g. from "
                f"gan_course.data.mnist_tensors(value_range={self.value_range})), got {got}"
            )
        dev = pick_device(self.train.device)
        if images is None:
            images, labels = mnist_tensors(train=True, value_range=self.value_range, device=dev)
            if self.conditional:
                images = labelled(images, labels)
        recipe = self if len(images) == self.n_images else self.replace(n_images=len(images))
        seed_everything(recipe.train.seed)  # the weights are drawn now
        G, D = build_generator(recipe), build_discriminator(recipe)
        noise = labelled_noise(recipe.noise_dim) if recipe.conditional else normal_noise(recipe.noise_dim)
        return Trainer(G, D, TensorSampler(images.to(dev)), noise, recipe.train, callbacks)


# The gan-mnist article (notes on Goodfellow et al. 2014 with code at https://github.com/gwcrepo/GAN-MNIST) gives
# the networks, BCE and alternating updates but no optimizer, batch size or number of epochs. We use
# Adam with beta1 = 0.5 as DCGAN does (Radford et al. 2016: a shorter memory of past gradients suits an
# opponent that keeps moving) and batch 64, but lr 1e-3 instead of DCGAN's 2e-4: with this small D
# (784-64-64-1), lr 2e-4 let D win (mean D(G(z)) 0.07 by epoch 3) and G collapse onto one class, while
# 1e-3 kept the duel balanced and covered 9 classes by epoch 3 (measured; chapter 07 shows the numbers).
GAN_MNIST = MnistRecipe.make(
    name="gan-mnist: MLP GAN, sigmoid output",
    noise_dim=100,
    g_hidden=(256, 256),
    g_activation="relu",
    g_output="sigmoid",
    d_hidden=(64, 64),
    d_activation="relu",
    epochs=20,
    # G trains with BCE against the label "real" (the non-saturating loss), as both articles write it
    batch_size=64, lr_d=1e-3, lr_g=1e-3, betas=(0.5, 0.999), g_loss="non_saturating",
    reuse_fake=False,  # gan-mnist draws a new z for G's update
)

# The mnist-tanh article as written: Adam(lr=1e-4) with torch's default betas, batch 64, 100 epochs.
MNIST_TANH = MnistRecipe.make(
    name="mnist-tanh: MLP GAN, tanh output",
    noise_dim=128,
    g_hidden=(256, 512),
    g_activation=("tanh", "relu"),
    g_output="tanh",
    d_hidden=(512, 256, 128),
    d_activation="tanh",
    epochs=100,
    batch_size=64, lr_d=1e-4, lr_g=1e-4, betas=(0.9, 0.999), g_loss="non_saturating",
    reuse_fake=True,  # mnist-tanh computes D(fake_sample) again after D's update, same fake batch
)

# The course's convolutional GAN (gan_course.mnist.convnets, chapter 12), sized for a CPU: G's maps 32 channels at 7x7
# and 16 at 14x14, D's the mirror image. DCGAN's beta1 = 0.5 with lr 1e-3 and batch 64 (measured on one thread of
# the reference CPU: DCGAN's own lr 2e-4 and batch 128 on maps twice as wide reached FD 128 after 4 epochs at 27 s
# per epoch; this one FD 48 at 14 s per epoch). Float32 products: bfloat16 ("medium") made these convolutions slower.
DCGAN = GAN_MNIST.replace(
    name="DCGAN (course): conv G and D, sigmoid output",
    arch="dcgan",
    noise_dim=64,
    g_hidden=(32, 16),
    d_hidden=(16, 32),
    d_activation="leaky_relu",  # G's ReLU, sigmoid output, epochs and loop are gan-mnist's
)

# Chapter 13's conditional GAN: the same networks, the digit entering G by an embedding and D by a projection.
CONDITIONAL_DCGAN = DCGAN.replace(name="conditional DCGAN (course): label embedding in G, projection D",
                                  conditional=True, epochs=5)

RECIPES = {"gan-mnist": GAN_MNIST, "mnist-tanh": MNIST_TANH, "dcgan": DCGAN, "conditional-dcgan": CONDITIONAL_DCGAN}


def _recipe(recipe: object) -> MnistRecipe:
    if not isinstance(recipe, MnistRecipe):
        raise ValueError(f"recipe must be an MnistRecipe such as mnist.GAN_MNIST, got {type(recipe).__name__}")
    return recipe


def build_generator(recipe: MnistRecipe) -> nn.Module:
    """G: z [n, noise_dim] -> images [n, 784] in ``recipe.value_range``; a conditional G maps rows [z, one-hot
    digit] -> [image, the same digit] (``gan_course.mnist.conditional``)."""
    _recipe(recipe)
    n_in = recipe.noise_dim + (recipe.embed_dim if recipe.conditional else 0)
    if recipe.arch == "dcgan":
        G = ConvGenerator(n_in, recipe.g_hidden, recipe.g_output)
    else:
        G = mlp_generator(n_in, recipe.g_hidden, 784, recipe.g_activation, recipe.g_output)
    return ConditionalGenerator(G, recipe.noise_dim, recipe.embed_dim) if recipe.conditional else G


def build_discriminator(recipe: MnistRecipe) -> nn.Module:
    """D: images [n, 784] -> logits [n, 1]; a conditional D scores rows [image, one-hot digit] with a projection."""
    _recipe(recipe)
    D = ConvDiscriminator(recipe.d_hidden) if recipe.arch == "dcgan" else mlp_discriminator(
        784, recipe.d_hidden, recipe.d_activation)
    if not recipe.conditional:
        return D
    if recipe.arch == "dcgan":
        return ProjectionDiscriminator(D.features, D.score)
    return ProjectionDiscriminator(D.net[:-1], D.net[-1])  # phi: the hidden layers; psi: the last linear layer


def make_trainer(
    recipe: MnistRecipe,
    callbacks: Iterable[Callback] = (),
    device: str | None = None,
    images: torch.Tensor | None = None,
) -> Trainer:
    """``recipe.build(images, callbacks=...)`` on ``device`` (None: the recipe's, the GPU when present)."""
    _recipe(recipe)
    recipe = recipe if device is None else recipe.for_run(device=device)
    return recipe.build(images, callbacks=callbacks)


class SampleGrid(Every):
    """Every ``n`` steps, keep ``n_images`` samples of G from one fixed noise seed, in [0, 1].

    ``snapshots`` is a list of ``(step, images [n_images, 784])``; with ``show=True`` each grid is also drawn
    in the notebook as training goes (the chapters draw them together at the end instead).
    """

    def __init__(self, n: int, value_range: Sequence[float], n_images: int = 32, seed: int = 1, show: bool = False):
        super().__init__(n, self._snapshot)
        ok = isinstance(value_range, (tuple, list)) and len(value_range) == 2
        for v in value_range if ok else ():
            number(v, "value_range (each end)", -1e6, 1e6, "(0.0, 1.0) or (-1.0, 1.0)")
        if not (ok and value_range[0] < value_range[1]):
            raise ValueError(f"value_range must be (low, high) with low < high, the range of G's pixels like "
                             f"(0.0, 1.0) or (-1.0, 1.0) (recipe.value_range), got {value_range!r}")
        count(n_images, "n_images (images per grid)", 1024)
        validate_seed(seed, "seed")
        boolean(show, "show")
        self.value_range, self.n_images, self.seed, self.show = tuple(value_range), n_images, seed, show
        self.snapshots: list[tuple[int, torch.Tensor]] = []

    def _snapshot(self, trainer: Trainer) -> None:
        images = to_unit_range(images_of(trainer.sample(self.n_images, seed=self.seed)), self.value_range)
        self.snapshots.append((trainer.step, images))
        if self.show:
            ax = plot_image_grid(images, nrow=16)
            ax.set_title(f"step {trainer.step}")
            plt.show()


class EpochLog(Callback):
    """At every epoch's end: the epoch's mean loss_D, loss_G, D(x), D(G(z)), and ``score(trainer)`` if given.

    ``score`` returns a ``gan_course.mnist.quality.Score`` (or anything with ``fd`` and ``coverage.classes``);
    it must draw no randomness from the training stream, so logging never changes what is trained.
    """

    KEYS = ("loss_d", "loss_g", "d_real", "d_fake")

    def __init__(self, recipe: MnistRecipe, score: Callable[[Trainer], object] | None = None) -> None:
        _recipe(recipe)
        if score is not None and not callable(score):
            raise ValueError(f"score must be None or a function score(trainer) -> Score, got {type(score).__name__}")
        self.recipe, self.score = recipe, score
        self.epochs: list[int] = []
        self.means: dict[str, list[float]] = {k: [] for k in self.KEYS}
        self.fd: list[float] = []
        self.classes: list[int] = []

    def on_step_end(self, trainer: Trainer, record: dict[str, float]) -> None:
        per_epoch = len(trainer.real) // trainer.config.batch_size if hasattr(trainer.real, "__len__") else 1
        if trainer.step % per_epoch:
            return
        self.epochs.append(trainer.step // per_epoch)
        for k in self.KEYS:
            self.means[k].append(sum(getattr(trainer.history, k)[-per_epoch:]) / per_epoch)
        if self.score is not None:
            s = self.score(trainer)
            self.fd.append(float(s.fd))
            self.classes.append(int(s.coverage.classes))

    def meta(self) -> dict:
        """Plain numbers for a checkpoint's meta: the recipe and the per-epoch records."""
        r = self.recipe
        return {
            "recipe": r.name, "noise_dim": r.noise_dim, "g_hidden": list(r.g_hidden), "g_output": r.g_output,
            "batch_size": r.train.batch_size, "epochs_trained": len(self.epochs), "lr_d": r.train.lr_d,
            "lr_g": r.train.lr_g, "betas": list(r.train.betas), "epoch": list(self.epochs),
            **{k: list(v) for k, v in self.means.items()}, "fd": list(self.fd), "classes": list(self.classes),
        }


# What chapters 07 and 08 train (and chapter 09 scores): the articles' recipes with the epochs that fit a lesson,
# on one CPU thread (reproducible, and two notebooks can train side by side on two cores) with bfloat16
# products where the CPU has them (1.4x faster for mnist-tanh's networks here, float32 elsewhere).
_LESSON = {"num_threads": 1, "matmul_precision": "medium"}
CHAPTER_RECIPES = {
    "ch07": GAN_MNIST.replace(**_LESSON),
    "ch08_article": MNIST_TANH.replace(epochs=5, **_LESSON),  # mnist-tanh as written, 5 of its 100 epochs
    # what helps: DCGAN's Adam settings (lr 2e-4, beta1 0.5) on the same networks, batch and epochs
    "ch08": MNIST_TANH.replace(name="mnist-tanh networks, DCGAN's Adam", epochs=8, lr_d=2e-4, lr_g=2e-4,
                               betas=(0.5, 0.999), **_LESSON),
    # the convolutional GANs: one thread too, float32 products (faster than bfloat16 for these convolutions)
    "ch12": DCGAN.replace(num_threads=1),
    "ch13": CONDITIONAL_DCGAN.replace(num_threads=1),
}
# mnist-tanh as written for all of its 100 epochs: too long for a notebook, recorded by
# ``python -m gan_course.mnist.runs tanh-100`` (chapter 08 trains its first 5 epochs live: "ch08_article")
FULL_RECIPES = {"ch08_100": MNIST_TANH.replace(**_LESSON)}
