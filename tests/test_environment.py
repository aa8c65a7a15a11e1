"""The lock, pyproject.toml and environment.yml must agree, so that every route installs the same course."""

import re
from pathlib import Path

import tomllib
from packaging.markers import default_environment
from packaging.requirements import Requirement

from tools import lockfile

ROOT = Path(__file__).resolve().parent.parent
# PyPI name -> conda-forge name, where they differ
CONDA_NAMES = {"torch": "pytorch"}
# The environment that environment.yml creates: conda-forge's Python 3.11 on 64-bit Linux
CONDA_PYTHON = {**default_environment(), "python_version": "3.11", "python_full_version": "3.11.0",
                "sys_platform": "linux", "platform_system": "Linux", "platform_machine": "x86_64"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    return [Requirement(r) for r in reqs]


def lock_entries() -> list:
    return lockfile.parse((ROOT / "requirements.lock").read_text())


def test_every_requirement_of_pyproject_is_pinned_in_the_lock_within_its_range():
    pinned: dict[str, list[str]] = {}
    for e in lock_entries():
        pinned.setdefault(e.name, []).append(e.version)
    for req in pyproject_requirements():
        versions = pinned.get(_norm(req.name))
        assert versions, f"{req.name} is in pyproject.toml but not in requirements.lock: run `make lock`"
        outside = [v for v in versions if not req.specifier.contains(v, prereleases=True)]
        assert not outside, f"requirements.lock pins {req.name} {outside}, outside {req}: run `make lock`"


def test_every_lock_entry_is_pinned_with_hashes():
    entries = lock_entries()
    assert len(entries) > 50
    for e in entries:
        assert "--hash=sha256:" in e.text, f"{e.name}=={e.version} has no hash in requirements.lock"


def test_the_lock_honours_constraints_txt():
    versions = {e.name: e.version for e in lock_entries()}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            req = Requirement(line)
            assert req.specifier.contains(versions[_norm(req.name)]), f"requirements.lock breaks {line}"


def test_the_lock_was_written_by_make_lock():
    head = (ROOT / "requirements.lock").read_text().splitlines()[:2]
    assert head[1].strip() == "#    make lock", "regenerate requirements.lock with `make lock`, not by hand"


def test_cpu_variant_drops_torch_and_cuda_only():
    text = (ROOT / "requirements.lock").read_text()
    cpu = lockfile.parse(lockfile.without_cuda(text))
    names = {e.name for e in cpu}
    assert not {n for n in names if lockfile.CUDA_ONLY.match(n)}
    assert {"numpy", "scipy", "jupyterlab", "filelock", "sympy"} <= names  # torch's own dependencies stay
    assert len(cpu) == len([e for e in lockfile.parse(text) if not lockfile.CUDA_ONLY.match(e.name)])


def environment_pins() -> dict[str, str]:
    pins = {}
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("\ndependencies:", 1)[1].splitlines():
        m = re.match(r"^\s{2}- ([A-Za-z0-9_.\-]+)(?:=([^\s#]+))?", line)  # conda entries, not the pip list
        if m and m.group(1) not in ("python", "pip"):
            pins[m.group(1).lower()] = m.group(2)
    return pins


def test_environment_yml_pins_the_lock_versions_of_every_direct_requirement():
    lock_for_conda = {e.name: e.version for e in lock_entries()
                      if e.marker is None or _evaluate(e.marker)}
    want = {CONDA_NAMES.get(_norm(r.name), _norm(r.name)): lock_for_conda[_norm(r.name)]
            for r in pyproject_requirements()}
    have = environment_pins()
    assert sorted(set(want) - set(have)) == [], "in pyproject.toml but not environment.yml"
    assert sorted(set(have) - set(want)) == [], "in environment.yml but not pyproject.toml"
    wrong = {name: (have[name], want[name]) for name in want if have[name] != want[name]}
    assert not wrong, f"environment.yml pins differ from requirements.lock (have, lock): {wrong}"


def _evaluate(marker: str) -> bool:
    from packaging.markers import Marker

    return Marker(marker).evaluate(CONDA_PYTHON)


def test_environment_installs_the_package_itself():
    assert re.search(r"^\s+- pip:\s*\n\s+- --no-deps -e \.\s*$", (ROOT / "environment.yml").read_text(), re.M)
