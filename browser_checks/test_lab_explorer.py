"""Chapter 13's latent explorer, used as a student uses it: in JupyterLab, in headless chromium.

The check opens the conditional-GAN chapter in a JupyterLab on loopback (the dashboard check's server fixture),
runs every cell, then in the explorer picks another digit in the class selector and drags a noise slider with the
mouse; after each, the explorer's image must change. Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import re
import time

import pytest
from test_lab_dashboard import drag_slider, lab, open_chapter  # noqa: F401 (lab: the JupyterLab server fixture)

EXPLORER_CHAPTER = "13_*.ipynb"
DIGIT = re.compile(r"^\s*digit\s*$")  # the class selector's description (gan_course/widgets/mnist.py), not "to digit"
NOISE_SLIDER = "z[0]"
CHANGE_TIMEOUT_S = 30


@pytest.fixture(scope="module")
def explorer_chapter(browser, lab, screenshots):  # noqa: F811 (the imported fixture)
    opened = open_chapter(browser, lab, screenshots, EXPLORER_CHAPTER)
    yield opened
    opened[1].close()


def _explorer_cell(page, panel):
    """The last cell whose output has a dropdown labelled "digit" (the class selector)."""
    selector = page.locator(".widget-dropdown", has=page.locator(".widget-label", has_text=DIGIT))
    cells = panel.locator(".jp-Cell", has=selector)
    assert cells.count() >= 1, "no dropdown labelled 'digit' in the chapter: the explorer is not shown"
    return cells.last


def _image(cell) -> bytes:
    """The pixels of the explorer's large image (the first image of its output)."""
    image = cell.locator(".jp-OutputArea img").first
    image.scroll_into_view_if_needed()
    return image.screenshot()


def _changed(page, cell, before: bytes, what: str) -> bytes:
    deadline = time.monotonic() + CHANGE_TIMEOUT_S
    while time.monotonic() < deadline:
        page.wait_for_timeout(500)
        now = _image(cell)
        if now != before:
            return now
    raise AssertionError(f"the explorer's image did not change within {CHANGE_TIMEOUT_S} s of {what}")


def test_the_explorer_image_follows_the_class_selector_and_a_noise_slider(explorer_chapter, screenshots):
    name, page, panel, log = explorer_chapter
    cell = _explorer_cell(page, panel)
    before = _image(cell)
    cell.screenshot(path=screenshots / f"lab_{name}_explorer_before.png")

    select = cell.locator(".widget-dropdown", has=page.locator(".widget-label", has_text=DIGIT)).locator("select")
    old_digit = select.input_value()
    select.select_option(label="5" if old_digit != "5" else "6")
    after_digit = _changed(page, cell, before, "picking another digit")

    slider = cell.locator(".widget-slider", has=page.locator(".widget-label", has_text=NOISE_SLIDER)).first
    slider.scroll_into_view_if_needed()
    drag_slider(page, slider, f"the {NOISE_SLIDER} slider")
    _changed(page, cell, after_digit, f"dragging the {NOISE_SLIDER} slider")
    cell.screenshot(path=screenshots / f"lab_{name}_explorer_after.png")
    assert log.outside == [], f"requests that left the machine: {log.outside}"
