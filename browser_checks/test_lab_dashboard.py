"""The 1-D training dashboard, used as a student uses it: in JupyterLab, in headless chromium.

JupyterLab runs on 127.0.0.1 (a free port, a random token) over a temporary copy of chapters/, so that
nothing it saves can touch the committed notebooks. The check opens the dashboard chapter, runs every
cell, moves the learning-rate slider with the mouse, presses the train button and requires the plot to
change; a second pair of checks runs the same steps on two tiny generated dashboards, one that redraws and
one that does not, to show that the check passes and fails when it should. Screenshots go to
build/screenshots/.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import REPO, RequestLog, free_port, wait_until_serving

# The dashboard chapter, and how its controls are labelled (gan_course/widgets/gaussian.py's descriptions).
DASHBOARD_CHAPTER = "05_*.ipynb"
LEARNING_RATE = r"/learning.rate|^lr|lr[ _(]/i"
TRAIN_BUTTON = r"/train|step/i"
RUN_ALL_TIMEOUT_MS = 540_000  # the chapter runs top to bottom, training included
PLOT_CHANGE_TIMEOUT_S = 120
DESKTOP = {"width": 1920, "height": 1200}
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on loopback over a copy of chapters/; yields (base URL, token, root folder)."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(REPO / "chapters", root / "chapters", ignore=shutil.ignore_patterns("*.pt", "outputs"))
    home = tmp_path_factory.mktemp("jupyter-home")
    settings = home / "settings"
    for plugin, values in {
        "docmanager-extension/plugin": {"autosave": False},  # never write to the notebooks
        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
        "notebook-extension/tracker": {"windowingMode": "none"},  # every cell in the page, scrolled to or not
    }.items():
        path = settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # the notebook's own inline backend
    env.update(JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "runtime"))
    log = open(home / "lab.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--LabApp.expose_app_in_browser=True", f"--LabApp.user_settings_dir={settings}",
         f"--LabApp.workspaces_dir={home / 'workspaces'}", "--LabApp.news_url=",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.extension_manager=readonly",
         *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(f"{base}/api/status?token={token}", server, log, home / "lab.log", "JupyterLab", 120)
        yield base, token, root
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _open_and_run(browser, lab, notebook: str, screenshots: Path, name: str):
    """Open ``notebook`` (relative to the lab's root) in JupyterLab, run all cells; return (page, log)."""
    base, token, _ = lab
    page = browser.new_page(viewport=DESKTOP)
    log = RequestLog(page)
    page.goto(f"{base}/lab/tree/{notebook}?reset&token={token}")  # reset: no tabs restored from a last visit
    page.wait_for_function(
        "path => { const w = window.jupyterapp && jupyterapp.shell.currentWidget;"
        " const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;"
        " return k && k.status === 'idle' && w.context.path === path && w.content.widgets.length > 0; }",
        arg=notebook,
        timeout=120_000,
    )
    page.evaluate("() => jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(
        "() => { const w = jupyterapp.shell.currentWidget; const k = w.sessionContext.session.kernel;"
        " return k.status === 'idle' && w.content.widgets.every(c => c.model.type !== 'code'"
        " || (c.model.executionCount !== null && c.promptNode.textContent.indexOf('*') < 0)); }",
        timeout=RUN_ALL_TIMEOUT_MS,
        polling=500,
    )
    panel = page.locator("#" + page.evaluate("() => jupyterapp.shell.currentWidget.id"))
    errors = panel.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]').all_inner_texts()
    assert errors == [], f"{notebook}: cells raised errors: {[e[-500:] for e in errors]}"
    page.screenshot(path=screenshots / f"lab_{name}_after_run_all.png")
    return page, panel, log


def _plot_bytes(cell) -> bytes:
    """The pixels of every figure (img or canvas) in the dashboard's output area, as PNG bytes."""
    figures = cell.locator(".jp-OutputArea img, .jp-OutputArea canvas")
    assert figures.count() > 0, "the dashboard shows no figure"
    return b"".join(figures.nth(i).screenshot() for i in range(figures.count()))


def _settled_plot(page, cell, seconds: float = 30.0) -> bytes:
    """The plot once two looks a second apart agree (a redraw may still be on its way)."""
    deadline = time.monotonic() + seconds
    last = _plot_bytes(cell)
    while time.monotonic() < deadline:
        page.wait_for_timeout(1000)
        now = _plot_bytes(cell)
        if now == last:
            return now
        last = now
    return last


def _slider(page):
    return page.locator(".widget-slider", has=page.locator(".widget-label", has_text=_regex(LEARNING_RATE)))


def _dashboard_cell(page, panel):
    """The last cell of the notebook with a learning-rate slider."""
    cells = panel.locator(".jp-Cell", has=_slider(page))
    assert cells.count() >= 1, f"no slider labelled {LEARNING_RATE} in the notebook"
    return cells.last


def drag_slider(page, slider_box, what: str) -> None:
    """Drag the handle of ``slider_box`` (an ipywidgets slider) a quarter of its track with the mouse, after
    checking that nothing covers it; fail unless its readout changed."""
    readout = slider_box.locator(".widget-readout")
    value_before = readout.inner_text()
    handle = slider_box.locator(".noUi-handle").first
    box = handle.bounding_box()
    track = slider_box.locator(".noUi-base").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    on_top = handle.evaluate(
        "(h, [x, y]) => { const e = document.elementFromPoint(x, y);"
        " return h.contains(e) || e.contains(h) ? '' : (e.className || e.tagName); }",
        [x, y],
    )
    assert on_top == "", f"{what} cannot be reached with the mouse: {on_top!r} covers it"
    target = track["x"] + (0.25 if x > track["x"] + track["width"] / 2 else 0.75) * track["width"]
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(target, y, steps=10)
    page.mouse.up()
    page.wait_for_timeout(300)
    assert readout.inner_text() != value_before, f"dragging {what} left its value at {value_before}"


def use_dashboard(page, panel, screenshots: Path, name: str, timeout_s: float = PLOT_CHANGE_TIMEOUT_S) -> None:
    """Move the learning-rate slider with the mouse, press the train button; fail unless the plot changes."""
    cell = _dashboard_cell(page, panel)
    slider_box = cell.locator(_slider(page)).first
    slider_box.scroll_into_view_if_needed()
    before = _settled_plot(page, cell)
    cell.screenshot(path=screenshots / f"lab_{name}_dashboard_before.png")

    drag_slider(page, slider_box, "the learning-rate slider")

    buttons = cell.locator("button.jupyter-button", has_text=_regex(TRAIN_BUTTON))
    assert buttons.count() >= 1, f"no button labelled {TRAIN_BUTTON} beside the slider"
    buttons.first.click()
    deadline = time.monotonic() + timeout_s
    after = before
    while after == before and time.monotonic() < deadline:
        page.wait_for_timeout(1000)
        after = _plot_bytes(cell)
    page.wait_for_function(
        "() => jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'", timeout=300_000
    )
    cell.screenshot(path=screenshots / f"lab_{name}_dashboard_after.png")
    assert after != before, f"the plot did not change within {timeout_s:.0f} s of moving the slider and training"


def _regex(pattern: str):
    import re

    body, flags = pattern[1:].rsplit("/", 1)
    return re.compile(body, re.IGNORECASE if "i" in flags else 0)


def open_chapter(browser, lab, screenshots, pattern: str):
    """The chapter matching ``pattern`` opened in JupyterLab with every cell run: (name, page, panel, request
    log); skips the test when there is no such chapter."""
    matches = sorted((lab[2] / "chapters").glob(pattern))
    if not matches:
        pytest.skip(f"no chapters/{pattern} yet")
    notebook = matches[0]
    return (notebook.stem, *_open_and_run(browser, lab, f"chapters/{notebook.name}", screenshots, notebook.stem))


@pytest.fixture(scope="module")
def dashboard_chapter(browser, lab, screenshots):
    """The dashboard chapter opened in JupyterLab with every cell run: (name, page, panel, request log)."""
    opened = open_chapter(browser, lab, screenshots, DASHBOARD_CHAPTER)
    yield opened
    opened[1].close()


def test_dashboard_chapter_plot_follows_slider_and_train_button(dashboard_chapter, screenshots):
    name, page, panel, log = dashboard_chapter
    use_dashboard(page, panel, screenshots, name)
    assert log.outside == [], f"requests that left the machine: {log.outside}"


def test_dashboard_controls_are_not_covered_on_a_laptop_screen(dashboard_chapter, screenshots):
    """On a 1366x768 screen, with JupyterLab's file browser open, every control can be clicked."""
    name, page, panel, _ = dashboard_chapter
    page.set_viewport_size(LAPTOP)
    page.wait_for_timeout(1000)
    cell = _dashboard_cell(page, panel)
    covered = cell.evaluate(
        """cell => [...cell.querySelectorAll('.noUi-handle, button, select, input')].flatMap(el => {
            if (el.type === 'hidden') return [];
            const box = el.closest('.widget-inline-hbox, .jupyter-button') || el;
            const named = box.querySelector('.widget-label');
            const text = e => (e ? e.textContent.replace(/\u200b/g, '').trim() : '');
            const label = text(named) || text(box) || el.tagName;
            el.scrollIntoView({block: 'center', inline: 'center'});
            const r = el.getBoundingClientRect();
            if (r.width < 2 || r.height < 2) return [`${label} (squeezed to ${r.width}x${r.height} px)`];
            const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
            if (top && el.contains(top)) return [];
            return [`${label} (under ${top ? top.tagName + '.' + top.className : 'nothing: off screen'})`];
        })"""
    )
    cell.screenshot(path=screenshots / f"lab_{name}_dashboard_laptop.png")
    assert covered == [], f"dashboard controls covered by other elements at {LAPTOP}: {covered}"


# A tiny dashboard with the same controls: REDRAWS says whether pressing the button redraws the plot.
_TOY = """
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

REDRAWS = {redraws}
rate = widgets.FloatLogSlider(value=1e-3, base=10, min=-5, max=-1, description="learning rate")
train = widgets.Button(description="Train 100 steps")
plot = widgets.Output()
steps = [0]


def draw():
    with plot:
        plot.clear_output(wait=True)
        fig, ax = plt.subplots(figsize=(5, 3))
        x = np.linspace(-3, 3, 200)
        ax.plot(x, np.sin(x * (1 + steps[0] * rate.value * 1000)))
        plt.show()


def on_train(_):
    steps[0] += 100
    if REDRAWS:
        draw()


train.on_click(on_train)
draw()
widgets.VBox([rate, train, plot])
"""


@pytest.mark.parametrize("redraws", [True, False], ids=["redrawing_toy_passes", "frozen_toy_is_caught"])
def test_the_dashboard_check_itself(browser, lab, screenshots, redraws):
    name = f"toy_{'redraws' if redraws else 'frozen'}"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(_TOY.format(redraws=redraws).strip())])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(nb, lab[2] / f"{name}.ipynb")
    page, panel, log = _open_and_run(browser, lab, f"{name}.ipynb", screenshots, name)
    if redraws:
        use_dashboard(page, panel, screenshots, name)
    else:
        with pytest.raises(AssertionError, match="the plot did not change"):
            use_dashboard(page, panel, screenshots, name, timeout_s=10)
    assert log.outside == [], f"requests that left the machine: {log.outside}"
    page.close()
