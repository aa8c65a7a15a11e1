"""Every chapter's .ipynb must be what its text source gives: editing the .py without regenerating fails here."""

import pytest

from tools.chapters import chapter_sources, long_lines, pair_differences

SOURCES = chapter_sources()


def test_there_are_chapters():
    assert SOURCES, "no chapters/NN_name.py found"


@pytest.mark.parametrize("source", SOURCES, ids=[s.name for s in SOURCES])
def test_pair_in_sync(source):
    problem = pair_differences(source)
    assert problem is None, problem


def test_edit_without_regenerating_is_caught(tmp_path):
    import jupytext

    source = tmp_path / "99_scratch.py"
    source.write_text('# %% [markdown] slideshow={"slide_type": "slide"}\n# # A chapter\n\n# %%\nx = 1\n')
    jupytext.write(jupytext.read(source), source.with_suffix(".ipynb"))
    assert pair_differences(source) is None
    source.write_text(source.read_text() + "\n# %%\nprint('a new cell')\n")
    problem = pair_differences(source)
    assert problem is not None and "99_scratch.ipynb has 2 cells but 99_scratch.py gives 3" in problem
    assert "make execute CHAPTERS=" in problem
    source.write_text(source.read_text().replace("x = 1", "x = 2"))
    assert "out of sync with 99_scratch.py at cell 2 ('x = 2')" in pair_differences(source)
    source.with_suffix(".ipynb").unlink()
    assert "99_scratch.ipynb is missing" in pair_differences(source)


@pytest.mark.parametrize("source", chapter_sources(), ids=lambda p: p.name)
def test_chapter_lines_fit_120_characters_except_cell_headers(source):
    assert long_lines(source) == []


def test_long_lines_spares_only_cell_headers(tmp_path):
    source = tmp_path / "99_scratch.py"
    source.write_text("# %% [markdown] slide=" + "x" * 130 + "\n# " + "y" * 121 + "\nz = 1\n")
    assert long_lines(source) == [f"{source.as_posix()}:2: 123 characters, at most 120"]
