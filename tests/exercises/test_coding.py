"""The coding exercises: the reference passes, every typical mistake fails with its own sentence, nothing raises,
and each chapter's cells are the registry's (same signature, same solution, same points, the standard grade cell).

The autograding itself (real nbgrader on real submissions) is tests/test_assignments.py.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import nbformat
import pytest
import torch

from gan_course.exercises import coding as C
from gan_course.exercises.coding.base import Verdict

CHAPTERS = Path(__file__).resolve().parents[2] / "chapters"
KEYS = C.keys()
MISTAKES = [(k, m.name) for k in KEYS for m in C.EXERCISES[k].mistakes]
SOLUTION = re.compile(r"^(?P<indent>[ \t]*)### BEGIN SOLUTION\n(?P<body>.*?)^[ \t]*### END SOLUTION", re.M | re.S)


def _mistake(key, name):
    return next(m for m in C.EXERCISES[key].mistakes if m.name == name)


def _stub(*args, **kwargs):
    raise NotImplementedError()


def test_there_are_about_fifteen_exercises_one_or_more_per_chapter_from_02():
    chapters = {k[:2] for k in KEYS}
    assert chapters == {f"{n:02d}" for n in range(2, 14)}, f"chapters with coding exercises: {sorted(chapters)}"
    assert len(KEYS) >= 14


@pytest.mark.parametrize("key", KEYS)
def test_the_reference_solution_passes_visible_and_hidden_tests(key, capsys):
    ex = C.EXERCISES[key]
    fn = C.from_body(ex, ex.solution)
    assert C.check_code(key, fn) is True
    assert C.grade(key, fn) == float(ex.points)
    out = capsys.readouterr().out
    assert "✓" in out and f"{ex.points} of {ex.points} points" in out


@pytest.mark.parametrize("key", KEYS)
def test_the_course_reference_passes_and_each_case_tells_the_mistakes_apart(key):
    ex = C.EXERCISES[key]
    assert C.assess(ex, ex.reference, list(ex.cases(0))).passed
    assert ex.mistakes, f"exercise {key} names no typical mistake"
    assert len({m.name for m in ex.mistakes}) == len(ex.mistakes)


@pytest.mark.parametrize("key,name", MISTAKES)
def test_each_mistake_fails_visible_and_hidden_tests_with_its_own_sentence(key, name, capsys):
    ex, m = C.EXERCISES[key], _mistake(key, name)
    fn = C.from_body(ex, m.body)
    v = C.assess(ex, fn, list(ex.cases(0)))
    assert not v.passed and v.mistake == name, f"{key} {name!r} was judged {v}"
    assert C.check_code(key, fn) is False
    assert C.grade(key, fn) == 0.0
    out = capsys.readouterr().out
    assert out.count(m.sentence) == 2, out  # the visible check and the grade both say it


@pytest.mark.parametrize("key", KEYS)
def test_an_unwritten_exercise_scores_zero_and_the_chapter_goes_on_with_the_course_code(key, capsys):
    ex = C.EXERCISES[key]
    assert C.check_code(key, _stub) is False
    assert C.grade(key, _stub) == 0.0
    assert C.use(key, _stub) is ex.reference
    out = capsys.readouterr().out
    assert "Not written yet" in out and ex.course_name in out
    fn = C.from_body(ex, ex.solution)
    assert C.use(key, fn) is fn


@pytest.mark.parametrize("key", [k for k in KEYS if C.EXERCISES[k].differentiable])
def test_a_loss_cut_off_from_autograd_is_refused_with_what_to_do(key, capsys):
    ex = C.EXERCISES[key]
    assert C.check_code(key, lambda *a: ex.reference(*a).detach()) is False
    assert "cut off from its inputs' gradients" in capsys.readouterr().out
    if ex.key.startswith("02"):  # the losses: one number, where .item() is the tempting mistake
        assert C.check_code(key, lambda *a: ex.reference(*a).item()) is False
        assert "return a torch tensor (no .item()" in capsys.readouterr().out


def _prints_to_stderr(*args, **kwargs):
    import sys
    import warnings

    print("debug", file=sys.stderr)
    warnings.warn("a student's warning", stacklevel=1)
    raise NotImplementedError()


JUNK = [
    None, 3, "discriminator_loss", torch.zeros(3), torch.nn.Linear(1, 1), int, lambda: None,
    lambda *a, **k: "text", lambda *a, **k: float("nan"), lambda *a, **k: 1 / 0,
    lambda *a, **k: torch.zeros(2, 2, 2), lambda *a, **k: None, _prints_to_stderr,
]


@pytest.mark.parametrize("key", KEYS)
def test_any_answer_gets_a_sentence_never_an_exception_nor_stderr(key, capsys):
    for junk in JUNK:
        assert C.check_code(key, junk) is False
        assert C.grade(key, junk) == 0.0
        out, err = capsys.readouterr()
        assert err == "", f"{key} wrote to stderr for {junk!r} (nbgrader would zero the cell): {err}"
        assert ("✗" in out or "Not written" in out) and "the check itself failed" not in out, out
    assert C.check_code("99z", None) is False and C.grade("99z", None) == 0.0


def test_assess_tells_unwritten_from_wrong():
    ex = C.EXERCISES[KEYS[0]]
    v = C.assess(ex, _stub, list(ex.cases(0)))
    assert isinstance(v, Verdict) and v.unwritten and not v.passed and "NotImplementedError" in v.message


# --------------------------------------------------------------------------------- the chapters hold the registry


def _chapter_cells():
    cells = {}
    for path in sorted(CHAPTERS.glob("[0-9][0-9]_*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader")
            if meta:
                assert meta["grade_id"] not in cells, f"{meta['grade_id']} appears twice"
                cells[meta["grade_id"]] = (path.stem, cell, meta)
    return cells


CELLS = _chapter_cells()


@pytest.mark.parametrize("key", KEYS)
def test_the_chapter_holds_the_exercise_as_registered(key):
    ex = C.EXERCISES[key]
    solution_id, tests_id = f"ex{key}_solution", f"ex{key}_tests"
    assert solution_id in CELLS and tests_id in CELLS, f"chapter {key[:2]} lacks the cells {solution_id}, {tests_id}"
    stem, cell, meta = CELLS[solution_id]
    assert stem.startswith(key[:2]) and meta["solution"] and not meta["grade"]
    assert ex.signature in cell.source, f"{solution_id} does not define {ex.signature}"
    found = SOLUTION.search(cell.source)
    assert found, f"{solution_id} has no ### BEGIN SOLUTION ... ### END SOLUTION region"
    assert textwrap.dedent(found["body"]).strip() == textwrap.dedent(ex.solution).strip(), (
        f"{solution_id}'s solution differs from gan_course/exercises/coding's: keep them the same text"
    )
    _, tests, tmeta = CELLS[tests_id]
    assert tmeta["grade"] and tmeta["locked"] and tmeta["points"] == ex.points
    expected = (
        f'exercises.check_code("{key}", {ex.name});\n### BEGIN HIDDEN TESTS\n'
        f'exercises.grade("{key}", {ex.name})\n### END HIDDEN TESTS'
    )
    assert tests.source.strip() == expected, f"{tests_id} should read:\n{expected}"
    cells = nbformat.read(CHAPTERS / f"{stem}.ipynb", as_version=4).cells
    later = "".join(c.source for c in cells[cells.index(tests) + 1:] if c.cell_type == "code")
    assert f'exercises.use("{key}", {ex.name})' in later, f"no cell after {tests_id} goes on with exercises.use"


def test_every_nbgrader_cell_belongs_to_a_registered_exercise():
    ids = {f"ex{k}_{part}" for k in KEYS for part in ("solution", "tests")}
    assert set(CELLS) == ids, f"unregistered: {sorted(set(CELLS) - ids)}; missing: {sorted(ids - set(CELLS))}"
