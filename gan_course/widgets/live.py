"""The core of the live training widgets: one run, controls that apply to it while it trains, and the dashboards.

- ``LiveTraining``: a ``base.ChunkedTraining`` over one ``Trainer``, ``trainer`` (None while there is no run), and
  the live switch: a control wired with ``live`` sends its changes to the run in progress in one
  ``Trainer.update(**changes)`` call. The widgets check no value themselves: ``TrainConfig`` validates what
  ``update`` is given (for a learning rate: a finite number > 0, ``validate.positive_number``) and a refused value
  is said in the message line in TrainConfig's words, the run untouched. ``learning_rate_sliders`` makes the two
  learning-rate sliders (``base.learning_rate_slider``, over ``base.LR_RANGE``) and wires them so. The MNIST
  training panel (``widgets.mnist.TrainingPanel``) is a ``LiveTraining``.
- ``LiveDashboard``: the 1-D and 2-D dashboards' core. It holds the run (``trainer``), ``has_run``, ``rebuild`` (a
  new run from the controls at step 0, or a sentence saying why not), ``run_chunk`` (train the chunk slider's
  steps on one thread, measure, redraw; a run that diverges or breaks is said in words, never raised), the steps
  per chunk slider, the status line, the image of the views and the layout. A dashboard says only what differs:
  ``build`` (its run from its controls), ``measure`` (after each chunk), ``draw`` (its views) and, if it has one,
  ``halt_reason`` (a sentence that ends a run that trains but has gone wrong).
- ``generator_push``: where one step of gradient descent on G's loss moves G's samples, ``-n dL_G/dx``; the arrows
  of both dashboards.

These names are imported by the widget modules; they stay out of ``__all__``, the list of public callables that
tests/test_fuzz.py feeds bad values one by one (a dashboard's own constructor is fuzzed there instead).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import ipywidgets as widgets
import matplotlib
import numpy as np
import torch
from matplotlib.figure import Figure

from ..runtime import num_threads
from ..train import Trainer
from .base import ChunkedTraining, figure_png, learning_rate_slider, slider_rate

__all__: list[str] = []

Changes = Mapping[str, object]


def generator_push(trainer: Trainer, n: int, seed: int = 7) -> tuple[torch.Tensor, torch.Tensor]:
    """(x, push) at n samples x = G(z) from fixed noise (``seed``), both in the shape G makes them.

    ``push = -n dL_G/dx``: the direction in which a step of gradient DESCENT on G's loss L_G moves each sample,
    towards where D says "real" (the one sign convention of both dashboards' arrows). L_G is a mean over the n
    samples, hence the factor n: the arrows do not shrink as n grows. G is run in training mode (the weights being
    trained, not an average of them), D in eval mode (drawing must not change training: in training mode a spectrally
    normalised D refines its power iteration on every pass); both are left in the mode they were in.
    """
    z = trainer.noise(n, torch.Generator().manual_seed(seed)).to(trainer.device)
    modes = trainer.G.training, trainer.D.training
    trainer.G.train()
    trainer.D.eval()
    try:
        with torch.no_grad():
            x = trainer.G(z)
        x = x.detach().requires_grad_(True)
        (grad,) = torch.autograd.grad(trainer.g_loss_fn(trainer.D(trainer.phi(x))), x)
    finally:
        trainer.G.train(modes[0])
        trainer.D.train(modes[1])
    return x.detach().cpu(), -(grad * n).cpu()


class LiveTraining(ChunkedTraining):
    """A ``ChunkedTraining`` over one ``Trainer`` (``trainer``) whose live controls apply to the run in progress,
    each change with one ``Trainer.update`` call (``live``, ``apply_live``)."""

    def __init__(self) -> None:
        super().__init__()
        self.trainer: Trainer | None = None  # the run; None while the controls describe none

    def has_run(self) -> bool:
        """True when there is a run to train (and to take live changes)."""
        return self.trainer is not None

    def no_live_run(self) -> None:
        """What a live control's change does while there is no run: nothing here (the next run reads it)."""

    # ------------------------------------------------------------------ the live switch
    def live(self, controls: Iterable[widgets.ValueWidget], changes: Callable[[], Changes], what: str) -> None:
        """Wire ``controls``: a new value of any of them sends ``changes()`` (TrainConfig fields read from the
        controls) to the run with one ``apply_live`` call; ``what`` names them in a refusal ("Learning rate")."""
        for control in controls:
            control.observe(lambda _change: self.apply_live(changes, what), names="value")

    def apply_live(self, changes: Changes | Callable[[], Changes], what: str = "Setting") -> bool:
        """Apply ``changes`` (or what a callable returns) to the run with one ``trainer.update(**changes)``; True
        when applied. A value TrainConfig refuses is said ("<what> not changed: <TrainConfig's words>") and the run
        goes on unchanged; without a run, ``no_live_run`` decides."""
        if not self.has_run():
            self.no_live_run()
            return False
        try:
            self.trainer.update(**(changes() if callable(changes) else changes))
        except (ValueError, TypeError) as err:
            self.say(f"{what} not changed: {err}")
            return False
        self.clear()
        return True

    def learning_rate_sliders(self, lr_d: float, lr_g: float, labels: tuple[str, str] = ("lr D", "lr G"),
                              **kw) -> None:
        """``lr_d`` and ``lr_g``, the two learning-rate sliders (``base.learning_rate_slider``), live: a move sends
        both rates to Adam with one ``Trainer.update`` (``_on_lr``). ``kw`` goes to both sliders."""
        self.lr_d = learning_rate_slider(lr_d, labels[0], **kw)
        self.lr_g = learning_rate_slider(lr_g, labels[1], **kw)
        for slider in (self.lr_d, self.lr_g):
            slider.observe(self._on_lr, names="value")

    def learning_rates(self) -> dict[str, object]:
        """The learning-rate controls' values as TrainConfig fields (``base.slider_rate``: three significant digits,
        as the readout shows them), unchecked: TrainConfig checks them."""
        return {"lr_d": slider_rate(self.lr_d.value), "lr_g": slider_rate(self.lr_g.value)}

    def _on_lr(self, _change: object = None) -> None:
        """A learning-rate slider moved: both rates go to the run in one ``Trainer.update`` (``apply_live``)."""
        self.apply_live(self.learning_rates, "Learning rate")


class LiveDashboard(LiveTraining):
    """The core of the live GAN dashboards: the run (``trainer``), ``rebuild`` (Reset, and any control that
    changes what is trained), ``run_chunk`` (Step, Start), the live switch, the chunk slider, the status line, the
    image and the layout. Subclasses define ``build``, ``measure`` and ``draw`` (and may define ``halt_reason``),
    and the figure's size: ``FIGSIZE``, ``GRID`` (rows, columns of views), ``MARGINS``, ``DPI``, ``FONT_SIZE``."""

    STYLE = {"description_width": "110px"}  # the controls' labels
    FIGSIZE: tuple[float, float]
    GRID: tuple[int, int]
    MARGINS: dict[str, float]  # fixed margins (Figure.subplots_adjust): one render pass, no layout engine
    DPI: float
    FONT_SIZE: float
    IMAGE_MAX_WIDTH = "1100px"

    def __init__(self) -> None:
        super().__init__()
        self.redraws = 0
        self.status = widgets.HTML(value="")
        # the plot takes the room the controls leave (min_width 0 lets it shrink on a laptop screen)
        self.image = widgets.Image(format="png", layout=widgets.Layout(flex="1 1 0%", min_width="0",
                                                                       max_width=self.IMAGE_MAX_WIDTH))
        self.control_layout = widgets.Layout(width="330px")  # one width for every control

    # ------------------------------------------------------------------ what a dashboard defines
    def build(self) -> Trainer:
        """A new run from the controls, at step 0 (and whatever ``measure`` needs from step 0); a ValueError or
        TypeError with a sentence when the controls describe no run."""
        raise NotImplementedError

    def measure(self) -> None:
        """Measure the run after a chunk (and at step 0), and write the status line."""
        raise NotImplementedError

    def draw(self, fig: Figure, axes: np.ndarray) -> None:
        """Draw the views of the run on ``axes`` (``GRID`` of them) of ``fig``."""
        raise NotImplementedError

    def halt_reason(self) -> str:
        """A sentence when the run, though it trains, should stop (it ran away); "" while it is healthy."""
        return ""

    # ------------------------------------------------------------------ controls and layout
    def control_kw(self, live: bool = True) -> dict[str, object]:
        """The keyword arguments of a control: the label style and width; sliders (``live``) also act on release
        only (``continuous_update=False``: one update or rebuild per move, not one per pixel)."""
        kw: dict[str, object] = {"style": self.STYLE, "layout": self.control_layout}
        return {**kw, "continuous_update": False} if live else kw

    def chunk_slider(self, chunk: int, maximum: int) -> widgets.IntSlider:
        """``chunk``, the steps trained per Step (and per chunk of Start), from 1 to ``maximum``."""
        self.chunk = widgets.IntSlider(value=chunk, min=1, max=maximum, description="steps / chunk",
                                       **self.control_kw())
        return self.chunk

    def lay_out(self, title: str, controls: list[widgets.Widget]) -> None:
        """``widget``: the title, the Start/Pause/Step/Reset buttons, the status and message lines, then the
        ``controls`` in a column beside the image of the views."""
        column = widgets.VBox(controls, layout=widgets.Layout(flex="0 0 auto"))  # keeps its width beside the plot
        buttons = self.control_buttons(reset=self.rebuild)
        self.title = widgets.HTML(title)
        self.widget = widgets.VBox([self.title, buttons, self.status, self.message,
                                    widgets.HBox([column, self.image])])

    def no_live_run(self) -> None:
        """A live control moved while the controls describe no run: try again to build one (and say why not)."""
        self.rebuild()

    # ------------------------------------------------------------------ the run
    def rebuild(self) -> bool:
        """New networks from the controls, at step 0. False (and a message) when the controls are invalid."""
        try:
            with num_threads(1):
                trainer = self.build()
        except (ValueError, TypeError) as err:
            self.trainer = None
            self.stop()
            self.say(f"Cannot build this GAN: {err}")
            self.redraw()
            return False
        self.trainer = trainer
        self.clear()
        self.measure()
        self.redraw()
        return True

    def run_chunk(self, steps: int | None = None) -> bool:
        """Train one chunk (``steps``, default the chunk slider), measure, redraw. False (and a message) when there
        is nothing valid to train, training failed (diverged, or G's samples are no longer finite) or the run
        should stop (``halt_reason``)."""
        if not self.prepare():
            return False
        n = int(self.chunk.value) if steps is None else steps
        try:
            with num_threads(1):
                self.trainer.run(n)
                self.measure()
        except (RuntimeError, ValueError) as err:  # TrainingDiverged is a RuntimeError; so is a shape problem
            lower = "Lower the learning rates"  # TrainingDiverged's advice, when a loss blew up: not said twice
            advice = "Press Reset" if lower in str(err) else f"{lower} and press Reset"
            self.say(f"Training stopped at step {self.trainer.step}: {err} {advice} to start again.")
            self._redraw_if_possible()
            return False
        self.redraw()
        reason = self.halt_reason()
        if reason:
            self.say(reason)
            return False
        return True

    # ------------------------------------------------------------------ drawing
    def figure(self) -> Figure:
        """The views as a matplotlib Figure (not attached to pyplot: no duplicate output in notebooks); a note
        "no valid settings" while there is no run."""
        fig = Figure(figsize=self.FIGSIZE)
        axes = fig.subplots(*self.GRID)
        fig.subplots_adjust(**self.MARGINS)
        if self.trainer is None:
            for ax in axes.flat:
                ax.set_axis_off()
            axes[0, 0].text(0, 0.5, "no valid settings", fontsize=14)
        else:
            self.draw(fig, axes)
        return fig

    def redraw(self) -> None:
        """Render the views to PNG bytes in ``self.image`` (a widget: updates in place, also in JupyterLab)."""
        with matplotlib.rc_context({"font.size": self.FONT_SIZE}), num_threads(1):
            self.image.value = figure_png(self.figure(), dpi=self.DPI)
        self.redraws += 1

    def _redraw_if_possible(self) -> None:
        """Redraw after a failed chunk; a run whose G gives no finite samples cannot be drawn: its last views stay
        (the message line says what happened)."""
        try:
            self.redraw()
        except (ValueError, RuntimeError):
            pass
