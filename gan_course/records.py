"""Recorded 1-D runs: a source recipe's whole published budget over five random seeds, too long to train inside
a notebook, made by one package command and shipped in ``data/records/``. Chapter 05 shows the record and
re-runs its beginning live against it.

    python -m gan_course.records fifty-lines     # 30,000 epochs x 5 seeds (60,000 updates each), about 2 minutes
    python -m gan_course.records gan-reproduction     # 20,000 epochs x 5 seeds (800,000 updates each), about 9 minutes

A record holds, for every seed, the mean, standard deviation and KS of 10,000 generator samples every ``every``
steps (the same checks as ``gaussian.fit``), and its verdict: the final KS on fresh samples
(``Built.final_ks``) with a histogram of those samples.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np

from . import gaussian, runtime
from .data import default_data_dir

__all__ = ["RECORDED", "Record", "make", "save", "load", "record_path", "replay", "largest_ks_difference",
           "write_json", "read_json"]

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

    @property
    def target(self) -> tuple[float, float]:
        return self.mean, self.std


def _round(a) -> list:
    """Numbers at 6 significant digits (nested lists), so that a record is small, readable JSON."""
    return np.vectorize(lambda v: float(f"{v:.6g}"))(np.asarray(a, dtype=float)).tolist()


def make(name: str, steps: int | None = None, progress: bool = False) -> Record:
    """Train recipe ``name`` as ``RECORDED`` says, all seeds at once, for ``steps`` (default: its whole budget)."""
    if name not in RECORDED:
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
        made_with=runtime.machine(),
    )


def record_path(name: str, root: str | Path | None = None) -> Path:
    """Where record ``name`` lives: ``data/records/NAME.json`` (or under ``root``)."""
    return (Path(root) if root is not None else default_data_dir()) / "records" / f"{name}.json"


def write_json(record, path: str | Path) -> Path:
    """Write a record dataclass as one line of JSON (every recorded run of the course: 1-D, MNIST, 2-D)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(record), separators=(",", ":")) + "\n")
    return path


def read_json(cls, path: str | Path, command: str):
    """The record dataclass ``cls`` stored at ``path``; missing or damaged, a ValueError naming ``command``."""
    path = Path(path)
    redo = f"Restore it with `git checkout -- data/records`, or remake it with `{command}`."
    if not path.exists():
        raise ValueError(f"the record {path} is missing. {redo}")
    try:
        return cls(**json.loads(path.read_text()))
    except (ValueError, TypeError) as err:
        raise ValueError(f"the record {path} is damaged or not a {cls.__name__} record ({err}). {redo}") from None


def save(record: Record, path: str | Path | None = None) -> Path:
    """Write ``record`` as JSON (to ``record_path(record.recipe)`` by default)."""
    return write_json(record, path if path is not None else record_path(record.recipe))


def load(name: str, path: str | Path | None = None) -> Record:
    """Read record ``name`` (a clear ValueError, saying how to rebuild it, when it is missing or malformed)."""
    path = Path(path) if path is not None else record_path(name)
    rebuild = f"rebuild it with `python -m gan_course.records {name}` (or `git checkout -- data/records`)"
    if not path.is_file():
        raise ValueError(f"the record {path} is missing: {rebuild}")
    try:
        raw = json.loads(path.read_text())
        record = Record(**{f.name: raw[f.name] for f in fields(Record)})
        rows = {len(record.steps), len(record.means), len(record.stds), len(record.ks)}
        if len(rows) != 1 or any(len(r) != len(record.seeds) for r in record.ks) or len(record.final_ks) != len(
            record.seeds
        ):
            raise ValueError("its tables do not have one row per check and one column per seed")
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ValueError(f"the record {path} cannot be read ({err}): {rebuild}") from None
    return record


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


def main(argv: list[str]) -> int:
    names = argv or list(RECORDED)
    for name in names:
        record = make(name, progress=True)
        path = save(record)
        print(f"wrote {path}: final KS {record.final_ks}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
