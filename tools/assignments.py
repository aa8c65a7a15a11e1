"""The chapters as nbgrader assignments: ``make assignments`` builds the course directory and the student release.

``python -m tools.assignments build [NN ...]`` writes an nbgrader course directory (``build/nbgrader`` unless
``--root``): its ``nbgrader_config.py``, ``source/<chapter>/<chapter>.ipynb`` (the chapter as committed: reference
solutions, hidden tests) and, by ``nbgrader generate_assignment``, ``release/<chapter>/<chapter>.ipynb`` (solutions
replaced by a stub that raises NotImplementedError, hidden tests removed, outputs cleared) and the gradebook.
Only chapters with coding exercises (cells with nbgrader metadata) become assignments.

``python -m tools.assignments grade NOTEBOOK [--student NAME]`` autogrades one filled-in release notebook the way
an instructor's ``nbgrader autograde`` does, in a course directory of its own (``build/my_grades``, so that a
student's trials never enter a class's gradebook), and prints each exercise's points and the feedback page's path:
a student working alone sees the grade the class would get.

``python -m tools.assignments scores ASSIGNMENT`` prints the gradebook's points per student and exercise.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
CHAPTERS = REPO / "chapters"
ROOT = REPO / "build" / "nbgrader"
SELF_ROOT = REPO / "build" / "my_grades"  # `make grade`'s course directory: a student's trials stay out of a class's
COURSE_ID = "gan-course"
CELL_TIMEOUT_S = 1800  # the longest chapter cell (a recorded run replayed, a training loop) well inside this
CONFIG = """\
# nbgrader's configuration for the GAN course, written by `make assignments` (tools/assignments.py).
c = get_config()  # noqa: F821 -- nbgrader's config loader defines it
c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.root = {root!r}
# Chapters train models: a cell may run for minutes on a laptop CPU (nbgrader's default is 30 s).
c.Execute.timeout = {timeout}
c.Execute.interrupt_on_timeout = True
# The chapter is the assignment: its other cells (figures, widgets, quizzes) run as they do for a student.
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}}
"""


class AssignmentError(RuntimeError):
    """Something a user can fix: the sentence says what."""


def exercise_cells(nb) -> list:
    """The cells of ``nb`` that nbgrader grades or that hold a solution."""
    return [c for c in nb.cells if "nbgrader" in c.get("metadata", {})]


def assignment_chapters(selected: list[str] | None = None) -> list[Path]:
    """The chapter notebooks with coding exercises, optionally only those whose number or name is in ``selected``."""
    found = []
    for path in sorted(CHAPTERS.glob("[0-9][0-9]_*.ipynb")):
        if selected and not any(path.stem == s or path.stem.startswith(f"{s}_") for s in selected):
            continue
        if exercise_cells(nbformat.read(path, as_version=4)):
            found.append(path)
    if selected and not found:
        raise AssignmentError(
            f"no chapter with coding exercises matches {' '.join(selected)}: give chapter numbers such as 02 or 05"
        )
    return found


def nbgrader(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run ``nbgrader args...`` in the course directory ``root`` (this interpreter's nbgrader)."""
    cmd = [sys.executable, "-m", "nbgrader", *args]
    bin_dir = str(Path(sys.executable).parent)  # nbgrader runs `alembic` (the gradebook's migrations) from PATH
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    result = subprocess.run(cmd, cwd=root, capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise AssignmentError(f"`nbgrader {' '.join(args)}` failed in {root}:\n{tail}")
    return result


def write_config(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    path = root / "nbgrader_config.py"
    path.write_text(CONFIG.format(course_id=COURSE_ID, root=str(root), timeout=CELL_TIMEOUT_S))
    return path


def build(root: Path = ROOT, selected: list[str] | None = None) -> list[str]:
    """Source and release of each chapter with coding exercises; returns the assignment names."""
    write_config(root)
    names = []
    for path in assignment_chapters(selected):
        name = path.stem
        source = root / "source" / name
        source.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, source / path.name)
        nbgrader(root, "generate_assignment", name, "--force")
        names.append(name)
        release = root / "release" / name / path.name
        cells = exercise_cells(nbformat.read(release, as_version=4))
        n = sum(1 for c in cells if c.metadata["nbgrader"].get("grade"))
        print(f"{name}: {n} coding exercise{'s' if n != 1 else ''}; student release {release}")
    return names


def scores(root: Path, assignment: str) -> dict[str, dict[str, float]]:
    """The gradebook's autograded points: {student: {grade_id: points}}."""
    from nbgrader.api import Gradebook  # nbgrader is a tool of this script, not of the package

    out: dict[str, dict[str, float]] = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(assignment):
            for nb in sub.notebooks:
                for g in nb.grades:
                    out.setdefault(sub.student.id, {})[g.name] = float(g.score)
    return out


def grade(notebook: Path, student: str, root: Path = SELF_ROOT) -> dict[str, float]:
    """Autograde ``notebook`` (a filled-in release of a chapter) as ``student``; print the points and feedback path.

    It grades in its own course directory (``build/my_grades``, made on first use), never in the class's
    ``build/nbgrader``, so that a student's trial runs do not appear in an instructor's gradebook.
    """
    notebook = Path(notebook).resolve()
    if not notebook.is_file():
        raise AssignmentError(f"no notebook at {notebook}: give the path of your filled-in chapter (.ipynb)")
    name = notebook.stem
    names = [p.stem for p in assignment_chapters()]
    if name not in names:
        raise AssignmentError(
            f"{notebook.name} is not named after a chapter with coding exercises: the file must keep its chapter's "
            f"name, e.g. {names[0]}.ipynb (rename it back); the chapters are {', '.join(names)}"
        )
    if not (root / "release" / name).is_dir():
        build(root, [name])
    submitted = root / "submitted" / student / name
    submitted.mkdir(parents=True, exist_ok=True)
    shutil.copy2(notebook, submitted / notebook.name)
    nbgrader(root, "db", "student", "add", student)
    nbgrader(root, "autograde", name, "--student", student, "--force")
    nbgrader(root, "generate_feedback", name, "--student", student, "--force")
    from gan_course.exercises import coding

    points = scores(root, name).get(student, {})
    total = 0
    for grade_id, p in sorted(points.items()):
        ex = coding.EXERCISES.get(grade_id.removeprefix("ex").removesuffix("_tests"))
        if ex is not None:
            total += ex.points
            print(f"exercise {ex.key} ({ex.title}): {p:g} of {ex.points} points")
    feedback = root / "feedback" / student / name / f"{name}.html"
    print(f"{sum(points.values()):g} of {total} points; the feedback page, with each check's sentence: {feedback}")
    return points


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the nbgrader course directory (build/nbgrader)")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="source and student release of the chapters with coding exercises")
    b.add_argument("chapters", nargs="*", help="chapter numbers (02 05 ...); all by default")
    g = sub.add_parser("grade", help="autograde one filled-in chapter notebook (in build/my_grades)")
    g.add_argument("notebook", type=Path)
    g.add_argument("--student", default="me")
    s = sub.add_parser("scores", help="the gradebook's points for one assignment")
    s.add_argument("assignment")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        if args.command == "build":
            build(root, args.chapters or None)
        elif args.command == "grade":
            grade(args.notebook, args.student, args.root.resolve() if args.root != ROOT else SELF_ROOT)
        else:
            print(json.dumps(scores(root, args.assignment), indent=1, sort_keys=True))
    except AssignmentError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
