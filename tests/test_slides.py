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
    nb.cells.append(_title_cell())
    nb.cells.append(cell)
    path = tmp_path / "99_widgets.ipynb"
    nbformat.write(nb, path)
    html = build_deck(path, tmp_path).read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-state+json" in html and '"value": 7' in html
    refs = scan_references(html)
    assert refs.external == [], refs.external
    assert f"{LIB}/html-manager/embed-amd.js" in refs.local


# ---------------------------------------------------------------- what a deck shows (tools.deck_layer)
def test_deck_code_drops_test_markers_claims_and_imports():
    from tools.deck_layer import deck_code

    source = (
        "# NBVAL_CHECK_OUTPUT\nimport torch\nfrom gan_course import metrics\n\nx = torch.ones(3)\n"
        "for v in x:\n    print(v)\n    # the band, measured over seeds\n    claim('v is 1', v, at_least=1)\n"
        "for v in x:\n    claim('again', v, at_most=1)\n"
        "claim('three values', len(x),\n      at_least=3)\nprint(metrics)\n"
    )
    assert deck_code(source) == "x = torch.ones(3)\nfor v in x:\n    print(v)\nprint(metrics)"
    assert deck_code("def f():\n    claim('kept: a body cannot be empty', 1, at_most=2)\n").count("claim(") == 1
    assert deck_code("%matplotlib inline\n# NBVAL_IGNORE_OUTPUT\nx = 1\n") == "%matplotlib inline\nx = 1"


def _title_cell(**more):
    cell = nbformat.v4.new_markdown_cell("# Chapter 99 — Scratch\n\nThe textbook's opening paragraph.")
    cell.metadata["slide"] = {"title": "Chapter 99 — Scratch", "sources": ["An article (2014)"], **more}
    return cell


def _cell(kind, source, slide=None, outputs=(), tags=(), slide_type=None):
    cell = nbformat.v4.new_code_cell(source, outputs=list(outputs)) if kind == "code" else \
        nbformat.v4.new_markdown_cell(source)  # fmt: skip
    if slide is not None:
        cell.metadata["slide"] = slide
    if slide_type:
        cell.metadata["slideshow"] = {"slide_type": slide_type}
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


PNG = nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})
PRINTED = nbformat.v4.new_output("stream", name="stdout", text="claim holds: x (measured 1)\nresult 7\n")
REPR = nbformat.v4.new_output("execute_result", data={"text/plain": "TrainConfig(steps=3)"}, execution_count=1)
TABLE = nbformat.v4.new_output("execute_result", execution_count=2,
                               data={"text/html": "<table><tr><td>7</td></tr></table>", "text/plain": "7"})


def _slides(deck):
    """[(title line, [shown output kinds], notes text)] per slide of a deck notebook."""
    out = []
    for cell in deck.cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type")
        if kind == "slide":
            out.append([cell.source.splitlines()[0] if "deck-title" not in cell.metadata.get("tags", [])
                        else "title", [], ""])  # fmt: skip
        elif kind == "notes":
            out[-1][2] += cell.source
        else:
            out[-1][1] += [k for o in cell.outputs for k in o.get("data", {}) if k != "text/plain"]
            if not cell.metadata.get("transient", {}).get("remove_source"):
                out[-1][1].append(f"code: {cell.source}")
    return out


def test_a_deck_is_slides_from_the_layer_with_the_textbook_in_notes():
    from tools.deck_layer import COURSE, deck_notebook

    nb = nbformat.v4.new_notebook(cells=[
        _title_cell(points=["one", "two"]),
        _cell("code", "import torch\nsetup = 1", slide_type="skip"),
        _cell("markdown", "## Section A\n\nA's long paragraph.", {"title": "Section A", "points": ["a1", "a2"]}),
        _cell("markdown", "More of A's text."),
        _cell("code", "print('result', 7)\nclaim('x', 1, at_least=1)\nconfig", outputs=[PRINTED, REPR]),
        _cell("code", "plt.plot([1])", outputs=[PNG]),  # after bullets: a slide of its own, the section's title
        _cell("markdown", "What the figure shows."),
        _cell("markdown", "## Section B", {"title": "Section B"}),
        _cell("code", "table", outputs=[TABLE]),  # B has no bullets: the table joins B's slide
        _cell("code", "plt.plot([2])", {"title": "A figure", "points": ["look here"], "notes": "Say this."},
              outputs=[PNG], tags=["show-input"]),
    ])  # fmt: skip
    deck = deck_notebook(nb)
    assert _slides(deck) == [
        ["title", [], ""],
        ["## In this chapter", [], "# Chapter 99 — Scratch\n\nThe textbook's opening paragraph."],
        ["## Section A", [], "## Section A\n\nA's long paragraph.\n\nMore of A's text."],
        ["## Section A", ["image/png"], "What the figure shows."],
        ["## Section B", ["text/html"], "## Section B"],
        ["## A figure", ["image/png", "code: plt.plot([2])"], "Say this."],
    ]
    assert COURSE in deck.cells[0].source and "After: An article (2014)" in deck.cells[0].source
    assert "- one\n- two" in deck.cells[1].source
    assert "look here" in deck.cells[-3].source
    shown = [o for c in deck.cells if c.cell_type == "code" for o in c.outputs]
    assert all(o["output_type"] == "display_data" and "execution_count" not in o for o in shown)
    assert "slide" not in str([c.metadata.get("slideshow") for c in nb.cells[2:]])  # the notebook is untouched
    assert all(c.metadata["slideshow"]["slide_type"] in ("slide", "notes", "-") for c in deck.cells)


def test_a_progress_bar_is_dropped_and_a_widget_with_controls_is_a_captioned_snapshot():
    from tools.deck_layer import deck_notebook

    state = {"bar": {"model_name": "FloatProgressModel", "state": {}},
             "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_aa", "IPY_MODEL_bb"]}},
             "aa": {"model_name": "FloatSliderModel", "state": {}}, "bb": {"model_name": "ImageModel", "state": {}}}
    nb = nbformat.v4.new_notebook(cells=[_title_cell()] + [
        _cell("code", name, outputs=[nbformat.v4.new_output("display_data", data={
            "application/vnd.jupyter.widget-view+json": {"model_id": name}, "text/plain": name})])
        for name in ("bar", "box")])  # fmt: skip
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": state}}
    deck = deck_notebook(nb)
    widgets = [c for c in deck.cells if c.cell_type == "code"]
    assert len(widgets) == 1 and {"deck-widget", "deck-widget-one-figure"} <= set(widgets[0].metadata["tags"])


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ([_cell("markdown", "# T")], "first cell has no slide"),
        ([_cell("markdown", "# T", {"title": "T"})], "needs \"sources\""),
        ([_title_cell(), _cell("markdown", "## A", {"points": ["x"]})], "a slide needs a \"title\""),
        ([_title_cell(), _cell("markdown", "## A", "A")], "slide must be a mapping"),
        ([_title_cell(), _cell("markdown", "## A", {"title": "A", "points": ["p"] * 6})], "6 points, at most 5"),
        ([_title_cell(), _cell("markdown", "## A", {"title": "A", "points": "p"})], "list of short texts"),
        ([_title_cell(), _cell("markdown", "## A", {"title": "A", "bullets": ["p"]})], "unknown slide keys"),
        ([_title_cell(), _cell("code", "x", {"title": 3})], "\"title\" must be text"),
        ([_title_cell(), _cell("code", "x", {"notes": ""})], "\"notes\" must be text"),
        ([_title_cell(), _cell("code", "x", {"title": "X", "points": ["a", "b", "c"]})], "3 points, at most 2"),
    ],
)
def test_an_unsound_layer_is_named_in_words(cells, expected):
    from tools.deck_layer import deck_notebook, layer_problems

    nb = nbformat.v4.new_notebook(cells=cells)
    assert any(expected in p for p in layer_problems(nb, "99_scratch")), layer_problems(nb, "99_scratch")
    with pytest.raises(ValueError, match="slide layer is unsound"):
        deck_notebook(nb, "99_scratch")


def test_a_long_show_input_cell_is_refused_with_what_to_do():
    from tools.deck_layer import MAX_CODE_LINES, deck_notebook

    long = "\n".join(f"a{i} = {i}" for i in range(MAX_CODE_LINES + 1))
    nb = nbformat.v4.new_notebook(cells=[_title_cell(), _cell("code", long, outputs=[PNG], tags=["show-input"])])
    with pytest.raises(ValueError, match="shorten it, or drop the tag"):
        deck_notebook(nb)


def test_slide_text_is_what_the_audit_reads():
    from tools.audit import mentions
    from tools.deck_layer import slide_text

    cell = _cell("code", "x", {"title": "KS falls to 0.021", "points": ["in 13.1 s"]})
    assert slide_text(cell) == "KS falls to 0.021\nin 13.1 s"
    assert [m.text for m in mentions(slide_text(cell))] == ["0.021", "13.1 s"]


@pytest.mark.parametrize("notebook", chapter_notebooks(), ids=lambda p: p.stem)
def test_chapter_decks_show_no_test_markers(notebook):
    from tools.deck_layer import deck_notebook

    for cell in deck_notebook(nbformat.read(notebook, as_version=4), notebook.stem).cells:
        if cell.metadata.get("slideshow", {}).get("slide_type") == "notes":
            continue
        shown = "" if cell.metadata.get("transient", {}).get("remove_source") else cell.source
        for out in cell.get("outputs", []):
            shown += out.get("text", "") + str(out.get("data", {}).get("text/html", ""))
        assert "NBVAL" not in shown and "claim(" not in shown and "claim holds" not in shown, shown[:200]


def test_pdf_pages_are_counted_without_the_page_tree():
    from tools.slides_pdf import count_pages

    pdf = b"%PDF-1.4\n1 0 obj <</Type /Pages /Kids [2 0 R 3 0 R]>>\n2 0 obj <</Type /Page>>\n3 0 obj <</Type/Page\n>>"
    assert count_pages(pdf) == 2
