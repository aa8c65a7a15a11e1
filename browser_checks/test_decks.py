"""Each chapter's deck, opened from disk in headless chromium, works with no network.

reveal.js starts, MathJax typesets every formula without a TeX error, every figure loads, stored widgets
render, and no request leaves the machine. A screenshot of the first slide (and of the first slide with
widgets) goes to build/screenshots/.
"""

from __future__ import annotations

import pytest
from conftest import RequestLog

from tools.slides import LIB, SLIDES_DIR, build_slides, chapter_notebooks

NOTEBOOKS = chapter_notebooks()
TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def decks():
    """Build every deck with its assets, as ``make slides`` does."""
    return {d.name: d for d in build_slides(NOTEBOOKS, SLIDES_DIR)}


def _reveal(page, expression: str):
    """Evaluate ``expression`` with ``Reveal`` bound to the deck's reveal.js (loaded through require.js)."""
    module = f"{LIB}/reveal.js/dist/reveal.js"
    return page.evaluate(f"() => new Promise(ok => require(['{module}'], Reveal => ok({expression})))")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.stem for n in NOTEBOOKS])
def test_deck_works_offline(notebook, decks, browser, screenshots):
    deck = decks[f"{notebook.stem}.slides.html"]
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log = RequestLog(page)
    page.goto(deck.as_uri())

    # reveal.js started
    page.wait_for_function("() => window.require && document.querySelector('.reveal.ready')", timeout=TIMEOUT_MS)
    assert _reveal(page, "Reveal.isReady()") is True
    n_slides = _reveal(page, "Reveal.getTotalSlides()")
    assert n_slides > 1, f"{deck.name} has {n_slides} slide"

    # MathJax typeset every formula (MathJax 2 keeps each source in a <script type="math/tex">)
    page.wait_for_function(
        "() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running"
        " && document.querySelectorAll('.MathJax_Processing, .MathJax_Preview:not(:empty)').length === 0",
        timeout=TIMEOUT_MS,
    )
    sources = page.locator('script[type^="math/tex"]').count()
    rendered = page.locator(".MathJax_CHTML").count()
    has_maths = "$" in "".join(c.source for c in _markdown_cells(notebook))
    if has_maths:
        assert sources > 0, f"{deck.name}: the chapter has maths but MathJax typeset none of it"
    assert rendered == sources, f"{deck.name}: {sources} formulas, {rendered} typeset"
    tex_errors = page.locator(".mjx-merror").all_inner_texts()
    assert tex_errors == [], f"{deck.name}: TeX errors {tex_errors}"

    # stored widget state renders (a dashboard's last view), then every figure has loaded
    views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if views:
        page.wait_for_function(
            "n => document.querySelectorAll('.widget-subarea > .jupyter-widgets').length >= n", arg=views,
            timeout=TIMEOUT_MS,
        )  # fmt: skip
        hidden = page.evaluate(  # reveal.js's CSS must not hide parts of widgets (it styles .progress, .controls)
            "() => [...document.querySelectorAll('.widget-subarea .progress, .widget-subarea .progress-bar')]"
            ".filter(e => getComputedStyle(e).display === 'none')"
            ".map(e => e.className)"
        )
        assert hidden == [], f"{deck.name}: parts of progress widgets are hidden: {hidden}"
    page.wait_for_function("() => [...document.images].every(i => i.complete)", timeout=TIMEOUT_MS)
    broken = page.evaluate(  # an image hidden on purpose (display: none on the img itself) is not shown
        "() => [...document.images].filter(i => !i.naturalWidth && getComputedStyle(i).display !== 'none')"
        ".map(i => i.src.slice(0, 80))"
    )
    assert broken == [], f"{deck.name}: figures that did not load: {broken}"
    n_images = page.evaluate("() => document.images.length")
    assert n_images >= sum(_figures(notebook)), f"{deck.name}: {n_images} images shown"

    # screenshots: the first slide, and the first slide holding widgets
    _reveal(page, "Reveal.slide(0, 0, 0)")
    page.wait_for_timeout(800)  # the slide transition
    page.screenshot(path=screenshots / f"slides_{notebook.stem}.png")
    if views:
        _reveal(page, "(s => Reveal.slide(s.h, s.v))(Reveal.getIndices(document.querySelector('.widget-subarea')"
                      ".closest('section')))")  # fmt: skip
        page.wait_for_timeout(800)
        page.evaluate("() => document.querySelector('.widget-subarea').scrollIntoView({block: 'nearest'})")
        page.screenshot(path=screenshots / f"slides_{notebook.stem}_widgets.png")

    assert log.outside == [], f"{deck.name}: requests that left the machine: {log.outside}"
    assert log.failed == [], f"{deck.name}: requests that failed: {log.failed}"
    assert log.errors == [], f"{deck.name}: errors in the page: {log.errors}"
    assert any(u.endswith("reveal.js/dist/reveal.js") for u in log.requests)
    page.close()


def _markdown_cells(notebook):
    import nbformat

    return [c for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "markdown"]


def _figures(notebook):
    """1 for each image/png or image/jpeg output the notebook stores in a shown (not skipped) cell."""
    import nbformat

    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.get("metadata", {}).get("slideshow", {}).get("slide_type") == "skip":
            continue
        for output in cell.get("outputs", []):
            if {"image/png", "image/jpeg"} & set(output.get("data", {})):
                yield 1
