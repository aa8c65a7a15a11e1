"""gan_course.exercises: chapters 02-04's and 07-09's checks; the right answer passes, wrong answers fail, None is
'not answered' (every exported check, fed every kind of input: tests/test_exercise_answers.py)."""

import math

import pytest
import torch

from gan_course import exercises as E
from gan_course import mnist


@pytest.mark.parametrize(
    "check,right,wrongs",
    [
        (E.check_value_of_coin_flip, -math.log(4), [math.log(4), -0.5, "x"]),
        (E.check_generator_gradients_at_001, (-0.01, -0.99), [(0.01, 0.99), (-0.99, -0.01), (-0.01,), None]),
        (E.check_equal_gradients_point, 0.5, [0.0, 1.0, 0.25]),
        (E.check_d_star_crossing, 2.0, [0.0, 4.0, 2.5]),
        (E.check_d_star_at_data_mean, 2 / 7, [0.5, 5 / 7, 0.8]),
        (E.check_d_star_crossings_narrow_g, (4.7385, 3.2615), [(3.5, 4.5), (4.0, 4.0), (1,)]),
        (E.check_kl_both_ways, (8.0581, 5.1631), [(5.1631, 8.0581), (8.0581, 8.0581), "ab"]),
        (E.check_c_of_disjoint, 0.0, [-math.log(4), math.log(2), 1.0]),
        (E.check_best_sigma, 1.504, [1.25, 1.0, 2.0]),
    ],
)
def test_checks(check, right, wrongs, capsys):
    assert check(right) is True
    assert "✓" in capsys.readouterr().out
    for wrong in wrongs:
        if wrong is None:
            continue
        assert check(wrong) is False
        assert "✗" in capsys.readouterr().out
    assert check(None) is False
    assert "Not answered" in capsys.readouterr().out


def test_exercise_checks_07_to_09(capsys):
    r = mnist.CHAPTER_RECIPES["ch07"]
    assert E.check_generator_updates(r.epochs * (60_000 // r.train.batch_size))
    assert not E.check_generator_updates(r.epochs * 60_000 // r.train.batch_size + 1)
    assert not E.check_generator_updates(None)
    torch.manual_seed(0)
    G = mnist.build_generator(r)
    G_copy = mnist.build_generator(r)
    G_copy.load_state_dict(G.state_dict())
    assert E.check_reloaded_generator(G_copy, G)
    assert not E.check_reloaded_generator(mnist.build_generator(r), G)  # fresh weights differ
    assert not E.check_reloaded_generator(G, G)
    assert E.check_normalised_pixels((-1.0, 0.0, 1.0))
    assert not E.check_normalised_pixels((0.0, 0.5, 1.0))
    assert E.check_first_epoch_below(3, [500.0, 300.0, 90.0, 80.0], target=100.0)
    assert not E.check_first_epoch_below(4, [500.0, 300.0, 90.0, 80.0], target=100.0)
    assert E.check_fd_1d(1.0625)
    assert not E.check_fd_1d(1.0)
    assert E.check_collapsed_coverage(1, 0.0)
    assert not E.check_collapsed_coverage(10, 3.32)
    assert not E.check_collapsed_coverage(None, None)
    assert "Not answered yet" in capsys.readouterr().out
