"""Recorded 1-D runs: a source recipe's whole published budget over five random seeds, too long to train inside
a notebook, made by one package command and shipped in ``data/records/``. Chapter 05 shows the record and
re-runs its beginning live against it.

    python -m gan_course.records fifty-lines     # 30,000 epochs x 5 seeds (60,000 updates each), about 2 minutes
    python -m gan_course.records gan-reproduction     # 20,000 epochs x 5 seeds (800,000 updates each), about 9 minutes

A record holds, for every seed, the mean, standard deviation and KS of 10,000 generator samples every ``every``
steps (the same checks as ``gaussian.fit``), and its verdict: the final KS on fresh samples
(``Built.final_ks``) with a histogram of those samples.

Every recorded run of the course (1-D, 2-D, MNIST) is a frozen dataclass written by ``write_json`` and read by
``read_json``. Writing is atomic (``gan_course.files``: a failed write leaves the old record whole). Reading checks
each field against the dataclass's annotation before anything uses it -- ``float`` a finite number, ``int`` a whole
number, ``list[float]`` a list of them, and so on -- so a folder, a NaN or a wrongly typed field is refused at load
time in one sentence naming the file and the field, not later inside NumPy or torch.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
import types
import typing
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np

from . import gaussian, runtime
from .data import data_root
from .files import write_text

__all__ = ["RECORDED", "Record", "make", "save", "load", "record_path", "replay", "largest_ks_difference",
           "write_json", "read_json", "check_fields"]

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
        made_with=runtime.machine(),
    )


def record_path(name: str, root: str | Path | None = None) -> Path:
    """Where record ``name`` (one of ``RECORDED``) lives: ``data/records/NAME.json`` (or under ``root``)."""
    if not isinstance(name, str) or name not in RECORDED:
        raise ValueError(f"no record is defined for {name!r}; recorded recipes: {', '.join(RECORDED)}")
    return data_root(root) / "records" / f"{name}.json"


_KINDS = {float: "finite number", int: "whole number", str: "string", bool: "boolean"}


def _describe(hint, plural: bool = False) -> str:
    """``hint`` in words: "a finite number", "a list of whole numbers" (``plural``: "finite numbers")."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint in _KINDS:
        word = _KINDS[hint]
    elif origin in (list, tuple) or origin is dict:
        kind = ("list" if origin is not dict else "dict") + ("s" if plural else "")
        word = f"{kind} of {_describe(args[-1], plural=True)}" if args else kind
        return word if plural else f"a {word}"
    else:
        word = getattr(hint, "__name__", str(hint))
    return f"{word}s" if plural else f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _check(value, hint, where: str) -> None:
    """Raise ValueError(sentence naming ``where``) unless ``value`` (plain JSON data) fits annotation ``hint``."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        errors = []
        for option in args:
            try:
                return _check(value, option, where)
            except ValueError as err:
                errors.append(str(err))
        raise ValueError(errors[0])
    if hint is type(None):
        ok = value is None
    elif hint is bool:
        ok = isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif hint is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        if ok is False and isinstance(value, float):
            raise ValueError(f"field {where} is {value!r}, not {_describe(float)}")
    elif hint is str:
        ok = isinstance(value, str)
    elif origin in (list, tuple) or hint in (list, tuple):
        ok = isinstance(value, (list, tuple))
        if ok and args:
            item = args[0]
            for i, v in enumerate(value):
                _check(v, item, f"{where}[{i}]")
    elif origin is dict or hint is dict:
        ok = isinstance(value, dict)
        if ok and args:
            for k, v in value.items():
                _check(k, args[0], f"{where} (a key)")
                _check(v, args[1], f"{where}[{k!r}]")
    else:  # an annotation this check does not know (typing.Any, a class): the dataclass checks it, if at all
        return None
    if not ok:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        raise ValueError(f"field {where} must be {_describe(hint)}, got {type(value).__name__} {shown}")
    return None


def check_fields(cls, raw: object) -> None:
    """Raise ValueError naming the field unless ``raw`` (a dict) holds exactly the fields of dataclass ``cls``, each
    fitting its annotation: finite numbers, whole numbers, strings, and lists and dicts of them."""
    if not isinstance(raw, dict):
        kind = {list: "array", str: "string", type(None): "null", bool: "boolean"}.get(type(raw), "number")
        raise ValueError(f"it holds a JSON {kind}, not an object with the fields of a {cls.__name__}")
    names = [f.name for f in fields(cls)]
    missing = [n for n in names if n not in raw]
    extra = [str(k) for k in raw if k not in names]
    if missing or extra:
        parts = ([f"no field {', '.join(missing)}"] if missing else []) + (
            [f"unknown field {', '.join(extra)}"] if extra else [])
        raise ValueError(f"it has {' and '.join(parts)} (a {cls.__name__} has {', '.join(names)})")
    hints = typing.get_type_hints(cls)
    for name in names:
        _check(raw[name], hints[name], repr(name))


def write_json(record, path: str | Path) -> Path:
    """Write a record dataclass as one line of JSON (every recorded run of the course: 1-D, MNIST, 2-D).

    Every field is checked first as ``read_json`` checks it (a NaN or an object JSON cannot hold is refused, naming
    the field, before anything is written), then the file is written atomically: a failed write (a full disk)
    leaves the old record whole.
    """
    path = Path(path)
    try:
        raw = json.loads(json.dumps(asdict(record)))  # tuples -> lists, exactly as the file will hold them
        check_fields(type(record), raw)
    except (TypeError, ValueError) as err:  # TypeError: a value JSON cannot hold (a NumPy integer, an array)
        raise ValueError(f"the record for {path} was not written: {err}") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_text(path, json.dumps(raw, separators=(",", ":"), allow_nan=False) + "\n")


def read_json(cls, path: str | Path, command: str):
    """The record dataclass ``cls`` stored at ``path``, every field checked against its annotation.

    A missing file, a folder, unreadable bytes, text that is not JSON, a missing, unknown, NaN or wrongly typed
    field, or tables that do not fit each other are refused with a ValueError naming the file, the field, and
    ``command`` (the command that remakes it).
    """
    if not isinstance(path, (str, os.PathLike)) or str(path) == "":
        raise ValueError(f"path must be a record file such as 'data/records/run.json', got {path!r}")
    path = Path(path)
    redo = f"Restore it with `git checkout -- data/records`, or remake it with `{command}`."
    if not path.exists():
        raise ValueError(f"the record {path} is missing. {redo}")
    if path.is_dir():
        raise ValueError(f"the record {path} is a folder, not a record file: pass the .json file itself. {redo}")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:  # JSONDecodeError is a ValueError
        raise ValueError(f"the record {path} cannot be read: it is damaged or not JSON ({err}). {redo}") from None
    try:
        check_fields(cls, raw)
        return cls(**raw)
    except (ValueError, TypeError) as err:
        raise ValueError(
            f"the record {path} cannot be read: it is damaged or not a {cls.__name__} record ({err}). {redo}"
        ) from None


def save(record: Record, path: str | Path | None = None) -> Path:
    """Write ``record`` as JSON (to ``record_path(record.recipe)`` by default)."""
    return write_json(record, path if path is not None else record_path(record.recipe))


def load(name: str, path: str | Path | None = None) -> Record:
    """Read record ``name`` (a clear ValueError, saying how to rebuild it, when it is missing or malformed)."""
    if path is None and (not isinstance(name, str) or name not in RECORDED):
        raise ValueError(f"no record is defined for {name!r}; recorded recipes: {', '.join(RECORDED)}")
    path = path if path is not None else record_path(name)
    return read_json(Record, path, f"python -m gan_course.records {name}")


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


USAGE = f"usage: python -m gan_course.records [{' '.join(RECORDED)}] (no name: every record)"


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
