"""A live 2-D GAN dashboard in the spirit of GAN Lab, with the course's PyTorch underneath (chapters 10-11).

    from gan_course.widgets.mixture2d import Dashboard2D
    Dashboard2D().widget          # display this in a notebook cell

It trains a ``mixture2d.Recipe2D`` on the ring of 8 or the 5 x 5 grid with the course's one ``Trainer``, in short
chunks (``base.ChunkedTraining``), and redraws four views after each chunk:

- the target's modes (circles of 3 standard deviations) and G's samples, with the push on some of them as arrows,
  -dL_G/dx: where a step of gradient descent on G's loss moves each sample (``generator_push``, the
  convention of both dashboards, ``live.generator_push``);
- D's output over the plane as a heat map (a probability for the cross-entropy loss, a raw score for a critic);
- the mode histogram over time: the share of G's high-quality samples at each mode, one column per check;
- modes covered and the high-quality share over time (``mixture2d.assess``).

Learning rates and D steps per G step apply live (one ``Trainer.update`` call); the loss, the remedy, the target
and the batch size build new networks at step 0. What this shares with the 1-D dashboard (the run, Reset, a chunk,
the live switch, the layout) is ``live.LiveDashboard``; this module says how to build the 2-D run, what to measure
and how to draw it. Every bad value is answered in the message line.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import torch
from matplotlib.figure import Figure

from ..runtime import num_threads
from ..synthetic import mixture2d
from ..train import Trainer
from ..validate import count
from ..validate import seed as validate_seed
from .live import LiveDashboard, generator_push

__all__ = ["Dashboard2D", "LOSSES", "REMEDY_CHANGES"]

# label -> the recipe's fields for that loss (the Wasserstein loss always with its gradient penalty)
LOSSES = {
    "cross-entropy (non-saturating)": {"loss": "gan"},
    "Wasserstein + gradient penalty": {"loss": "wasserstein", "gp": 0.1},
    "hinge": {"loss": "hinge"},
    "least squares": {"loss": "least_squares"},
}
# label -> the recipe fields one remedy changes on top of the loss (chapter 10's remedies; the recipes the chapter
# compares, each a whole Recipe2D, are gan_course.synthetic.mixture2d.REMEDIES)
REMEDY_CHANGES: dict[str, dict[str, object]] = {
    "none": {},
    "packing (D sees pairs)": {"d_features": "pack2"},
    "R1 penalty (gamma 0.1)": {"r1": 0.1},
    "spectral normalisation of D": {"spectral_norm": True},
    "unrolled D (5 steps, first order)": {"unroll": 5},
}
MAX_BATCH = 2048  # a live view: larger batches make each chunk slow


class Dashboard2D(LiveDashboard):
    """The widgets, the current run, and the plain methods the buttons call: ``step`` (Step), ``start`` (Start),
    ``stop`` (Pause), ``rebuild`` (Reset); ``run_chunk(steps)`` trains and redraws once. The run is ``trainer``
    (``live.LiveDashboard``'s), one seed stacked (``mixture2d.build_seeds``)."""

    FIGSIZE, GRID, DPI, FONT_SIZE = (11, 8), (2, 2), 80, 9
    MARGINS = {"left": 0.07, "right": 0.97, "bottom": 0.07, "top": 0.95, "wspace": 0.25, "hspace": 0.3}
    IMAGE_MAX_WIDTH = "1000px"

    def __init__(self, target: str = "ring", seed: int = 0, chunk: int = 100, n_samples: int = 1000) -> None:
        if not isinstance(target, str) or target not in mixture2d.TARGETS:
            raise ValueError(f"target must be one of {sorted(mixture2d.TARGETS)}, got {target!r}")
        validate_seed(seed, "seed")
        count(chunk, "chunk (steps per chunk)", 1000)
        count(n_samples, "n_samples (samples assessed at each check)", 20_000, minimum=100)
        super().__init__()
        self.seed, self.n_samples = seed, n_samples
        self.track: mixture2d.TrackModes | None = None
        self._make_widgets(target, chunk)
        self.rebuild()

    # ------------------------------------------------------------------ widgets
    def _make_widgets(self, target: str, chunk: int) -> None:
        W = widgets
        t = mixture2d.PLAIN.train
        kw, box = self.control_kw(), self.control_kw(live=False)
        self.target_choice = W.Dropdown(options=list(mixture2d.TARGETS), value=target, description="target", **box)
        self.loss_choice = W.Dropdown(options=list(LOSSES), description="loss", **box)
        self.remedy = W.Dropdown(options=list(REMEDY_CHANGES), description="remedy", **box)
        self.batch_size = W.IntText(value=t.batch_size, description="batch size", **box)
        self.learning_rate_sliders(t.lr_d, t.lr_g, **kw)
        self.d_steps = W.IntSlider(value=t.d_steps, min=1, max=10, description="D steps / G step", **kw)
        self.chunk_slider(chunk, 1000)

        self.live([self.d_steps], lambda: {"d_steps": int(self.d_steps.value)}, "D steps")
        for w in (self.target_choice, self.loss_choice, self.remedy, self.batch_size):
            w.observe(lambda _change: self.rebuild(), names="value")
        self.lay_out("<b>2-D GAN dashboard</b>: mode collapse, live", [
            W.HTML("<b>optimisation</b> (applies live)"), self.lr_d, self.lr_g, self.d_steps, self.chunk,
            W.HTML("<b>what is trained</b> (restart)"), self.target_choice, self.loss_choice, self.remedy,
            self.batch_size,
        ])

    # ------------------------------------------------------------------ state
    def target(self) -> mixture2d.Mixture2D:
        """The target the dropdown names."""
        return mixture2d.TARGETS[self.target_choice.value]()

    def recipe(self) -> mixture2d.Recipe2D:
        """The recipe the controls describe (a ValueError says what is wrong with a bad combination)."""
        batch = self.batch_size.value
        if not isinstance(batch, int) or not 2 <= batch <= MAX_BATCH:
            raise ValueError(f"batch size must be a whole number from 2 to {MAX_BATCH} (256 is usual), got {batch!r}")
        changes = {**LOSSES[self.loss_choice.value], **REMEDY_CHANGES[self.remedy.value]}
        if changes.get("d_features") == "pack2" and batch % 2:
            raise ValueError(f"packing joins samples in pairs: the batch size must be even, got {batch}")
        return mixture2d.PLAIN.replace(
            name="dashboard", steps=10**9, batch_size=batch, **self.learning_rates(), d_steps=int(self.d_steps.value),
            num_threads=1, **changes)

    def build(self) -> Trainer:
        """The run the controls describe (``live.LiveDashboard.rebuild`` calls this), and its mode tracker."""
        recipe = self.recipe()
        self.track = mixture2d.TrackModes(10**9, self.target(), n_samples=self.n_samples)
        return mixture2d.build_seeds(recipe, self.target(), seeds=(self.seed,))

    # ------------------------------------------------------------------ measuring and drawing
    def measure(self) -> None:
        """Modes covered and the high-quality share of ``n_samples`` of G's samples; the status line."""
        with num_threads(1):
            self.track.check(self.trainer)
        a = self.track.found[-1][0]
        self.status.value = f"step {self.trainer.step} &nbsp; {a} ({self.n_samples} samples)"

    def generator_push(self, n: int = 150) -> tuple[np.ndarray, np.ndarray]:
        """(x, push) at n samples x = G(z), both [n, 2]: ``push = -n dL_G/dx``, where a step of gradient descent on
        G's loss moves each sample (towards where D says "real"; ``live.generator_push``, the one convention of
        both dashboards). With packing D scores pairs, so n is rounded down to an even number."""
        n -= n % 2
        x, push = generator_push(self.trainer, n)  # [1, n, 2]: one seed
        return x[0].numpy(), push[0].numpy()

    def draw(self, fig: Figure, axes: np.ndarray) -> None:
        """The four views: samples and the push on them, D over the plane, the mode histogram, coverage."""
        target, t = self.target(), self.trainer
        centres = np.array(target.centres)
        reach = float(np.abs(centres).max()) + 1.0
        x = self.track.samples[-1][0].numpy()

        ax = axes[0, 0]
        ax.scatter(x[:, 0], x[:, 1], s=3, alpha=0.35, lw=0, label="G's samples")
        ax.scatter(centres[:, 0], centres[:, 1], marker="+", color="k", s=40, label="mode centres")
        px, push = self.generator_push()  # -dL_G/dx (times n), drawn as it is
        scale = np.percentile(np.linalg.norm(push, axis=1), 90) or 1.0
        ax.quiver(px[:, 0], px[:, 1], push[:, 0] / scale, push[:, 1] / scale, color="C3", angles="xy",
                  scale_units="xy", scale=2.0, width=0.004, label="push on G's samples, -dL_G/dx")
        ax.set_xlim(-reach, reach)
        ax.set_ylim(-reach, reach)
        ax.set_aspect("equal")
        ax.set_xlabel("x₁")
        ax.set_ylabel("x₂")
        ax.set_title(f"{target.name}: G's samples and where its loss pushes them")
        ax.legend(loc="upper right", fontsize=7)

        ax = axes[0, 1]
        if t.config.d_features == "raw":
            ticks = np.linspace(-reach, reach, 80)
            xx, yy = np.meshgrid(ticks, ticks)
            pts = torch.tensor(np.stack([xx.ravel(), yy.ravel()], axis=1), dtype=torch.float32).unsqueeze(0)
            with torch.no_grad():
                d = t.discriminate(pts)[0].numpy().reshape(xx.shape)
            im = ax.imshow(d, origin="lower", extent=(-reach, reach, -reach, reach), cmap="RdBu",
                           **({"vmin": 0, "vmax": 1} if t.config.loss == "gan" else {}))
            fig.colorbar(im, ax=ax, label="D(x), probability real" if t.config.loss == "gan" else "critic score f(x)")
            ax.scatter(centres[:, 0], centres[:, 1], marker="+", color="k", s=30)
        else:
            ax.text(0.05, 0.5, "D scores pairs of samples:\nD of one point is undefined", transform=ax.transAxes)
        ax.set_xlabel("x₁")
        ax.set_ylabel("x₂")
        ax.set_title("the discriminator over the plane")

        ax = axes[1, 0]
        counts = np.array([row[0].counts for row in self.track.found], dtype=float)
        shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
        im = ax.imshow(shares.T, aspect="auto", cmap="viridis", vmin=0, vmax=min(1.0, 4 / target.k),
                       origin="lower", extent=(-0.5, len(shares) - 0.5, -0.5, target.k - 0.5))
        fig.colorbar(im, ax=ax, label="share of high-quality samples")
        ax.set_xlabel(f"check (one per chunk; now step {t.step})")
        ax.set_ylabel(f"mode (0-{target.k - 1})")
        ax.set_title(f"mode histogram over time (even share: {1 / target.k:.3f})")

        ax = axes[1, 1]
        steps = self.track.steps
        ax.plot(steps, self.track.modes()[:, 0].numpy() / target.k, "o-", ms=3, label="modes covered (share)")
        ax.plot(steps, self.track.hq_share()[:, 0].numpy(), "s-", ms=3, label="high-quality share")
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlabel("training step")
        ax.set_ylabel("share")
        ax.set_title("coverage and quality")
        ax.legend(loc="lower right", fontsize=8)
