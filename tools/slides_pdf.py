"""PDF handouts: every chapter's deck printed by headless Chromium, one 1280 x 800 page per slide.

    python -m tools.slides_pdf [--out build/slides/pdf] [chapters/NN_name.ipynb ...]

Builds the decks first (as ``python -m tools.slides`` does), opens each with reveal.js's ``?print-pdf`` layout
(every slide a page; no fragments; ``pdfMaxPagesPerSlide: 1``), waits for MathJax, the figures and the stored
widgets, and prints it to ``NN_name.pdf``. Needs Debian's ``chromium`` and Playwright (``make slides-pdf``
installs both, as ``make browser-check`` does). Prints one line per deck (pages, size) and, last, one JSON line.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

from tools.slides import LIB, SLIDES_DIR, build_slides, chapter_notebooks, wait_for_widgets

__all__ = ["PDF_DIR", "count_pages", "print_decks"]

PDF_DIR = SLIDES_DIR / "pdf"
_WAIT_MS = 180_000  # a deck with many figures and formulas on a busy 2-core machine
_CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
_READY = (
    "() => window.require && document.querySelector('.reveal.ready')"
    " && (!window.MathJax || (MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running))"
    " && [...document.images].every(i => i.complete)"
)


def count_pages(pdf: bytes) -> int:
    """The number of pages of a PDF: its ``/Type /Page`` objects (Chromium writes no compressed object streams)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def _local_only(route) -> None:
    url = route.request.url
    if url.startswith(("file:", "data:", "blob:", "about:")):
        route.continue_()
    else:
        route.abort("blockedbyclient")


def _wait_until_drawn(page, deck: Path) -> None:
    """Wait for reveal.js, MathJax, the figures and the stored widgets; a RuntimeError naming the deck otherwise."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(_READY, timeout=_WAIT_MS)
        wait_for_widgets(page, _WAIT_MS)
    except PlaywrightTimeout:
        raise RuntimeError(f"{deck.name} was not drawn within {_WAIT_MS // 1000} s (reveal.js, MathJax, figures, "
                           "widgets); open it in a browser to see what is missing, then run the command again"
                           ) from None


def print_decks(decks: list[Path], out: Path = PDF_DIR) -> list[dict]:
    """Print each deck to ``out/<chapter>.pdf``; one record (pdf, pages, slides, images, bytes) per deck."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        raise RuntimeError("chromium is missing: run `make slides-pdf` (it installs it) or `apt-get install chromium`")
    out.mkdir(parents=True, exist_ok=True)
    records = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=_CHROMIUM_ARGS, headless=True)
        for deck in decks:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route("**/*", _local_only)  # a deck needs nothing from the network
            page.goto(deck.as_uri() + "?print-pdf")
            _wait_until_drawn(page, deck)
            module = f"{LIB}/reveal.js/dist/reveal.js"
            slides = page.evaluate(f"() => new Promise(ok => require(['{module}'], R => ok(R.getTotalSlides())))")
            page.wait_for_timeout(500)  # reveal.js lays the print pages out after 'ready'
            target = out / deck.name.replace(".slides.html", ".pdf")
            page.pdf(path=str(target), width="1280px", height="800px", print_background=True,
                     prefer_css_page_size=True)  # fmt: skip
            page.close()
            data = target.read_bytes()
            images = len(re.findall(rb"/Subtype\s*/Image", data))
            records.append({"pdf": target.name, "pages": count_pages(data), "slides": slides, "images": images,
                            "bytes": len(data)})  # fmt: skip
        browser.close()
    return records


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.slides_pdf", description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="chapters/NN_name.ipynb (default: every chapter)")
    parser.add_argument("--out", type=Path, default=PDF_DIR, help="where the PDFs go (default: build/slides/pdf)")
    args = parser.parse_args(argv)
    try:
        decks = build_slides(args.notebooks or chapter_notebooks(), SLIDES_DIR)
        records = print_decks(decks, args.out)
    except ImportError:
        print("Playwright is missing: run `make slides-pdf` or `pip install -e '.[browser]'`", file=sys.stderr)
        return 1
    except (RuntimeError, ValueError) as err:
        print(f"PDFs not written: {err}", file=sys.stderr)
        return 1
    for r in records:
        print(f"wrote {args.out / r['pdf']}: {r['pages']} pages for {r['slides']} slides, {r['images']} images, "
              f"{r['bytes'] / 1e6:.2f} MB")
    mismatched = [r["pdf"] for r in records if r["pages"] != r["slides"]]
    print(json.dumps({"pdfs": len(records), "pages": sum(r["pages"] for r in records),
                      "megabytes": round(sum(r["bytes"] for r in records) / 1e6, 2),
                      "page_per_slide": not mismatched}))  # fmt: skip
    if mismatched:
        print(f"a page per slide expected, but not in {mismatched}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
