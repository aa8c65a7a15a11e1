"""Recorded 1-D runs: a source recipe's whole published budget over five random seeds, too long to train inside
a notebook, made by one package command and shipped in ``data/records/``. Chapter 05 shows the record and
re-runs its beginning live against it.

    python -m gan_course.synthetic.records fifty-lines  # 30,000 epochs x 5 seeds (60,000 updates each), about 2 minutes
    python -m gan_course.synthetic.records gan-reproduction  # 20,000 epochs x 5 seeds (800,000 updates each), ~9 min

A record holds, for every seed, the mean, standard deviation and KS of 10,000 generator samples every ``every``
steps (the same checks as ``gaussian.fit``), and its verdict: the final KS on fresh samples
(``Built.final_ks``) with a histogram of those samples.

Every recorded run of the course (1-D, 2-D, MNIST) is a frozen dataclass written by ``files.write_json`` and read
by ``files.read_json``. Writing is atomic (a failed write leaves the old record whole). Reading checks
each field against the dataclass's annotation before anything uses it -- ``float`` a finite number, ``int`` a whole
number, ``list[float]`` a list of them, and so on -- so a folder, a NaN or a wrongly typed field is refused at load
time in one sentence naming the file and the field, not later inside NumPy or torch.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import engine, runtime
from ..data import data_root
from ..files import read_json, write_json
from . import gaussian

__all__ = ["RECORDED", "Record", "make", "save", "load", "record_path", "replay", "largest_ks_difference"]

# What the command records: recipe name -> (target mean, target std, seeds, check every n steps).
RECORDED: dict[str, tuple[float, float, tuple[int, ...], int]] = {
    "fifty-lines": (4.0, 1.25, (0, 1, 2, 3, 4), 300),
    "gan-reproduction": (4.0, 1.25, (0, 1, 2, 3, 4), 50),
}
BINS = 60  # histogram bins over mean +- 5 std of the target


@dataclass(frozen=True)
class Record:
    """One recorded stacked run. ``means``, ``stds``, ``ks`` have one row per check and one column per seed."""

    recipe: str
    mean: float
    std: float
    seeds: list[int]
    every: int
    steps: list[int]
    means: list[list[float]]
    stds: list[list[float]]
    ks: list[list[float]]
    final_ks: list[float]
    hist_edges: list[float]
    hist_density: list[list[float]]  # one row per seed
    seconds: float
    made_with: str  # torch version and machine, for the reader

    def __post_init__(self) -> None:
        seeds = len(self.seeds)
        if len({len(self.steps), len(self.means), len(self.stds), len(self.ks)}) != 1:
            raise ValueError("its tables (steps, means, stds, ks) do not have one row per check")
        if any(len(row) != seeds for table in (self.means, self.stds, self.ks) for row in table):
            raise ValueError(f"its tables (means, stds, ks) do not have one column per seed ({seeds})")
        if len(self.final_ks) != seeds or len(self.hist_density) != seeds:
            raise ValueError(f"final_ks and hist_density must hold one entry per seed ({seeds})")
        if any(len(row) != len(self.hist_edges) - 1 for row in self.hist_density):
            raise ValueError(f"each hist_density row must hold one value per bin ({len(self.hist_edges) - 1})")

    @property
    def target(self) -> tuple[float, float]:
        return self.mean, self.std


def _round(a) -> list:
    """Numbers at 6 significant digits (nested lists), so that a record is small, readable JSON."""
    return np.vectorize(lambda v: float(f"{v:.6g}"))(np.asarray(a, dtype=float)).tolist()


def make(name: str, steps: int | None = None, progress: bool = False) -> Record:
    """Train recipe ``name`` as ``RECORDED`` says, all seeds at once, for ``steps`` (default: its whole budget)."""
    if not isinstance(name, str) or name not in RECORDED:
        raise ValueError(f"no record is defined for {name!r}; recorded recipes: {', '.join(RECORDED)}")
    mean, std, seeds, every = RECORDED[name]
    recipe = gaussian.get_recipe(name)
    steps = recipe.train.steps if steps is None else steps
    t0 = time.perf_counter()
    built, track = gaussian.fit_seeds(recipe, mean, std, seeds=seeds, every=every, steps=steps)
    if progress:
        print(f"{name}: {built.trainer.step} steps x {len(seeds)} seeds in {time.perf_counter() - t0:.0f} s")
    edges = np.linspace(mean - 5 * std, mean + 5 * std, BINS + 1)
    x = built.sample(10_000, seed=gaussian.FRESH_NOISE)
    density = [np.histogram(row, bins=edges)[0] / (len(row) * np.diff(edges)) for row in x.numpy()]
    return Record(
        recipe=name, mean=mean, std=std, seeds=list(seeds), every=every, steps=list(track.steps),
        means=_round(track.means), stds=_round(track.stds), ks=_round(track.ks),
        final_ks=_round(built.final_ks(samples=x)), hist_edges=_round(edges), hist_density=_round(density),
        seconds=round(time.perf_counter() - t0, 1),
        made_with=f"{runtime.machine()}, {engine.describe(built.trainer)}",
    )


def record_path(name: str, root: str | Path | None = None) -> Path:
    """Where record ``name`` (one of ``RECORDED``) lives: ``data/records/NAME.json`` (or under ``root``)."""
    if not isinstance(name, str) or name not in RECORDED:
        raise ValueError(f"no record is defined for {name!r}; recorded recipes: {', '.join(RECORDED)}")
    return data_root(root) / "records" / f"{name}.json"


def save(record: Record, path: str | Path | None = None) -> Path:
    """Write ``record`` as JSON (to ``record_path(record.recipe)`` by default)."""
    return write_json(record, path if path is not None else record_path(record.recipe))


def load(name: str, path: str | Path | None = None) -> Record:
    """Read record ``name`` (a clear ValueError, saying how to rebuild it, when it is missing or malformed)."""
    if path is None and (not isinstance(name, str) or name not in RECORDED):
        raise ValueError(f"no record is defined for {name!r}; recorded recipes: {', '.join(RECORDED)}")
    path = path if path is not None else record_path(name)
    return read_json(Record, path, f"python -m gan_course.synthetic.records {name}")


def replay(record: Record, steps: int) -> tuple[gaussian.Built, object]:
    """Train the record's recipe, target and seeds again for its first ``steps`` steps, checked as it was."""
    recipe = gaussian.get_recipe(record.recipe)
    return gaussian.fit_seeds(recipe, record.mean, record.std, seeds=tuple(record.seeds), every=record.every,
                              steps=steps)


def largest_ks_difference(record: Record, track) -> float:
    """The largest |KS live - KS recorded| over the checks both have, over all seeds."""
    recorded = dict(zip(record.steps, record.ks, strict=True))
    diffs = [np.abs(np.asarray(ks) - np.asarray(recorded[s])).max() for s, ks in zip(track.steps, track.ks, strict=True)
             if s in recorded]
    if not diffs:
        raise ValueError(f"no common checks: the record checks every {record.every} steps; replay at least that many")
    return float(max(diffs))


USAGE = f"usage: python -m gan_course.synthetic.records [{' '.join(RECORDED)}] (no name: every record)"


def main(argv: list[str]) -> int:
    """The command: remake the records named in ``argv`` (all when empty). A bad argument: one line, status 2."""
    if argv in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    unknown = [a for a in argv if a not in RECORDED]
    if unknown or len(set(argv)) != len(argv):
        why = (f"{unknown[0]!r} is not a recorded recipe" if unknown else f"each record is made once, got {argv}")
        print(f"records: {why}: pass any of {', '.join(RECORDED)} once, or none for all ({USAGE})", file=sys.stderr)
        return 2
    names = argv or list(RECORDED)
    for name in names:
        record = make(name, progress=True)
        path = save(record)
        print(f"wrote {path}: final KS {record.final_ks}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
