"""Every chapter's .ipynb must be what its text source gives: editing the .py without regenerating fails here."""

import pytest

from gan_course.chapters import chapter_sources, pair_differences

SOURCES = chapter_sources()


def test_there_are_chapters():
    assert SOURCES, "no chapters/NN_name.py found"


@pytest.mark.parametrize("source", SOURCES, ids=[s.name for s in SOURCES])
def test_pair_in_sync(source):
    problem = pair_differences(source)
    assert problem is None, problem


def test_edit_without_regenerating_is_caught(tmp_path):
    import shutil

    source = SOURCES[0]
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    shutil.copy(source.with_suffix(".ipynb"), copy.with_suffix(".ipynb"))
    assert pair_differences(copy) is None
    copy.write_text(copy.read_text() + "\n# %%\nprint('a new cell')\n")
    problem = pair_differences(copy)
    assert problem is not None and copy.with_suffix(".ipynb").name in problem and "regenerate" in problem
