"""gan_course.claims: claim() prints a verdict with the band, or raises a ClaimError saying by how much."""

import json

import numpy as np
import pytest
import torch

from gan_course import claims, runtime


def test_a_claim_that_holds_prints_value_band_and_verdict(capsys):
    assert claims.claim("KS is small", 0.021, at_most=0.03)
    out = capsys.readouterr().out
    assert "claim holds: KS is small" in out and "0.021" in out and "<= 0.03" in out


@pytest.mark.parametrize(
    ("value", "band", "missed"),
    [(0.05, {"at_most": 0.03}, "0.02"), (3, {"at_least": 10}, "7"), (12, {"at_least": 1, "at_most": 10}, "2")],
)
def test_a_broken_claim_names_itself_and_the_miss(value, band, missed):
    with pytest.raises(claims.ClaimError, match=rf"claim broken: the claim .*missed by {missed}"):
        claims.claim("the claim", value, **band)


def test_claim_error_is_an_assertion_error():
    assert issubclass(claims.ClaimError, AssertionError)


@pytest.mark.parametrize("value", [np.float64(0.5), np.array([0.5]), torch.tensor(0.5), 1, np.int64(1),
                                   np.float32(0.5)])
def test_numpy_torch_and_python_numbers_are_accepted(value):
    assert claims.claim("a number", value, at_least=0, at_most=1)


@pytest.mark.parametrize("value", [True, np.bool_(True), torch.tensor(True), torch.zeros(2, 3), np.ones(2), [0.5],
                                   None])
def test_a_measured_value_that_is_not_one_number_is_refused(value):
    with pytest.raises(TypeError, match="the measured value must be one number"):
        claims.claim("a number", value, at_least=0, at_most=1)


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), np.float64("inf"), torch.tensor(float("inf"))])
def test_an_infinite_value_never_holds(value):
    with pytest.raises(claims.ClaimError, match="measured -?inf, not a finite number"):
        claims.claim("finite", value, at_least=0)


@pytest.mark.parametrize("bound", ["0.1", [0.1], float("nan"), float("inf"), True, torch.tensor(0.1)])
@pytest.mark.parametrize("end", ["at_least", "at_most"])
def test_a_band_that_is_not_a_finite_number_is_refused(bound, end):
    with pytest.raises(ValueError, match=rf"{end} must be a finite number"):
        claims.claim("a claim", 0.5, **{end: bound})


def test_a_band_upside_down_is_refused():
    with pytest.raises(ValueError, match="at_least <= at_most"):
        claims.claim("a claim", 0.5, at_least=1, at_most=0)


def test_nan_never_holds():
    with pytest.raises(claims.ClaimError, match="NaN"):
        claims.claim("finite", float("nan"), at_most=1e9)


def test_a_claim_needs_a_band_and_a_number():
    with pytest.raises(ValueError, match="band"):
        claims.claim("no band", 1.0)
    with pytest.raises(TypeError, match="number"):
        claims.claim("a string", "0.5", at_most=1)


def test_claims_are_logged_when_asked(tmp_path, monkeypatch):
    log = tmp_path / "claims.jsonl"
    monkeypatch.setenv(claims.LOG_VARIABLE, str(log))
    monkeypatch.setenv(runtime.SEED_VARIABLE, "7")
    claims.claim("logged", 0.5, at_most=1)
    with pytest.raises(claims.ClaimError):
        claims.claim("logged too", 2.0, at_most=1)
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(r["claim"], r["value"], r["seed"]) for r in records] == [("logged", 0.5, "7"), ("logged too", 2.0, "7")]
