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


# ---------------------------------------------------------------- what a deck shows (tools.slides.deck_notebook)
def test_deck_code_drops_test_markers_claims_and_imports():
    from tools.slides import deck_code

    source = (
        "# NBVAL_CHECK_OUTPUT\nimport torch\nfrom gan_course import metrics\n\nx = torch.ones(3)\n"
        "for v in x:\n    print(v)\n    # the band, measured over seeds\n    claim('v is 1', v, at_least=1)\n"
        "for v in x:\n    claim('again', v, at_most=1)\n"
        "claim('three values', len(x),\n      at_least=3)\nprint(metrics)\n"
    )
    assert deck_code(source) == "x = torch.ones(3)\nfor v in x:\n    print(v)\nprint(metrics)"
    assert deck_code("def f():\n    claim('kept: a body cannot be empty', 1, at_most=2)\n").count("claim(") == 1
    assert deck_code("%matplotlib inline\n# NBVAL_IGNORE_OUTPUT\nx = 1\n") == "%matplotlib inline\nx = 1"


def _cell(kind, source, slide_type=None, outputs=(), tags=()):
    cell = nbformat.v4.new_code_cell(source, outputs=list(outputs)) if kind == "code" else \
        nbformat.v4.new_markdown_cell(source)  # fmt: skip
    if slide_type:
        cell.metadata["slideshow"] = {"slide_type": slide_type}
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def test_deck_notebook_hides_code_that_is_not_the_point():
    from tools.slides import MAX_CODE_LINES, deck_notebook

    png = nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="})
    printed = nbformat.v4.new_output("stream", name="stdout", text="claim holds: x (measured 1)\nresult 7\n")
    true = nbformat.v4.new_output("execute_result", data={"text/plain": "True"}, execution_count=1)
    long = "\n".join(f"a{i} = {i}" for i in range(MAX_CODE_LINES + 1))
    nb = nbformat.v4.new_notebook(cells=[
        _cell("markdown", "## Title", "slide"),
        _cell("code", "import numpy as np\nplt.plot([1])", "subslide", [png]),  # a figure: output only
        _cell("code", long, "subslide"),  # long, nothing shown: dropped, its subslide moves on
        _cell("code", "print('result', 7)\nclaim('x', 1, at_least=1)", "fragment", [printed, true]),
        _cell("code", "short = 1", "fragment", tags=["hide-input"]),  # hidden, nothing shown: dropped
        _cell("code", "plt.plot([2])", "subslide", [png], tags=["show-input"]),
        _cell("code", "setup = 1", "skip"),
    ])  # fmt: skip
    cells = deck_notebook(nb).cells
    hidden = [c.metadata.get("transient", {}).get("remove_source", False) for c in cells]
    assert [c.source.splitlines()[0] for c in cells] == ["## Title", "plt.plot([1])", "print('result', 7)",
                                                         "plt.plot([2])", "setup = 1"]  # fmt: skip
    assert hidden == [False, True, False, False, False]
    assert cells[2].metadata["slideshow"]["slide_type"] == "subslide"  # the dropped cell's slide starts here
    assert cells[2].outputs == [printed | {"text": "result 7\n"}]  # no claim line, no True
    assert "claim" not in cells[2].source
    assert len(nb.cells) == 7 and "transient" not in nb.cells[1].metadata  # the notebook itself is untouched


@pytest.mark.parametrize("notebook", chapter_notebooks(), ids=lambda p: p.stem)
def test_chapter_decks_show_no_test_markers(notebook):
    from tools.slides import deck_notebook

    for cell in deck_notebook(nbformat.read(notebook, as_version=4)).cells:
        if cell.cell_type != "code" or cell.metadata.get("slideshow", {}).get("slide_type") == "skip":
            continue
        shown = "" if cell.metadata.get("transient", {}).get("remove_source") else cell.source
        shown += "".join(o.get("text", "") for o in cell.outputs)
        assert "NBVAL" not in shown and "claim(" not in shown and "claim holds" not in shown, shown[:200]
