"""gan_course.callbacks: the hooks the Trainer calls (every n steps, 1-D tracking, early stop) and their bad inputs."""

from dataclasses import replace

import pytest

from gan_course import callbacks
from gan_course.synthetic import targets
from tests.helpers import FAST, make_trainer, raised_by_course


def test_history_and_callbacks():
    seen = []
    tracker = callbacks.Track1D(10, targets.normal(4.0, 1.25), n_samples=500)
    trainer = make_trainer(replace(FAST, steps=30))
    trainer.callbacks += [callbacks.Every(7, lambda t: seen.append(t.step)), tracker]
    trainer.run()
    assert len(trainer.history) == 30 and trainer.history.step[-1] == 30
    assert seen == [7, 14, 21, 28, 30]
    assert tracker.steps == [10, 20, 30] and len(tracker.ks) == 3
    assert all(0 < d < 1 for d in trainer.history.d_real + trainer.history.d_fake)


def test_stop_ends_the_run():
    trainer = make_trainer(replace(FAST, steps=100))
    trainer.callbacks.append(callbacks.StopWhen(5, lambda t: t.step >= 15))
    trainer.run()
    assert trainer.step == 15


# ---------------------------------------------------------------------------------- the table of wrong inputs


STD_TARGET = targets.normal(4.0, 1.25)


def _fn(trainer) -> None: ...


WRONG_INPUTS = [  # (case, a call with one wrong input, the argument its message must name)
    ("ProgressBar(every=0)", lambda: callbacks.ProgressBar(every=0), "every"),
    ("ProgressBar(every='5')", lambda: callbacks.ProgressBar(every="5"), "every"),
    ("Every(0)", lambda: callbacks.Every(0, _fn), r"^n "),
    ("Every('5')", lambda: callbacks.Every("5", _fn), r"^n "),
    ("Every(fn=str)", lambda: callbacks.Every(5, "f"), "fn"),
    ("Every(at_end='no')", lambda: callbacks.Every(5, _fn, at_end="no"), "at_end"),
    ("Track1D(0)", lambda: callbacks.Track1D(0, STD_TARGET), r"^n "),
    ("Track1D(target=str)", lambda: callbacks.Track1D(5, "N(4, 1)"), "target"),
    ("Track1D(n_samples=0)", lambda: callbacks.Track1D(5, STD_TARGET, n_samples=0), "n_samples"),
    ("Track1D(n_samples=1.5)", lambda: callbacks.Track1D(5, STD_TARGET, n_samples=1.5), "n_samples"),
    ("StopWhen(0)", lambda: callbacks.StopWhen(0, _fn), r"^n "),
    ("StopWhen(predicate=3)", lambda: callbacks.StopWhen(5, 3), "predicate"),
]


@pytest.mark.parametrize("case", WRONG_INPUTS, ids=[c[0] for c in WRONG_INPUTS])
def test_wrong_input_is_answered_by_the_course(case):
    _, call, name = case
    raised_by_course(call, name)


TOO_LARGE = [  # (case, call, the message: the argument, its bound and why)
    ("ProgressBar(every=2**70)", lambda: callbacks.ProgressBar(every=2**70), r"^every .* at most"),
    ("Every(n=10**9 + 1)", lambda: callbacks.Every(10**9 + 1, _fn), r"^n .* at most 1,000,000,000"),
    ("StopWhen(n=2**70)", lambda: callbacks.StopWhen(2**70, bool), r"^n .* at most"),
]


@pytest.mark.parametrize("case", TOO_LARGE, ids=[c[0] for c in TOO_LARGE])
def test_a_count_past_its_maximum_is_answered_with_the_bound(case):
    _, call, match = case
    raised_by_course(call, match)
