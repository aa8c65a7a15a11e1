"""Atomic writes: every file the course writes is written whole or not at all.

A file is first written to a temporary file in the same folder (``.NAME.<random>.partial``), flushed to the disk
(``fsync``), and only then moved over ``NAME`` with ``os.replace``, which on one file system swaps the name in a
single step. A write that fails part-way -- a full disk, a size limit, an error while the content is made -- removes
the temporary file and leaves the old ``NAME`` exactly as it was: never a half-written file under the real name.

    with replacing("outputs/G.pt") as f:     # f: a binary file object
        torch.save(payload, f)
    write_text("data/records/run.json", text)
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

__all__ = ["PARTIAL_SUFFIX", "replacing", "write_bytes", "write_text"]

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
