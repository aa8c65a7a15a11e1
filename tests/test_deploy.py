"""deploy/: the Zero to JupyterHub values file against the chart's own JSON schema, the course's own promises in it
(the nbgrader exchange mounted where nbgrader looks, resources set, culling on), and the image's install script
matching the Makefile's install recipe. Fast: no Helm, no cluster, no network.

The chart's schema (``values.schema.yaml`` in the chart's source, packaged as ``values.schema.json``) is looked for
in ``$Z2JH_SCHEMA``, then ``deploy/z2jh/values.schema.json`` and ``deploy/z2jh/values.schema.yaml``
(deploy/README.md, "Checking the values file"); the tests that need it are skipped, saying so, where none is there.

Helm validates the chart's defaults merged with the user's values, and the defaults supply the keys the schema
requires (``hub.baseUrl``, ``singleuser.storage.homeMountPath``, ...). Without the chart's defaults here, the user's
file is validated with those ``required`` lists left out; everything else holds: unknown keys
(``additionalProperties: false``), types, enums, and the ``required`` of ``oneOf``/``if``-``then`` branches.
"""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent  # not tests.helpers: these tests need no torch, and stay fast
jsonschema = pytest.importorskip("jsonschema")

VALUES = REPO / "deploy" / "z2jh" / "values.yaml"
SCHEMA_CANDIDATES = [REPO / "deploy" / "z2jh" / "values.schema.json", REPO / "deploy" / "z2jh" / "values.schema.yaml"]
COMBINATORS = ("oneOf", "anyOf", "allOf", "not", "if", "then", "else")


def schema_path() -> Path | None:
    env = os.environ.get("Z2JH_SCHEMA")
    if env:
        return Path(env)
    return next((p for p in SCHEMA_CANDIDATES if p.is_file()), None)


def without_defaults_required(schema, keep: bool = False):
    """The schema with the ``required`` lists that the chart's defaults satisfy left out: those of objects reached
    through ``properties``, ``patternProperties`` or ``items``. A ``required`` that decides between ``oneOf`` or
    ``if``/``then`` branches is the branch's meaning, and stays."""
    if isinstance(schema, list):
        return [without_defaults_required(s, keep) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key == "required" and not keep:
            continue
        if key in COMBINATORS:
            out[key] = without_defaults_required(value, keep=True)
        elif key in ("properties", "patternProperties"):
            out[key] = {name: without_defaults_required(sub) for name, sub in value.items()}
        else:
            out[key] = without_defaults_required(value)
    return out


@pytest.fixture(scope="module")
def validator():
    path = schema_path()
    if path is None or not path.is_file():
        pytest.skip("the Z2JH chart's values schema is not in deploy/z2jh/ (nor $Z2JH_SCHEMA): see deploy/README.md")
    schema = yaml.safe_load(path.read_text(encoding="utf-8"))  # JSON is YAML: either file form loads
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(without_defaults_required(schema))


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load(VALUES.read_text(encoding="utf-8"))


def errors(validator, values) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(values)]


def test_values_match_the_chart_schema(validator, values):
    assert errors(validator, values) == []


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("singleuser", "memroy"), {"limit": "3G"}, "Additional properties"),  # a typo'd key
        (("cull", "timeot"), 3600, "Additional properties"),
        (("singleuser", "cpu", "limit"), "two", "is not of type"),  # a wrong type
        (("cull", "timeout"), "1h", "is not of type"),
        (("singleuser", "storage", "type"), "nfs", "is not one of"),  # not in the enum
        (("singleuser", "extraFiles", "nbgrader-config", "data"), {"a": 1}, "is valid under each of"),  # two bodies
    ],
)
def test_a_broken_values_file_is_refused(validator, values, path, value, expected):
    broken = copy.deepcopy(values)
    node = broken
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    found = errors(validator, broken)
    assert found and any(expected in e for e in found), found


def test_stripping_keeps_branch_requirements():
    schema = {"type": "object", "required": ["a"], "properties": {"f": {
        "type": "object", "required": ["x"], "oneOf": [{"required": ["d"]}, {"required": ["s"]}]}}}
    stripped = without_defaults_required(schema)
    assert "required" not in stripped and "required" not in stripped["properties"]["f"]
    assert stripped["properties"]["f"]["oneOf"] == [{"required": ["d"]}, {"required": ["s"]}]


def test_the_exchange_is_mounted_where_nbgrader_looks(values):
    su = values["singleuser"]
    mounts = {m["name"]: m["mountPath"] for m in su["storage"]["extraVolumeMounts"]}
    volumes = {v["name"]: v for v in su["storage"]["extraVolumes"]}
    assert set(mounts) == set(volumes) == {"nbgrader-exchange"}
    assert volumes["nbgrader-exchange"]["persistentVolumeClaim"]["claimName"]
    config = su["extraFiles"]["nbgrader-config"]
    assert config["mountPath"] == "/etc/jupyter/nbgrader_config.py"
    root = re.search(r'c\.Exchange\.root = "([^"]+)"', config["stringData"])
    assert root and root.group(1) == mounts["nbgrader-exchange"]
    compile(config["stringData"], "nbgrader_config.py", "exec")  # the file nbgrader will execute is Python


def to_bytes(quantity) -> float:
    """A Kubernetes memory quantity (a number of bytes, or 512M, 1G, 2Gi, ...) in bytes."""
    units = {"": 1, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}
    m = re.fullmatch(r"([0-9.]+)([KMGT]i?)?", str(quantity))
    assert m, f"not a memory quantity: {quantity!r}"
    return float(m.group(1)) * units[m.group(2) or ""]


def test_resources_culling_and_image_are_set(values):
    su = values["singleuser"]
    assert 0 < su["cpu"]["guarantee"] <= su["cpu"]["limit"]
    assert 0 < to_bytes(su["memory"]["guarantee"]) <= to_bytes(su["memory"]["limit"])
    assert su["extraEnv"]["OMP_NUM_THREADS"] == str(su["cpu"]["limit"])  # torch's threads held at the CPU limit
    assert values["cull"]["enabled"] and values["cull"]["timeout"] > 0
    assert su["image"]["tag"] not in ("", "latest")
    assert su["storage"]["type"] == "dynamic" and su["storage"]["capacity"]


def test_install_script_mirrors_the_makefile():
    make = (REPO / "Makefile").read_text(encoding="utf-8")
    script = (REPO / "deploy" / "image" / "install.sh").read_text(encoding="utf-8")
    assert "pip install --require-hashes -r requirements.lock" in make
    assert '-m pip install --require-hashes -r "$source_dir/requirements.lock"' in script
    assert "pip install --no-deps --no-build-isolation -e ." in make
    assert '-m pip install --no-deps --no-build-isolation -e "$source_dir"' in script
    dockerfile = (REPO / "deploy" / "image" / "Dockerfile").read_text(encoding="utf-8")
    runs = [line for line in dockerfile.splitlines() if "pip install" in line]
    assert runs == [], f"the Dockerfile installs only through install.sh, not {runs}"
    assert "deploy/image/install.sh /opt/venv /opt/gan-course" in dockerfile


def per_student():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_per_student", REPO / "benchmarks" / "per_student.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_per_student_arguments(capsys):
    bench = per_student()
    a = bench.parse_args([])
    assert a.notebooks == bench.HEAVIEST and not a.idle and a.threads is None
    assert all((REPO / nb).is_file() for nb in bench.HEAVIEST)
    assert bench.parse_args(["--idle"]).idle
    for bad, words in ((["--idle", "chapters/12_dcgan.ipynb"], "name no notebook"),
                       (["chapters/12_dcgan.py"], "is not a notebook file"),
                       (["--interval", "0"], "--interval must be a number in"),
                       (["--threads", "0"], "--threads must be a whole number")):
        with pytest.raises(SystemExit) as exit:
            bench.parse_args(bad)
        err = capsys.readouterr().err.strip()
        assert exit.value.code == 2 and len(err.splitlines()) == 1 and words in err, err
