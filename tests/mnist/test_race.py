"""Chapter 12's equal-time race: the stopwatch that leaves scoring out, and the record's checks."""

import time

import pytest
import torch

from gan_course import mnist
from gan_course.mnist import race


class _Score:
    def __init__(self, fd):
        self.fd, self.coverage = fd, type("C", (), {"classes": 10})()


def test_the_stopwatch_leaves_scoring_out_and_stops_at_the_budget():
    recipe = mnist.GAN_MNIST.replace(g_hidden=(8,), d_hidden=(8,), noise_dim=4, batch_size=8, epochs=50)

    scoring = []

    def slow_score(trainer):
        t0 = time.process_time()
        sum(range(300_000))  # scoring takes far longer than an epoch of training here
        scoring.append(time.process_time() - t0)
        return _Score(float(trainer.step))

    clock = race.Stopwatch(4, slow_score, budget=0.02, every=3)
    trainer = mnist.make_trainer(recipe, callbacks=[clock], images=torch.rand(32, 784), device="cpu")
    start = time.process_time()
    trainer.run()
    total = time.process_time() - start
    assert trainer.step < recipe.train.steps  # the budget stopped it
    assert clock.trained <= total - 0.9 * sum(scoring)  # scoring is not counted
    assert clock.trained >= 0.02 and len(scoring) == len(clock.fd)
    assert clock.epochs[:-1] == [e for e in clock.epochs[:-1] if e % 3 == 0]  # scored every 3rd epoch and the last
    assert clock.fd[-1] == trainer.step and clock.seconds == sorted(clock.seconds)


def test_a_race_record_must_have_one_row_per_recipe_and_seed():
    rows = {"ch12": [[1.0]], "ch07": [[2.0]]}
    good = dict(recipes={"ch12": "a", "ch07": "b"}, seeds=[0], budget=1.0, epochs={"ch12": [[1]], "ch07": [[5]]},
                seconds=rows, wall=rows, fd=rows, classes={"ch12": [[10]], "ch07": [[10]]}, made_with="here")
    r = race.Race(**good)
    assert r.final("ch07") == ([2.0], [10], [2.0]) and r.per_epoch("ch07") == pytest.approx(2.0 / 5)
    with pytest.raises(ValueError, match="one row per seed"):
        race.Race(**{**good, "fd": {"ch12": [[1.0], [2.0]], "ch07": [[2.0]]}})
    with pytest.raises(ValueError, match="one entry per recipe"):
        race.Race(**{**good, "fd": {"ch12": [[1.0]]}})
    with pytest.raises(ValueError, match="recipe must be one of"):
        r.final("ch99")


def test_a_run_is_read_at_the_first_scored_epoch_with_equal_or_more_time():
    table = {"ch12": [[10.0, 20.0]], "ch07": [[5.0, 12.0, 25.0, 31.0]]}
    r = race.Race(recipes={"ch12": "a", "ch07": "b"}, seeds=[0], budget=20.0,
                  epochs={"ch12": [[1, 2]], "ch07": [[5, 10, 15, 20]]}, seconds=table, wall=table,
                  fd={"ch12": [[50.0, 30.0]], "ch07": [[40.0, 28.0, 35.0, 33.0]]},
                  classes={"ch12": [[10, 10]], "ch07": [[9, 10, 10, 10]]}, made_with="here")
    at = r.at_time("ch07", 0, 20.0)
    assert at == {"epoch": 15, "seconds": 25.0, "fd": 35.0, "classes": 10, "best_fd": 28.0}
    with pytest.raises(ValueError, match="stopped at 31 s, before 40 s"):
        r.at_time("ch07", 0, 40.0)


def _toy_race() -> race.Race:
    """Two seeds: the DCGAN 2 epochs; the MLP scored every 5th epoch, best at epoch 10 (seed 0) and 5 (seed 1)."""
    dc_s = [[10.0, 20.0], [11.0, 22.0]]
    mlp_s = [[4.0, 8.0, 12.0, 16.0, 21.0], [4.0, 8.0, 12.0, 16.0, 23.0]]
    return race.Race(recipes={"ch12": "a", "ch07": "b"}, seeds=[3, 4], budget=22.0,
                     epochs={"ch12": [[1, 2], [1, 2]], "ch07": [[5, 10, 15, 20, 25], [5, 10, 15, 20, 25]]},
                     seconds={"ch12": dc_s, "ch07": mlp_s}, wall={"ch12": dc_s, "ch07": mlp_s},
                     fd={"ch12": [[40.0, 20.0], [45.0, 30.0]],
                         "ch07": [[30.0, 18.0, 25.0, 24.0, 35.0], [25.0, 26.0, 40.0, 50.0, 60.0]]},
                     classes={"ch12": [[10, 10], [10, 10]], "ch07": [[10, 10, 10, 9, 10], [10, 10, 10, 10, 10]]},
                     made_with="here")


def test_the_three_comparisons_read_the_mlp_at_equal_time_its_own_length_and_its_best_epoch():
    rows = race.compare(_toy_race(), "ch07", recipe_epochs=15)
    assert [r.how for r in rows] == [h for h in race.COMPARISONS for _ in (3, 4)]
    got = {(r.how, r.seed): (r.mlp_epoch, r.mlp_seconds, r.mlp_fd, r.dcgan_fd) for r in rows}
    assert got == {
        ("equal time", 3): (25, 21.0, 35.0, 20.0), ("equal time", 4): (25, 23.0, 60.0, 30.0),
        ("own recipe", 3): (15, 12.0, 25.0, 20.0), ("own recipe", 4): (15, 12.0, 40.0, 30.0),
        ("best scored epoch", 3): (10, 8.0, 18.0, 20.0), ("best scored epoch", 4): (5, 4.0, 25.0, 30.0),
    }
    assert rows[-1].ratio == pytest.approx(30.0 / 25.0) and all(r.dcgan_epoch == 2 for r in rows)
    table = race.comparison_table(rows, "ch07").splitlines()
    assert len(table) == 2 + 6 and table[2].endswith("| 0.57 | DCGAN | 1.0 |")
    assert table[-1].endswith("| 1.20 | MLP | 5.5 |") and rows[-1].time_ratio == pytest.approx(22.0 / 4.0)
    with pytest.raises(ValueError, match=r"scored epoch of ch07's run for seed 3 \(5, 10, 15, \.\.\., 25\), got 8"):
        race.compare(_toy_race(), "ch07", recipe_epochs=8)
    with pytest.raises(ValueError, match="mlp must be one of the MLP recipes"):
        race.compare(_toy_race(), "ch12")
    with pytest.raises(ValueError, match="seed_index must be an index"):
        _toy_race().best_epoch("ch07", 2)


def test_the_shipped_race_scored_chapter_07s_own_length_for_every_seed():
    record = race.load_race()
    own = mnist.CHAPTER_RECIPES["ch07"].epochs
    rows = race.compare(record, "ch07")
    assert all(r.mlp_epoch == own for r in rows if r.how == "own recipe")
    for r in rows:
        if r.how == "best scored epoch":
            assert r.mlp_fd == min(record.fd["ch07"][record.seeds.index(r.seed)])


@pytest.mark.parametrize("argv", [["--seeds", "3"], ["0"]])
def test_the_command_answers_an_argument_with_one_line_and_status_2(argv, capsys):
    assert race.main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    assert "takes no arguments" in err and repr(" ".join(argv)) in err


@pytest.mark.slow  # a child process that imports torch
def test_the_command_itself_exits_with_status_2_and_no_traceback():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "gan_course.mnist.race", "--fast"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        "python -m gan_course.mnist.race takes no arguments, got '--fast': run it with none (seeds 0, 1, 2 are fixed)."]
