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
