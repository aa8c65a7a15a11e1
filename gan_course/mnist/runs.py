"""Recorded MNIST runs too long for a notebook, made by one command each and shipped in ``data/records/``.

    python -m gan_course.mnist.runs tanh-100     # the mnist-tanh recipe as written, all 100 epochs (~30 min)
    python -m gan_course.mnist.runs adam-ablation  # lr and beta1 changed one at a time, 8 epochs, seeds 0-2 (~30 min)

``tanh-100`` trains exactly what chapter 08 trains live for its first 5 epochs (``CHAPTER_RECIPES["ch08_article"]``,
one CPU thread, bfloat16 products), for the article's 100 epochs. After every epoch it logs the mean losses and
D outputs, the Frechet distance and class coverage of 5,000 samples (``assets.epoch_score``), the share of the
most frequent class, and the seconds so far; it keeps 16 samples from fixed noise at a few epochs, and saves the
final generator as ``data/generators/ch08_100_G.pt`` (print its SHA-256 into ``assets.SHA256``).

``adam-ablation`` trains the same networks for 8 epochs with four Adam settings -- as written (lr 1e-4,
beta1 0.9), only lr 2e-4, only beta1 0.5, both -- for random seeds 0, 1 and 2, and logs FD and classes per epoch.
"""

from __future__ import annotations

import base64
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from .. import runtime
from ..checkpoint import save_checkpoint
from ..data import data_root, sha256_of, to_unit_range
from ..files import read_json, write_json
from ..train import Callback, Trainer
from .recipes import CHAPTER_RECIPES, FULL_RECIPES, EpochLog, MnistRecipe, make_trainer

__all__ = [
    "GRID_EPOCHS",
    "ABLATION",
    "FullRun",
    "Ablation",
    "record_path",
    "make_full_run",
    "make_ablation",
    "load_full_run",
    "load_ablation",
]

GRID_EPOCHS = (1, 3, 5, 10, 20, 40, 70, 100)  # epochs whose 16 fixed-noise samples the record keeps
GRID_SEED, GRID_N = 1, 16
ABLATION_EPOCHS, ABLATION_SEEDS = 8, (0, 1, 2)
# name -> (lr for D and G, beta1); beta2 stays 0.999
ABLATION = {
    "as written (lr 1e-4, beta1 0.9)": (1e-4, 0.9),
    "only lr 2e-4 (beta1 0.9)": (2e-4, 0.9),
    "only beta1 0.5 (lr 1e-4)": (1e-4, 0.5),
    "both (lr 2e-4, beta1 0.5)": (2e-4, 0.5),
}
FILES = {"tanh-100": "records/mnist_tanh_100.json", "adam-ablation": "records/mnist_adam_ablation.json"}


def made_with(recipe: MnistRecipe) -> str:
    threads = recipe.train.num_threads or torch.get_num_threads()
    precision = recipe.train.matmul_precision
    return f"{runtime.machine()}, {threads} thread(s), matmul {precision}"


def record_path(name: str, root: str | Path | None = None) -> Path:
    if not isinstance(name, str) or name not in FILES:
        raise ValueError(f"record must be one of {sorted(FILES)}, got {name!r}")
    return data_root(root) / FILES[name]


@dataclass(frozen=True)
class FullRun:
    """A whole recipe run, one entry per epoch; ``grids`` maps an epoch to 16 images [16, 784] in [0, 1]."""

    recipe: str
    epochs: int
    seed: int
    lr: float
    betas: list[float]
    epoch: list[int]
    fd: list[float]
    classes: list[int]
    top_share: list[float]  # share of the 5,000 samples in the most frequent class
    loss_d: list[float]
    loss_g: list[float]
    d_real: list[float]
    d_fake: list[float]
    seconds: list[float]  # wall-clock seconds from the start, scoring included
    grids: dict[str, str]  # epoch -> base64 of uint8 [16, 784]
    generator: str  # the final G's file in data/, and its SHA-256
    made_with: str

    def __post_init__(self) -> None:
        n = len(self.epoch)
        for name in ("fd", "classes", "top_share", "loss_d", "loss_g", "d_real", "d_fake", "seconds"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"{name} must hold one value per epoch ({n}), got {len(getattr(self, name))}")
        for epoch, text in self.grids.items():  # checked here, not when a chapter draws the grid
            if not (epoch.isascii() and epoch.isdigit()):
                raise ValueError(f"grids keys must be epochs such as '100', got {epoch!r}")
            try:
                size = len(base64.b64decode(text, validate=True))
            except (ValueError, TypeError):  # binascii.Error is a ValueError
                size = -1
            if size != GRID_N * 784:
                raise ValueError(f"grids[{epoch!r}] must be base64 of {GRID_N} images of 784 bytes, "
                                 f"{GRID_N * 784} bytes in all; it is damaged")

    def grid(self, epoch: int) -> torch.Tensor:
        """The 16 fixed-noise samples kept after ``epoch`` (one of ``GRID_EPOCHS``), float [16, 784] in [0, 1]."""
        if str(epoch) not in self.grids:
            raise ValueError(f"the record keeps samples after epochs {sorted(map(int, self.grids))}, not {epoch!r}")
        raw = np.frombuffer(base64.b64decode(self.grids[str(epoch)]), dtype=np.uint8).reshape(GRID_N, 784)
        return torch.from_numpy(raw.astype(np.float32) / 255.0)


@dataclass(frozen=True)
class Ablation:
    """FD and classes per epoch for each Adam setting (``ABLATION``) and seed: ``fd[setting][seed index]``."""

    settings: list[str]
    seeds: list[int]
    epochs: int
    fd: dict[str, list[list[float]]]
    classes: dict[str, list[list[int]]]
    seconds: float
    made_with: str

    def __post_init__(self) -> None:
        for table in (self.fd, self.classes):
            if list(table) != list(self.settings):
                raise ValueError(f"the table must have one entry per setting {self.settings}, got {list(table)}")
            for name, rows in table.items():
                if len(rows) != len(self.seeds) or any(len(r) != self.epochs for r in rows):
                    raise ValueError(f"{name!r} must have {len(self.seeds)} seeds x {self.epochs} epochs")

    def final(self, setting: str) -> tuple[list[float], list[int]]:
        """(FD, classes) after the last epoch for each seed of ``setting``."""
        if setting not in self.fd:
            raise ValueError(f"setting must be one of {self.settings}, got {setting!r}")
        return [row[-1] for row in self.fd[setting]], [row[-1] for row in self.classes[setting]]


class _TopShare:
    """Keeps the share of the most frequent class from each score that EpochLog computes."""

    def __init__(self) -> None:
        self.top_share: list[float] = []

    def __call__(self, score) -> None:
        self.top_share.append(float(max(score.coverage.shares)))


class _Grids(Callback):
    def __init__(self, recipe: MnistRecipe) -> None:
        self.recipe, self.grids = recipe, {}

    def on_step_end(self, trainer: Trainer, record: dict[str, float]) -> None:
        epoch, rest = divmod(trainer.step, self.recipe.steps_per_epoch)
        if rest == 0 and epoch in GRID_EPOCHS:
            images = to_unit_range(trainer.sample(GRID_N, seed=GRID_SEED), self.recipe.value_range)
            raw = (images.clamp(0, 1) * 255).round().to(torch.uint8).numpy()
            self.grids[str(epoch)] = base64.b64encode(raw.tobytes()).decode("ascii")


def _logged_trainer(recipe: MnistRecipe, extra: list[Callback], echo: str | None):
    # assets is a command of its own (python -m gan_course.mnist.assets): imported when used, not with this module,
    # so that running both commands in one process does not find assets half-imported (runpy warns then)
    from . import assets

    scorer, top, start = assets.epoch_score(recipe), _TopShare(), time.perf_counter()
    seconds: list[float] = []

    def scored(trainer: Trainer):
        s = scorer(trainer)
        top(s)
        seconds.append(round(time.perf_counter() - start, 1))
        if echo is not None:
            print(f"  {echo} epoch {trainer.step // recipe.steps_per_epoch}: {s} ({seconds[-1]:.0f} s)", flush=True)
        return s

    log = EpochLog(recipe, score=scored)
    return make_trainer(recipe, callbacks=[log, *extra]), log, top, seconds


def make_full_run(recipe: MnistRecipe | None = None, root: str | Path | None = None) -> FullRun:
    """Train ``recipe`` (default: the article's 100 epochs) with the per-epoch log; save its final G."""
    from . import assets  # when used: see _logged_trainer

    recipe = recipe or FULL_RECIPES["ch08_100"]
    grids = _Grids(recipe)
    trainer, log, top, seconds = _logged_trainer(recipe, [grids], echo="tanh-100")
    trainer.run()
    path = save_checkpoint(assets.asset_path("ch08_100", root), {"G": trainer.G}, meta=log.meta())
    rounded = {k: [round(v, 4) for v in vals] for k, vals in log.means.items()}
    return FullRun(
        recipe=recipe.name, epochs=recipe.epochs, seed=recipe.train.seed, lr=recipe.train.lr_d,
        betas=list(recipe.train.betas), epoch=log.epochs, fd=[round(v, 2) for v in log.fd], classes=log.classes,
        top_share=[round(v, 4) for v in top.top_share], **rounded, seconds=seconds, grids=grids.grids,
        generator=f"{assets.FILES['ch08_100']} sha256 {sha256_of(path)}", made_with=made_with(recipe),
    )


def make_ablation(epochs: int = ABLATION_EPOCHS, seeds: tuple[int, ...] = ABLATION_SEEDS) -> Ablation:
    """Train the four Adam settings of ``ABLATION`` for ``epochs`` on each of ``seeds``."""
    base = CHAPTER_RECIPES["ch08_article"].replace(epochs=epochs)
    fd: dict[str, list[list[float]]] = {}
    classes: dict[str, list[list[int]]] = {}
    start = time.perf_counter()
    for name, (lr, beta1) in ABLATION.items():
        fd[name], classes[name] = [], []
        for seed in seeds:
            recipe = base.replace(lr_d=lr, lr_g=lr, betas=(beta1, 0.999), seed=seed)
            trainer, log, _, _ = _logged_trainer(recipe, [], echo=f"{name}, seed {seed}")
            trainer.run()
            fd[name].append([round(v, 2) for v in log.fd])
            classes[name].append(list(log.classes))
    seconds = round(time.perf_counter() - start)
    return Ablation(list(ABLATION), list(seeds), epochs, fd, classes, seconds, made_with(base))


def _save(name: str, record, root: str | Path | None = None) -> Path:
    return write_json(record, record_path(name, root))


def _load(name: str, cls, path: str | Path | None):
    return read_json(cls, path if path is not None else record_path(name), f"python -m gan_course.mnist.runs {name}")


def load_full_run(path: str | Path | None = None) -> FullRun:
    """The shipped 100-epoch run of the mnist-tanh recipe (``python -m gan_course.mnist.runs tanh-100``)."""
    return _load("tanh-100", FullRun, path)


def load_ablation(path: str | Path | None = None) -> Ablation:
    """The shipped one-at-a-time Adam runs (``python -m gan_course.mnist.runs adam-ablation``)."""
    return _load("adam-ablation", Ablation, path)


USAGE = f"usage: python -m gan_course.mnist.runs {{{','.join(FILES)}}}"


def main(argv: list[str]) -> int:
    """The command: remake one record (``tanh-100`` or ``adam-ablation``). A bad argument: one line, status 2."""
    if argv in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    if len(argv) != 1 or argv[0] not in FILES:
        got = f"got {argv[0]!r}" if len(argv) == 1 else f"got {len(argv)} arguments"
        print(f"runs: give one record to remake, {' or '.join(FILES)}; {got} ({USAGE})", file=sys.stderr)
        return 2
    if argv[0] == "tanh-100":
        run = make_full_run()
        print(f"saved {_save('tanh-100', run)}\n  generator {run.generator}\n  {run.seconds[-1]:.0f} s", flush=True)
    else:
        ablation = make_ablation()
        print(f"saved {_save('adam-ablation', ablation)} ({ablation.seconds} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
