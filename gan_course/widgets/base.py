"""What every course widget shares: figures and images as PNG bytes, a message line, and training in chunks.

- ``figure_png`` renders a matplotlib ``Figure`` (never pyplot: nothing is shown twice in a notebook) straight
  through the Agg canvas: one draw, no tight bounding box, so a figure with fixed margins renders in one pass;
- ``images_png`` tiles MNIST-sized images with ``plotting.tile_images`` (the course's one tiler) and enlarges them;
- ``LR_RANGE`` and ``learning_rate_slider``: the one learning-rate slider (1e-5 to 1e-1, log scale, wider when a
  recipe's rate lies outside) of the three training widgets. The range is what the slider reaches, not a rule:
  the one rule for a learning rate is ``TrainConfig``'s (a finite number > 0, ``validate.positive_number``), and a
  value it refuses is said in its words (``live.LiveTraining``);
- ``Panel``: a widget's ``message`` line, written with ``say`` and emptied with ``clear``;
- ``ChunkedTraining``: a ``Panel`` that trains in chunks the one way both training widgets do: ``step()`` trains one
  chunk now (Step buttons, tests), ``start()`` trains chunk after chunk in an asyncio task on the notebook's event
  loop and ``stop()`` ends that between two chunks (the ipywidgets "asynchronous widgets" pattern). Without a
  running event loop (a script, a plain test) ``start()`` trains one chunk at once instead, and says nothing about
  loops; a chunk that trains clears what the message line said before it (a stale error, "Training ..."). It also
  makes the Start, Pause, Step and Reset buttons (``control_buttons``) and refuses to train, in words, while the
  controls describe no valid run (``has_run``, ``prepare``).
"""

from __future__ import annotations

import asyncio
import html
import io
import math
from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from ..plotting import tile_images
from ..validate import positive_number

__all__ = ["figure_png", "images_png", "learning_rate_slider", "Panel", "ChunkedTraining", "NOTHING_TO_TRAIN",
           "LR_RANGE"]

NOTHING_TO_TRAIN = "Fix the settings above first (nothing to train)."
# What the learning-rate sliders of the three training widgets reach (log scale): where GAN learning rates live,
# 1e-4 to 1e-3, with room on both sides. A range, not a rule: TrainConfig's (a finite number > 0) is the only one.
LR_RANGE: tuple[float, float] = (1e-5, 1e-1)


def figure_png(fig: Figure, dpi: float = 72) -> bytes:
    """PNG bytes of ``fig`` at ``dpi``: one Agg draw, the figure's own size and margins (set them once, when the
    figure is made: a layout engine or a tight bounding box would lay it out again at every render)."""
    if not isinstance(fig, Figure):
        raise ValueError(f"fig must be a matplotlib Figure (matplotlib.figure.Figure()), got {type(fig).__name__}")
    if isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or not 1 <= dpi <= 1000:
        raise ValueError(f"dpi must be a number from 1 to 1000 (dots per inch, e.g. 72), got {dpi!r}")
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    fig.set_dpi(dpi)
    canvas.draw()
    rgb = np.asarray(canvas.buffer_rgba())[..., :3]  # figures here are opaque: alpha adds bytes, not information
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="png", compress_level=1)  # level 1: a few times faster than 6, ~20% larger
    return buf.getvalue()


def images_png(
    images, nrow: int = 8, scale: int = 3, value_range: Sequence[float] = (0.0, 1.0)
) -> bytes:
    """PNG bytes of images [n, 784] (or [n, 28, 28]) tiled ``nrow`` to a row with 1-pixel white borders, each pixel
    enlarged to ``scale`` x ``scale``; ``value_range`` is mapped to black..white (G's output range, say)."""
    if not (isinstance(scale, int) and not isinstance(scale, bool) and 1 <= scale <= 64):
        raise ValueError(f"scale must be a whole number from 1 to 64 (screen pixels per image pixel), got {scale!r}")
    grid = tile_images(images, nrow, value_range)
    pil = Image.fromarray(np.round(grid * 255).astype(np.uint8))
    pil = pil.resize((pil.width * scale, pil.height * scale), Image.NEAREST)  # sharp pixels, no smoothing
    buf = io.BytesIO()
    pil.save(buf, format="png")
    return buf.getvalue()


def slider_rate(value: object) -> object:
    """A learning-rate slider's value as its readout shows it: a position of the slider (a tenth of a decade, e.g.
    10**-3.7 = 1.995e-4) at three significant digits, 2.00e-4; any other value (a recipe's own rate) as it is, and what
    is not a finite number > 0 unchanged, for TrainConfig to judge."""
    if not (isinstance(value, float) and math.isfinite(value) and value > 0):
        return value
    tenths = 10 * math.log10(value)
    return float(f"{value:.3g}") if abs(tenths - round(tenths)) < 1e-9 else value


def learning_rate_slider(value: float, description: str, **kw) -> widgets.FloatLogSlider:
    """A learning-rate slider over ``LR_RANGE`` (1e-5 to 1e-1) in tenths of a decade, read out as 1.0e-03.

    ``value`` is a learning rate as ``TrainConfig`` takes it (a finite number > 0); a recipe's rate outside the usual
    range widens the slider to show it: a slider would otherwise clamp it, silently, and train at another rate.
    """
    positive_number(value, "value (a learning rate on the slider)", "1e-3")
    if not isinstance(description, str):
        raise ValueError(f"description must be the slider's label, a string, got {description!r}")
    lo, hi = min(LR_RANGE[0], value), max(LR_RANGE[1], value)
    return widgets.FloatLogSlider(value=value, base=10, min=math.log10(lo), max=math.log10(hi), step=0.1,
                                  description=description, readout_format=".2e", **kw)


class Panel:
    """A course widget: ``widget`` (the box a notebook displays) and ``message``, one line saying what went wrong
    or what is going on. Subclasses build their controls and set ``self.widget``."""

    widget: widgets.Widget

    def __init__(self) -> None:
        self.message = widgets.HTML(value="")

    def say(self, text: str, error: bool = True) -> None:
        """Show ``text`` in the message line: red with a cross when ``error``, plain otherwise."""
        text = html.escape(text, quote=False)  # exceptions' text may hold < or &
        self.message.value = f"<span style='color:#b00020'>✗ {text}</span>" if error else f"<span>{text}</span>"

    def clear(self) -> None:
        """Empty the message line."""
        self.message.value = ""

    def _ipython_display_(self) -> None:  # a panel as the last line of a cell shows its widget
        from IPython.display import display

        display(self.widget)


class ChunkedTraining(Panel):
    """A ``Panel`` that trains in chunks. Subclasses define ``run_chunk`` and may define ``prepare``.

    ``start()`` runs ``step()`` again and again in an asyncio task on the notebook's running event loop and awaits
    between two chunks: the kernel handles widget messages there, so Stop and the sliders act between chunks while
    one chunk runs undisturbed. Everything runs on the kernel's one thread, so no lock is needed.
    """

    PAUSE_S = 0.01  # the await between chunks; a few ms is enough for the kernel to handle pending widget messages

    def __init__(self) -> None:
        super().__init__()
        self.running = False  # True while the task trains chunk after chunk
        self._task: asyncio.Task | None = None

    # ------------------------------------------------------------------ what subclasses define
    def has_run(self) -> bool:
        """True when the controls describe a run that can train (a dashboard with invalid settings has none)."""
        return True

    def prepare(self) -> bool:
        """Get a run ready before ``start`` trains it (read the form, build a trainer); False, after saying why in
        the message line, when there is nothing to train. By default: ``has_run``, or ``NOTHING_TO_TRAIN``."""
        if not self.has_run():
            self.say(NOTHING_TO_TRAIN)
            return False
        return True

    def control_buttons(self, reset) -> widgets.HBox:
        """Start, Pause, Step and Reset (``reset()``: new networks), wired to ``start``, ``stop`` and ``step``; the
        buttons are kept as ``start_button``, ``pause_button``, ``step_button`` and ``reset_button``."""
        W = widgets
        self.start_button = W.Button(description="Start", icon="play", button_style="success",
                                     tooltip="train in chunks until Pause")
        self.pause_button = W.Button(description="Pause", icon="pause", tooltip="stop after the current chunk")
        self.step_button = W.Button(description="Step", icon="step-forward", tooltip="train one chunk")
        self.reset_button = W.Button(description="Reset", icon="refresh", tooltip="new networks, step 0")
        self.start_button.on_click(lambda _: self.start())
        self.pause_button.on_click(lambda _: self.stop())
        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: reset())
        return W.HBox([self.start_button, self.pause_button, self.step_button, self.reset_button])

    def run_chunk(self) -> bool:
        """Train one chunk and redraw; False ends the run (it finished, or failed and said so)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ driving
    def step(self) -> bool:
        """Train one chunk now (the Step button; tests); True when the run can go on.

        A chunk that trains and says nothing itself clears the message line: what it said before (an error
        since fixed, "Training ...") no longer holds. A message the chunk writes (finished, diverged) stays.
        """
        before = self.message.value
        ok = self.run_chunk()
        if ok and self.message.value == before:
            self.clear()
        return ok

    def start(self) -> bool:
        """``prepare``, then train chunk after chunk in an asyncio task until ``stop`` or the end of the run.

        Without a running event loop (a script, a plain test) there is no task to run chunks in the background:
        ``start()`` trains one chunk at once, as ``step()`` does, and ``step()`` trains the next ones. True when the
        task started (False there, and when ``prepare`` refused).
        """
        if self.running or not self.prepare():
            return False
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.step()
            return False
        self.running = True
        self._task = loop.create_task(self._loop())
        return True

    def stop(self) -> bool:
        """End the run before its next chunk (a chunk in progress finishes first); True when a run was stopped.

        While idle there is nothing to stop, and nothing is said.
        """
        if not self.running:
            return False
        self.running = False
        if self._task is not None:
            self._task.cancel()  # it is waiting between chunks: cancelling ends it there, before another chunk
            self._task = None
        return True

    async def _loop(self) -> None:
        try:
            while self.running and self.step():
                await asyncio.sleep(self.PAUSE_S)  # hand control back to the kernel: widget events are handled here
        except Exception as err:  # an exception in a task is never seen in the notebook: say it instead
            self.say(f"training failed: {err}")
        finally:
            if self._task is asyncio.current_task():  # not after stop(): a new run may have begun since
                self.running, self._task = False, None
