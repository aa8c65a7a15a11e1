"""Weights the course ships in ``data/`` for the MNIST chapters, verified by SHA-256 before loading.

* ``data/classifier/mnist_cnn.pt``: the classifier of ``gan_course.mnist.classifier`` (chapter 09's judge);
* ``data/generators/ch07_G.pt``, ``ch08_article_G.pt`` and ``ch08_G.pt``: the generators chapters 07 and 08 train
  (07's recipe; 08's article recipe and 08's improved one), for chapter 09;
* ``data/generators/ch08_100_G.pt``: the mnist-tanh recipe after all 100 of its epochs
  (``python -m gan_course.mnist.runs tanh-100``, which also writes the per-epoch record);
* ``data/generators/ch12_G.pt`` and ``ch13_G.pt``: chapter 12's DCGAN (20 epochs) and chapter 13's conditional DCGAN
  (5 epochs), seed 0, for the latent explorer, chapter 09's kind of scores and the sample command.

Rebuild them (each command runs exactly the training the chapters run and prints the new checksums)::

    python -m gan_course.mnist.assets train-classifier
    python -m gan_course.mnist.assets train-generators [ch07 ch08_article ch08 ch12 ch13]

A retrained file has new bytes: copy the printed SHA-256 into ``SHA256`` below and into ``data/README.md``.
"""

from __future__ import annotations

import functools
import math
import os
import sys
from pathlib import Path

import torch
from torch import nn

from ..callbacks import ProgressBar
from ..checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from ..data import data_root, default_data_dir, mnist_tensors, sha256_of
from ..train import Trainer
from .classifier import MnistCNN, predict, train_classifier
from .quality import FeatureStats, Score, feature_stats, score_generator
from .recipes import CHAPTER_RECIPES, FULL_RECIPES, EpochLog, MnistRecipe, SampleGrid, build_generator, make_trainer

__all__ = [
    "SHA256",
    "asset_path",
    "verify",
    "load_classifier",
    "load_generator",
    "recipe_of",
    "train_reference",
    "check_log",
    "untrained_generator",
    "epoch_score",
    "train_logged",
    "score",
]

FILES = {
    "classifier": "classifier/mnist_cnn.pt",
    "ch07": "generators/ch07_G.pt",
    "ch08_article": "generators/ch08_article_G.pt",
    "ch08": "generators/ch08_G.pt",
    "ch08_100": "generators/ch08_100_G.pt",
    "ch12": "generators/ch12_G.pt",
    "ch13": "generators/ch13_G.pt",
}
# the command that remakes each file
REMAKE = {
    "classifier": "python -m gan_course.mnist.assets train-classifier",
    **{name: "python -m gan_course.mnist.assets train-generators" for name in CHAPTER_RECIPES},
    "ch08_100": "python -m gan_course.mnist.runs tanh-100",
}

SHA256 = {
    "classifier": "1935cc1603cddd27d5faa9cf983fc621fc6a433b7e279096449dd4c90f39ab7d",
    "ch07": "9e855fcc5fd97430e826d969bcd0fcafb295d1c8ac63e1efa05fc4411847af34",
    "ch08_article": "b08074df550879473d54099f93d4734821b073b7895f029acce560a5fb305dbe",
    "ch08": "65e4218f44e2793b758c8d08f2811c43c5043b34bfcfe50405ea6e032b6df1ae",
    "ch08_100": "64c1841b5426280cba68ede35d5668803a9fccd0dda4e114fbd7026b837d822e",
    "ch12": "4a39a761915f07b51803d279d4271fb8a30da782938222553507a1b13e40a29c",
    "ch13": "3c3ee6b173b5d5f0e5734fc786bc84ae2f8da380f7bef6bb6dcec3e44efdda3b",
}


def asset_path(name: str, root: str | Path | None = None) -> Path:
    if not isinstance(name, str) or name not in FILES:
        raise ValueError(f"asset must be one of {sorted(FILES)}, got {name!r}")
    return data_root(root) / FILES[name]


def verify(name: str, path: str | Path | None = None) -> Path:
    """Return the path of asset ``name`` after checking its SHA-256; raise ``CheckpointError`` saying what to do
    (a ValueError for a ``name`` or ``path`` that is not one)."""
    if not isinstance(name, str) or name not in FILES:
        raise ValueError(f"asset must be one of {sorted(FILES)}, got {name!r}")
    if path is not None and (not isinstance(path, (str, os.PathLike)) or str(path) == ""):
        raise ValueError(f"path must be a file name such as {str(Path('data') / FILES[name])!r} or None (the shipped "
                         f"file), got {path!r}")
    path = Path(path) if path is not None else asset_path(name)
    hint = (
        f"Restore it with `git checkout -- {Path('data') / FILES[name]}`, or rebuild it with "
        f"`{REMAKE[name]}` and record the new checksum it prints."
    )
    if not path.exists():
        raise CheckpointError(f"{path} is missing. {hint}")
    if path.is_dir():
        raise CheckpointError(f"{path} is a folder, not the weights file {FILES[name]}. {hint}")
    try:
        digest = sha256_of(path)
    except OSError as err:
        raise CheckpointError(f"{path} cannot be read ({err.strerror or err}). {hint}") from None
    if digest != SHA256[name]:
        raise CheckpointError(
            f"{path} is damaged or not the shipped file: its SHA-256 is {digest}, expected {SHA256[name]}. {hint}"
        )
    return path


def load_classifier(path: str | Path | None = None) -> MnistCNN:
    """The shipped classifier (checksum verified, loaded with ``weights_only=True``), in eval mode."""
    model = MnistCNN()
    load_checkpoint(verify("classifier", path), {"classifier": model})
    return model.eval()


def recipe_of(chapter: str) -> MnistRecipe:
    """The recipe that trained the shipped generator ``chapter`` ("ch07", "ch08_article", "ch08", "ch08_100", ...)."""
    recipes = {**CHAPTER_RECIPES, **FULL_RECIPES}
    if not isinstance(chapter, str) or chapter not in recipes:
        raise ValueError(f"generator must be one of {sorted(recipes)}, got {chapter!r}")
    return recipes[chapter]


def load_generator(chapter: str, path: str | Path | None = None) -> tuple[nn.Module, MnistRecipe, dict]:
    """(G, its recipe, the checkpoint's meta) for a shipped generator (``recipe_of``), checksum verified."""
    recipe = recipe_of(chapter)
    G = build_generator(recipe)
    path = verify(chapter, path)
    meta = load_checkpoint(path, {"G": G})
    check_log(meta, path)
    return G.eval(), recipe, meta


# the per-epoch log that EpochLog.meta() writes into a generator's checkpoint, and chapter 09 plots
LOG_FIELDS = ("epoch", "loss_d", "loss_g", "d_real", "d_fake", "fd", "classes")


def check_log(meta: dict, path: str | Path) -> dict:
    """``meta`` if its per-epoch log is whole, else a ``CheckpointError`` naming the file and the field.

    Whole: each of ``LOG_FIELDS`` a list of finite numbers, one per epoch (whole numbers for ``epoch`` and
    ``classes``; ``fd`` and ``classes`` may be empty, a log made without a score), and ``epochs_trained`` their
    length. A checkpoint without a log (no ``epoch`` field) passes: it has nothing to plot.
    """
    if "epoch" not in meta:
        return meta
    n = len(meta["epoch"]) if isinstance(meta["epoch"], list) else -1
    for name in LOG_FIELDS:
        values, whole = meta.get(name), name in ("epoch", "classes")
        lengths = (n, 0) if name in ("fd", "classes") else (n,)  # a log made without a score has no fd, classes
        ok = isinstance(values, list) and len(values) in lengths and all(
            isinstance(v, int if whole else (int, float)) and not isinstance(v, bool) and math.isfinite(v)
            for v in values)
        if not ok:
            kind = "whole numbers" if whole else "finite numbers"
            raise CheckpointError(
                f"the training log in {path} is damaged: its field {name!r} must be a list of {kind}, one per epoch "
                f"({max(n, 0)}), got {str(values)[:60]}. Restore the file, or train and save it again."
            )
    if meta.get("epochs_trained", n) != n:
        raise CheckpointError(f"the training log in {path} is damaged: epochs_trained is "
                              f"{meta.get('epochs_trained')!r} but it logs {n} epochs. Restore the file.")
    return meta


def untrained_generator(chapter: str) -> nn.Module:
    """G of ``chapter``'s recipe with its initial weights (seeded exactly as training starts): the ceiling."""
    recipe = CHAPTER_RECIPES[chapter]
    torch.manual_seed(recipe.train.seed)
    return build_generator(recipe).eval()


@functools.lru_cache(maxsize=2)
def train_reference(classifier_path: str | None = None) -> FeatureStats:
    """Feature statistics of the 60,000 training images under the shipped classifier (computed once per process)."""
    images, _ = mnist_tensors(train=True)
    _, feats = predict(load_classifier(classifier_path), images)
    return feature_stats(feats)


def score(generator: nn.Module, recipe: MnistRecipe, n: int = 10_000) -> Score:
    """Frechet distance to the training set and class coverage of ``n`` samples, with the shipped classifier."""
    return score_generator(generator, recipe.noise_dim, recipe.value_range, load_classifier(), train_reference(), n)


def epoch_score(recipe: MnistRecipe, n: int = 5000):
    """A ``score`` for ``gan_course.mnist.EpochLog``: scores the trainer's G on ``n`` samples (own noise seed)."""
    classifier, reference = load_classifier(), train_reference()
    return lambda trainer: score_generator(
        trainer.G, recipe.noise_dim, recipe.value_range, classifier, reference, n
    )


def train_logged(
    recipe: MnistRecipe, progress_every: int | None = 200, grid_images: int = 16, echo: bool = False
) -> tuple[Trainer, SampleGrid, EpochLog]:
    """Train ``recipe`` as the chapters and ``train-generators`` do; return (trainer, sample grid, epoch log).

    Callbacks: a progress bar every ``progress_every`` steps (None: none), a grid of ``grid_images`` samples from
    fixed noise after every epoch, and the per-epoch log of mean losses, D outputs, FD and classes
    (``echo``: also print each epoch's score).
    """
    scorer = epoch_score(recipe)  # scoring draws no training noise: logging never changes what is trained

    def scored(trainer: Trainer):
        s = scorer(trainer)
        if echo:
            print(f"  epoch {trainer.step // recipe.steps_per_epoch}: {s}", flush=True)
        return s

    grid = SampleGrid(recipe.steps_per_epoch, recipe.value_range, n_images=grid_images)
    log = EpochLog(recipe, score=scored)
    bar = [ProgressBar(every=progress_every)] if progress_every else []
    trainer = make_trainer(recipe, callbacks=[*bar, grid, log])
    trainer.run()
    return trainer, grid, log


# ---------------------------------------------------------------------------------------------- rebuilding


def _train_classifier_cmd(root: Path) -> None:
    model, acc = train_classifier()
    if acc < 0.985:
        raise SystemExit(f"test accuracy {acc:.4f} is below the 0.985 the course promises; nothing saved")
    path = save_checkpoint(
        asset_path("classifier", root), {"classifier": model}, meta={"test_accuracy": round(acc, 4)}
    )
    print(f"saved {path}\n  test accuracy {acc:.4f}\n  SHA-256 {sha256_of(path)}")


def _train_generators_cmd(root: Path, which: list[str]) -> None:
    for chapter in which:
        recipe = CHAPTER_RECIPES[chapter]
        print(f"{chapter}: {recipe.name}, {recipe.epochs} epochs ({recipe.train.steps} steps) ...", flush=True)
        trainer, _, log = train_logged(recipe, progress_every=None, echo=True)
        path = save_checkpoint(asset_path(chapter, root), {"G": trainer.G}, meta=log.meta())
        print(f"saved {path}\n  SHA-256 {sha256_of(path)}", flush=True)


USAGE = (f"usage: python -m gan_course.mnist.assets train-classifier | train-generators "
         f"[{' '.join(CHAPTER_RECIPES)}]")


def main(argv: list[str]) -> int:
    """The command: rebuild the classifier or generators. A bad argument: one line, status 2."""
    if argv in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    why = ""
    if not argv or argv[0] not in ("train-classifier", "train-generators"):
        why = f"the first argument must be train-classifier or train-generators, got {' '.join(argv) or 'nothing'!r}"
    elif argv[0] == "train-classifier" and len(argv) > 1:
        why = f"train-classifier takes no more arguments, got {' '.join(argv[1:])!r}"
    elif any(a not in CHAPTER_RECIPES for a in argv[1:]):
        bad = next(a for a in argv[1:] if a not in CHAPTER_RECIPES)
        why = f"the generators to train must be among {', '.join(CHAPTER_RECIPES)}, got {bad!r}"
    elif len(set(argv[1:])) != len(argv[1:]):
        why = f"name each generator once, got {' '.join(argv[1:])}"
    if why:
        print(f"assets: {why} ({USAGE})", file=sys.stderr)
        return 2
    root = default_data_dir()
    if argv[0] == "train-classifier":
        _train_classifier_cmd(root)
    else:
        _train_generators_cmd(root, argv[1:] or sorted(CHAPTER_RECIPES))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
