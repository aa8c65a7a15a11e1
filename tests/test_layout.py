"""The package's shape: no module imports course tooling, the module map names every module, no import-time work."""

import ast
import importlib
import pkgutil
from pathlib import Path

import gan_course

PACKAGE = Path(gan_course.__file__).parent
TOOLING = {"tools", "jupytext", "nbconvert", "nbclient", "nbformat", "nbval", "playwright"}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_of_the_package_imports_course_tooling():
    for path in _modules():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            bad = [n for n in names if n.split(".")[0] in TOOLING]
            assert not bad, f"{path.relative_to(PACKAGE.parent)} imports course tooling {bad}: it belongs in tools/"


def test_the_module_map_names_every_module_and_subpackage():
    doc = gan_course.__doc__
    for info in pkgutil.iter_modules([str(PACKAGE)]):
        assert f"``{info.name}``" in doc, f"gan_course/__init__.py's map does not name {info.name}"


def test_every_module_imports_and_declares_all():
    for path in _modules():
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        module = importlib.import_module(".".join(rel.parts).removesuffix(".__init__"))
        if path.name != "__init__.py":
            assert isinstance(getattr(module, "__all__", None), list), f"{module.__name__} has no __all__"
