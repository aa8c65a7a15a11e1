"""Each chapter's deck, opened from disk in headless chromium, works offline and can be projected in a room.

reveal.js starts, MathJax typesets every formula without a TeX error, every figure loads, stored widgets
render, and no request leaves the machine. Then every slide is shown in turn at the deck's design size
(1280 x 800) and screenshotted to build/screenshots/decks/NN_name/NN.png, and measured (``measure_slide``):
the smallest prose font and the smallest code/output font on screen (CSS size times reveal.js's scale), the
words outside code and the title, whether it has a title and speaker notes, and whether its content is
taller or wider than the slide. The Right arrow is pressed from the first slide until it stops, counting the
slides it reaches, and the slide number must be on screen. A deck fails (``deck_shortfalls``) unless:

* the Right arrow reaches every slide, and slide numbers show;
* at least ``MIN_SHARE_SIZED`` of the slides with prose show it at >= ``PROSE_MIN_PX`` and of those with code or
  output at >= ``CODE_MIN_PX``;
* at least ``MIN_SHARE_SHORT`` of the slides carry at most ``MAX_WORDS`` words;
* at least ``MIN_SHARE_NOTES`` of the content slides (all but the title slide) have speaker notes;
* at most ``MAX_SHARE_UNTITLED`` of the slides are untitled; none overflows or shows a test marker.

Per deck, the figures go to build/screenshots/decks/NN_name/slides.json and one line of the test's output;
build/screenshots/decks/summary.json holds them all.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import RequestLog

from tools.slides import LIB, SLIDES_DIR, build_slides, chapter_notebooks, copy_assets, wait_for_widgets

NOTEBOOKS = chapter_notebooks()
TIMEOUT_MS = 60_000
SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 800  # the decks' design size (tools.slides.slides_exporter)
TOLERANCE_PX = 2  # sub-pixel rounding of the layout
# Test machinery that must not reach the audience: nbval's markers and the chapters' claim checks.
TEST_MARKERS = re.compile(r"NBVAL|\bclaim\(|claim holds")
PROSE_MIN_PX, CODE_MIN_PX = 24, 18  # on screen, at 1280 x 800
MAX_WORDS = 60
MIN_SHARE_SIZED, MIN_SHARE_SHORT, MIN_SHARE_NOTES, MAX_SHARE_UNTITLED = 0.95, 0.90, 0.90, 0.10
SUMMARY: dict[str, dict] = {}  # per deck, filled as the decks are checked
SLIDES: dict[str, list[dict]] = {}


@pytest.fixture(scope="module")
def lib():
    """The decks' assets beside them, as ``make slides`` copies them."""
    return copy_assets(SLIDES_DIR)


def _reveal(page, expression: str):
    """Evaluate ``expression`` with ``Reveal`` bound to the deck's reveal.js (loaded through require.js)."""
    module = f"{LIB}/reveal.js/dist/reveal.js"
    return page.evaluate(f"() => new Promise(ok => require(['{module}'], Reveal => ok({expression})))")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.stem for n in NOTEBOOKS])
def test_deck_works_offline(notebook, lib, browser, screenshots):
    (deck,) = build_slides([notebook], SLIDES_DIR, assets=False)
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
    if wait_for_widgets(page, TIMEOUT_MS):
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

    # navigation as a clicker drives it, then every slide: screenshot and measurements
    reach = _right_arrow_reach(page)
    numbered = page.evaluate(
        "() => { const n = document.querySelector('.reveal .slide-number');"
        " return !!n && getComputedStyle(n).display !== 'none' && n.innerText.trim().length > 0; }"
    )
    folder = screenshots / "decks" / notebook.stem
    slides = _walk_slides(page, folder)
    figures = deck_figures(slides, reach, n_slides, numbered)
    shortfalls = deck_shortfalls(figures, slides)
    report = {"deck": deck.name, **figures, "shortfalls": shortfalls, "slides": slides}
    (folder / "slides.json").write_text(json.dumps(report, indent=1))
    SUMMARY[notebook.stem], SLIDES[notebook.stem] = figures, slides
    (screenshots / "decks" / "summary.json").write_text(json.dumps(SUMMARY, indent=1))
    print(f"{deck.name}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))

    assert log.outside == [], f"{deck.name}: requests that left the machine: {log.outside}"
    assert log.failed == [], f"{deck.name}: requests that failed: {log.failed}"
    assert log.errors == [], f"{deck.name}: errors in the page: {log.errors}"
    assert any(u.endswith("reveal.js/dist/reveal.js") for u in log.requests)
    assert shortfalls == [], f"{deck.name} falls short:\n" + "\n".join(shortfalls)
    page.close()


def test_all_decks_together(screenshots):
    """The standards over all decks at once (each deck also meets them alone, above)."""
    missing = [n.stem for n in NOTEBOOKS if n.stem not in SUMMARY]
    if missing:
        pytest.skip(f"the decks of {missing} were not checked in this run")
    slides = [s for name in SUMMARY for s in SLIDES[name]]
    total = sum(f["slides"] for f in SUMMARY.values())
    reach = sum(f["reached_by_right_arrow"] for f in SUMMARY.values())
    figures = deck_figures(slides, reach, total, all(f["slide_numbers"] for f in SUMMARY.values()))
    figures["content_with_notes"] = round(
        sum(1 for n in SLIDES for s in SLIDES[n][1:] if s["notes"]) / sum(len(SLIDES[n]) - 1 for n in SLIDES), 3)
    (screenshots / "decks" / "summary.json").write_text(json.dumps({**SUMMARY, "all decks": figures}, indent=1))
    print("all decks: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    shortfalls = deck_shortfalls(figures, [])  # which slides: the decks' own reports above
    assert shortfalls == [], "the decks together fall short:\n" + "\n".join(shortfalls)


_MATHJAX_IDLE = (
    "() => !window.MathJax || (MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running"
    " && document.querySelectorAll('.MathJax_Processing').length === 0)"
)
# One slide's measurements at the design size: overflow, title, notes, words, and the smallest fonts on screen.
_MEASURE = r"""slide => {
    const scale = Reveal.getScale();
    const shown = el => { for (let e = el; e && e !== slide.parentElement; e = e.parentElement) {
        const s = getComputedStyle(e); if (s.display === 'none' || s.visibility === 'hidden') return false; }
        return true; };
    let prose = null, code = null, words = 0;
    const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent.trim();
        const el = node.parentElement;
        if (!text || el.closest('aside.notes, script, style, .MathJax_CHTML, .MathJax, mjx-container')) continue;
        if (!shown(el)) continue;
        const px = parseFloat(getComputedStyle(el).fontSize) * scale;
        const isCode = !!el.closest('pre, code, .jp-OutputArea-output, .jupyter-widgets')
            || (!!el.closest('.jp-InputArea') && !el.closest('.jp-RenderedMarkdown'));
        if (isCode) { code = code === null ? px : Math.min(code, px); continue; }
        prose = prose === null ? px : Math.min(prose, px);
        if (!el.closest('h1, h2, h3')) words += text.split(/\s+/).filter(w => /\w/.test(w)).length;
    }
    const title = slide.querySelector('h1, h2, h3');
    const notes = slide.querySelector('aside.notes');
    return {
        height: slide.scrollHeight,
        width: slide.scrollWidth,
        text: slide.innerText,
        title: title ? title.innerText.replace(/\s+/g, ' ').replace(/¶$/, '').trim() : '',
        notes: notes ? notes.textContent.trim().split(/\s+/).length : 0,
        words: words,
        prose_px: prose === null ? null : Math.round(prose * 10) / 10,
        code_px: code === null ? null : Math.round(code * 10) / 10,
    };
}"""


def _right_arrow_reach(page) -> int:
    """How many distinct slides the Right arrow reaches from the first one, pressed until nothing changes."""
    _reveal(page, "(Reveal.configure({transition: 'none'}), Reveal.slide(0, 0, 0), true)")
    page.locator(".reveal").click(position={"x": 640, "y": 400})  # focus the deck, as a presenter's first click
    page.mouse.move(0, 0)  # then out of the way of the screenshots
    _reveal(page, "(Reveal.slide(0, 0, 0), true)")
    seen, last = set(), None
    for _ in range(1000):
        where = _reveal(page, "JSON.stringify(Reveal.getIndices())")
        if where == last:
            break
        seen.add(where)
        last = where
        page.keyboard.press("ArrowRight")
    return len(seen)


def _walk_slides(page, folder) -> list[dict]:
    """Show every slide in turn; one record of measurements per slide, a screenshot each in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    _reveal(page, "(Reveal.configure({transition: 'none', backgroundTransition: 'none'}), true)")
    n = _reveal(page, "Reveal.getTotalSlides()")
    records = []
    for k in range(n):
        _reveal(page, f"(Reveal.slide({k}, 0), true)")
        page.wait_for_timeout(150)  # the deck queues MathJax's re-rendering of the slide on 'slidechanged'
        page.wait_for_function(_MATHJAX_IDLE, timeout=TIMEOUT_MS)
        page.wait_for_timeout(100)  # the layout after the slide change
        m = _reveal(page, f"({_MEASURE})(document.querySelector('.reveal .slides section.present'))")
        page.screenshot(path=folder / f"{k + 1:02d}.png")
        marker = TEST_MARKERS.search(m.pop("text"))
        records.append({"slide": k + 1, **m, "marker": marker.group(0) if marker else None})
    return records


def deck_figures(slides: list[dict], reach: int, total: int, numbered: bool) -> dict:
    """A deck's figures: reach, numbering, shares of sized, short, noted and titled slides, overflow."""
    content = slides[1:]  # the title slide carries no notes of its own
    prose = [s for s in slides if s["prose_px"] is not None]
    code = [s for s in slides if s["code_px"] is not None]

    def share(part, whole):
        return round(len(part) / len(whole), 3) if whole else 1.0

    return {
        "slides": total,
        "reached_by_right_arrow": reach,
        "slide_numbers": numbered,
        "prose_at_least_24px": share([s for s in prose if s["prose_px"] >= PROSE_MIN_PX], prose),
        "code_at_least_18px": share([s for s in code if s["code_px"] >= CODE_MIN_PX], code),
        "smallest_prose_px": min((s["prose_px"] for s in prose), default=None),
        "smallest_code_px": min((s["code_px"] for s in code), default=None),
        "at_most_60_words": share([s for s in slides if s["words"] <= MAX_WORDS], slides),
        "most_words": max((s["words"] for s in slides), default=0),
        "content_with_notes": share([s for s in content if s["notes"]], content),
        "untitled": share([s for s in slides if not s["title"]], slides),
        "overflowing": sum(1 for s in slides if _overflows(s)),
    }


def _overflows(s: dict) -> bool:
    return s["height"] > SLIDE_HEIGHT + TOLERANCE_PX or s["width"] > SLIDE_WIDTH + TOLERANCE_PX


def deck_shortfalls(figures: dict, slides: list[dict]) -> list[str]:
    """Where a deck falls short of the room's standards, one sentence each naming the slides."""
    out = []
    if figures["reached_by_right_arrow"] != figures["slides"]:
        out.append(f"the Right arrow reaches {figures['reached_by_right_arrow']} of {figures['slides']} slides")
    if not figures["slide_numbers"]:
        out.append("no slide number on screen")
    checks = [
        ("prose_at_least_24px", MIN_SHARE_SIZED, lambda s: s["prose_px"] is not None and s["prose_px"] < PROSE_MIN_PX,
         f"prose under {PROSE_MIN_PX} px"),
        ("code_at_least_18px", MIN_SHARE_SIZED, lambda s: s["code_px"] is not None and s["code_px"] < CODE_MIN_PX,
         f"code or output under {CODE_MIN_PX} px"),
        ("at_most_60_words", MIN_SHARE_SHORT, lambda s: s["words"] > MAX_WORDS, f"more than {MAX_WORDS} words"),
        ("content_with_notes", MIN_SHARE_NOTES, lambda s: s["slide"] > 1 and not s["notes"], "no speaker notes"),
    ]  # fmt: skip
    for key, least, bad, what in checks:
        if figures[key] < least:
            where = ", ".join(str(s["slide"]) for s in slides if bad(s))
            out.append(f"{figures[key]:.0%} of slides meet '{key}' (at least {least:.0%}); {what}: slides {where}")
    if figures["untitled"] > MAX_SHARE_UNTITLED:
        where = ", ".join(str(s["slide"]) for s in slides if not s["title"])
        out.append(f"{figures['untitled']:.0%} of slides untitled (at most {MAX_SHARE_UNTITLED:.0%}): slides {where}")
    for s in slides:
        if _overflows(s):
            out.append(f"slide {s['slide']} ({s['title'][:50]}): {s['width']} x {s['height']} px, the slide is "
                       f"{SLIDE_WIDTH} x {SLIDE_HEIGHT}")  # fmt: skip
        if s["marker"]:
            out.append(f"slide {s['slide']} ({s['title'][:50]}): shows the test marker {s['marker']!r}")
    return out


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
