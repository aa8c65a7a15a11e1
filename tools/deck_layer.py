"""The slide layer: how a chapter notebook (a textbook) becomes a lecture deck (slides, with the textbook in notes).

A chapter carries its slides in **cell metadata** named ``slide`` (jupytext keeps it in the ``.py``, on the cell's
``# %%`` line), so the notebook a student reads shows the textbook only:

* on a **markdown** cell, ``slide={"title": "...", "points": ["...", ...]}`` opens a slide: the title and up to
  ``MAX_POINTS`` short bullets (inline Markdown and ``$maths$``). The cell's own text goes to that slide's
  **speaker notes**, and so does every following markdown cell without a ``slide`` (the textbook's paragraphs);
* the **first** cell's slide is the chapter's: its ``title`` and ``sources`` (the articles it follows) make the
  **title slide**, under the course's name; its ``points``, if any, make an "In this chapter" slide whose notes
  are the cell's text;
* a **code** cell is on a slide only for what it shows an audience (``SHOWN``): a figure, a rendered table
  (HTML or Markdown, ``gan_course.tables.Table``), or a widget with controls (a snapshot, captioned). Printed
  text, reprs, progress bars, warnings and the code itself stay in the notebook; a cell tagged ``show-input``
  also shows its code (at most ``MAX_CODE_LINES`` lines, without imports, test markers and claims). A cell with
  a ``slide`` of its own opens a slide titled by its ``"title"`` (or the section's), with its ``"points"`` as a
  caption (at most ``MAX_CAPTION_POINTS``) and its ``"notes"`` as a speaker note; a cell without one goes onto
  the open slide while that slide has no bullets and nothing shown yet, else onto a new slide with the
  section's title;
* a cell whose ``slideshow`` type is ``skip`` is not in the deck.

Every slide is a horizontal reveal.js slide (no vertical stacks, no fragments), so the Right arrow and a clicker
walk them all in order. ``layer_problems`` says what is wrong with a chapter's layer, in words.
"""

from __future__ import annotations

import ast
import copy
import re

__all__ = [
    "COURSE",
    "MAX_POINTS",
    "MAX_CAPTION_POINTS",
    "MAX_CODE_LINES",
    "SHOWN",
    "deck_code",
    "layer_problems",
    "slide_text",
    "deck_notebook",
]

COURSE = "Generative Adversarial Networks, from the minimax objective to MNIST"
MAX_POINTS = 5  # bullets on a slide
MAX_CAPTION_POINTS = 2  # caption lines above a figure or table
MAX_CODE_LINES = 8  # a shown snippet's non-blank lines, after the removals of deck_code
_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_IMAGES = ("image/png", "image/jpeg", "image/svg+xml")
SHOWN = (*_IMAGES, "text/html", "text/markdown", _WIDGET_VIEW)  # what a code cell's output may put on a slide
_WIDGET_CONTROLS = re.compile(r"Button|Slider|Text|Dropdown|Checkbox|Select|Toggle|Picker|Combobox|Play")
_TEST_MARKER = re.compile(r"^\s*#\s*NBVAL_\w*")  # nbval's per-cell markers: # NBVAL_CHECK_OUTPUT, ...
_KEYS = {"markdown": {"title", "points", "sources"}, "code": {"title", "points", "notes"}}


# ------------------------------------------------------------------------------------------- shown code
def _hidden_statement(stmt, top: bool) -> bool:
    """True for a statement a deck does not show: a ``claim(...)`` call, a top-level import, or a loop, ``if`` or
    ``with`` block made of such statements only."""
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        func = stmt.value.func
        return isinstance(func, ast.Name) and func.id == "claim"
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return top
    if isinstance(stmt, (ast.For, ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith)):
        children = stmt.body + getattr(stmt, "orelse", [])
        return all(_hidden_statement(c, False) for c in children)
    return False


def _removed_lines(source: str) -> set[int]:
    """0-based lines of ``source`` that a deck does not show: test markers, claim(...) statements and the comment
    lines right above them, top-level imports."""
    lines = source.splitlines()
    drop = {i for i, line in enumerate(lines) if _TEST_MARKER.match(line)}
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython syntax (magics): only the markers go
        return drop

    def visit(body: list, top: bool) -> None:
        for stmt in body:
            if _hidden_statement(stmt, top):
                first = stmt.lineno - 1
                while first > 0 and lines[first - 1].strip().startswith("#"):  # its comment goes with it
                    first -= 1
                drop.update(range(first, stmt.end_lineno))
            elif not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):  # a def keeps its body
                for name in ("body", "orelse", "finalbody"):
                    inner = getattr(stmt, name, None)
                    if isinstance(inner, list):
                        visit(inner, False)

    visit(tree.body, True)
    return drop


def deck_code(source: str) -> str:
    """``source`` as a deck shows it: without test markers, ``claim(...)`` statements and top-level imports.

    Runs of blank lines shrink to one, and leading and trailing blank lines go. Should the removals leave code
    that is not Python (an emptied function body), only the markers are removed.
    """
    drop = _removed_lines(source)
    text = "\n".join(line for i, line in enumerate(source.splitlines()) if i not in drop)
    try:
        ast.parse(text)
    except SyntaxError:
        text = "\n".join(line for line in source.splitlines() if not _TEST_MARKER.match(line))
    return re.sub(r"\n\s*\n(\s*\n)+", "\n\n", text).strip("\n")


# ------------------------------------------------------------------------------------------- the layer
def _slide_type(cell) -> str:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type") or "-"


def _first_line(cell) -> str:
    return (cell.source.strip().splitlines() or ["(empty)"])[0][:60]


def layer_problems(nb, name: str = "the chapter") -> list[str]:
    """What is wrong with ``nb``'s slide layer, one sentence each (empty when it is sound)."""
    problems = []
    cells = [c for c in nb.cells if _slide_type(c) != "skip"]
    if not cells or not isinstance(cells[0].metadata.get("slide"), dict):
        return [f"{name}: its first cell has no slide={{...}} metadata: give it the chapter's title and sources"]
    first = cells[0].metadata["slide"]
    if not isinstance(first.get("sources"), list) or not all(isinstance(s, str) and s for s in first["sources"]):
        problems.append(f"{name}: the first cell's slide needs \"sources\": a list of the articles it follows")
    for i, cell in enumerate(nb.cells, 1):
        layer = cell.metadata.get("slide")
        if layer is None:
            continue
        where = f"{name} cell {i} ({_first_line(cell)!r})"
        if not isinstance(layer, dict):
            problems.append(f"{where}: slide must be a mapping such as {{\"title\": \"...\"}}, not {layer!r}")
            continue
        unknown = set(layer) - _KEYS.get(cell.cell_type, set())
        if unknown:
            allowed = ", ".join(sorted(_KEYS.get(cell.cell_type, set())))
            problems.append(f"{where}: unknown slide keys {sorted(unknown)} (a {cell.cell_type} cell takes {allowed})")
        title = layer.get("title")
        if cell.cell_type == "markdown" and not (isinstance(title, str) and title.strip()):
            problems.append(f"{where}: a slide needs a \"title\" (a short sentence or phrase)")
        elif title is not None and not (isinstance(title, str) and title.strip()):
            problems.append(f"{where}: \"title\" must be text, not {title!r}")
        points = layer.get("points", [])
        most = MAX_POINTS if cell.cell_type == "markdown" else MAX_CAPTION_POINTS
        if not isinstance(points, list) or not all(isinstance(p, str) and p.strip() for p in points):
            problems.append(f"{where}: \"points\" must be a list of short texts")
        elif len(points) > most:
            problems.append(f"{where}: {len(points)} points, at most {most} fit a slide: move the rest to the notes")
        notes = layer.get("notes")
        if notes is not None and not (isinstance(notes, str) and notes.strip()):
            problems.append(f"{where}: \"notes\" must be text")
    return problems


def slide_text(cell) -> str:
    """The words a cell's slide layer puts on screen (title, points, sources): what the numbers audit reads too."""
    layer = cell.get("metadata", {}).get("slide")
    if not isinstance(layer, dict):
        return ""
    parts = [layer.get("title") or "", *layer.get("points", []), *layer.get("sources", [])]
    return "\n".join(p for p in parts if isinstance(p, str))


def _widget_models(output, widget_state: dict) -> list[str]:
    """The model names (``ButtonModel``, ``ImageModel`` ...) of the widget tree an output displays."""
    import json

    names, seen, todo = [], set(), [output.get("data", {}).get(_WIDGET_VIEW, {}).get("model_id")]
    while todo:
        model_id = todo.pop()
        if model_id in seen or model_id not in widget_state:
            continue
        seen.add(model_id)
        names.append(widget_state[model_id].get("model_name", ""))
        todo += re.findall(r"IPY_MODEL_([0-9a-f]+)", json.dumps(widget_state[model_id].get("state", {})))
    return names


def _shown_outputs(cell, widget_state: dict) -> tuple[list, list[str]]:
    """The outputs of a code cell that go on a slide, and the tags they give it (``deck-widget`` ...)."""
    shown, tags = [], []
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if out.get("output_type") not in ("display_data", "execute_result"):
            continue  # printed text, warnings, errors
        if _WIDGET_VIEW in data:
            models = _widget_models(out, widget_state)
            if not any(_WIDGET_CONTROLS.search(m) and "Style" not in m for m in models):
                continue  # a bare progress bar
            tags.append("deck-widget")
            if models.count("ImageModel") == 1:
                tags.append("deck-widget-one-figure")
        elif not set(data) & set(SHOWN):
            continue  # a repr (text/plain only)
        out = copy.deepcopy(out)
        if out.get("output_type") == "execute_result":  # shown as a display: no Out[n] number
            out["output_type"] = "display_data"
            out.pop("execution_count", None)
        shown.append(out)
    return shown, tags


def _markdown(source: str, kind: str, tags: tuple[str, ...] = ()):
    import nbformat

    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata["slideshow"] = {"slide_type": kind}
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def _bullets(points: list[str]) -> str:
    return "\n".join(f"- {p}" for p in points)


class _Slide:
    """One slide being assembled: its title, bullets, shown cells and speaker notes."""

    def __init__(self, title: str, points: list[str] | None = None, tags: tuple[str, ...] = ("deck-slide",)):
        self.title, self.points, self.tags = title, list(points or []), tags
        self.shown: list = []
        self.notes: list[str] = []

    @property
    def open_for_output(self) -> bool:
        return not self.points and not self.shown

    def cells(self) -> list:
        head = f"## {self.title}" + (f"\n\n{_bullets(self.points)}" if self.points else "")
        cells = [_markdown(head, "slide", self.tags), *self.shown]
        if self.notes:
            cells.append(_markdown("\n\n".join(self.notes), "notes"))
        return cells


class _TitleSlide(_Slide):
    """The chapter's first slide: the course's name, the chapter's title, the articles it follows."""

    def __init__(self, layer: dict):
        super().__init__(layer["title"], tags=("deck-title",))
        self.sources = "; ".join(layer.get("sources", []))

    @property
    def open_for_output(self) -> bool:
        return False  # a figure after the opening text gets a slide of its own

    def cells(self) -> list:
        text = (f'<p class="deck-course">{COURSE}</p>\n\n# {self.title}\n\n'
                f'<p class="deck-sources">After: {self.sources}</p>')  # fmt: skip
        cells = [_markdown(text, "slide", self.tags)]
        if self.notes:
            cells.append(_markdown("\n\n".join(self.notes), "notes"))
        return cells


def deck_notebook(nb, name: str = "the chapter"):
    """A new notebook holding ``nb``'s deck: slides from its layer, the textbook's text in their notes.

    Raises ``ValueError`` naming what to fix when the layer is unsound (``layer_problems``).
    """
    import nbformat

    problems = layer_problems(nb, name)
    if problems:
        raise ValueError("the slide layer is unsound:\n" + "\n".join(problems))
    widget_state = nb.metadata.get("widgets", {}).get(_WIDGET_STATE, {}).get("state", {})
    cells = [c for c in nb.cells if _slide_type(c) != "skip"]
    first = cells[0].metadata["slide"]
    slides: list[_Slide] = [_TitleSlide(first)]
    if first.get("points"):
        slides.append(_Slide("In this chapter", first["points"]))
        slides[-1].notes.append(cells[0].source)
    else:
        slides[0].notes.append(cells[0].source)
    section = first["title"]
    for cell in cells[1:]:
        layer = cell.metadata.get("slide") or {}
        if cell.cell_type == "markdown":
            if layer:
                section = layer["title"]
                slides.append(_Slide(section, layer.get("points")))
            slides[-1].notes.append(cell.source)
            continue
        if cell.cell_type != "code":
            continue
        tags = list(cell.metadata.get("tags", []))
        shown, more_tags = _shown_outputs(cell, widget_state)
        code = deck_code(cell.source) if "show-input" in tags else ""
        if sum(1 for line in code.splitlines() if line.strip()) > MAX_CODE_LINES:
            raise ValueError(f"{name}: a show-input cell ({_first_line(cell)!r}) shows more than {MAX_CODE_LINES} "
                             "lines of code: shorten it, or drop the tag and let the notebook show it")  # fmt: skip
        if not shown and not code:
            continue
        if layer or not slides[-1].open_for_output:
            slides.append(_Slide(layer.get("title") or section, layer.get("points")))
        if layer.get("notes"):
            slides[-1].notes.append(layer["notes"])
        deck_cell = nbformat.v4.new_code_cell(code, outputs=shown)
        deck_cell.metadata["tags"] = [*tags, *more_tags] + ([] if code else ["deck-input-hidden"])
        if not code:
            deck_cell.metadata["transient"] = {"remove_source": True}
        deck_cell.metadata["slideshow"] = {"slide_type": "-"}
        slides[-1].shown.append(deck_cell)
    deck = nbformat.v4.new_notebook(metadata=copy.deepcopy(nb.metadata))
    deck.cells = [c for s in slides for c in s.cells()]
    return deck
