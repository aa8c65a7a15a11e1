"""Chapter 12's comparison at equal wall-clock time: the DCGAN against the MLP GANs of chapters 07 and 08.

    python -m gan_course.mnist.race      # seeds 0-2, two runs at a time (one thread each): 44 minutes here

First chapter 12's DCGAN trains its whole recipe (``CHAPTER_RECIPES["ch12"]``) for each seed, timing its training
steps (CPU time of one thread: see ``Stopwatch``); then chapter 07's and chapter 08's recipes train epoch after epoch
until their own training time reaches the slowest DCGAN run's: every MLP GAN gets at least as many seconds as any
DCGAN. Each run is scored (FD and classes of 5,000 samples, ``assets.epoch_score``) after every epoch (the DCGAN) or
every 5th epoch and the last (the MLP GANs); scoring is not counted as training time. Two runs train side by side on
two cores, one thread each, as two chapters do under the README's test command.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..data import default_data_dir
from ..records import read_json, write_json
from ..train import Callback, Trainer
from .recipes import CHAPTER_RECIPES

__all__ = ["RACE_RECIPES", "RACE_SEEDS", "FILE", "Stopwatch", "Race", "race_path", "make_race", "load_race"]

RACE_RECIPES = ("ch12", "ch07", "ch08")  # the DCGAN first: its time is the others' budget
RACE_SEEDS = (0, 1, 2)
FILE = "records/mnist_race.json"
COMMAND = "python -m gan_course.mnist.race"


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
        if name not in self.fd:
            raise ValueError(f"recipe must be one of {list(self.recipes)}, got {name!r}")
        return ([r[-1] for r in self.fd[name]], [r[-1] for r in self.classes[name]],
                [r[-1] for r in self.seconds[name]])

    def at_time(self, name: str, seed_index: int, seconds: float) -> dict[str, float]:
        """Seed ``seeds[seed_index]``'s run of ``name`` at the first scored epoch whose training time reaches
        ``seconds`` (equal or more time): its ``epoch``, ``seconds``, ``fd`` and ``classes`` there, and ``best_fd``,
        the lowest FD it had scored up to then."""
        if name not in self.fd:
            raise ValueError(f"recipe must be one of {list(self.recipes)}, got {name!r}")
        times = self.seconds[name][seed_index]
        j = next((j for j, t in enumerate(times) if t >= seconds), None)
        if j is None:
            raise ValueError(f"{name}'s run for seed {self.seeds[seed_index]} stopped at {times[-1]:.0f} s, before "
                             f"{seconds:.0f} s")
        return {"epoch": self.epochs[name][seed_index][j], "seconds": times[j], "fd": self.fd[name][seed_index][j],
                "classes": self.classes[name][seed_index][j], "best_fd": min(self.fd[name][seed_index][: j + 1])}

    def per_epoch(self, name: str) -> float:
        """Mean training seconds per epoch of ``name`` over its seeds."""
        if name not in self.seconds:
            raise ValueError(f"recipe must be one of {list(self.recipes)}, got {name!r}")
        return sum(s[-1] for s in self.seconds[name]) / sum(e[-1] for e in self.epochs[name])


def _run(job: tuple[str, int, float | None]) -> tuple[list[int], list[float], list[float], list[float], list[int]]:
    """Train one (chapter recipe, seed), the DCGAN for its epochs, an MLP until ``budget`` seconds."""
    from . import assets
    from .recipes import make_trainer

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
    import multiprocessing as mp

    from .runs import _made_with

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
                made_with=f"{_made_with(CHAPTER_RECIPES['ch12'])}, {processes} runs side by side")


def race_path(root: str | Path | None = None) -> Path:
    return (Path(root) if root is not None else default_data_dir()) / FILE


def load_race(path: str | Path | None = None) -> Race:
    """The shipped race (``python -m gan_course.mnist.race``)."""
    return read_json(Race, path if path is not None else race_path(), COMMAND)


def main(argv: list[str]) -> int:
    if argv:
        print(__doc__)
        return 2
    start = time.perf_counter()
    race = make_race()
    print(f"saved {write_json(race, race_path())} ({time.perf_counter() - start:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
