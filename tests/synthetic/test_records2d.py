"""gan_course.synthetic.records2d: the shipped 2-D records (whole, refused in words when broken), a short record read
back, the samples drawn per seed, and the command's bad arguments."""

import matplotlib.pyplot as plt
import pytest

from gan_course.synthetic import records2d
from tests.helpers import answers_bad_argument, bad_argument_cases


def test_the_shipped_2d_records_are_whole_and_refused_in_words_when_broken(tmp_path):
    for name in ("ring", "grid"):
        rec = records2d.load(name)
        assert rec.steps[-1] == 15_000 and rec.seeds == [0, 1, 2, 3, 4] and rec.remedy == records2d.REMEDY
        assert len(rec.samples) == 5 and len(rec.samples[0]) == records2d.KEPT_SAMPLES
    with pytest.raises(ValueError, match="python -m gan_course.synthetic.records2d grid"):
        records2d.load("grid", tmp_path / "absent.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    with pytest.raises(ValueError, match="damaged"):
        records2d.load("ring", bad)
    with pytest.raises(ValueError, match="target must be one of"):
        records2d.make("spiral")
    for name in ("ring", "grid"):  # chapter 11's WGAN-GP records, beside them
        rec = records2d.load(name, remedy="WGAN-GP")
        assert rec.steps[-1] == 3_000 and rec.seeds == [0, 1, 2, 3, 4] and rec.remedy == "WGAN-GP"
    with pytest.raises(ValueError, match="python -m gan_course.synthetic.records2d ring WGAN-GP"):
        records2d.load("ring", tmp_path / "absent.json", remedy="WGAN-GP")
    with pytest.raises(ValueError, match="remedy must be one of the recorded"):
        records2d.record_path("ring", remedy="plain")
    with pytest.raises(ValueError, match="multiple of 500"):
        records2d.replay(records2d.load("ring"), 700)
    with pytest.raises(ValueError, match="steps"):
        records2d.replay(records2d.load("ring"), 20_000)


def test_a_short_record_reads_back_exactly(tmp_path):
    rec = records2d.make("ring", steps=3)
    path = records2d.save(rec, tmp_path / "r.json")
    assert records2d.load("ring", path) == rec and rec.steps == [3]


def test_a_records_samples_are_drawn_one_panel_per_seed():
    fig = records2d.plot_samples({"ring": records2d.load("ring", remedy="WGAN-GP")}, "WGAN-GP on the ring")
    titles = [ax.get_title() for ax in fig.axes]
    assert len(titles) == 5 and titles[0].startswith("ring, seed 0: 8/8") and fig._suptitle.get_text()
    plt.close(fig)


# ------------------------------------------------------------------------------------------------ the command


BAD_COMMANDS = [
    ("records2d", records2d.main, [], "give a target"),
    ("records2d", records2d.main, ["square"], "target must be one of"),
    ("records2d", records2d.main, ["ring", "wgan"], "remedy must be WGAN-GP"),
    ("records2d", records2d.main, ["ring", "WGAN-GP", "again"], "got 3 arguments"),
]


@pytest.mark.parametrize(("main", "argv", "words"), bad_argument_cases(BAD_COMMANDS))
def test_the_command_answers_a_bad_argument_in_one_line(capsys, main, argv, words):
    answers_bad_argument(capsys, main, argv, words)
