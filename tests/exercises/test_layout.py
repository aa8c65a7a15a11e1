"""The exercises package's layout: one module per chapter, every check exported, each chapter calling only its own.

(The coding exercises' calls, ``check_code``, ``grade`` and ``use``, are shared: tests/exercises/test_coding.py
checks that each chapter's cells name that chapter's exercises.)"""

import importlib
import inspect
import re
from pathlib import Path

import pytest

from gan_course import exercises

ROOT = Path(__file__).resolve().parents[2]  # the repository: tests/exercises/ is two folders down
CHAPTERS = sorted(int(p.name[:2]) for p in (ROOT / "chapters").glob("[0-9][0-9]_*.py"))  # every chapter


def checks_of(number: int) -> dict[str, object]:
    """The ``check_*`` functions defined (not merely imported) in ``gan_course.exercises.chNN``."""
    module = importlib.import_module(f"gan_course.exercises.ch{number:02d}")
    return {
        name: fn
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if name.startswith("check_") and fn.__module__ == module.__name__
    }


def chapter_source(number: int) -> str:
    """The text of ``chapters/NN_*.py``; exactly one such file must exist."""
    paths = sorted((ROOT / "chapters").glob(f"{number:02d}_*.py"))
    assert len(paths) == 1, f"expected one chapters/{number:02d}_*.py, found {[p.name for p in paths]}"
    return paths[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("number", CHAPTERS)
def test_every_check_is_exported(number):
    checks = checks_of(number)
    assert checks, f"ch{number:02d} defines no check"
    for name, fn in checks.items():
        assert name in exercises.__all__, f"{name} (ch{number:02d}) is missing from gan_course.exercises.__all__"
        assert getattr(exercises, name, None) is fn, f"gan_course.exercises.{name} is not ch{number:02d}'s"


CODING = {"check_code", "grade", "use"}  # the coding exercises' three calls (gan_course.exercises.coding)


def test_all_lists_only_the_checks_verdict_and_the_coding_calls():
    every_check = {name for number in CHAPTERS for name in checks_of(number)}
    assert sorted(exercises.__all__) == sorted(every_check | {"verdict"} | CODING)
    assert len(exercises.__all__) == len(set(exercises.__all__)), "a name is listed twice in __all__"


@pytest.mark.parametrize("number", CHAPTERS)
def test_chapter_calls_only_its_own_checks(number):
    called = set(re.findall(r"exercises\.(check_\w+)", chapter_source(number))) - CODING
    assert called, f"chapter {number:02d} calls no exercises.check_..."
    strays = sorted(called - set(checks_of(number)))
    assert not strays, f"chapter {number:02d} calls checks that are not in ch{number:02d}: {strays}"
