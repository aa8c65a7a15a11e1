"""gan_course.mnist.sample (``python -m gan_course.mnist sample``): shipped generators' samples as .npz files; a bad
argument, a damaged generator, a full disk or an --out it cannot write answered in one line."""

import os
from pathlib import Path

import numpy as np
import pytest

from gan_course.mnist import assets, sample
from tests.helpers import LIMIT, REPO, one_line, run_child


def test_samples_are_images_in_the_unit_range_and_reproducible():
    a = sample.sample_images("ch07", 50, seed=3)["images"]
    b = sample.sample_images("ch07", 50, seed=3)["images"]
    assert a.shape == (50, 28, 28) and a.dtype == np.float32 and 0.0 <= a.min() and a.max() <= 1.0
    assert np.array_equal(a, b) and not np.array_equal(a, sample.sample_images("ch07", 50, seed=4)["images"])
    tanh = sample.sample_images("ch08", 50)["images"]  # a tanh generator, mapped from [-1, 1] to [0, 1]
    assert 0.0 <= tanh.min() and tanh.max() <= 1.0 and tanh.mean() < 0.5  # mostly black background


def test_the_command_writes_an_npz(tmp_path, capsys):
    out = tmp_path / "s.npz"
    assert sample.main(["--generator", "ch08_article", "-n", "20", "--out", str(out), "--seed", "1"]) == 0
    assert "wrote" in capsys.readouterr().out
    with np.load(out) as f:
        assert list(f.keys()) == ["images"] and f["images"].shape == (20, 28, 28)


def test_a_conditional_generator_writes_the_requested_labels(tmp_path):
    uniform = sample.sample_images("ch13", 200, seed=2)
    assert set(uniform) == {"images", "labels"} and uniform["labels"].dtype == np.int64
    assert len(set(uniform["labels"].tolist())) == 10  # uniform over the digits
    sevens = sample.sample_images("ch13", 20, seed=2, digit=7)
    assert (sevens["labels"] == 7).all() and sevens["images"].shape == (20, 28, 28)
    assert sample.conditional_names() == ["ch13"]
    out = tmp_path / "c.npz"
    assert sample.main(["--generator", "ch13", "-n", "30", "--digit", "4", "--out", str(out)]) == 0
    with np.load(out) as f:
        assert sorted(f.keys()) == ["images", "labels"] and (f["labels"] == 4).all()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--generator", "ch99", "-n", "5"], "--generator must be one of"),
        (["--generator", "ch07", "-n", "ten"], "-n must be a whole number"),
        (["--generator", "ch07", "-n", "0"], "-n"),
        (["--generator", "ch07", "-n", "10000000"], "-n"),
        (["--generator", "ch07", "-n", "5", "--seed", "-1"], "--seed"),
        (["--generator", "ch07", "-n", "5", "--digit", "3"], "not a conditional generator"),
        (["--generator", "ch13", "-n", "5", "--digit", "10"], "--digit must be one of the digits 0 to 9"),
        (["--generator", "ch13", "-n", "5", "--digit", "seven"], "--digit must be a whole number"),
        (["--generator", "ch07", "-n", "5", "--out", "x.txt"], "--out must name a .npz file"),
        (["--generator", "ch07", "-n", "5", "--out", "/no/such/folder/x.npz"], "does not exist"),
    ],
)
def test_bad_input_gets_one_sentence_and_status_2(tmp_path, capsys, args, words):
    if "--out" not in args:
        args = [*args, "--out", str(tmp_path / "s.npz")]
    assert sample.main(args) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


# ------------------------------------------------- a full disk, a damaged generator, an --out it cannot write


@pytest.mark.slow  # a child process that imports torch
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
