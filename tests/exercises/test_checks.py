"""Chapters 02-04's exercise checks: the right answer passes, wrong answers fail, None is 'not answered'."""

import math

import pytest

from gan_course import exercises as E


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
