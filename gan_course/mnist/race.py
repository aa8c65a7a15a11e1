"""Chapter 12's race: the DCGAN against the MLP GANs of chapters 07 and 08, at equal training time and more.

    python -m gan_course.mnist.race      # seeds 0-2, two runs at a time (one thread each): 44 minutes here

First chapter 12's DCGAN trains its whole recipe (``CHAPTER_RECIPES["ch12"]``) for each seed, timing its training
steps (CPU time of one thread: see ``Stopwatch``); then chapter 07's and chapter 08's recipes train epoch after epoch
until their own training time reaches the slowest DCGAN run's: every MLP GAN gets at least as many seconds as any
DCGAN. Each run is scored (FD and classes of 5,000 samples, ``assets.epoch_score``) after every epoch (the DCGAN) or
every 5th epoch and the last (the MLP GANs); scoring is not counted as training time. Two runs train side by side on
two cores, one thread each, as two chapters do under the README's test command.

``compare`` reads the record three ways (``COMPARISONS``): each DCGAN run at its end against the MLP run of the same
seed at equal or more training time, at the end of the MLP chapter's own recipe (chapter 07: 20 epochs, a scored
epoch), and at the MLP's best scored epoch (picked by the scorer, so by the answer key); ``comparison_table`` renders
them as Markdown.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import sys
import time
from dataclasses import dataclass
from numbers import Integral, Real
from pathlib import Path

from ..data import default_data_dir
from ..files import read_json, write_json
from ..train import Callback, Trainer
from ..validate import integer
from . import assets
from .recipes import CHAPTER_RECIPES, make_trainer
from .runs import made_with

__all__ = ["RACE_RECIPES", "RACE_SEEDS", "FILE", "COMPARISONS", "Stopwatch", "Race", "Comparison", "compare",
           "comparison_table", "race_path", "make_race", "load_race"]

RACE_RECIPES = ("ch12", "ch07", "ch08")  # the DCGAN first: its time is the others' budget
RACE_SEEDS = (0, 1, 2)
FILE = "records/mnist_race.json"
COMMAND = "python -m gan_course.mnist.race"
# Where each DCGAN run (at the end of its recipe) is read against an MLP run of the same seed: at the MLP's first
# scored epoch with equal or more training time; at the end of the MLP chapter's own recipe (its number of epochs);
# at the MLP's scored epoch with the lowest FD (picked by the scorer: the answer key).
COMPARISONS = ("equal time", "own recipe", "best scored epoch")


class Stopwatch(Callback):
    """Times a run's training steps, not the time ``score(trainer)`` takes after every ``every``-th epoch; with
    ``budget`` set, the run stops at the end of the first epoch whose training time reaches it (and is scored).

    The clock is the process's CPU time: on one thread it equals the wall-clock time of an otherwise idle core, and
    other busy processes hardly change it (``wall`` keeps the wall-clock time too). ``epochs``, ``seconds``
    (CPU), ``wall``, ``fd`` and ``classes`` hold one entry per scored epoch."""

    def __init__(self, steps_per_epoch: int, score, budget: float | None = None, every: int = 1) -> None:
        self.steps_per_epoch, self.score, self.budget, self.every = steps_per_epoch, score, budget, every
        self.epochs: list[int] = []
        self.trained, self._since, self.wall_trained, self._wall_since = 0.0, 0.0, 0.0, 0.0
        self.seconds: list[float] = []
        self.wall: list[float] = []
        self.fd: list[float] = []
        self.classes: list[int] = []

    def on_train_start(self, trainer: Trainer) -> None:
        self._restart()

    def _restart(self) -> None:
        self._since, self._wall_since = time.process_time(), time.perf_counter()

    def on_step_end(self, trainer: Trainer, record: dict[str, float]) -> None:
        if trainer.step % self.steps_per_epoch:
            return
        self.trained += time.process_time() - self._since
        self.wall_trained += time.perf_counter() - self._wall_since
        epoch = trainer.step // self.steps_per_epoch
        done = self.budget is not None and self.trained >= self.budget
        if epoch % self.every and not done:
            self._restart()
            return
        s = self.score(trainer)
        self.epochs.append(epoch)
        self.seconds.append(round(self.trained, 2))
        self.wall.append(round(self.wall_trained, 2))
        self.fd.append(round(float(s.fd), 2))
        self.classes.append(int(s.coverage.classes))
        if done:
            trainer.stop()
        self._restart()  # the clock runs again from here: scoring is not training


@dataclass(frozen=True)
class Race:
    """Per chapter recipe and seed, after each scored epoch: training seconds so far, FD and classes (5,000 samples).

    ``seconds[name][i]`` is the list for seed ``seeds[i]``; ``budget`` is the slowest DCGAN run's training time,
    which every MLP run reached or passed."""

    recipes: dict[str, str]  # "ch12" -> the recipe's name
    seeds: list[int]
    budget: float
    epochs: dict[str, list[list[int]]]
    seconds: dict[str, list[list[float]]]  # CPU seconds of training (one thread: an idle core's wall-clock time)
    wall: dict[str, list[list[float]]]  # wall-clock seconds of training, two runs side by side
    fd: dict[str, list[list[float]]]
    classes: dict[str, list[list[int]]]
    made_with: str

    def __post_init__(self) -> None:
        for table in (self.epochs, self.seconds, self.wall, self.fd, self.classes):
            if list(table) != list(self.recipes):
                raise ValueError(f"every table needs one entry per recipe {list(self.recipes)}, got {list(table)}")
            for name, rows in table.items():
                if len(rows) != len(self.seeds):
                    raise ValueError(f"{name!r} needs one row per seed {self.seeds}, got {len(rows)}")

    def final(self, name: str) -> tuple[list[float], list[int], list[float]]:
        """(FD, classes, training seconds) at the end of each seed's run of ``name``."""
        if not isinstance(name, str) or name not in self.fd:
            raise ValueError(f"recipe must be one of {list(self.recipes)}, got {name!r}")
        return ([r[-1] for r in self.fd[name]], [r[-1] for r in self.classes[name]],
                [r[-1] for r in self.seconds[name]])

    def at_time(self, name: str, seed_index: int, seconds: float) -> dict[str, float]:
        """Seed ``seeds[seed_index]``'s run of ``name`` at the first scored epoch whose training time reaches
        ``seconds`` (equal or more time): its ``epoch``, ``seconds``, ``fd`` and ``classes`` there, and ``best_fd``,
        the lowest FD it had scored up to then."""
        self._check(name, seed_index)
        if not isinstance(seconds, Real) or isinstance(seconds, bool) or not math.isfinite(seconds):
            raise ValueError(f"seconds must be a finite number of training seconds, got {seconds!r}")
        times = self.seconds[name][seed_index]
        j = next((j for j, t in enumerate(times) if t >= seconds), None)
        if j is None:
            raise ValueError(f"{name}'s run for seed {self.seeds[seed_index]} stopped at {times[-1]:.0f} s, before "
                             f"{seconds:.0f} s")
        return {"epoch": self.epochs[name][seed_index][j], "seconds": times[j], "fd": self.fd[name][seed_index][j],
                "classes": self.classes[name][seed_index][j], "best_fd": min(self.fd[name][seed_index][: j + 1])}

    def at_epoch(self, name: str, seed_index: int, epoch: int) -> dict[str, float]:
        """Seed ``seeds[seed_index]``'s run of ``name`` at the scored epoch ``epoch``: its ``epoch``, ``seconds``,
        ``fd`` and ``classes`` there (the MLP runs are scored every 5th epoch and at their last)."""
        self._check(name, seed_index)
        epochs = self.epochs[name][seed_index]
        if not isinstance(epoch, Integral) or isinstance(epoch, bool) or epoch not in epochs:
            shown = ", ".join(map(str, epochs[:3])) + (f", ..., {epochs[-1]}" if len(epochs) > 3 else "")
            raise ValueError(f"epoch must be a scored epoch of {name}'s run for seed {self.seeds[seed_index]} "
                             f"({shown}), got {epoch!r}")
        return self._entry(name, seed_index, epochs.index(epoch))

    def best_epoch(self, name: str, seed_index: int) -> dict[str, float]:
        """Seed ``seeds[seed_index]``'s run of ``name`` at its scored epoch with the lowest FD (the first, on a tie):
        ``epoch``, ``seconds``, ``fd`` and ``classes`` there. Picking it takes the scorer: the answer key."""
        self._check(name, seed_index)
        fd = self.fd[name][seed_index]
        return self._entry(name, seed_index, fd.index(min(fd)))

    def _check(self, name: str, seed_index: int) -> None:
        if not isinstance(name, str) or name not in self.fd:
            raise ValueError(f"recipe must be one of {list(self.recipes)}, got {name!r}")
        if not isinstance(seed_index, int) or isinstance(seed_index, bool) or not 0 <= seed_index < len(self.seeds):
            raise ValueError(f"seed_index must be an index into seeds {self.seeds} (0 to {len(self.seeds) - 1}), "
                             f"got {seed_index!r}")

    def _entry(self, name: str, seed_index: int, j: int) -> dict[str, float]:
        return {"epoch": self.epochs[name][seed_index][j], "seconds": self.seconds[name][seed_index][j],
                "fd": self.fd[name][seed_index][j], "classes": self.classes[name][seed_index][j]}

    def per_epoch(self, name: str) -> float:
        """Mean training seconds per epoch of ``name`` over its seeds."""
        if not isinstance(name, str) or name not in self.seconds:
            raise ValueError(f"recipe must be one of {list(self.recipes)}, got {name!r}")
        return sum(s[-1] for s in self.seconds[name]) / sum(e[-1] for e in self.epochs[name])


@dataclass(frozen=True)
class Comparison:
    """One seed's DCGAN run, read at the end of its recipe, against one MLP run of the same seed read ``how``
    (one of ``COMPARISONS``); ``ratio`` = FD(DCGAN) / FD(MLP), below 1 where the DCGAN is closer to the data, and
    ``time_ratio`` = training seconds(DCGAN) / training seconds(MLP)."""

    how: str
    seed: int
    dcgan_epoch: int
    dcgan_seconds: float
    dcgan_fd: float
    mlp_epoch: int
    mlp_seconds: float
    mlp_fd: float

    @property
    def ratio(self) -> float:
        return self.dcgan_fd / self.mlp_fd

    @property
    def time_ratio(self) -> float:
        return self.dcgan_seconds / self.mlp_seconds


def compare(race: Race, mlp: str = "ch07", recipe_epochs: int | None = None) -> list[Comparison]:
    """Every seed's final DCGAN run (``"ch12"``) against the run of ``mlp`` in each of the ``COMPARISONS``, grouped by
    comparison: at equal or more training time (``Race.at_time``), at ``recipe_epochs`` (default: the MLP chapter's
    own recipe, ``CHAPTER_RECIPES[mlp].epochs``, which must be a scored epoch) and at its best scored epoch."""
    if not isinstance(race, Race):
        raise ValueError(f"race must be a Race (race.load_race()), got {type(race).__name__}")
    if not isinstance(mlp, str) or mlp not in race.fd or mlp == "ch12":
        raise ValueError(f"mlp must be one of the MLP recipes {[k for k in race.recipes if k != 'ch12']}, "
                         f"got {mlp!r}")
    if recipe_epochs is None:
        recipe_epochs = CHAPTER_RECIPES[mlp].epochs
    integer(recipe_epochs, "recipe_epochs (the epoch to read the MLP at)")
    rows = []
    for how in COMPARISONS:
        for i, seed in enumerate(race.seeds):
            dc = race._entry("ch12", i, len(race.fd["ch12"][i]) - 1)
            if how == "equal time":
                at = race.at_time(mlp, i, dc["seconds"])
            elif how == "own recipe":
                at = race.at_epoch(mlp, i, recipe_epochs)
            else:
                at = race.best_epoch(mlp, i)
            rows.append(Comparison(how, seed, dc["epoch"], dc["seconds"], dc["fd"], at["epoch"], at["seconds"],
                                   at["fd"]))
    return rows


def comparison_table(rows: list[Comparison], mlp_label: str = "MLP") -> str:
    """``rows`` (from ``compare``) as a Markdown table: per comparison and seed, the MLP's epoch, training seconds
    and FD, the DCGAN's, FD(DCGAN) / FD(MLP) with the side that is closer to the data, and the time ratio."""
    if not isinstance(rows, (list, tuple)) or not all(isinstance(r, Comparison) for r in rows):
        raise ValueError(f"rows must be a list of Comparison rows from race.compare(...), got "
                         f"{type(rows).__name__}" + (f" of {sorted({type(r).__name__ for r in rows})}"
                                                      if isinstance(rows, (list, tuple)) else ""))
    if not isinstance(mlp_label, str):
        raise ValueError(f"mlp_label must be a string naming the MLP, got {type(mlp_label).__name__}")
    lines = [f"| MLP read at | seed | {mlp_label}: epoch | s | FD | DCGAN: epoch | s | FD | FD ratio DCGAN / MLP | "
             "lower FD | time ratio DCGAN / MLP |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for r in rows:
        lower = "DCGAN" if r.dcgan_fd < r.mlp_fd else "MLP" if r.mlp_fd < r.dcgan_fd else "tie"
        lines.append(f"| {r.how} | {r.seed} | {r.mlp_epoch} | {r.mlp_seconds:.0f} | {r.mlp_fd:.1f} | {r.dcgan_epoch} "
                     f"| {r.dcgan_seconds:.0f} | {r.dcgan_fd:.1f} | {r.ratio:.2f} | {lower} | {r.time_ratio:.1f} |")
    return "\n".join(lines)


def _run(job: tuple[str, int, float | None]) -> tuple[list[int], list[float], list[float], list[float], list[int]]:
    """Train one (chapter recipe, seed), the DCGAN for its epochs, an MLP until ``budget`` seconds."""
    name, seed, budget = job
    recipe = CHAPTER_RECIPES[name].replace(seed=seed)
    if budget is not None:
        recipe = recipe.replace(epochs=10_000)  # the budget ends the run
    clock = Stopwatch(recipe.steps_per_epoch, assets.epoch_score(recipe), budget, every=1 if budget is None else 5)
    trainer = make_trainer(recipe, callbacks=[clock], device="cpu")
    trainer.run()
    print(f"  {name} seed {seed}: {clock.epochs[-1]} epochs, {clock.trained:.0f} CPU s ({clock.wall_trained:.0f} s), "
          f"FD {clock.fd[-1]:.1f}, {clock.classes[-1]}/10 classes", flush=True)
    return clock.epochs, clock.seconds, clock.wall, clock.fd, clock.classes


def make_race(seeds: tuple[int, ...] = RACE_SEEDS, processes: int = 2) -> Race:
    """Run the race (see the module's docstring) with ``processes`` runs side by side."""
    rows: dict[str, list] = {}
    with mp.get_context("spawn").Pool(processes) as pool:
        rows["ch12"] = pool.map(_run, [("ch12", s, None) for s in seeds])
        budget = max(r[1][-1] for r in rows["ch12"])
        others = [(name, s, budget) for name in RACE_RECIPES[1:] for s in seeds]
        done = pool.map(_run, others)
    for (name, _, _), result in zip(others, done, strict=True):
        rows.setdefault(name, []).append(result)
    table = {k: {name: [r[i] for r in rows[name]] for name in RACE_RECIPES} for i, k in
             enumerate(("epochs", "seconds", "wall", "fd", "classes"))}
    return Race({name: CHAPTER_RECIPES[name].name for name in RACE_RECIPES}, list(seeds), budget, **table,
                made_with=f"{made_with(CHAPTER_RECIPES['ch12'])}, {processes} runs side by side")


def race_path(root: str | Path | None = None) -> Path:
    return (Path(root) if root is not None else default_data_dir()) / FILE


def load_race(path: str | Path | None = None) -> Race:
    """The shipped race (``python -m gan_course.mnist.race``)."""
    return read_json(Race, path if path is not None else race_path(), COMMAND)


def main(argv: list[str]) -> int:
    if argv in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    if argv:
        print(f"{COMMAND} takes no arguments, got {' '.join(argv)!r}: run it with none (seeds "
              f"{', '.join(map(str, RACE_SEEDS))} are fixed).", file=sys.stderr)
        return 2
    start = time.perf_counter()
    race = make_race()
    print(f"saved {write_json(race, race_path())} ({time.perf_counter() - start:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
