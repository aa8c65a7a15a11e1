"""nbgrader, for real: the chapters' coding exercises released, submitted and autograded by nbgrader's own commands.

- ``test_reference_blank_and_each_mistake_are_graded_as_they_should_be`` (slow, in ``make test``): every coding
  exercise of the course, gathered into one assignment (each chapter's first code cell, then its exercise cells),
  is released with nbgrader and autograded for submissions made from that release: the reference solutions (full
  marks), the blank release (0 on every exercise), and one submission per mistake rank k, where each exercise
  carries its k-th typical mistake (``Mistake.body``, the text the registry keeps): that exercise loses its points
  and its grade cell shows the mistake's sentence, as does the feedback page nbgrader generates; the others keep
  theirs.
- ``test_a_blank_release_runs_top_to_bottom`` (marked ``release``: ``make test-assignments``, which CI runs): the
  student release of each whole chapter, left blank, autograded: no cell fails and every exercise scores 0.
"""

from __future__ import annotations

import html
import re
import shutil
import textwrap
from pathlib import Path

import nbformat
import pytest

from gan_course.exercises import coding as C
from tools import assignments as A

STUB = re.compile(r"^(?P<indent>[ \t]*)# YOUR CODE HERE\n[ \t]*raise NotImplementedError\(\)", re.M)
SLICE = "coding_exercises"


def _key(cell) -> str:
    return cell.metadata["nbgrader"]["grade_id"].removeprefix("ex").rsplit("_", 1)[0]


def _slice_notebook():
    """One notebook holding every chapter's first code cell and its exercise cells, in reading order."""
    cells = []
    for path in A.assignment_chapters():
        nb = nbformat.read(path, as_version=4)
        first = next(c for c in nb.cells if c.cell_type == "code")
        cells.append(nbformat.v4.new_code_cell(first.source))
        cells += [c for c in nb.cells if "nbgrader" in c.metadata]
    out = nbformat.v4.new_notebook(cells=cells)
    out.metadata = nb.metadata
    return out


def _fill(release, bodies: dict[str, str]):
    """The release with each solution cell's stub replaced by ``bodies[key]`` (indented like the stub)."""
    nb = nbformat.reads(nbformat.writes(release), as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and _key(cell) in bodies:
            body = textwrap.dedent(bodies[_key(cell)]).strip("\n")
            stub = STUB.search(cell.source)
            assert stub, f"the release's {cell.metadata['nbgrader']['grade_id']} has no stub to replace"
            filled = textwrap.indent(body, stub["indent"])
            cell.source = cell.source[: stub.start()] + filled + cell.source[stub.end() :]
    return nb


def _grade_outputs(notebook: Path) -> dict[str, str]:
    nb = nbformat.read(notebook, as_version=4)
    out = {}
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            out[_key(cell)] = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
    return out


def _errors(notebook: Path) -> list[str]:
    nb = nbformat.read(notebook, as_version=4)
    return [
        f"cell {i}: {o.get('ename')}: {o.get('evalue')}"
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.output_type == "error"
    ]


@pytest.mark.slow
def test_reference_blank_and_each_mistake_are_graded_as_they_should_be(tmp_path):
    root = tmp_path / "course"
    A.write_config(root)
    (root / "source" / SLICE).mkdir(parents=True)
    nbformat.write(_slice_notebook(), root / "source" / SLICE / f"{SLICE}.ipynb")
    A.nbgrader(root, "generate_assignment", SLICE, "--force")
    release = nbformat.read(root / "release" / SLICE / f"{SLICE}.ipynb", as_version=4)
    exercises = {k: C.EXERCISES[k] for k in C.keys()}
    ranks = max(len(ex.mistakes) for ex in exercises.values())
    reference = {k: ex.solution for k, ex in exercises.items()}
    submissions = {"reference": reference, "blank": {}}
    for r in range(ranks):
        submissions[f"mistake{r}"] = {
            k: (ex.mistakes[r].body if r < len(ex.mistakes) else ex.solution) for k, ex in exercises.items()
        }
    for student, bodies in submissions.items():
        target = root / "submitted" / student / SLICE
        target.mkdir(parents=True)
        nbformat.write(_fill(release, bodies), target / f"{SLICE}.ipynb")
        A.nbgrader(root, "db", "student", "add", student)
    A.nbgrader(root, "autograde", SLICE, "--force")
    A.nbgrader(root, "generate_feedback", SLICE, "--force")
    scores = A.scores(root, SLICE)
    for student in submissions:
        outputs = _grade_outputs(root / "autograded" / student / SLICE / f"{SLICE}.ipynb")
        feedback = html.unescape((root / "feedback" / student / SLICE / f"{SLICE}.html").read_text())
        assert not _errors(root / "autograded" / student / SLICE / f"{SLICE}.ipynb"), student
        for key, ex in exercises.items():
            got = scores[student][f"ex{key}_tests"]
            if student == "reference":
                assert got == ex.points, f"the reference solution of {key} scored {got} of {ex.points}"
            elif student == "blank":
                assert got == 0, f"the blank release scored {got} on {key}"
                assert "Not written yet" in outputs[key]
            else:
                r = int(student.removeprefix("mistake"))
                if r < len(ex.mistakes):
                    m = ex.mistakes[r]
                    assert got == 0, f"{key} with the mistake {m.name!r} scored {got}"
                    assert m.sentence in outputs[key], f"{key}: {m.name!r}'s sentence is not in its grade cell"
                    assert m.sentence in feedback, f"{key}: {m.name!r}'s sentence is not in the feedback page"
                else:
                    assert got == ex.points, f"{key}'s reference, beside other exercises' mistakes, scored {got}"


CHAPTERS = [p.stem for p in A.assignment_chapters()]


@pytest.mark.release
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_blank_release_runs_top_to_bottom(chapter, tmp_path):
    root = tmp_path / "course"
    A.build(root, [chapter])
    submitted = root / "submitted" / "blank" / chapter
    submitted.mkdir(parents=True)
    shutil.copy2(root / "release" / chapter / f"{chapter}.ipynb", submitted)
    A.nbgrader(root, "db", "student", "add", "blank")
    A.nbgrader(root, "autograde", chapter, "--force")
    graded = root / "autograded" / "blank" / chapter / f"{chapter}.ipynb"
    assert not _errors(graded), f"the blank release of {chapter} stopped: {_errors(graded)}"
    scores = A.scores(root, chapter)["blank"]
    assert scores and all(v == 0 for v in scores.values()), scores
    assert all("Not written yet" in text for text in _grade_outputs(graded).values())


def test_make_grade_refuses_a_renamed_notebook_and_a_missing_one_in_a_sentence(tmp_path):
    renamed = tmp_path / "mine.ipynb"
    shutil.copy2(A.assignment_chapters(["02"])[0], renamed)
    with pytest.raises(A.AssignmentError, match=r"must keep its chapter's name, e\.g\. 02_minimax_objective\.ipynb"):
        A.grade(renamed, "me", tmp_path / "course")
    with pytest.raises(A.AssignmentError, match="no notebook at"):
        A.grade(tmp_path / "02_minimax_objective.ipynb", "me", tmp_path / "course")
    assert A.SELF_ROOT != A.ROOT  # a student's trial grades never enter the class's gradebook
