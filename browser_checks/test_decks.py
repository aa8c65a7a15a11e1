"""Each chapter's deck, opened from disk in headless chromium, works with no network and fits its slides.

reveal.js starts, MathJax typesets every formula without a TeX error, every figure loads, stored widgets
render, and no request leaves the machine. Then every slide is shown in turn at the deck's design size
(1280 x 800), with all its fragments, and screenshotted to build/screenshots/decks/NN_name/HH_VV.png. A slide
fails when its content is taller or wider than the slide (it would scroll, or be cut off), or when a test
marker (``NBVAL``, ``claim(``, ``claim holds``) is visible on it. The slide counts and every problem found are
written to build/screenshots/decks/NN_name/slides.json.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import RequestLog

from tools.slides import LIB, SLIDES_DIR, build_slides, chapter_notebooks

NOTEBOOKS = chapter_notebooks()
TIMEOUT_MS = 60_000
SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 800  # the decks' design size (tools.slides.slides_exporter)
TOLERANCE_PX = 2  # sub-pixel rounding of the layout
# Test machinery that must not reach the audience: nbval's markers and the chapters' claim checks.
TEST_MARKERS = re.compile(r"NBVAL|\bclaim\(|claim holds")


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

    # every slide, with all its fragments shown: screenshot, size, test markers
    problems, slides = _walk_slides(page, screenshots / "decks" / notebook.stem)
    report = {"deck": deck.name, "slides": len(slides), "problems": problems, "sizes": slides}
    (screenshots / "decks" / notebook.stem / "slides.json").write_text(json.dumps(report, indent=1))
    print(f"{deck.name}: {len(slides)} slides, {len(problems)} with problems")

    assert log.outside == [], f"{deck.name}: requests that left the machine: {log.outside}"
    assert log.failed == [], f"{deck.name}: requests that failed: {log.failed}"
    assert log.errors == [], f"{deck.name}: errors in the page: {log.errors}"
    assert any(u.endswith("reveal.js/dist/reveal.js") for u in log.requests)
    assert problems == [], f"{deck.name}: slides that do not fit or show test markers:\n" + "\n".join(problems)
    page.close()


_MATHJAX_IDLE = (
    "() => !window.MathJax || (MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running"
    " && document.querySelectorAll('.MathJax_Processing').length === 0)"
)
# One slide's measurements: its content's size against the design size, and the visible text.
_MEASURE = """slide => ({
    height: slide.scrollHeight,
    width: slide.scrollWidth,
    text: slide.innerText,
    title: (slide.querySelector('h1, h2, h3') || {innerText: ''}).innerText.replace(/\\s+/g, ' ').trim(),
})"""


def _walk_slides(page, folder):
    """Show every slide (h, v) with all its fragments; return (problems, one record per slide)."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    _reveal(page, "(Reveal.configure({transition: 'none', backgroundTransition: 'none'}), true)")
    indices = _reveal(page, "Reveal.getSlides().map(s => Reveal.getIndices(s))")
    problems, records = [], []
    for i in indices:
        h, v = i["h"], i.get("v") or 0
        n_fragments = page.evaluate(
            "([h, v]) => { const s = document.querySelectorAll('.reveal .slides > section')[h];"
            " const leaf = s.querySelector(':scope > section') ? s.querySelectorAll(':scope > section')[v] : s;"
            " return leaf.querySelectorAll('.fragment').length; }", [h, v],
        )  # fmt: skip
        _reveal(page, f"(Reveal.slide({h}, {v}, {n_fragments - 1}), true)")
        page.wait_for_timeout(150)  # the deck queues MathJax's re-rendering of the slide on 'slidechanged'
        page.wait_for_function(_MATHJAX_IDLE, timeout=TIMEOUT_MS)
        page.wait_for_timeout(100)  # the layout after the slide change
        m = page.evaluate(f"() => ({_MEASURE})(document.querySelector('.reveal .slides section.present:not("
                          f".stack)'))")  # fmt: skip
        where = f"slide {h + 1}.{v + 1} ({m['title'][:50] or 'no title'})"
        page.screenshot(path=folder / f"{h + 1:02d}_{v + 1:02d}.png")
        if m["height"] > SLIDE_HEIGHT + TOLERANCE_PX:
            problems.append(f"{where}: {m['height']} px tall, the slide is {SLIDE_HEIGHT}")
        if m["width"] > SLIDE_WIDTH + TOLERANCE_PX:
            problems.append(f"{where}: {m['width']} px wide, the slide is {SLIDE_WIDTH}")
        marker = TEST_MARKERS.search(m["text"])
        if marker:
            problems.append(f"{where}: shows the test marker {marker.group(0)!r}")
        records.append({"h": h + 1, "v": v + 1, "title": m["title"], "height": m["height"], "width": m["width"]})
    return problems, records


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
