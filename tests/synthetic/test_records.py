"""gan_course.synthetic.records: recorded 1-D runs made by one command, read back exactly, replayed against, and
refused in words when broken."""

import json

import pytest

from gan_course.synthetic import records, records2d
from tests.helpers import answers_bad_argument, bad_argument_cases, refused


@pytest.fixture(scope="module")
def short_record(tmp_path_factory):
    record = records.make("gan-reproduction", steps=50)  # the first 50 epochs: one check per seed
    path = records.save(record, tmp_path_factory.mktemp("records") / "gan-reproduction.json")
    return record, path


@pytest.mark.slow  # the tests that use short_record: making it trains 5 seeds for 50 epochs (2-3 s)
def test_a_record_reads_back_exactly(short_record):
    record, path = short_record
    assert records.load("gan-reproduction", path) == record
    assert record.steps == [50] and len(record.ks[0]) == len(record.seeds) == 5
    assert len(record.hist_edges) == records.BINS + 1 and len(record.hist_density) == 5


@pytest.mark.slow
def test_the_replay_follows_the_record(short_record):
    record, _ = short_record
    _, track = records.replay(record, 50)
    assert records.largest_ks_difference(record, track) <= 1e-5  # same machine: the same run, to the record's digits


@pytest.mark.slow
def test_a_replay_too_short_to_compare_is_told_so(short_record):
    record, _ = short_record
    _, track = records.replay(record, 10)
    with pytest.raises(ValueError, match="no common checks"):
        records.largest_ks_difference(record, track)


@pytest.mark.slow
def test_missing_or_broken_records_say_how_to_rebuild(tmp_path, short_record):
    with pytest.raises(ValueError, match="python -m gan_course.synthetic.records gan-reproduction"):
        records.load("gan-reproduction", tmp_path / "absent.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ValueError, match="cannot be read"):
        records.load("gan-reproduction", bad)
    record, path = short_record
    raw = json.loads(path.read_text())
    raw["ks"] = raw["ks"][:0]
    bad.write_text(json.dumps(raw))
    with pytest.raises(ValueError, match="one row per check"):
        records.load("gan-reproduction", bad)
    with pytest.raises(ValueError, match="no record is defined"):
        records.make("simple-gaussian")


@pytest.mark.parametrize("name, budget", [("fifty-lines", 30_000), ("gan-reproduction", 20_000)])
def test_the_shipped_records_are_the_whole_budget(name, budget):
    record = records.load(name)
    assert record.steps[-1] == budget and record.seeds == [0, 1, 2, 3, 4] and len(record.final_ks) == 5


def test_loading_a_record_name_that_is_not_recorded_says_which_are():
    refused(records.load, "simple-gaussian", match="no record is defined for 'simple-gaussian'")
    refused(records2d.load, "square", match="target must be one of")


# ------------------------------------------------------------------------------------------------ the command

BAD_COMMANDS = [
    ("records", records.main, ["nope"], "not a recorded recipe"),
    ("records", records.main, ["fifty-lines", "fifty-lines"], "each record is made once"),
    ("records", records.main, ["--steps", "5"], "not a recorded recipe"),
]


@pytest.mark.parametrize(("main", "argv", "words"), bad_argument_cases(BAD_COMMANDS))
def test_the_command_answers_a_bad_argument_in_one_line(capsys, main, argv, words):
    answers_bad_argument(capsys, main, argv, words)
