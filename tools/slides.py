"""Slides for instructors: every chapter as a reveal.js deck that works offline.

    python -m tools.slides [--execute] [--out build/slides] [chapters/NN_name.ipynb ...]

Each ``chapters/NN_name.ipynb`` becomes ``build/slides/NN_name.slides.html`` from its committed outputs
(``--execute`` re-runs the chapters first, as ``python -m tools.chapters execute`` does). The decks
load reveal.js, require.js, jQuery, MathJax 2 and the Jupyter widgets renderer from ``lib/`` beside them,
copied from ``node_modules/`` (``npm ci`` installs the versions pinned in ``package-lock.json``), so no
deck references a URL outside its folder. Widget state stored in a notebook (nbclient stores it when a
chapter is executed) is embedded, so a dashboard shows its last view in the deck.

What a deck shows is the chapter's **slide layer** (``tools/deck_layer.py``): a title slide, then per section a
title with a few bullets, or one figure, table or widget snapshot; the textbook's paragraphs are the speaker notes
(press ``s``). Every slide is horizontal, so the Right arrow walks them all; slides are numbered. The room's
sizes hold at 1280 x 800: prose at ``PROSE_PX``, code and output at ``CODE_PX``, figures at most
``FIGURE_MAX_HEIGHT`` pixels tall; ``make browser-check`` (browser_checks/test_decks.py) measures every slide.
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

from tools.deck_layer import deck_notebook

__all__ = [
    "REPO",
    "SLIDES_DIR",
    "LIB",
    "ASSETS",
    "PROSE_PX",
    "CODE_PX",
    "FIGURE_MAX_HEIGHT",
    "WIDGET_IMAGE_MAX_HEIGHT",
    "WIDGET_CAPTION",
    "chapter_notebooks",
    "slides_exporter",
    "build_deck",
    "wait_for_widgets",
    "References",
    "scan_references",
    "offline_problems",
    "ensure_node_modules",
    "copy_assets",
    "build_slides",
]

REPO = Path(__file__).resolve().parent.parent
PROSE_PX = 28  # the slides' text (CSS px at the 1280 x 800 design size; reveal.js scales by about 0.96 on screen)
CODE_PX = 20  # code, printed output and tables
FIGURE_MAX_HEIGHT = 530  # pixels of a 1280 x 800 slide: room for a title and a caption line above a figure
WIDGET_IMAGE_MAX_HEIGHT = 520  # a widget's figure, below its controls
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
# Sizes for a room: prose PROSE_PXpx, code and output CODE_PXpx (a long line wraps instead of being cut off).
# reveal.js is set up for a clicker: every slide horizontal, numbered, no fragments, one PDF page per slide.
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
    --jp-code-font-size: CODE_PXpx;
    --jp-content-font-size1: PROSE_PXpx;
    --jp-cell-prompt-width: 0px;  /* no In [n]: prompts in a deck (exclude_*_prompt) */
}
.jp-InputPrompt, .jp-OutputPrompt {
    display: none;
}
.reveal .jp-RenderedMarkdown, .reveal .jp-RenderedMarkdown p, .reveal .jp-RenderedMarkdown li {
    font-size: PROSE_PXpx;
    line-height: 1.35;
}
.reveal .jp-RenderedMarkdown li + li {
    margin-top: 0.35em;
}
.reveal .jp-RenderedMarkdown h2 {
    font-size: 44px;
    margin-bottom: 0.5em;
}
.reveal .jp-RenderedMarkdown h1 {
    font-size: 52px;
}
/* titles as written: the theme's capitals would turn a Greek alpha into an A, and maths into shouting */
.reveal h1, .reveal h2, .reveal h3 {
    text-transform: none !important;
}
/* a table on a slide has no hover highlight: a presenter's pointer would mark a row for no reason */
.reveal .jp-RenderedHTMLCommon tbody tr:hover {
    background: inherit !important;
}
.reveal pre, .reveal code, .reveal .jp-OutputArea-output, .reveal .jp-OutputArea-output table {
    font-size: CODE_PXpx;
}
.reveal .jp-RenderedHTMLCommon table {
    font-size: CODE_PXpx;
    margin: 0.4em 0;
}
.reveal .jp-RenderedHTMLCommon caption {
    font-size: CODE_PXpx;
    font-weight: bold;
    caption-side: top;
    text-align: left;
}
.reveal .jp-RenderedHTMLCommon td, .reveal .jp-RenderedHTMLCommon th {
    padding: 4px 12px;
}
.celltag_deck-title p.deck-course {
    font-size: PROSE_PXpx;
    color: #555;
    margin-top: 140px;
}
.celltag_deck-title p.deck-sources {
    font-size: PROSE_PXpx;
    color: #333;
}
/* a figure fills the slide under its title, proportions kept: scaled up too, so that its text grows */
.reveal .jp-RenderedImage img {
    width: 100%;
    height: auto;
    max-height: FIGURE_MAX_HEIGHTpx;
    object-fit: contain;
}
/* widgets: a stored snapshot, captioned; nothing in it reacts (no kernel runs behind a deck) */
.celltag_deck-widget .jp-OutputArea::before {
    content: "WIDGET_CAPTION";
    display: block;
    font-size: CODE_PXpx;
    font-style: italic;
    color: #555;
    border-left: 4px solid #f0ad4e;
    padding: 2px 8px;
    margin: 4px 0;
}
.celltag_deck-widget .jupyter-widgets {
    pointer-events: none;
}
.celltag_deck-widget .widget-html, .celltag_deck-widget .widget-html-content, .celltag_deck-widget .widget-label,
.celltag_deck-widget .widget-readout, .celltag_deck-widget .widget-button, .celltag_deck-widget .widget-dropdown {
    font-size: CODE_PXpx !important;
    line-height: 1.3 !important;
}
/* a control's label whole at that size (its own width is set for JupyterLab's smaller text) */
.celltag_deck-widget .widget-label {
    width: auto !important;
    max-width: none !important;
    min-width: 60px;
}
.celltag_deck-widget .widget-html small {
    font-size: inherit;  /* a panel's small print is still read from the back of the room */
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
    opacity: 0.7;  /* greyed: it does not react, yet its values stay legible */
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
.reveal .slide-number {
    font-size: 18px;
}
</style>
{%- endblock notebook_css -%}
{% block footer_js %}
<script>
require(
    {waitSeconds: 15},
    ["LIB/reveal.js/dist/reveal.js", "LIB/reveal.js/plugin/notes/notes.js"],
    function(Reveal, RevealNotes) {
        Reveal.initialize({
            controls: true,
            progress: true,
            history: true,
            hash: true,
            navigationMode: "linear",  /* Right, Space and a clicker walk every slide in order */
            slideNumber: "c/t",
            showSlideNumber: "all",
            fragments: false,
            transition: "none",
            pdfMaxPagesPerSlide: 1,
            pdfSeparateFragments: false,
            plugins: [RevealNotes],
            width: 1280,
            height: 800,
        });
        Reveal.on("slidechanged", function() {
            if (window.MathJax && MathJax.Hub.getAllJax(Reveal.getCurrentSlide())) {
                MathJax.Hub.Rerender(Reveal.getCurrentSlide());
            }
        });
    }
);
</script>
{% endblock footer_js %}
"""
    .replace("LIB", LIB)
    .replace("FIGURE_MAX_HEIGHT", str(FIGURE_MAX_HEIGHT))
    .replace("WIDGET_CAPTION", WIDGET_CAPTION)
    .replace("WIDGET_IMAGE_MAX_HEIGHT", str(WIDGET_IMAGE_MAX_HEIGHT))
    .replace("PROSE_PX", str(PROSE_PX))
    .replace("CODE_PX", str(CODE_PX))
)


def chapter_notebooks(folder: Path = REPO / "chapters") -> list[Path]:
    """The chapters' notebooks, in order: ``NN_name.ipynb``."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def slides_exporter():
    """nbconvert's SlidesExporter set up for offline decks: every asset URL points into ``lib/``."""
    from jinja2 import DictLoader
    from nbconvert import SlidesExporter

    return SlidesExporter(
        extra_loaders=[DictLoader({"gan_course_slides.j2": _TEMPLATE})],
        template_file="gan_course_slides.j2",
        reveal_url_prefix=f"{LIB}/reveal.js",
        reveal_theme="white",  # the other themes load web fonts
        exclude_input_prompt=True,  # In [3]: means nothing to an audience
        exclude_output_prompt=True,
        require_js_url=f"{LIB}/require.js",
        jquery_url=f"{LIB}/jquery.min.js",
        mathjax_url=f"{LIB}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
        widget_renderer_url=f"{LIB}/html-manager/embed-amd.js",
    )


def wait_for_widgets(page, timeout_ms: int) -> int:
    """Wait until every widget view stored in an open deck (a Playwright page) has rendered; return their count."""
    views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if views:
        page.wait_for_function(
            "n => document.querySelectorAll('.widget-subarea > .jupyter-widgets').length >= n", arg=views,
            timeout=timeout_ms,
        )  # fmt: skip
    return views


def build_deck(notebook: Path, out: Path = SLIDES_DIR, exporter=None) -> Path:
    """Convert ``notebook`` (with its stored outputs and widget state) into ``out/<name>.slides.html``."""
    import nbformat

    notebook = Path(notebook)
    exporter = exporter or slides_exporter()
    nb = deck_notebook(nbformat.read(notebook, as_version=4), notebook.stem)
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
