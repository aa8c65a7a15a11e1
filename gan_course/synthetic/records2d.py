"""Recorded 2-D runs too long for a notebook, made by one command and shipped in ``data/records/``: the best remedy
of chapter 10 at its whole budget, and chapter 11's WGAN-GP. The chapters show the record and re-run its beginning
live against it.

    python -m gan_course.synthetic.records2d ring     # R1 penalty, 15,000 steps, random seeds 0-4 at once (~6 minutes)
    python -m gan_course.synthetic.records2d grid
    python -m gan_course.synthetic.records2d ring WGAN-GP  # chapter 11: WGAN-GP, 3,000 steps x 5 critic updates, ~4 min
    python -m gan_course.synthetic.records2d grid WGAN-GP

A record holds, every ``every`` steps, each seed's modes covered and high-quality share on 2,500 samples from
fixed noise (``mixture2d.TrackModes``), the final assessment, and 500 final samples per seed for the figures.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import torch

from .. import engine, runtime
from ..data import data_root
from ..files import read_json, write_json
from ..plotting import plot_points_2d
from ..validate import count
from . import mixture2d

__all__ = [
    "REMEDY", "RECORDED", "SEEDS", "EVERY", "Record2D", "make", "save", "load", "record_path", "replay", "plot_samples",
]

REMEDY = "penalty, 15,000 steps"  # the default; RECORDED lists every remedy the course records
RECORDED = (REMEDY, "WGAN-GP")
SEEDS = (0, 1, 2, 3, 4)
EVERY = 500
KEPT_SAMPLES = 500


@dataclass(frozen=True)
class Record2D:
    """One recorded stacked run. ``modes`` and ``hq_share``: one row per check, one column per seed."""

    target: str
    remedy: str
    seeds: list[int]
    steps: list[int]
    modes: list[list[int]]
    hq_share: list[list[float]]
    final_modes: list[int]
    final_hq_share: list[float]
    final_kl: list[float]
    samples: list[list[list[float]]]  # [seed][sample][x, y], 500 per seed, from the final check's noise
    seconds: float  # the run's CPU time on its one thread (time.thread_time), checks included
    made_with: str

    def __post_init__(self) -> None:
        n = len(self.steps)
        if len(self.modes) != n or len(self.hq_share) != n or any(len(r) != len(self.seeds) for r in self.modes):
            raise ValueError("modes and hq_share must have one row per check and one column per seed")
        if not (len(self.final_modes) == len(self.final_hq_share) == len(self.final_kl) == len(self.samples)
                == len(self.seeds)):
            raise ValueError("the final figures and samples must have one entry per seed")
        if any(len(point) != 2 for seed in self.samples for point in seed):
            raise ValueError("every kept sample must be a point [x, y] of two numbers")


def _check(target: str, remedy: str) -> None:
    if not isinstance(target, str) or target not in mixture2d.TARGETS:
        raise ValueError(f"target must be one of {sorted(mixture2d.TARGETS)}, got {target!r}")
    if not isinstance(remedy, str) or remedy not in RECORDED:
        raise ValueError(f"remedy must be one of the recorded {list(RECORDED)}, got {remedy!r}")


def make(target: str, steps: int | None = None, remedy: str = REMEDY) -> Record2D:
    """Train ``remedy`` on ``target`` ("ring" or "grid") for random seeds 0-4 at once (``steps``: a shorter run)."""
    _check(target, remedy)
    recipe = mixture2d.REMEDIES[remedy].replace(num_threads=1)
    if steps is not None:
        recipe = recipe.replace(steps=steps)  # the schedule stays the full run's: its beginning, exactly
    cpu = time.thread_time()  # one thread's CPU seconds: what the run costs, whatever else the machine is doing
    trainer, track, _ = mixture2d.train_seeds(recipe, mixture2d.TARGETS[target](), SEEDS, every=EVERY)
    seconds = time.thread_time() - cpu
    final = track.found[-1]
    return Record2D(
        target=target, remedy=remedy, seeds=list(SEEDS), steps=track.steps,
        modes=track.modes().tolist(), hq_share=[[round(v, 4) for v in row] for row in track.hq_share().tolist()],
        final_modes=[a.modes_covered for a in final], final_hq_share=[round(a.hq_share, 4) for a in final],
        final_kl=[round(a.kl_uniform, 4) for a in final],
        samples=[[[round(v, 4) for v in p] for p in x[:KEPT_SAMPLES].tolist()] for x in track.samples[-1]],
        seconds=round(seconds, 1), made_with=f"{runtime.machine()}, 1 thread, {engine.describe(trainer)}",
    )


def record_path(target: str, root: str | Path | None = None, remedy: str = REMEDY) -> Path:
    """``data/records/mixture2d_<target>.json`` (the default remedy) or ``mixture2d_<target>_<remedy>.json``."""
    _check(target, remedy)
    suffix = "" if remedy == REMEDY else "_" + remedy.lower().replace(" ", "-").replace(",", "")
    return data_root(root) / "records" / f"mixture2d_{target}{suffix}.json"


def save(record: Record2D, path: str | Path | None = None) -> Path:
    return write_json(record, path if path is not None else record_path(record.target, remedy=record.remedy))


def load(target: str, path: str | Path | None = None, remedy: str = REMEDY) -> Record2D:
    """The shipped record for ``target`` and ``remedy``; a missing or damaged file is refused with the command that
    remakes it."""
    _check(target, remedy)
    path = path if path is not None else record_path(target, remedy=remedy)
    command = f"python -m gan_course.synthetic.records2d {target}" + ("" if remedy == REMEDY else f" {remedy}")
    return read_json(Record2D, path, command)


def replay(record: Record2D, steps: int) -> tuple[list[int], torch.Tensor, torch.Tensor, float]:
    """Train the first ``steps`` of ``record``'s run again, live, with its seeds and checks (the schedule stays the
    full run's). Returns the steps checked, the live and the recorded high-quality shares ([checks, seeds]) at
    those steps, and the live seconds: the same code and seeds on the same machine give the same numbers."""
    count(steps, "steps (of the recorded run to train again)", record.steps[-1])
    if steps % EVERY:
        raise ValueError(f"steps must be a multiple of {EVERY}, the record's checks, e.g. {EVERY}; got {steps}")
    recipe = mixture2d.REMEDIES[record.remedy].replace(steps=steps)
    _, track, seconds = mixture2d.train_seeds(recipe, mixture2d.TARGETS[record.target](), tuple(record.seeds), EVERY)
    live = track.hq_share()
    return track.steps, live, torch.tensor(record.hq_share[: len(live)]), seconds


def plot_samples(records: dict[str, Record2D], title: str):
    """One row per record (e.g. ``{"ring": ..., "grid": ...}``), one panel per seed: its kept samples over the
    target's modes, titled with the seed's modes covered and high-quality share. Returns the matplotlib Figure."""
    n_seeds = max(len(rec.seeds) for rec in records.values())
    fig, axes = plt.subplots(len(records), n_seeds, figsize=(3 * n_seeds, 3.1 * len(records)), squeeze=False)
    for row, rec in zip(axes, records.values(), strict=True):
        target = mixture2d.TARGETS[rec.target]()
        for ax, seed, x, m, h in zip(row, rec.seeds, rec.samples, rec.final_modes, rec.final_hq_share, strict=True):
            plot_points_2d(torch.tensor(x), target.centres, target.std, ax=ax, size=3,
                           title=f"{rec.target}, seed {seed}: {m}/{target.k}, {h:.0%} HQ")
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return fig


USAGE = (f"usage: python -m gan_course.synthetic.records2d {{{','.join(sorted(mixture2d.TARGETS))}}} "
         f"[{' | '.join(RECORDED[1:])}]")


def main(argv: list[str]) -> int:
    """The command: remake one record (``TARGET [REMEDY]``). A bad argument: one line, status 2."""
    if argv in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    if len(argv) not in (1, 2):
        why = f"give a target and optionally a remedy, got {len(argv)} arguments"
    elif argv[0] not in mixture2d.TARGETS:
        why = f"the target must be one of {', '.join(sorted(mixture2d.TARGETS))}, got {argv[0]!r}"
    elif len(argv) == 2 and argv[1] not in RECORDED:
        why = f"the remedy must be {' or '.join(RECORDED[1:])}, or left out for {REMEDY!r}, got {argv[1]!r}"
    else:
        why = ""
    if why:
        print(f"records2d: {why} ({USAGE})", file=sys.stderr)
        return 2
    record = make(argv[0], remedy=argv[1] if len(argv) == 2 else REMEDY)
    print(f"saved {save(record)}: modes {record.final_modes}, high quality {record.final_hq_share}, "
          f"{record.seconds:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
