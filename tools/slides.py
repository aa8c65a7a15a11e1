"""Slides for instructors: every chapter as a reveal.js deck that works offline.

    python -m tools.slides [--execute] [--out build/slides] [chapters/NN_name.ipynb ...]

Each ``chapters/NN_name.ipynb`` becomes ``build/slides/NN_name.slides.html`` from its committed outputs
(``--execute`` re-runs the chapters first, as ``python -m tools.chapters execute`` does). The decks
load reveal.js, require.js, jQuery, MathJax 2 and the Jupyter widgets renderer from ``lib/`` beside them,
copied from ``node_modules/`` (``npm ci`` installs the versions pinned in ``package-lock.json``), so no
deck references a URL outside its folder. Widget state stored in a notebook (nbclient stores it when a
chapter is executed) is embedded, so a dashboard shows its last view in the deck.

A deck shows what an audience needs, not everything a notebook holds (``deck_notebook`` applies these rules to a
copy of the notebook; the chapters' files are not changed):

* **test machinery is never shown**: ``# NBVAL_...`` comment lines and ``claim(...)`` statements (with the
  comment lines right above them) are removed from the code, the ``claim holds: ...`` lines from the printed
  output, and the ``True`` a cell ending in ``claim(...)`` displays;
* **imports are not shown**: top-level ``import``/``from ... import`` statements are removed from the code;
* **code is hidden where it is not the point**: a code cell shows its output without its code when
  - it is tagged ``hide-input`` (``# %% tags=["hide-input"] slideshow={...}`` in the chapter's ``.py``), or
  - it draws a figure (an image output: the figure is the point), or
  - its code, after the removals above, has more than ``MAX_CODE_LINES`` (8) non-blank lines: long code is
    read in the notebook, not from a projector;
  a cell tagged ``show-input`` always shows its code (a short figure cell whose code is the lesson);
* a cell left with nothing to show (code hidden, no output) is dropped; a slide that started with it starts
  with the next cell;
* set-up cells (imports, seeding, loading) that show nothing worth a slide are marked ``skip`` in the chapter;
* **widgets are snapshots**: a cell whose widget has controls (buttons, sliders, text fields; not a bare progress
  bar) is tagged ``deck-widget`` and captioned "live in JupyterLab" (``WIDGET_CAPTION``); its controls are
  greyed and do not react, since no kernel runs behind a deck. Its images are at most ``WIDGET_IMAGE_MAX_HEIGHT``
  pixels tall; a widget with a single figure (an explorer; tagged ``deck-widget-one-figure``) has it drawn at the
  slide's width, so that its text grows with it, while several images (a panel) keep their own size. The
  chapter makes the stored state worth showing before the cell ends (a panel that has trained a short run, a
  dashboard stepped a few chunks, an explorer set to an instructive value): a deck shows that last state;
* **every slide fits 1280 x 800**: figures are at most ``FIGURE_MAX_HEIGHT`` pixels tall (CSS), prompts
  (``In [3]:``) are not shown, and a chapter splits a slide that is still too tall with ``subslide`` cells;
  ``make browser-check`` (browser_checks/test_decks.py) measures every slide and fails on one that does not fit.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

__all__ = [
    "REPO",
    "SLIDES_DIR",
    "LIB",
    "ASSETS",
    "MAX_CODE_LINES",
    "FIGURE_MAX_HEIGHT",
    "WIDGET_IMAGE_MAX_HEIGHT",
    "WIDGET_CAPTION",
    "chapter_notebooks",
    "deck_code",
    "deck_notebook",
    "slides_exporter",
    "build_deck",
    "References",
    "scan_references",
    "offline_problems",
    "ensure_node_modules",
    "copy_assets",
    "build_slides",
]

REPO = Path(__file__).resolve().parent.parent
MAX_CODE_LINES = 8  # code with more non-blank lines is shown in the notebook only
FIGURE_MAX_HEIGHT = 540  # pixels of a 1280 x 800 slide: room for a title and a line of text above a figure
WIDGET_IMAGE_MAX_HEIGHT = 380  # a widget's figure, below its controls
WIDGET_CAPTION = "live in JupyterLab: a snapshot of its last state here; run the chapter to use it"
SLIDES_DIR = REPO / "build" / "slides"
LIB = "lib"  # the assets' folder beside the decks; every URL in a deck starts with it

# What a deck loads, as (path under node_modules, path under lib/). Folders are copied whole.
ASSETS: tuple[tuple[str, str], ...] = (
    ("reveal.js/dist", "reveal.js/dist"),
    ("reveal.js/plugin/notes", "reveal.js/plugin/notes"),
    ("reveal.js/LICENSE", "reveal.js/LICENSE"),
    ("requirejs/require.js", "require.js"),
    ("jquery/dist/jquery.min.js", "jquery.min.js"),
    ("jquery/LICENSE.txt", "jquery.LICENSE.txt"),
    ("mathjax/MathJax.js", "mathjax/MathJax.js"),
    ("mathjax/LICENSE", "mathjax/LICENSE"),
    ("mathjax/config/TeX-AMS_CHTML-full.js", "mathjax/config/TeX-AMS_CHTML-full.js"),
    ("mathjax/config/Safe.js", "mathjax/config/Safe.js"),
    ("mathjax/extensions", "mathjax/extensions"),
    ("mathjax/jax/input/TeX", "mathjax/jax/input/TeX"),
    ("mathjax/jax/output/CommonHTML", "mathjax/jax/output/CommonHTML"),
    ("mathjax/jax/element", "mathjax/jax/element"),
    ("mathjax/fonts/HTML-CSS/TeX/woff", "mathjax/fonts/HTML-CSS/TeX/woff"),
    ("mathjax/fonts/HTML-CSS/TeX/otf", "mathjax/fonts/HTML-CSS/TeX/otf"),
    ("mathjax/localization/en", "mathjax/localization/en"),
    ("@jupyter-widgets/html-manager/dist", "html-manager"),
)
_SKIPPED_IN_COPY = ("*.map", "embed.js", "embed.js.LICENSE.txt", "libembed-amd.js")

# The reveal template imports mermaid from a CDN in every deck; the course draws no mermaid diagrams.
# The widgets renderer finds its icon fonts from its modules' require.js paths: point them into lib/.
# Code is set a little smaller than nbconvert's 19px so that a 120-character line (the course's limit) fits
# a 1280-pixel-wide slide, and a longer line wraps instead of being cut off at the slide's edge.
_TEMPLATE = (
    """{%- extends 'index.html.j2' -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}
{%- if "widgets" in nb.metadata -%}
<script>
window.__jupyter_widgets_assets_path__ = "LIB/html-manager/";
require.config({paths: {"@jupyter-widgets": "LIB/html-manager"}});
</script>
{%- endif -%}
{{ super() }}
{%- endblock jupyter_widgets -%}
{%- block notebook_css -%}
{{ super() }}
<style type="text/css">
:root {
    --jp-code-font-size: 16px;
    --jp-cell-prompt-width: 0px;  /* no In [n]: prompts in a deck (exclude_*_prompt) */
}
.jp-InputPrompt, .jp-OutputPrompt {
    display: none;
}
/* a figure fits a slide with its title: scaled down, never up, proportions kept */
.reveal .jp-RenderedImage img {
    max-height: FIGURE_MAX_HEIGHTpx;
    max-width: 100%;
    width: auto;
    height: auto;
    object-fit: contain;
}
/* widgets: a stored snapshot, captioned; nothing in it reacts (no kernel runs behind a deck) */
.celltag_deck-widget .jp-OutputArea::before {
    content: "WIDGET_CAPTION";
    display: block;
    font-size: 14px;
    font-style: italic;
    color: #555;
    border-left: 4px solid #f0ad4e;
    padding: 2px 8px;
    margin: 4px 0;
}
.celltag_deck-widget .jupyter-widgets {
    pointer-events: none;
}
/* a widget's images at most their own size, short enough to leave room for the controls ... */
.celltag_deck-widget .widget-image {
    align-self: flex-start;  /* a box of widgets stretches its children to its width: keep the image's own */
    width: auto !important;
    max-width: 100% !important;
    height: auto !important;
    max-height: WIDGET_IMAGE_MAX_HEIGHTpx;
    object-fit: contain;
    object-position: left top;
}
/* ... and a widget's one figure drawn at the slide's width, where its text grows with it */
.celltag_deck-widget-one-figure .widget-image {
    width: 100% !important;
}
.celltag_deck-widget .widget-button, .celltag_deck-widget .jupyter-button,
.celltag_deck-widget .widget-slider, .celltag_deck-widget .widget-text input {
    opacity: 0.55;
}
.jp-InputArea-editor pre, .jp-OutputArea-output pre {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
}
/* reveal.js hides every .reveal .progress (its own bar); a progress widget (tqdm) uses that class too */
.reveal .jupyter-widgets .progress {
    display: block;
    position: relative;
    height: auto;
    width: auto;
    bottom: auto;
    left: auto;
    z-index: auto;
    opacity: 1;
    background-color: var(--jp-layout-color2, #eee);
}
.reveal .jupyter-widgets .progress:after {
    content: none;
}
</style>
{%- endblock notebook_css -%}
""".replace("LIB", LIB)
    .replace("FIGURE_MAX_HEIGHT", str(FIGURE_MAX_HEIGHT))
    .replace("WIDGET_CAPTION", WIDGET_CAPTION)
    .replace("WIDGET_IMAGE_MAX_HEIGHT", str(WIDGET_IMAGE_MAX_HEIGHT))
)


def chapter_notebooks(folder: Path = REPO / "chapters") -> list[Path]:
    """The chapters' notebooks, in order: ``NN_name.ipynb``."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


_TEST_MARKER = re.compile(r"^\s*#\s*NBVAL_\w*")  # nbval's per-cell markers: # NBVAL_CHECK_OUTPUT, ...
_CLAIM_OUTPUT = re.compile(r"^claim holds: .*\n?", re.MULTILINE)  # what gan_course.claims.claim prints
_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_WIDGET_CONTROLS = re.compile(r"Button|Slider|Text|Dropdown|Checkbox|Select|Toggle|Picker|Combobox|Play")
_IMAGES = ("image/png", "image/jpeg", "image/svg+xml")


def _hidden_statement(stmt, top: bool) -> bool:
    """True for a statement a deck does not show: a ``claim(...)`` call, a top-level import, or a loop, ``if`` or
    ``with`` block made of such statements only."""
    import ast

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
    import ast

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
                for field in ("body", "orelse", "finalbody"):
                    inner = getattr(stmt, field, None)
                    if isinstance(inner, list):
                        visit(inner, False)

    visit(tree.body, True)
    return drop


def deck_code(source: str) -> str:
    """``source`` as a deck shows it: without test markers, ``claim(...)`` statements and top-level imports.

    Runs of blank lines shrink to one, and leading and trailing blank lines go. Should the removals leave code
    that is not Python (an emptied function body), only the markers are removed.
    """
    import ast

    drop = _removed_lines(source)
    kept = [line for i, line in enumerate(source.splitlines()) if i not in drop]
    text = "\n".join(kept)
    try:
        ast.parse(text)
    except SyntaxError:
        text = "\n".join(line for line in source.splitlines() if not _TEST_MARKER.match(line))
    return re.sub(r"\n\s*\n(\s*\n)+", "\n\n", text).strip("\n")


def _ends_in_claim(source: str) -> bool:
    """True when ``source``'s last statement is a ``claim(...)`` call (the cell displays its ``True``)."""
    import ast

    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    return bool(body) and _hidden_statement(body[-1], top=False) and isinstance(body[-1], ast.Expr)


def _widget_models(output, widget_state: dict) -> list[str]:
    """The model names (``ButtonModel``, ``ImageModel`` ...) of the widget tree an output displays."""
    names, seen, todo = [], set(), [output.get("data", {}).get(_WIDGET_VIEW, {}).get("model_id")]
    while todo:
        model_id = todo.pop()
        if model_id in seen or model_id not in widget_state:
            continue
        seen.add(model_id)
        names.append(widget_state[model_id].get("model_name", ""))
        todo += re.findall(r"IPY_MODEL_([0-9a-f]+)", json.dumps(widget_state[model_id].get("state", {})))
    return names


def _slide_type(cell) -> str:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type") or "-"


def deck_notebook(nb):
    """A copy of ``nb`` with the deck rules of this module's docstring applied (code hidden, markers removed)."""
    import copy

    nb = copy.deepcopy(nb)
    widget_state = nb.metadata.get("widgets", {}).get(_WIDGET_STATE, {}).get("state", {})
    cells = []
    carry = None  # the slide type of a dropped cell that started a slide: the next shown cell starts it instead
    for cell in nb.cells:
        kind = _slide_type(cell)
        if kind == "skip":
            cells.append(cell)
            continue
        tags = list(cell.metadata.get("tags", []))
        if cell.cell_type == "code":
            claim_result = _ends_in_claim(cell.source)
            cell.source = deck_code(cell.source)
            outputs = []
            for out in cell.get("outputs", []):
                if claim_result and out.get("output_type") == "execute_result":
                    continue
                if out.get("output_type") == "stream":
                    out["text"] = _CLAIM_OUTPUT.sub("", out["text"])
                    if not out["text"].strip():
                        continue
                outputs.append(out)
            cell.outputs = outputs
            data = [set(o.get("data", {})) for o in outputs]
            models = [m for o in outputs for m in _widget_models(o, widget_state)]
            if any(_WIDGET_CONTROLS.search(m) and "Style" not in m for m in models):
                tags.append("deck-widget")
                if models.count("ImageModel") == 1:
                    tags.append("deck-widget-one-figure")
            figure = any(d & set(_IMAGES) for d in data)
            long = sum(1 for line in cell.source.splitlines() if line.strip()) > MAX_CODE_LINES
            hide = "hide-input" in tags or ("show-input" not in tags and (figure or long or not cell.source))
            if hide:
                cell.metadata["transient"] = {"remove_source": True}
                tags.append("deck-input-hidden")
                if not outputs:  # nothing left to show: drop it, and let the next cell start its slide
                    if kind in ("slide", "subslide") and carry != "slide":
                        carry = kind
                    continue
        if tags:
            cell.metadata["tags"] = tags
        if carry and kind not in ("slide", "subslide", "notes"):
            cell.metadata.setdefault("slideshow", {})["slide_type"] = carry
        if kind != "notes":
            carry = None
        cells.append(cell)
    nb.cells = cells
    return nb


def slides_exporter():
    """nbconvert's SlidesExporter set up for offline decks: every asset URL points into ``lib/``."""
    from jinja2 import DictLoader
    from nbconvert import SlidesExporter

    return SlidesExporter(
        extra_loaders=[DictLoader({"gan_course_slides.j2": _TEMPLATE})],
        template_file="gan_course_slides.j2",
        reveal_url_prefix=f"{LIB}/reveal.js",
        reveal_theme="white",  # the other themes load web fonts
        reveal_scroll=True,  # a slide taller than the screen scrolls instead of being cut
        reveal_width="1280",  # the slide's design size; reveal.js scales it to the screen
        reveal_height="800",
        exclude_input_prompt=True,  # In [3]: means nothing to an audience
        exclude_output_prompt=True,
        require_js_url=f"{LIB}/require.js",
        jquery_url=f"{LIB}/jquery.min.js",
        mathjax_url=f"{LIB}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
        widget_renderer_url=f"{LIB}/html-manager/embed-amd.js",
    )


def build_deck(notebook: Path, out: Path = SLIDES_DIR, exporter=None) -> Path:
    """Convert ``notebook`` (with its stored outputs and widget state) into ``out/<name>.slides.html``."""
    import nbformat

    notebook = Path(notebook)
    exporter = exporter or slides_exporter()
    nb = deck_notebook(nbformat.read(notebook, as_version=4))
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
    out.mkdir(parents=True, exist_ok=True)
    deck = out / f"{notebook.stem}.slides.html"
    deck.write_text(body, encoding="utf-8")
    return deck


@dataclass
class References:
    """What a deck's HTML points at: ``local`` paths inside its folder, ``external`` ones (``where: url``)."""

    local: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


# Attributes whose value the browser fetches (or, for <a href>, follows).
_URL_ATTRIBUTES = {
    "src", "href", "data", "poster", "action", "formaction", "background", "xlink:href", "manifest",
    "data-src", "data-background", "data-background-image", "data-background-video", "data-background-iframe",
}  # fmt: skip
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_JS_STRING_URL = re.compile(r"""(["'`])\s*((?:[a-z][a-z0-9+.-]*:)?//[^"'`\s]*|lib/[^"'`\s]*)""", re.IGNORECASE)
_EMBEDDED_ATTR_URL = re.compile(r"""\b(src|href)\s*=\s*\\?["']?((?:[a-z][a-z0-9+.-]*:)?//[^"'\\\s>]*)""", re.IGNORECASE)


def _is_local(url: str) -> bool:
    """True for a URL that stays inside the deck's folder: a relative path, a #fragment or a data: URL."""
    url = url.strip()
    if not url or url.startswith("#") or url.lower().startswith("data:"):
        return True
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("//") or parts.path.startswith("/"):
        return False
    return not posixpath.normpath(parts.path).startswith("..")


class _ReferenceParser(HTMLParser):
    def __init__(self, own_text: str):
        super().__init__(convert_charrefs=True)
        self.own_text = own_text
        self.found = References()
        self._in: tuple[str, str] | None = None  # (tag, type) while inside <script> or <style>

    def _url(self, where: str, url: str, link: bool = False) -> None:
        url = url.strip()
        if _is_local(url):
            if url and not url.startswith("#") and not url.lower().startswith("data:"):
                self.found.local.append(url)
        elif not (link and url in self.own_text):  # a link written in the notebook's own text is its content
            self.found.external.append(f"{where}: {url}")

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in _URL_ATTRIBUTES:
                self._url(f"<{tag} {name}>", value, link=tag == "a" and name == "href")
            elif name == "srcset":
                for candidate in value.split(","):
                    self._url(f"<{tag} srcset>", candidate.strip().split(" ")[0])
            elif name == "style":
                self._css(f"<{tag} style>", value)
        if tag in ("script", "style"):
            self._in = (tag, dict(attrs).get("type") or "")

    def handle_endtag(self, tag):
        if self._in and tag == self._in[0]:
            self._in = None

    def _css(self, where: str, css: str) -> None:
        for match in _CSS_URL.finditer(_CSS_COMMENT.sub("", css)):
            self._url(where, match.group(1) or match.group(2))

    def handle_data(self, data):
        if self._in is None:
            return
        tag, kind = self._in
        if tag == "style":
            self._css("<style>", data)
        elif "json" in kind:  # stored widget state or views: HTML inside it may still point somewhere
            for match in _EMBEDDED_ATTR_URL.finditer(data):
                self._url(f"<script {kind}> {match.group(1)}=", match.group(2), link=match.group(1) == "href")
        else:  # code: a string literal holding a URL is something the script loads
            for match in _JS_STRING_URL.finditer(data):
                self._url("<script>", match.group(2))


def scan_references(html: str, own_text: str = "") -> References:
    """Every URL ``html`` loads or links to, split into local and external ones.

    External: anything with a scheme other than data: (http:, https:, file:, ...), protocol-relative ``//host``
    or an absolute ``/path``, in attributes, inline CSS (comments aside), string literals of scripts and HTML
    inside stored widget state. A link (``<a href>``) is allowed only when ``own_text`` (the notebook's
    markdown) contains it: it is the chapter's own content, followed only if a reader clicks it.
    """
    parser = _ReferenceParser(own_text)
    parser.feed(html)
    parser.close()
    return parser.found


def _markdown_text(notebook: Path) -> str:
    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    return "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "markdown")


def offline_problems(deck: Path, notebook: Path | None = None, check_files: bool = True) -> list[str]:
    """Why ``deck`` would not work offline: external references, and (``check_files``) local files missing."""
    refs = scan_references(deck.read_text(encoding="utf-8"), _markdown_text(notebook) if notebook else "")
    problems = [f"{deck.name} references {e}" for e in refs.external]
    if check_files:
        for url in sorted(set(refs.local)):
            if not (deck.parent / urlsplit(url).path).exists():
                problems.append(f"{deck.name} needs {url}, which is not in {deck.parent}")
    return problems


def ensure_node_modules(repo: Path = REPO) -> Path:
    """``repo/node_modules``, installed with ``npm ci`` from the lock file when missing."""
    modules = repo / "node_modules"
    if all((modules / src).exists() for src, _ in ASSETS):
        return modules
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(
            "the slides need reveal.js, require.js, jQuery and MathJax 2 from npm, and `npm` is not installed: "
            "install Node.js (e.g. `apt-get install npm`), then run `npm ci` in the repository"
        )
    print("installing the slides' JavaScript assets: npm ci", flush=True)
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=repo, check=True)
    missing = [src for src, _ in ASSETS if not (modules / src).exists()]
    if missing:
        raise RuntimeError(f"`npm ci` did not install {missing}; check package.json and package-lock.json")
    return modules


def copy_assets(out: Path = SLIDES_DIR, modules: Path | None = None) -> Path:
    """Copy the decks' JavaScript and CSS from ``node_modules`` into ``out/lib``; return that folder."""
    modules = modules or ensure_node_modules()
    lib = out / LIB
    for src, dst in ASSETS:
        source, target = modules / src, lib / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*_SKIPPED_IN_COPY))
        else:
            shutil.copy2(source, target)
    return lib


def build_slides(notebooks: list[Path] | None = None, out: Path = SLIDES_DIR, assets: bool = True) -> list[Path]:
    """Build a deck per notebook (every chapter by default) and, with ``assets``, copy ``lib/`` beside them."""
    notebooks = chapter_notebooks() if notebooks is None else [Path(n) for n in notebooks]
    if not notebooks:
        raise ValueError("no chapters/NN_name.ipynb to turn into slides")
    exporter = slides_exporter()
    decks = [build_deck(n, out, exporter) for n in notebooks]
    if assets:
        copy_assets(out)
    problems = [p for deck, n in zip(decks, notebooks, strict=True) for p in offline_problems(deck, n, assets)]
    if problems:
        raise RuntimeError("the decks would not work offline:\n" + "\n".join(problems))
    return decks


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.slides", description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="chapters/NN_name.ipynb (default: every chapter)")
    parser.add_argument("--execute", action="store_true", help="re-execute the chapters first, storing outputs")
    parser.add_argument("--out", type=Path, default=SLIDES_DIR, help="where the decks go (default: build/slides)")
    args = parser.parse_args(argv)
    if args.execute:
        from tools.chapters import chapter_sources, execute

        sources = chapter_sources()
        if args.notebooks:
            stems = {n.stem for n in args.notebooks}
            sources = [s for s in sources if s.stem in stems]
            if len(sources) != len(stems):
                print(f"not every notebook has a chapters/NN_name.py or .md source: {sorted(stems)}", file=sys.stderr)
                return 1
        for source in sources:
            print(f"executing {source} ...", flush=True)
            print(f"  {source.with_suffix('.ipynb')} written in {execute(source):.1f} s", flush=True)
    notebooks = args.notebooks or chapter_notebooks()
    try:
        decks = build_slides(notebooks, args.out)
    except (RuntimeError, ValueError, subprocess.CalledProcessError) as err:
        print(f"slides not built: {err}", file=sys.stderr)
        return 1
    for deck in decks:
        print(f"wrote {deck}")
    print(f"assets in {args.out / LIB}; open a deck in a browser (no network needed)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
