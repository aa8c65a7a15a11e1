"""The slide decks reference nothing outside their folder (no npm, no browser needed: the assets are faked)."""

import nbformat
import pytest

from tools.slides import ASSETS, LIB, build_deck, chapter_notebooks, copy_assets, offline_problems, scan_references

CHAPTER_01 = chapter_notebooks()[0]


@pytest.fixture(scope="module")
def deck_01(tmp_path_factory):
    return build_deck(CHAPTER_01, tmp_path_factory.mktemp("slides"))


def test_chapter_01_deck_loads_only_files_beside_it(deck_01):
    html = deck_01.read_text(encoding="utf-8")
    refs = scan_references(html, own_text="")
    assert refs.external == [], refs.external
    shipped = [f"{LIB}/{dst}" for _, dst in ASSETS]
    for url in refs.local:
        assert any(url.split("?")[0].startswith(d) for d in shipped), f"{url} is not one of the copied assets"
    # the deck does load reveal.js, require.js, jQuery and MathJax, and shows the chapter's figures inline
    for asset in ("reveal.js/dist/reveal.js", "require.js", "jquery.min.js", "mathjax/MathJax.js"):
        assert any(u.startswith(f"{LIB}/{asset}") for u in refs.local), asset
    assert 'src="data:image/png;base64,' in html
    assert "lib/reveal.js/dist/theme/white.css" in html


def test_chapter_01_deck_is_complete_once_assets_are_copied(deck_01, tmp_path):
    modules = tmp_path / "node_modules"  # a stand-in for npm's folder: the files the deck needs, found via ASSETS
    for url in scan_references(deck_01.read_text(encoding="utf-8")).local:
        path = url.split("?")[0].removeprefix(f"{LIB}/")
        src, dst = next((s, d) for s, d in ASSETS if path == d or path.startswith(d + "/"))
        fake = modules / (src + path.removeprefix(dst))
        fake.parent.mkdir(parents=True, exist_ok=True)
        fake.write_text("/* stand-in */")
    for src, _ in ASSETS:  # the assets this deck does not load (licences, the widgets renderer): empty
        if not (modules / src).exists():
            (modules / src).mkdir(parents=True)
    assert offline_problems(deck_01, CHAPTER_01, check_files=True), "assets not copied yet: files must be missing"
    copy_assets(deck_01.parent, modules)
    assert offline_problems(deck_01, CHAPTER_01, check_files=True) == []


def test_nbconvert_defaults_are_caught(tmp_path):
    from nbconvert import SlidesExporter

    html, _ = SlidesExporter().from_filename(str(CHAPTER_01))
    external = " ".join(scan_references(html).external)
    assert "unpkg.com/reveal.js" in external and "require.js" in external and "mathjax" in external.lower()
    assert "mermaid" in external  # the template's ES-module import, a string inside a <script>


@pytest.mark.parametrize(
    "html",
    [
        '<img src="https://example.org/a.png">',
        '<script src="//cdn.example.org/x.js"></script>',
        '<link rel="stylesheet" href="http://example.org/x.css">',
        '<img srcset="a.png 1x, https://example.org/b.png 2x">',
        '<div style="background: url(https://example.org/bg.png)"></div>',
        "<style>@import 'https://fonts.example.org/css';</style>",
        "<style>.a { src: url('//example.org/font.woff') }</style>",
        "<script>var s = 'https://unpkg.com/x.js';</script>",
        "<script type=\"module\">import m from 'https://cdn.example.org/m.mjs';</script>",
        '<script type="application/vnd.jupyter.widget-state+json">{"value": "<img src=\\"https://e.org/a.png\\">"}'
        "</script>",
        '<script src="../outside.js"></script>',
        '<script src="/usr/share/javascript/x.js"></script>',
        '<script src="file:///usr/share/javascript/x.js"></script>',
        '<a href="https://example.org/not-in-the-text">link</a>',
    ],
)
def test_each_kind_of_external_reference_is_caught(html):
    assert scan_references(html, own_text="see https://arxiv.org/abs/1406.2661").external


@pytest.mark.parametrize(
    "html",
    [
        '<a href="https://arxiv.org/abs/1406.2661">Goodfellow et al.</a>',  # written in the notebook's markdown
        '<a href="#Summary">¶</a>',
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
        "<style>/* see https://example.org/ */ .a { color: red }</style>",
        "<script>// options: https://github.com/hakimel/reveal.js#configuration\nrequire(['lib/reveal.js']);</script>",
        "<p>Plain text naming https://example.org is not a reference.</p>",
        '<script src="lib/require.js"></script>',
    ],
)
def test_local_files_text_and_the_notebooks_own_links_pass(html):
    assert scan_references(html, own_text="see https://arxiv.org/abs/1406.2661").external == []


def test_stored_widget_state_is_embedded_and_rendered_locally(tmp_path):
    """nbclient stores widget state in the notebook's metadata; the deck embeds it with a local renderer."""
    state = {"model_name": "IntSliderModel", "model_module": "@jupyter-widgets/controls"}
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {
        "application/vnd.jupyter.widget-state+json": {
            "version_major": 2,
            "version_minor": 0,
            "state": {"abc": {"model_name": "IntSliderModel", "model_module": "@jupyter-widgets/controls",
                              "model_module_version": "2.0.0", "state": {**state, "value": 7}}},
        }
    }  # fmt: skip
    view = {"version_major": 2, "version_minor": 0, "model_id": "abc"}
    data = {"application/vnd.jupyter.widget-view+json": view, "text/plain": "IntSlider(value=7)"}
    cell = nbformat.v4.new_code_cell("slider", outputs=[nbformat.v4.new_output("display_data", data=data)])
    cell.metadata["slideshow"] = {"slide_type": "slide"}
    nb.cells.append(cell)
    path = tmp_path / "99_widgets.ipynb"
    nbformat.write(nb, path)
    html = build_deck(path, tmp_path).read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-state+json" in html and '"value": 7' in html
    refs = scan_references(html)
    assert refs.external == [], refs.external
    assert f"{LIB}/html-manager/embed-amd.js" in refs.local
