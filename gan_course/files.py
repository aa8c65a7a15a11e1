"""Atomic writes: every file the course writes is written whole or not at all.

A file is first written to a temporary file in the same folder (``.NAME.<random>.partial``), flushed to the disk
(``fsync``), and only then moved over ``NAME`` with ``os.replace``, which on one file system swaps the name in a
single step. A write that fails part-way -- a full disk, a size limit, an error while the content is made -- removes
the temporary file and leaves the old ``NAME`` exactly as it was: never a half-written file under the real name.

    with replacing("outputs/G.pt") as f:     # f: a binary file object
        torch.save(payload, f)
    write_text("data/records/run.json", text)

Records (recorded runs, races, logs) are dataclasses stored as one line of JSON: ``write_json`` checks every field
against its annotation before writing, ``read_json`` checks it again after reading and names the command that
remakes a damaged file.
"""

from __future__ import annotations

import json
import math
import os
import secrets
import types
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, fields
from pathlib import Path
from typing import BinaryIO

__all__ = ["PARTIAL_SUFFIX", "replacing", "write_bytes", "write_text", "check_fields", "write_json", "read_json"]

PARTIAL_SUFFIX = ".partial"  # the temporary file's ending: ``.NAME.<pid>-<random>.partial``


@contextmanager
def replacing(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A binary file object whose content replaces ``path`` when the ``with`` block ends without an error.

    The temporary file is created beside ``path`` (so ``os.replace`` never crosses file systems) with the usual
    permissions (0o666 less the umask, like ``open``); on any error, or an interrupt, it is removed and ``path``
    keeps its old content (or stays absent). The folder must exist.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}{PARTIAL_SUFFIX}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (see ``replacing``); return the path."""
    with replacing(path) as f:
        f.write(data)
    return Path(path)


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically (see ``replacing``); return the path."""
    return write_bytes(path, text.encode("utf-8"))


_KINDS = {float: "finite number", int: "whole number", str: "string", bool: "boolean"}


def _describe(hint, plural: bool = False) -> str:
    """``hint`` in words: "a finite number", "a list of whole numbers" (``plural``: "finite numbers")."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint in _KINDS:
        word = _KINDS[hint]
    elif origin in (list, tuple) or origin is dict:
        kind = ("list" if origin is not dict else "dict") + ("s" if plural else "")
        word = f"{kind} of {_describe(args[-1], plural=True)}" if args else kind
        return word if plural else f"a {word}"
    else:
        word = getattr(hint, "__name__", str(hint))
    return f"{word}s" if plural else f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _check(value, hint, where: str) -> None:
    """Raise ValueError(sentence naming ``where``) unless ``value`` (plain JSON data) fits annotation ``hint``."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        errors = []
        for option in args:
            try:
                return _check(value, option, where)
            except ValueError as err:
                errors.append(str(err))
        raise ValueError(errors[0])
    if hint is type(None):
        ok = value is None
    elif hint is bool:
        ok = isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif hint is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        if ok is False and isinstance(value, float):
            raise ValueError(f"field {where} is {value!r}, not {_describe(float)}")
    elif hint is str:
        ok = isinstance(value, str)
    elif origin in (list, tuple) or hint in (list, tuple):
        ok = isinstance(value, (list, tuple))
        if ok and args:
            item = args[0]
            for i, v in enumerate(value):
                _check(v, item, f"{where}[{i}]")
    elif origin is dict or hint is dict:
        ok = isinstance(value, dict)
        if ok and args:
            for k, v in value.items():
                _check(k, args[0], f"{where} (a key)")
                _check(v, args[1], f"{where}[{k!r}]")
    else:  # an annotation this check does not know (typing.Any, a class): the dataclass checks it, if at all
        return None
    if not ok:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        raise ValueError(f"field {where} must be {_describe(hint)}, got {type(value).__name__} {shown}")
    return None


def check_fields(cls, raw: object) -> None:
    """Raise ValueError naming the field unless ``raw`` (a dict) holds exactly the fields of dataclass ``cls``, each
    fitting its annotation: finite numbers, whole numbers, strings, and lists and dicts of them."""
    if not isinstance(raw, dict):
        kind = {list: "array", str: "string", type(None): "null", bool: "boolean"}.get(type(raw), "number")
        raise ValueError(f"it holds a JSON {kind}, not an object with the fields of a {cls.__name__}")
    names = [f.name for f in fields(cls)]
    missing = [n for n in names if n not in raw]
    extra = [str(k) for k in raw if k not in names]
    if missing or extra:
        parts = ([f"no field {', '.join(missing)}"] if missing else []) + (
            [f"unknown field {', '.join(extra)}"] if extra else [])
        raise ValueError(f"it has {' and '.join(parts)} (a {cls.__name__} has {', '.join(names)})")
    hints = typing.get_type_hints(cls)
    for name in names:
        _check(raw[name], hints[name], repr(name))


def write_json(record, path: str | Path) -> Path:
    """Write a record dataclass as one line of JSON (every recorded run of the course: 1-D, MNIST, 2-D).

    Every field is checked first as ``read_json`` checks it (a NaN or an object JSON cannot hold is refused, naming
    the field, before anything is written), then the file is written atomically: a failed write (a full disk)
    leaves the old record whole.
    """
    path = Path(path)
    try:
        raw = json.loads(json.dumps(asdict(record)))  # tuples -> lists, exactly as the file will hold them
        check_fields(type(record), raw)
    except (TypeError, ValueError) as err:  # TypeError: a value JSON cannot hold (a NumPy integer, an array)
        raise ValueError(f"the record for {path} was not written: {err}") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_text(path, json.dumps(raw, separators=(",", ":"), allow_nan=False) + "\n")


def read_json(cls, path: str | Path, command: str):
    """The record dataclass ``cls`` stored at ``path``, every field checked against its annotation.

    A missing file, a folder, unreadable bytes, text that is not JSON, a missing, unknown, NaN or wrongly typed
    field, or tables that do not fit each other are refused with a ValueError naming the file, the field, and
    ``command`` (the command that remakes it).
    """
    if not isinstance(path, (str, os.PathLike)) or str(path) == "":
        raise ValueError(f"path must be a record file such as 'data/records/run.json', got {path!r}")
    path = Path(path)
    redo = f"Restore it with `git checkout -- data/records`, or remake it with `{command}`."
    if not path.exists():
        raise ValueError(f"the record {path} is missing. {redo}")
    if path.is_dir():
        raise ValueError(f"the record {path} is a folder, not a record file: pass the .json file itself. {redo}")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:  # JSONDecodeError is a ValueError
        raise ValueError(f"the record {path} cannot be read: it is damaged or not JSON ({err}). {redo}") from None
    try:
        check_fields(cls, raw)
        return cls(**raw)
    except (ValueError, TypeError) as err:
        raise ValueError(
            f"the record {path} cannot be read: it is damaged or not a {cls.__name__} record ({err}). {redo}"
        ) from None
