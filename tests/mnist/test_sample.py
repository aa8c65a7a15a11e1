"""``python -m gan_course.mnist sample``: shipped generators' samples as .npz files, bad input answered in words."""

import numpy as np
import pytest

from gan_course.mnist import sample


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
