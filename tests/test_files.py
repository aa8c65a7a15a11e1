"""Files and commands: a failed write loses nothing, stray data is never read, every command answers a bad argument in
one line with status 2, and every loader refuses a folder, a NaN or a wrongly typed field at load time, by name.

The full disk is real: the write runs in a child process under ``ulimit -f`` (``RLIMIT_FSIZE``, with ``SIGXFSZ``
ignored, so the write fails with ``EFBIG`` instead of killing the process), and the old file must come out
byte-identical, with no temporary file left beside it. A control case writes in place under the same limit and
shows the old file lost: the condition these tests build is one that destroys a file written the naive way.
"""

from __future__ import annotations

import base64
import errno
import importlib.util
import json
import math
import os
import re
import subprocess
import sys
import traceback
from pathlib import Path

import numpy as np
import pytest
import torch

import gan_course
from gan_course import data, files, models
from gan_course.checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from gan_course.mnist import assets, quality, runs, sample
from gan_course.synthetic import records, records2d

PACKAGE = Path(gan_course.__file__).resolve().parent
REPO = PACKAGE.parent
RECORDS = REPO / "data" / "records"


def refused(call, *args, match: str, errors=(ValueError, CheckpointError), **kwargs) -> str:
    """Call; check it raised a course error from a frame in gan_course/, a sentence matching ``match``."""
    with pytest.raises(errors, match=match) as info:
        call(*args, **kwargs)
    where = Path(traceback.extract_tb(info.tb)[-1].filename).resolve()
    assert where.is_relative_to(PACKAGE), f"raised from {where}, not gan_course: {info.value}"
    return str(info.value)


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in text, f"not one line: {text!r}"
    return lines[0]


# ---------------------------------------------------------------------------------------------- atomic writes

CHILD = """
import resource, signal, sys
from pathlib import Path
path = Path(sys.argv[1])
{setup}
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing us
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
try:
{write}
except OSError as err:
    print("refused", err.errno)
    sys.exit(3)
print("written")
"""

LIMIT = 64 * 1024  # the "disk" holds 64 KiB per file; every new content below is larger, every old one smaller

# name -> (write the small old file here, child setup, child write of a large new content)
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


def run_child(path: Path, setup: str, write: str, limit: int = LIMIT) -> subprocess.CompletedProcess:
    code = CHILD.format(setup=setup, limit=limit, write=write)
    return subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=REPO,
                          timeout=120)


@pytest.mark.parametrize("writer", ["files.write_bytes", "checkpoint.save_checkpoint", "files.write_json"])
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


def test_the_sample_command_on_a_full_disk_answers_in_one_line_and_keeps_the_old_file(tmp_path):
    out = tmp_path / "samples.npz"
    assert sample.main(["--generator", "ch12", "-n", "2", "--out", str(out)]) == 0
    before = out.read_bytes()
    assert len(before) < LIMIT
    done = run_child(out, "from gan_course.mnist import sample",
                     f"    sys.exit(sample.main(['--generator', 'ch12', '-n', '2000', '--out', {str(out)!r}]))")
    assert done.returncode == 2 and done.stdout == ""
    assert "--out" in one_line(done.stderr) and "could not be written (File too large)" in done.stderr
    assert out.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["samples.npz"]


def test_mnist_unpacked_on_a_full_disk_leaves_no_partial_copy(tmp_path):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    shipped = data.ensure_mnist() / "MNIST" / "raw"
    for name in data.MNIST_SHA256:
        (raw / f"{name}.gz").symlink_to(shipped / f"{name}.gz")
        if name != "t10k-images-idx3-ubyte":
            (raw / name).symlink_to(shipped / name)  # verified already: only the test images are unpacked
    (raw / "t10k-images-idx3-ubyte").write_bytes(b"a damaged copy")
    done = run_child(tmp_path, "from gan_course import data", "    data.ensure_mnist(path)\n"
                     "except data.DataError as err:\n    print('DataError', err)\n    sys.exit(4)")
    assert done.returncode == 4 and "File too large" in done.stdout, done.stdout + done.stderr
    assert (raw / "t10k-images-idx3-ubyte").read_bytes() == b"a damaged copy"
    assert not [p for p in raw.iterdir() if p.name.endswith(files.PARTIAL_SUFFIX)]


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


# ---------------------------------------------------------------------------------------------- stray MNIST cache


@pytest.fixture
def root_with_a_stray_cache(tmp_path):
    """A data root with the verified raw files and a torchvision ``processed/`` cache of all-zero images."""
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    shipped = data.ensure_mnist() / "MNIST" / "raw"
    for name in data.MNIST_SHA256:
        (raw / name).symlink_to(shipped / name)
    processed = tmp_path / "MNIST" / "processed"
    processed.mkdir()
    for split, n in (("training.pt", 60_000), ("test.pt", 10_000)):
        torch.save((torch.zeros(n, 28, 28, dtype=torch.uint8), torch.zeros(n, dtype=torch.int64)), processed / split)
    return tmp_path


def test_a_stray_processed_cache_is_ignored_with_a_warning(root_with_a_stray_cache):
    from torchvision.datasets import MNIST

    plain = MNIST(str(root_with_a_stray_cache), train=False, download=False)
    assert plain.data.max() == 0  # torchvision alone reads the stray zeros: the hazard is real
    with pytest.warns(data.StrayDataWarning, match=r"processed.*ignores it.*checksummed"):
        x, y = data.mnist_tensors(train=False, root=root_with_a_stray_cache)
    expected_x, expected_y = data.mnist_tensors(train=False)
    assert torch.equal(x, expected_x) and torch.equal(y, expected_y) and x.max() == 1.0
    with pytest.warns(data.StrayDataWarning):
        ds = data.mnist_dataset(train=False, root=root_with_a_stray_cache)
    assert ds.data.max() == 255 and ds[0][1] == 7 and torch.equal(ds.targets, expected_y)


def test_the_shipped_data_raises_no_warning(recwarn):
    data.mnist_tensors(train=False)
    assert not [w for w in recwarn if issubclass(w.category, data.StrayDataWarning)]


# ---------------------------------------------------------------------------------------------- the sample command


@pytest.fixture
def generator_root(tmp_path, monkeypatch):
    """``GAN_COURSE_DATA`` pointing at an empty data root: place (damaged) generators in it."""
    (tmp_path / "generators").mkdir()
    monkeypatch.setenv("GAN_COURSE_DATA", str(tmp_path))
    return tmp_path / "generators"


def shipped(name: str) -> bytes:
    return (REPO / "data" / assets.FILES[name]).read_bytes()


def flip_a_bit(blob: bytes, at: int = 100_000) -> bytes:
    return blob[:at] + bytes([blob[at] ^ 1]) + blob[at + 1 :]


DAMAGED_GENERATORS = {
    "missing": (lambda p: None, "is missing"),
    "truncated": (lambda p: p.write_bytes(shipped("ch12")[:5000]), "is damaged or not the shipped file"),
    "one bit flipped": (lambda p: p.write_bytes(flip_a_bit(shipped("ch12"))), "SHA-256 is"),
    "empty": (lambda p: p.write_bytes(b""), "is damaged"),
    "a folder": (lambda p: p.mkdir(), "is a folder"),
    "another generator": (lambda p: p.write_bytes(shipped("ch13")), "not the shipped file"),
}


@pytest.mark.parametrize("damage", list(DAMAGED_GENERATORS))
def test_the_sample_command_answers_a_damaged_shipped_generator(generator_root, tmp_path, capsys, damage):
    make, words = DAMAGED_GENERATORS[damage]
    make(generator_root / "ch12_G.pt")
    assert sample.main(["--generator", "ch12", "-n", "5", "--out", str(tmp_path / "s.npz")]) == 2
    captured = capsys.readouterr()
    assert words in one_line(captured.err) and "git checkout" in captured.err and captured.out == ""
    assert not (tmp_path / "s.npz").exists()


def unwritable_folder(tmp_path: Path) -> Path:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    return locked if not os.access(locked, os.W_OK) else Path("/proc")  # root writes anywhere but in /proc


@pytest.mark.parametrize("where", ["unwritable folder", "a folder named .npz"])
def test_the_sample_command_answers_an_out_it_cannot_write(tmp_path, capsys, where):
    if where == "unwritable folder":
        out, words = unwritable_folder(tmp_path) / "s.npz", "could not be written"
    else:
        out, words = tmp_path / "s.npz", "is a folder"
        out.mkdir()
    assert sample.main(["--generator", "ch12", "-n", "5", "--out", str(out)]) == 2
    assert words in one_line(capsys.readouterr().err)


# ---------------------------------------------------------------------------------------------- record commands

BAD_COMMANDS = [
    ("records", records.main, ["nope"], "not a recorded recipe"),
    ("records", records.main, ["fifty-lines", "fifty-lines"], "each record is made once"),
    ("records", records.main, ["--steps", "5"], "not a recorded recipe"),
    ("records2d", records2d.main, [], "give a target"),
    ("records2d", records2d.main, ["square"], "target must be one of"),
    ("records2d", records2d.main, ["ring", "wgan"], "remedy must be WGAN-GP"),
    ("records2d", records2d.main, ["ring", "WGAN-GP", "again"], "got 3 arguments"),
    ("runs", runs.main, [], "give one record"),
    ("runs", runs.main, ["tanh-50"], "got 'tanh-50'"),
    ("runs", runs.main, ["tanh-100", "adam-ablation"], "got 2 arguments"),
    ("assets", assets.main, [], "train-classifier or train-generators"),
    ("assets", assets.main, ["train"], "train-classifier or train-generators"),
    ("assets", assets.main, ["train-classifier", "ch07"], "takes no more arguments"),
    ("assets", assets.main, ["train-generators", "ch99"], "got 'ch99'"),
    ("assets", assets.main, ["train-generators", "ch07", "ch07"], "name each generator once"),
]


@pytest.mark.parametrize(("name", "main", "argv", "words"), BAD_COMMANDS,
                         ids=[f"{c[0]} {' '.join(c[2])}" for c in BAD_COMMANDS])
def test_record_commands_answer_a_bad_argument_in_one_line(capsys, name, main, argv, words):
    assert main(argv) == 2  # returned before any training
    captured = capsys.readouterr()
    line = one_line(captured.err)
    assert words in line and "usage: python -m gan_course." in line and captured.out == ""


def test_the_commands_run_as_programs_exit_2_with_one_line(tmp_path):
    """Each ``python -m`` entry point run as ``__main__`` (one child process, one torch import), with a bad argument;
    the sample command with its generator missing (``GAN_COURSE_DATA`` names an empty folder)."""
    code = """
import contextlib, io, runpy, sys
for module, argv in (("gan_course.synthetic.records", ["no-such-thing"]),
                     ("gan_course.synthetic.records2d", ["no-such-thing"]),
                     ("gan_course.mnist.runs", ["no-such-thing"]), ("gan_course.mnist.assets", ["no-such-thing"]),
                     ("gan_course.mnist", ["sample", "--generator", "ch07", "-n", "5", "--out", sys.argv[1]])):
    sys.argv = [module, *argv]
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            runpy.run_module(module, run_name="__main__", alter_sys=True)
            status = "no-exit"
        except SystemExit as exit:
            status = exit.code
    print(module, status, len(err.getvalue().strip().splitlines()), "Traceback" in err.getvalue(), "missing" in
          err.getvalue())
"""
    env = {**os.environ, "GAN_COURSE_DATA": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "s.npz")], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=180)
    lines = [line.split() for line in done.stdout.splitlines()]
    assert [line[0] for line in lines] == ["gan_course.synthetic.records", "gan_course.synthetic.records2d",
                                           "gan_course.mnist.runs", "gan_course.mnist.assets",
                                           "gan_course.mnist"], done.stdout + done.stderr
    assert all(line[1:4] == ["2", "1", "False"] for line in lines), lines
    assert lines[-1][4] == "True"  # the sample command said the generator is missing


# ---------------------------------------------------------------------------------------------- benchmarks


def benchmark(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BAD_BENCHMARKS = [
    ("gaussian_1d", ["--seeds", "1", "1"], "--seeds must name each value once"),
    ("gaussian_1d", ["--seeds", "-1"], "--seeds must be whole numbers from 0"),
    ("gaussian_1d", ["--seeds", str(2**63)], "--seeds must be whole numbers from 0"),
    ("gaussian_1d", ["--seeds", *map(str, range(101))], "at most 100 seeds"),
    ("gaussian_1d", ["--steps", "0"], "--steps must be a whole number from 1"),
    ("gaussian_1d", ["--steps", "10000000"], "--steps must be a whole number from 1"),
    ("gaussian_1d", ["--steps", "ten"], "invalid int value"),
    ("gaussian_1d", ["--bar", "nan"], "--bar must be a number in"),
    ("gaussian_1d", ["--mean", "nan"], "mean must be a finite number"),
    ("gaussian_1d", ["--mean", "1e30"], "cannot be trained in float32"),
    ("gaussian_1d", ["--std", "inf"], "std"),
    ("mixture_2d", ["--seeds", "0", "0"], "--seeds must name each value once"),
    ("mixture_2d", ["--seeds", "-3"], "--seeds must be whole numbers from 0"),
    ("mixture_2d", ["--steps", "0"], "--steps must be a whole number from 1"),
    ("mixture_2d", ["--targets", "ring", "ring"], "--targets must name each value once"),
    ("mixture_2d", ["--remedies", "plain", "plain"], "--remedies must name each value once"),
    ("mixture_2d", ["--remedies", "magic"], "invalid choice"),
    ("mnist", ["--threads", "0"], "--threads must be a whole number from 1"),
    ("mnist", ["--threads", "100000"], "--threads must be a whole number from 1"),
    ("mnist", ["--fraction", "0"], r"--fraction must be a number in \(0, 1\]"),
    ("mnist", ["--fraction", "nan"], r"--fraction must be a number in \(0, 1\]"),
    ("mnist", ["--fraction", "1.5"], r"--fraction must be a number in \(0, 1\]"),
]


@pytest.mark.parametrize(("name", "argv", "words"), BAD_BENCHMARKS,
                         ids=[f"{c[0]} {' '.join(c[1])[:30]}" for c in BAD_BENCHMARKS])
def test_benchmarks_answer_a_bad_number_in_one_line_before_any_work(capsys, monkeypatch, name, argv, words):
    bench = benchmark(name)

    def no_work(*args, **kwargs):
        raise AssertionError("the benchmark started working before checking its arguments")

    for attr in ("mnist_tensors", "build_seeds", "run", "article_style_epoch"):  # whatever each one would do first
        if hasattr(bench, attr):
            monkeypatch.setattr(bench, attr, no_work)
    if hasattr(bench, "gaussian"):
        monkeypatch.setattr(bench.gaussian, "build_seeds", no_work)
    with pytest.raises(SystemExit) as info:
        bench.main(argv)
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert re.search(words, one_line(captured.err)) and captured.out == ""


# ---------------------------------------------------------------------------------------------- records read back


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


def test_loading_a_record_name_that_is_not_recorded_says_which_are():
    refused(records.load, "simple-gaussian", match="no record is defined for 'simple-gaussian'")
    refused(records2d.load, "square", match="target must be one of")


# ---------------------------------------------------------------------------------------------- weights and scores


def test_checkpoint_fields_that_are_not_tensors_are_refused_before_loading(tmp_path):
    G = models.mlp_generator(2, (4,), 1)
    path = save_checkpoint(tmp_path / "g.pt", {"G": G})
    payload = torch.load(path, weights_only=True)
    before = {k: v.clone() for k, v in G.state_dict().items()}
    for bad in ("0.weight", [1.0, 2.0], None):
        payload["models"]["G"]["0.weight"] = bad
        torch.save(payload, path)
        refused(load_checkpoint, path, {"G": G}, match=r"field models\['G'\]\['0.weight'\] of .*g.pt is a")
    assert all(torch.equal(v, before[k]) for k, v in G.state_dict().items())  # nothing was loaded
    folder = tmp_path / "folder.pt"
    folder.mkdir()
    refused(load_checkpoint, folder, {"G": G}, match="is a folder, not a checkpoint file")


@pytest.mark.parametrize("loader", ["classifier", "generator"])
@pytest.mark.parametrize("what", ["a folder", "an int", "empty text", "a missing file"])
def test_weight_loaders_refuse_a_path_that_is_not_their_file(tmp_path, loader, what):
    path = {"a folder": tmp_path, "an int": 3, "empty text": "", "a missing file": tmp_path / "G.pt"}[what]
    load = assets.load_classifier if loader == "classifier" else (lambda p: assets.load_generator("ch07", p))
    words = {"a folder": "is a folder", "an int": "path must be a file name", "empty text": "path must be a file",
             "a missing file": "is missing"}[what]
    refused(load, path, match=words)


def shipped_log() -> dict:
    return assets.load_generator("ch07")[2]


BAD_LOGS = [
    ("fd", lambda m: m["fd"][:-1] + [NAN], "'fd' must be a list of finite numbers"),
    ("fd", lambda m: m["fd"][:-1], "'fd' must be a list of finite numbers, one per epoch"),
    ("loss_d", lambda m: ["0.5"] * len(m["epoch"]), "'loss_d' must be a list of finite numbers"),
    ("d_real", lambda m: None, "'d_real' must be a list"),
    ("classes", lambda m: [9.5] * len(m["epoch"]), "'classes' must be a list of whole numbers"),
    ("epoch", lambda m: [True] * len(m["epoch"]), "'epoch' must be a list of whole numbers"),
    ("epochs_trained", lambda m: 3, "epochs_trained is 3"),
]


@pytest.mark.parametrize(("field", "change", "words"), BAD_LOGS, ids=[f"{b[0]} {b[2][:20]}" for b in BAD_LOGS])
def test_a_damaged_training_log_is_refused_naming_the_file_and_field(field, change, words):
    meta = shipped_log()
    assert assets.check_log(meta, "ch07_G.pt") is meta
    bad = {**meta, field: change(meta)}
    assert "ch07_G.pt" in refused(assets.check_log, bad, "ch07_G.pt", match=words)


def test_feature_statistics_refuse_nan():
    refused(quality.FeatureStats, np.array([0.0, NAN]), np.eye(2), 10, match="FeatureStats needs finite numbers")
    features = np.ones((5, 3))
    features[2, 1] = math.inf
    refused(quality.feature_stats, features, match="1 of 5 rows hold NaN or infinite values")
