"""gan_course.files: a failed write loses nothing, and a record is read and written as checked JSON (a folder, a NaN
or a wrongly typed field is refused at load time, by name).

The full disk is real: the write runs in a child process under ``ulimit -f`` (``RLIMIT_FSIZE``, with ``SIGXFSZ``
ignored, so the write fails with ``EFBIG`` instead of killing the process; ``tests/helpers.py``), and the old file must
come out byte-identical, with no temporary file left beside it. A control case writes in place under the same limit
and shows the old file lost: the condition these tests build is one that destroys a file written the naive way.
"""

from __future__ import annotations

import base64
import errno
import json

import numpy as np
import pytest

from gan_course import files, models
from gan_course.checkpoint import save_checkpoint
from gan_course.mnist import runs
from gan_course.synthetic import records, records2d
from tests.helpers import LIMIT, REPO, refused, run_child

RECORDS = REPO / "data" / "records"


# ---------------------------------------------------------------------------------------------- atomic writes


WRITERS = {
    "files.write_bytes": (
        lambda path: files.write_bytes(path, b"old content\n"),
        "from gan_course import files",
        "    files.write_bytes(path, b'x' * 10**6)",
    ),
    "checkpoint.save_checkpoint": (
        lambda path: save_checkpoint(path, {"G": models.mlp_generator(1, (4,), 1)}, meta={"epochs": 1}),
        "from gan_course import models\nfrom gan_course.checkpoint import save_checkpoint",
        "    save_checkpoint(path, {'G': models.mlp_generator(1, (512, 512), 1)}, meta={'epochs': 2})",
    ),
    "files.write_json": (  # fifty-lines' record is 16 KB, gan-reproduction's 57 KB: the limit goes between
        lambda path: files.write_json(records.load("fifty-lines"), path),
        "from gan_course import files\nfrom gan_course.synthetic import records",
        "    files.write_json(records.load('gan-reproduction'), path)",
    ),
}


@pytest.mark.parametrize("writer", [  # the last two are slow: their child processes import torch
    "files.write_bytes",
    pytest.param("checkpoint.save_checkpoint", marks=pytest.mark.slow),
    pytest.param("files.write_json", marks=pytest.mark.slow),
])
def test_a_full_disk_leaves_the_old_file_whole(tmp_path, writer):
    old_write, setup, write = WRITERS[writer]
    path = tmp_path / ("old.json" if "json" in writer else "old.pt")
    old_write(path)
    before = path.read_bytes()
    limit = LIMIT if writer != "files.write_json" else len(before) + 1000
    done = run_child(path, setup, write, limit)
    assert done.returncode == 3 and f"refused {errno.EFBIG}" in done.stdout, done.stdout + done.stderr
    assert path.read_bytes() == before  # byte-identical
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # and no temporary file left


def test_the_same_full_disk_destroys_a_file_written_in_place(tmp_path):
    """The control: the condition above is one that loses a file written without a temporary file."""
    path = tmp_path / "old.bin"
    path.write_bytes(b"old content\n")
    done = run_child(path, "", "    path.write_bytes(b'x' * 10**6)")
    assert done.returncode == 3
    assert path.read_bytes() != b"old content\n" and path.stat().st_size == LIMIT  # old lost, half of the new kept


def test_atomic_writes_keep_the_old_file_on_any_error_and_use_the_usual_permissions(tmp_path):
    path = tmp_path / "f.txt"
    files.write_text(path, "old")
    with pytest.raises(RuntimeError, match="made while writing"), files.replacing(path) as f:
        f.write(b"half of the new")
        raise RuntimeError("made while writing")
    assert path.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["f.txt"]
    files.write_text(path, "new")
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    assert path.read_text() == "new" and path.stat().st_mode == plain.stat().st_mode  # 0o666 less the umask


# ------------------------------------------------------------------------------------------ records read back


def mutate(raw: dict, field: str, value):
    """``raw`` with ``field`` (``"a"``, or ``"a/0/1"`` for raw["a"][0][1]) set to ``value`` (KeyError: deleted)."""
    raw = json.loads(json.dumps(raw))
    *parents, last = field.split("/")
    node = raw
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if isinstance(node, list):
        node[int(last)] = value
    elif value is KeyError:
        del node[last]
    else:
        node[last] = value
    return raw


NAN = float("nan")


BAD_RECORDS = [  # (record file, field, bad value, words)
    ("fifty-lines", "means/3/1", NAN, r"field 'means'\[3\]\[1\] is nan"),
    ("fifty-lines", "final_ks/0", float("inf"), r"field 'final_ks'\[0\] is inf"),
    ("fifty-lines", "ks/0/0", "0.1", r"field 'ks'\[0\]\[0\] must be a finite number, got str"),
    ("fifty-lines", "seeds/2", True, r"field 'seeds'\[2\] must be a whole number, got bool"),
    ("fifty-lines", "seeds/2", 2.5, r"field 'seeds'\[2\] must be a whole number, got float"),
    ("fifty-lines", "steps", "300,600", r"field 'steps' must be a list of whole numbers, got str"),
    ("fifty-lines", "mean", None, r"field 'mean' must be a finite number, got NoneType"),
    ("fifty-lines", "recipe", 5, r"field 'recipe' must be a string, got int"),
    ("fifty-lines", "hist_density", {"0": [1]}, r"field 'hist_density' must be a list"),
    ("fifty-lines", "every", KeyError, r"no field every"),
    ("fifty-lines", "extra", 1, r"unknown field extra"),
    ("fifty-lines", "ks", [], r"one row per check"),
    ("fifty-lines", "hist_density/0", [0.1], r"one value per bin"),
    ("mixture2d_ring", "hq_share/2/1", NAN, r"field 'hq_share'\[2\]\[1\] is nan"),
    ("mixture2d_ring", "samples/0/3", [1.0, 2.0, 3.0], r"a point \[x, y\]"),
    ("mixture2d_ring", "samples/1/2/0", "x", r"field 'samples'\[1\]\[2\]\[0\] must be a finite number"),
    ("mixture2d_ring", "modes/0/0", 7.5, r"field 'modes'\[0\]\[0\] must be a whole number"),
    ("mnist_tanh_100", "fd/10", NAN, r"field 'fd'\[10\] is nan"),
    ("mnist_tanh_100", "classes/4", "10", r"field 'classes'\[4\] must be a whole number, got str"),
    ("mnist_tanh_100", "grids/100", "not base64!", r"grids\['100'\] must be base64 of 16 images"),
    ("mnist_tanh_100", "grids/3", base64.b64encode(b"\0" * 100).decode(), r"grids\['3'\] must be base64"),
    ("mnist_tanh_100", "grids", {"ten": ""}, r"grids keys must be epochs"),
    ("mnist_tanh_100", "grids", ["AAAA"], r"field 'grids' must be a dict of strings, got list"),
    ("mnist_adam_ablation", "fd/only lr 2e-4 (beta1 0.9)/1/7", NAN, r"field 'fd'\['only lr 2e-4 \(beta1 0.9\)'\]"),
    ("mnist_adam_ablation", "seconds", "12 s", r"field 'seconds' must be a finite number, got str"),
]


LOADERS = {
    "fifty-lines": lambda path: records.load("fifty-lines", path),
    "mixture2d_ring": lambda path: records2d.load("ring", path),
    "mnist_tanh_100": runs.load_full_run,
    "mnist_adam_ablation": runs.load_ablation,
}


@pytest.mark.parametrize(("record", "field", "value", "words"), BAD_RECORDS,
                         ids=[f"{c[0]} {c[1]} {c[2]!r}"[:60] for c in BAD_RECORDS])
def test_a_record_with_a_bad_field_is_refused_at_load_time_naming_file_and_field(tmp_path, record, field, value,
                                                                                 words):
    raw = json.loads((RECORDS / f"{record}.json").read_text())
    LOADERS[record](RECORDS / f"{record}.json")  # the shipped record loads: the mutation alone is refused
    path = tmp_path / f"{record}.json"
    path.write_text(json.dumps(mutate(raw, field, value)))  # json writes NaN and Infinity as its readers accept them
    message = refused(LOADERS[record], path, match=words)
    assert str(path) in message and "remake it with `python -m gan_course." in message


NOT_RECORDS = {
    "a folder": (lambda p: p.mkdir(), "is a folder, not a record file"),
    "not JSON": (lambda p: p.write_text("{not json"), "cannot be read: it is damaged or not JSON"),
    "not UTF-8": (lambda p: p.write_bytes(b"\xff\xfe{}"), "cannot be read"),
    "a JSON list": (lambda p: p.write_text("[1, 2]"), "holds a JSON array, not an object"),
    "JSON null": (lambda p: p.write_text("null"), "holds a JSON null, not an object"),
    "empty": (lambda p: p.write_text(""), "cannot be read"),
}


@pytest.mark.parametrize("record", list(LOADERS))
@pytest.mark.parametrize("what", list(NOT_RECORDS))
def test_a_file_that_is_not_a_record_is_refused(tmp_path, record, what):
    make, words = NOT_RECORDS[what]
    path = tmp_path / "r.json"
    make(path)
    assert str(path) in refused(LOADERS[record], path, match=words)


@pytest.mark.parametrize("path", [5, None, b"x.json", ""])
def test_a_record_path_that_is_not_a_path_is_refused(path):
    refused(files.read_json, records.Record, path, "cmd", match="path must be a record file")


def test_every_shipped_record_loads_and_writes_back_identically(tmp_path):
    for name, load in LOADERS.items():
        record = load(RECORDS / f"{name}.json")
        copy = files.write_json(record, tmp_path / f"{name}.json")
        assert load(copy) == record


def test_a_record_with_nan_is_not_written_and_the_old_file_stays(tmp_path):
    record = records.load("fifty-lines")
    path = files.write_json(record, tmp_path / "r.json")
    before = path.read_bytes()
    bad = records.Record(**{**record.__dict__, "final_ks": [NAN, *record.final_ks[1:]]})
    refused(files.write_json, bad, path, match=r"was not written: field 'final_ks'\[0\] is nan")
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["r.json"]
    ints = records.Record(**{**record.__dict__, "seeds": [np.int64(s) for s in record.seeds]})
    refused(files.write_json, ints, path, match="was not written: Object of type int64")
