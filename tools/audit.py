"""The numbers audit: every measured-looking number in a chapter's prose must be one the reader can see.

    python -m tools.chapters audit [chapters/NN_name.py ...]     # exit 1 on any finding

**What counts as measured-looking.** In a markdown cell, and in the slide layer's text of any cell (its
title, points and sources, ``tools.deck_layer.slide_text``: what a deck puts on screen), after removing LaTeX
maths (``$...$``, ``$$...$$``, ``\\(...\\)``, ``\\[...\\]``), inline code and code blocks, URLs, link targets
and HTML comments, a number is measured-looking when it is

* a **decimal** (``0.021``, ``13.1``, ``1e-4``; not a version: ``3.6.8``, or a decimal right after
  Python/PyTorch/torch/version);
* a **percentage** (``99%``, ``4.5 %``, ``2-3%``);
* a **count "a of b"** (``4 of 5``, ``10 of 10 classes``);
* a **time** (``13.1 s``, ``44 minutes``, ``70-95 s``; units ms, s, sec, second(s), min, minute(s), h, hour(s));
* a **factor** (``6x``, ``2.5×``, ``3-fold``, ``6-8 times``);
* a **magnitude** (``1.1 million``, ``40 thousand``): a number with a scale word is a rounded result;
* a **parameter count** (``350,000 parameters``, ``54,465 weights``): computed from the networks, not chosen;
* an **approximate integer** (``~20``, ``≈ 500``, ``about 350,000``, ``around 40``, ``roughly 3``, ``nearly 90``:
  the sign or the word says it was read off a result).

A number written after ``~``, ``≈``, "about", "around", "roughly" or "nearly" is read as rounded: an integer
to its last non-zero digit (``about 20,000 times``: 15,000 to 25,000), a decimal to its last digit as always.

Other integers (layer widths, epochs, seeds, chapter numbers, sample counts) are not: they are settings,
not results. Maths is not: it states definitions and theory constants ($\\log 2 \\approx 0.69$,
$D = \\tfrac12$); write a measured number outside the dollars.

**Where it must appear** (any one is enough), in the same notebook:

* an **output**: stream text, and the ``text/plain``, ``text/markdown`` and ``text/html`` of display data and
  execute results (so a table or Markdown rendered from values counts). In a ``claim holds: TEXT (measured V,
  band B)`` line only V and B count: TEXT is the assertion, not a measurement;
* a **numeric literal in a code cell** (a hyperparameter such as ``lr_d=1e-3``; strings and comments do not
  count);
* a **record the notebook loads**: a ``data/records/*.json`` file whose name (stem) is written in a code cell
  or which a loader in ``RECORD_LOADERS`` reads; every number in it, nested or in a string.

A decimal matches a value that rounds to it at the digits the prose shows (``0.13`` matches ``0.1264``;
``0.0213`` does not match ``0.02``); a percentage matches ``p`` or ``p / 100``; a time in minutes or hours
also matches seconds; a magnitude matches the scaled value at the digits shown (``1.1 million``: 1,050,000
to 1,150,000); an approximate integer matches to its last non-zero digit (``~20``: 15 to 25; ``about
350,000``: 345,000 to 355,000), and a parameter count written without "about" must be shown exactly. A count
"a of b" must appear as text: ``a of b``, ``a out of b`` or ``a/b`` in an output.

**What it cannot check.** That the visible number is the *same quantity* as the prose says (a ``0.03`` in
prose passes when any shown value rounds to ``0.03``: records with long histories hold many values); numbers
written as words ("five seeds") or plain integers; numbers shown only inside a figure; maths; whether a record
that is loaded is also shown. It is a net for unsupported numbers, not a proof that every number is right:
the claims (``gan_course.claims``) check what a run must show.

**The allow-list** (``tools/audit_allow.toml``) holds only figures cited from outside the course (an
article's hyperparameter, a paper's result): chapter, number, the exact phrase it sits in, and the source.
An entry whose phrase no longer holds its number is reported as stale.
"""

from __future__ import annotations

import io
import json
import math
import re
import tokenize
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from tools.deck_layer import slide_text

__all__ = [
    "ALLOW_LIST",
    "RECORDS_DIR",
    "RECORD_LOADERS",
    "Finding",
    "Mention",
    "mentions",
    "Evidence",
    "evidence",
    "load_allow_list",
    "audit_notebook",
    "audit",
]

ROOT = Path(__file__).resolve().parent.parent
ALLOW_LIST = ROOT / "tools" / "audit_allow.toml"
RECORDS_DIR = ROOT / "data" / "records"

# Loaders that read a record without naming its file: a call matching the pattern loads the files named.
RECORD_LOADERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"\brecords2d\.load\([^)\n]*WGAN-GP", ("mixture2d_ring_wgan-gp.json", "mixture2d_grid_wgan-gp.json")),
    (r"\brecords2d\.load\((?![^)\n]*WGAN-GP)", ("mixture2d_ring.json", "mixture2d_grid.json")),
    (r"\bload_full_run\(", ("mnist_tanh_100.json",)),
    (r"\bload_ablation\(", ("mnist_adam_ablation.json",)),
    (r"\bload_race\(", ("mnist_race.json",)),
)

# ---------------------------------------------------------------------------------------------------- prose

_MASKS = (
    r"<!--.*?-->",
    r"```.*?```",
    r"\$\$.*?\$\$",
    r"\\\[.*?\\\]",
    r"\\\(.*?\\\)",
    r"(?<!\\)\$.+?(?<!\\)\$",
    r"`[^`\n]*`",
    r"\]\([^)\s]*\)",
    r"https?://\S+",
    r"<[^>\n]*>",
)
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_RANGE = rf"(?<![\w.,])({_NUM})(?:\s?(?:-|–|—|to)\s?({_NUM}))?"
_PATTERNS = (
    ("percentage", re.compile(rf"{_RANGE}\s?(?:%|per ?cent\b)")),
    ("time", re.compile(rf"{_RANGE}(\s?(?:ms|sec|seconds?|min|minutes?|hours?)|\s[sh])\b(?![-'’]\w)")),
    ("factor", re.compile(rf"{_RANGE}(?:\s?(?:×|-fold\b|fold\b)|x\b|\s(?:times)\b)(?!\s?\d)")),
    ("count", re.compile(rf"(?<![\w.,])({_NUM})\s(?:out\s)?of\s(?:the\s)?({_NUM})(?![\w.,]*\d)")),
    ("magnitude", re.compile(rf"{_RANGE}\s(thousand|million|billion)\b")),
    ("parameters", re.compile(rf"{_RANGE}\s(?:trainable\s)?(?:parameters|weights)\b")),
    ("approximate", re.compile(rf"(?:~|≈|∼|\b(?:about|around|roughly|nearly)\s)\s?({_NUM})(?![\w.]*\d|/\d)",
                               re.IGNORECASE)),  # not a fraction: "about 1/3"
    ("decimal", re.compile(r"(?<![\w.,])(\d+\.\d+(?:e-?\d+)?|\d+e-?\d+)(?![\w.]*\d)")),
)
_APPROXIMATE_BEFORE = re.compile(r"(?:~|≈|∼|\babout|\baround|\broughly|\bnearly)\s*$", re.IGNORECASE)
_VERSION_BEFORE = re.compile(r"(?:python|pytorch|torch|torchvision|numpy|version|v)\s*$", re.IGNORECASE)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_SECONDS = {"ms": 0.001, "s": 1, "sec": 1, "second": 1, "seconds": 1, "min": 60, "minute": 60, "minutes": 60,
            "h": 3600, "hour": 3600, "hours": 3600}


@dataclass(frozen=True)
class Mention:
    """A measured-looking number in prose: its text as written, kind, cell index (1-based) and its line."""

    text: str
    kind: str
    cell: int
    line: str
    numbers: tuple[str, ...]  # the numbers to look for (both ends of a range; a and b of a count)
    unit: str = ""
    approximate: bool = False  # written "~20", "≈ 500", "about 20,000": an integer is read to its last non-zero digit


def _masked(text: str) -> str:
    """``text`` with maths, code, URLs and comments blanked out (same length, so positions still point at lines)."""
    for pattern in _MASKS:
        text = re.sub(pattern, lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.DOTALL)
    return text


def mentions(markdown: str, cell: int = 0) -> list[Mention]:
    """The measured-looking numbers in one markdown cell, in order, each found once (the first kind that fits)."""
    masked = _masked(markdown)
    lines = markdown.splitlines()
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, Mention]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(masked):
            start, end = m.span()
            if any(start < b and a < end for a, b in taken):
                continue
            if kind == "decimal" and _VERSION_BEFORE.search(masked[max(0, start - 12):start]):
                continue
            numbers = tuple(g for g in m.groups() if g is not None and re.fullmatch(_NUM + r"|[\d.]+e-?\d+", g))
            unit = m.group(3).strip().lower() if kind in ("time", "magnitude") else ""
            line = lines[markdown.count("\n", 0, start)].strip()
            taken.append((start, end))
            approximate = kind == "approximate" or bool(_APPROXIMATE_BEFORE.search(masked[max(0, start - 10):start]))
            found.append((start, Mention(m.group(0).strip(), kind, cell, line, numbers, unit, approximate)))
    return [mention for _, mention in sorted(found, key=lambda f: f[0])]


# ------------------------------------------------------------------------------------------------- evidence

_NUMBER_IN_TEXT = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.?\d+(?:[eE][-+]?\d+)?)")
_CLAIM_LINE = re.compile(r"^claim holds: .* \((measured .*)\)\s*$")


def _numbers(text: str) -> list[float]:
    return [float(t.replace(",", "")) for t in _NUMBER_IN_TEXT.findall(text)]


def _code_numbers(source: str) -> list[float]:
    """The numeric literals of a code cell (``1e-3``, ``0.5``, ``2_000``); strings and comments are skipped."""
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    values: list[float] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
            if tok.type == tokenize.NUMBER:
                try:
                    values.append(float(tok.string.replace("_", "").rstrip("jJ")))
                except ValueError:
                    pass
    except (tokenize.TokenError, IndentationError, SyntaxError):
        values += _numbers(source)  # not valid Python (a magic, a half-written cell): every number in it
    return values


def _output_text(output) -> str:
    if output.get("output_type") == "stream":
        text = output.get("text", "")
    elif output.get("output_type") in ("display_data", "execute_result"):
        data = output.get("data", {})
        parts = [data.get(k, "") for k in ("text/plain", "text/markdown", "text/html")]
        text = "\n".join("".join(p) if isinstance(p, list) else p for p in parts)
        text = re.sub(r"<[^>]*>", " ", text)
    else:
        return ""
    text = "".join(text) if isinstance(text, list) else text
    return "\n".join(m.group(1) if (m := _CLAIM_LINE.match(ln)) else ln for ln in text.splitlines())


def _record_numbers(value) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [float(value)] if math.isfinite(value) else []
    if isinstance(value, str):
        return _numbers(value)
    if isinstance(value, dict):
        return [x for v in value.values() for x in _record_numbers(v)]
    if isinstance(value, list):
        return [x for v in value for x in _record_numbers(v)]
    return []


def loaded_records(code: str, records_dir: Path = RECORDS_DIR) -> list[Path]:
    """The records under ``records_dir`` that ``code`` loads: named by their stem, or read by a known loader."""
    files = {p.name: p for p in sorted(records_dir.glob("*.json"))}
    named = {name for name, p in files.items() if re.search(rf"(?<![\w-]){re.escape(p.stem)}(?![\w-])", code)}
    for pattern, names in RECORD_LOADERS:
        if re.search(pattern, code):
            named.update(n for n in names if n in files)
    return [files[n] for n in sorted(named)]


@dataclass
class Evidence:
    """What a reader of one notebook can see: output text, and every value shown or loaded, sorted."""

    text: str
    values: list[float]
    records: list[Path]

    def has(self, target: float, tolerance: float) -> bool:
        """Whether some value lies within ``tolerance`` of ``target`` (signs ignored)."""
        i = bisect_left(self.values, abs(target) - tolerance - 1e-12)
        return i < len(self.values) and self.values[i] <= abs(target) + tolerance + 1e-12


def evidence(nb, records_dir: Path = RECORDS_DIR) -> Evidence:
    """The outputs, code-cell literals and loaded records of notebook ``nb`` (an nbformat node)."""
    texts: list[str] = []
    values: list[float] = []
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        values += _code_numbers(c.source)
        for output in c.get("outputs", []):
            text = _output_text(output)
            texts.append(text)
            values += _numbers(text)
    records = loaded_records(code, records_dir)
    for path in records:
        values += _record_numbers(json.loads(path.read_text()))
    return Evidence("\n".join(texts), sorted(abs(v) for v in values), records)


# ---------------------------------------------------------------------------------------------------- match


def _value(number: str) -> float:
    return float(number.replace(",", ""))


def _tolerance(number: str, approximate: bool = False) -> float:
    """Half a unit in the last digit shown (``0.13``: 0.005; ``1e-4``: 5e-5; ``~20``: 5)."""
    number = number.replace(",", "")
    mantissa, _, exponent = number.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    if approximate and not decimals:
        decimals = -(len(mantissa) - len(mantissa.rstrip("0"))) if mantissa.strip("0") else 0
    return 0.5 * 10.0 ** (-decimals + (int(exponent) if exponent else 0))


def supported(mention: Mention, seen: Evidence) -> bool:
    """Whether every number of ``mention`` can be seen in ``seen``, at the digits the prose shows."""
    if mention.kind == "count":
        a, b = (re.escape(n) for n in mention.numbers)
        return re.search(rf"(?<![\w.]){a}\s*(?:of|out of|/)\s*{b}(?![\w.]*\d)", seen.text) is not None
    for number in mention.numbers:
        value, tol = _value(number), _tolerance(number, mention.approximate)
        if mention.kind == "percentage":
            ok = seen.has(value, tol) or seen.has(value / 100, tol / 100)
        elif mention.kind == "magnitude":
            ok = seen.has(value * _SCALES[mention.unit], tol * _SCALES[mention.unit])
        elif mention.kind == "time":
            scale = _SECONDS.get(mention.unit, 1)
            ok = seen.has(value, tol) or (scale != 1 and seen.has(value * scale, tol * scale))
            ok = ok or (scale == 3600 and seen.has(value * 60, tol * 60))
        else:
            ok = seen.has(value, tol)
        if not ok:
            return False
    return True


# ---------------------------------------------------------------------------------------------- allow-list


@dataclass(frozen=True)
class Cited:
    """An allow-listed figure from outside the course: chapter (``"08"``), number, its phrase, the source."""

    chapter: str
    number: str
    phrase: str
    source: str


def load_allow_list(path: Path = ALLOW_LIST) -> list[Cited]:
    """The cited outside figures; each entry needs chapter, number, phrase (containing number) and source."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: the lock installs tomli there (pytest and jupytext need it)
        import tomli as tomllib

    if not Path(path).exists():
        return []
    entries = tomllib.loads(Path(path).read_text()).get("cited", [])
    cited = []
    for i, e in enumerate(entries, 1):
        missing = [k for k in ("chapter", "number", "phrase", "source") if not str(e.get(k, "")).strip()]
        if missing:
            raise ValueError(f"{path}: entry {i} lacks {', '.join(missing)}; give chapter, number, phrase and source")
        if e["number"] not in e["phrase"]:
            raise ValueError(f"{path}: entry {i}'s phrase {e['phrase']!r} does not contain its number {e['number']!r}")
        cited.append(Cited(str(e["chapter"]), str(e["number"]), str(e["phrase"]), str(e["source"])))
    return cited


def _allowed(mention: Mention, chapter: str, markdown: str, cited: list[Cited]) -> Cited | None:
    for c in cited:
        if chapter.startswith(c.chapter) and c.phrase in markdown and c.number in mention.text:
            if c.phrase in mention.line or mention.text in c.phrase:
                return c
    return None


# --------------------------------------------------------------------------------------------------- audit


@dataclass(frozen=True)
class Finding:
    """A number of ``notebook``'s prose that no output, code cell or loaded record shows."""

    notebook: str
    mention: Mention

    def __str__(self) -> str:
        m = self.mention
        where = "is in no output, code cell or loaded record"
        return f"{self.notebook} cell {m.cell}: {m.text!r} ({m.kind}) {where}: {m.line}"


def audit_notebook(path: Path, cited: list[Cited] | None = None,
                   records_dir: Path = RECORDS_DIR) -> tuple[list[Finding], list[Mention], set[Cited]]:
    """Audit one ``.ipynb``: (findings, every measured-looking mention, the allow-list entries used)."""
    import nbformat

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    seen = evidence(nb, records_dir)
    cited = load_allow_list() if cited is None else cited
    chapter = path.stem
    findings, every, used = [], [], set()
    for i, c in enumerate(nb.cells, 1):
        text = "\n".join(t for t in (c.source if c.cell_type == "markdown" else "", slide_text(c)) if t)
        if not text:
            continue
        for m in mentions(text, i):
            every.append(m)
            if supported(m, seen):
                continue
            entry = _allowed(m, chapter, text, cited)
            if entry is not None:
                used.add(entry)
                continue
            findings.append(Finding(path.name, m))
    return findings, every, used


def audit(notebooks: list[Path], cited: list[Cited] | None = None) -> tuple[list[str], str]:
    """Audit ``notebooks``: (problems, one summary line). Stale allow-list entries of audited chapters are problems."""
    cited = load_allow_list() if cited is None else cited
    problems: list[str] = []
    used: set[Cited] = set()
    total = 0
    for path in notebooks:
        findings, every, used_here = audit_notebook(path, cited)
        problems += [str(f) for f in findings]
        used |= used_here
        total += len(every)
    stems = [Path(p).stem for p in notebooks]
    for c in cited:
        if c not in used and any(s.startswith(c.chapter) for s in stems):
            problems.append(f"{ALLOW_LIST.name}: stale entry for chapter {c.chapter}, {c.number!r} in "
                            f"{c.phrase!r}: no unsupported number of that chapter's prose matches it; remove it")
    summary = (f"{total} measured-looking numbers in the prose of {len(notebooks)} chapter(s), "
               f"{sum(1 for p in problems if ' cell ' in p)} shown nowhere, {len(used)} cited outside figures")
    return problems, summary
