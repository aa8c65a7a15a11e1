"""Chapter tooling: keep each ``chapters/NN_name.py`` and its ``.ipynb`` in step, and re-execute chapters.

    python -m tools.chapters execute [chapters/NN_name.py ...]   # regenerate + run + store outputs
    python -m tools.chapters check                               # pairs out of sync, lines over 120 (exit 1)
    python -m tools.chapters audit [chapters/NN_name.py ...]     # prose numbers no output shows (exit 1)

The text file is the source; the notebook holds the outputs of a top-to-bottom run. A pair is in sync
when the notebook's cells (type, source, slide and tag metadata) are exactly what the text file gives.
The audit (``tools/audit.py`` says what it checks and what it cannot) fails on any measured-looking number of
a chapter's prose that none of its outputs, code cells or loaded records shows, unless it is a cited outside
figure in ``tools/audit_allow.toml``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

__all__ = ["CHAPTERS_DIR", "MAX_LINE", "chapter_sources", "pair_differences", "long_lines", "execute"]

CHAPTERS_DIR = Path(__file__).resolve().parent.parent / "chapters"
_KEPT_METADATA = ("slideshow", "slide", "tags")
MAX_LINE = 120  # the course's line length (ruff's, which skips chapters: their # %% lines carry the slide layer)


def chapter_sources(folder: Path = CHAPTERS_DIR) -> list[Path]:
    """The text sources of the chapters, in order: ``NN_name.py`` or ``NN_name.md``."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*") if p.suffix in (".py", ".md"))


def _cells(nb) -> list[tuple]:
    return [
        (c.cell_type, c.source.strip(), {k: c.metadata[k] for k in _KEPT_METADATA if k in c.metadata})
        for c in nb.cells
    ]


def long_lines(source: Path, limit: int = MAX_LINE) -> list[str]:
    """The lines of a chapter source longer than ``limit``, except its ``# %%`` cell headers (whose metadata,
    the slide layer, jupytext writes on one line): one "file:line: n characters" each."""
    out = []
    for no, line in enumerate(Path(source).read_text(encoding="utf-8").splitlines(), 1):
        if len(line) > limit and not line.startswith("# %%"):
            out.append(f"{_shown(Path(source))}:{no}: {len(line)} characters, at most {limit}")
    return out


def _shown(path: Path) -> str:
    """``path`` relative to the current folder when it lies below it (``chapters/01_x.py``), else as given."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def pair_differences(source: Path) -> str | None:
    """None when ``source``'s notebook matches it, else a sentence saying what differs and how to fix it."""
    import jupytext
    import nbformat

    source = Path(source)
    notebook = source.with_suffix(".ipynb")
    fix = (
        f"regenerate it: `make execute CHAPTERS={_shown(source)}` "
        f"(or `python -m tools.chapters execute {_shown(source)}`)"
    )
    notebook_shown = _shown(notebook)
    if not notebook.exists():
        return f"{notebook_shown} is missing; {fix}"
    want = _cells(jupytext.read(source))
    have = _cells(nbformat.read(notebook, as_version=4))
    if want == have:
        return None
    for i, (w, h) in enumerate(zip(want, have, strict=False)):
        if w != h:
            first = w[1].splitlines()[0] if w[1] else "(empty)"
            return f"{notebook_shown} is out of sync with {source.name} at cell {i + 1} ({first[:60]!r}); {fix}"
    return f"{notebook_shown} has {len(have)} cells but {source.name} gives {len(want)}; {fix}"


def execute(source: Path, timeout: int = 1200) -> float:
    """Regenerate ``source``'s notebook, execute it in its own folder, save it with outputs; return seconds."""
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    source = Path(source)
    nb = jupytext.read(source)
    kernelspec = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata.setdefault("kernelspec", kernelspec)
    start = time.perf_counter()
    run_in = {"metadata": {"path": str(source.parent)}}  # the kernel's working folder: chapters/
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources=run_in)
    client.execute()
    seconds = time.perf_counter() - start
    nbformat.write(nb, source.with_suffix(".ipynb"))
    return seconds


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("execute", "check", "audit"):
        print(__doc__)
        return 2
    sources = [Path(a) for a in argv[1:]] or chapter_sources()
    if argv[0] == "audit":
        from tools.audit import audit

        problems, summary = audit([s.with_suffix(".ipynb") for s in sources])
        print("\n".join(problems + [summary]))
        return 1 if problems else 0
    if argv[0] == "check":
        problems = [d for s in sources if (d := pair_differences(s))] + [x for s in sources for x in long_lines(s)]
        print("\n".join(problems) if problems else f"{len(sources)} chapter pairs in sync")
        return 1 if problems else 0
    for s in sources:
        print(f"executing {s} ...", flush=True)
        print(f"  {s.with_suffix('.ipynb')} written in {execute(s):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
