"""pyproject.toml and environment.yml must list the same packages (conda users get what pip users get)."""

import re
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
# PyPI name -> conda-forge name, where they differ
CONDA_NAMES = {"torch": "pytorch"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower()


def pyproject_packages() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    return {CONDA_NAMES.get(_name(r), _name(r)) for r in reqs}


def environment_packages() -> set[str]:
    names = set()
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("\ndependencies:", 1)[1].splitlines():
        m = re.match(r"^\s{2}- ([A-Za-z0-9_.\-]+)", line)  # conda entries, not the nested pip list
        if m and m.group(1) not in ("python", "pip"):
            names.add(m.group(1).lower())
    return names


def test_environment_yml_matches_pyproject():
    only_pip = sorted(pyproject_packages() - environment_packages())
    only_conda = sorted(environment_packages() - pyproject_packages())
    assert not only_pip, f"in pyproject.toml but not environment.yml: {only_pip}"
    assert not only_conda, f"in environment.yml but not pyproject.toml: {only_conda}"


def test_environment_installs_the_package_itself():
    assert re.search(r"^\s+- pip:\s*\n\s+- -e \.\s*$", (ROOT / "environment.yml").read_text(), re.M)
