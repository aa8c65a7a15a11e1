"""Read ``requirements.lock`` (written by ``make lock``) and derive the CPU-only variant of it.

    python tools/lockfile.py cpu requirements.lock > build/requirements-cpu.lock

The lock is a pip requirements file with hashes: one entry per package and version, each line an
``name==version ; marker`` with its ``--hash`` continuation lines. The CPU route (``make install-cpu``) installs
torch and torchvision from PyTorch's CPU index first, then this lock without them and without the CUDA
libraries that only PyPI's Linux torch wheel needs.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Entry", "parse", "without_cuda", "CUDA_ONLY"]

# Packages that PyPI's Linux torch wheel pulls in for CUDA, and torch itself: the CPU route brings its own.
CUDA_ONLY = re.compile(r"^(torch|torchvision|triton|nvidia-.*|cuda-.*)$")
# "name==version ; marker \" (marker and continuation optional)
_ENTRY = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^ ;\\]+)\s*(?:;\s*(?P<marker>[^\\]+?))?\s*\\?$"
)


@dataclass(frozen=True)
class Entry:
    """One pinned package of the lock: its normalised name, exact version, environment marker and text."""

    name: str
    version: str
    marker: str | None
    text: str  # the entry's lines, hashes and comments included


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse(text: str) -> list[Entry]:
    """The pinned entries of a lock's text, in order."""
    entries, current = [], None
    for line in text.splitlines(keepends=True):
        m = _ENTRY.match(line.rstrip("\n"))
        if m:
            if current:
                entries.append(current)
            current = [m, line]
        elif current is not None and (line.startswith(" ") or not line.strip()):
            current.append(line)
        elif current is not None:  # a top-level comment ends the entry before it
            entries.append(current)
            current = None
    if current:
        entries.append(current)
    return [
        Entry(_normalise(m["name"]), m["version"], (m["marker"] or "").strip() or None, "".join(lines))
        for m, *lines in entries
    ]


def without_cuda(text: str) -> str:
    """The lock's text without torch, torchvision and the CUDA-only packages."""
    head = "# requirements.lock without torch, torchvision and CUDA libraries (tools/lockfile.py cpu)\n"
    return head + "".join(e.text for e in parse(text) if not CUDA_ONLY.match(e.name))


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "cpu":
        print(__doc__, file=sys.stderr)
        return 2
    sys.stdout.write(without_cuda(Path(argv[1]).read_text()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
