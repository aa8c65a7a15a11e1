"""A live training dashboard for 1-D GANs: the Jupyter counterpart of GAN Lab.

    from gan_course.widgets.gaussian import Dashboard
    Dashboard().widget          # display this in a notebook cell

Controls change a ``GaussianRecipe`` (gan_course.synthetic.gaussian); the dashboard trains it with the course's one
``Trainer`` in short chunks (``Trainer.run(chunk)``) and redraws after each chunk:

- G's histogram against the target density;
- D(x) against the optimal D*(x) = p_data / (p_data + p_g) for the *current* G (p_g from a KDE of G's samples);
- the push on G's samples, -dL_G/dx: where a step of gradient descent on G's loss moves each sample (positive:
  to the right; ``generator_push_1d``, the convention of both dashboards, ``live.generator_push``);
- the losses, and the mean, std and KS statistic of G's samples over time (``plotting.plot_history`` and
  ``plotting.plot_trajectories``).

Learning rates, D/G steps and the G loss apply live, each control with one ``Trainer.update`` call; a change of
architecture (hidden sizes, noise, what D sees, batch size, ...) builds new networks and restarts. What all of
this shares with the 2-D dashboard (the run, Reset, a chunk, the live switch, the layout) is ``live.LiveDashboard``;
this module says how to build the 1-D run, what to measure and how to draw it. Start trains chunk after chunk the
way every course widget does (``base.ChunkedTraining``: an asyncio task that awaits between chunks), so Pause and
the sliders stay responsive. Every bad value ends up as a message in the dashboard, never as an exception in the
kernel.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import torch
from matplotlib.figure import Figure
from scipy import stats

from .. import plotting, theory
from ..metrics import samples
from ..runtime import num_threads
from ..synthetic import gaussian, targets
from ..synthetic.targets import Target
from ..train import Trainer
from ..validate import count, number, positive_number
from ..validate import seed as validate_seed
from .live import LiveDashboard, generator_push

__all__ = ["Dashboard", "D_VIEWS", "d_star_from_samples", "generator_push_1d"]

# what D sees: label in the dropdown -> gan_course.features name
D_VIEWS = {
    "single samples": "raw",
    "minibatch + deviations": "minibatch_diffs",
    "moments of the batch": "batch_moments",
}
G_LOSS_LABELS = {"non-saturating  -log D(G(z))": "non_saturating", "saturating  log(1 - D(G(z)))": "saturating"}

DEFAULT_RECIPE = gaussian.COURSE.replace(name="dashboard", steps=10**9)


def d_star_from_samples(grid: np.ndarray, fake: np.ndarray, mean, std: float = 1.0) -> np.ndarray:
    """D*(x) = p_data(x) / (p_data(x) + p_g(x)) on ``grid``, with p_g estimated by a Gaussian KDE of ``fake``.

    The data is N(mean, std^2), or ``mean`` itself when it is a ``gan_course.synthetic.targets.Target`` (any 1-D law).
    """
    if np.ndim(fake) != 1 and not (np.ndim(fake) == 2 and np.shape(fake)[1] == 1):
        raise ValueError(f"fake must be G's 1-D samples, shape [n] or [n, 1], got shape {tuple(np.shape(fake))}")
    grid, fake = samples(grid, "grid", minimum=1), samples(fake, "fake (G's samples)", minimum=2)
    target = mean if isinstance(mean, Target) else None
    if target is None:
        number(mean, "mean (the data's mean, or a gan_course.synthetic.targets.Target)", -1e6, 1e6, "4.0")
        positive_number(std, "std (the data's standard deviation)", "1.25")
    std = target.std if target is not None else std
    p_data = target.pdf if target is not None else (lambda x: stats.norm.pdf(x, mean, std))
    if np.std(fake) < 1e-6 * max(1.0, abs(np.mean(fake))):  # G collapsed to a point: p_g is a spike
        return np.where(np.abs(grid - np.mean(fake)) < 1e-3 * std, 0.0, np.where(p_data(grid) > 0, 1.0, 0.5))
    lo, hi = float(np.min(grid)), float(np.max(grid))
    p_g = theory.density(stats.gaussian_kde(fake), lo, hi, "KDE of G(z)")
    data = theory.gaussian(mean, std) if target is None else theory.density(p_data, lo, hi, target.name)
    return theory.optimal_discriminator(data, p_g)(grid)


def generator_push_1d(trainer: Trainer, n: int = 500, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """(x, push) at n samples x = G(z) of a 1-D G, both flat [n]: ``push = -n dL_G/dx``, where a step of gradient
    descent on G's loss moves each sample (positive: to the right, where D says "more real"; ``live.generator_push``,
    the one convention of both dashboards).

    D looks at a whole batch of n samples when its feature map does, so n is the trainer's batch size there.
    """
    if trainer.config.d_features != "raw":
        n = trainer.config.batch_size
    x, push = generator_push(trainer, n, seed)
    return x.numpy().ravel(), push.numpy().ravel()


class Dashboard(LiveDashboard):
    """The widgets, the current run, and the plain methods the buttons call: ``step`` (Step), ``start`` (Start),
    ``stop`` (Pause), ``rebuild`` (Reset); ``run_chunk(steps)`` trains and redraws once.

    The run is ``trainer`` (``live.LiveDashboard``'s, as in every live widget); ``built`` holds the rest of its
    parts (G, D, the samplers, the recipe and the target: ``gaussian.Built``), None with it.
    """

    RUNAWAY = 20.0  # G's mean this many target spreads from the target (and 10x farther than at step 0): runaway
    FIGSIZE, GRID, DPI, FONT_SIZE = (13, 6.5), (2, 3), 90, 10  # drawn larger than shown: text readable when scaled
    MARGINS = {"left": 0.05, "right": 0.98, "bottom": 0.08, "top": 0.95, "wspace": 0.25, "hspace": 0.4}

    def __init__(
        self,
        recipe: gaussian.GaussianRecipe = DEFAULT_RECIPE,
        mean: float = 4.0,
        std: float = 1.25,
        seed: int = 0,
        chunk: int = 50,
        n_samples: int = 2000,
    ) -> None:
        if not isinstance(recipe, gaussian.GaussianRecipe):
            raise ValueError(f"recipe must be a GaussianRecipe such as gaussian.COURSE, got {type(recipe).__name__}")
        if recipe.set_size != 1:
            raise ValueError("the dashboard shows 1-D generators that make one sample per noise vector (set_size=1)")
        # N(mean, std^2) or a Target; whether float32 can train it is checked (and said in words) at each build
        self.first_target = mean if isinstance(mean, Target) else targets.normal(mean, std)
        validate_seed(seed, "seed")
        count(chunk, "chunk (steps per chunk)", 500)
        count(n_samples, "n_samples (samples drawn for each view)", 100_000, minimum=10)
        super().__init__()
        self.base = recipe
        self.seed = seed
        self._set_target(self.first_target)
        self.n_samples = n_samples
        self.built: gaussian.Built | None = None
        self.track: dict[str, list[float]] = {"step": [], "mean": [], "std": [], "ks": []}
        self._make_widgets(recipe, chunk)
        self.rebuild()

    # ------------------------------------------------------------------ widgets
    def _make_widgets(self, recipe: gaussian.GaussianRecipe, chunk: int) -> None:
        r, t = recipe, recipe.train
        W = widgets
        kw, box = self.control_kw(), self.control_kw(live=False)
        self.learning_rate_sliders(t.lr_d, t.lr_g, **kw)
        self.d_steps = W.IntSlider(value=t.d_steps, min=1, max=20, description="D steps / iter", **kw)
        self.g_steps = W.IntSlider(value=t.g_steps, min=1, max=20, description="G steps / iter", **kw)
        self.g_loss = W.Dropdown(options=list(G_LOSS_LABELS), description="G loss", **box,
                                 value=next(k for k, v in G_LOSS_LABELS.items() if v == t.g_loss))
        self.g_hidden = W.IntSlider(value=r.g_hidden[0], min=1, max=128, description="G hidden", **kw)
        self.d_hidden = W.IntSlider(value=r.d_hidden[0], min=1, max=128, description="D hidden", **kw)
        self.noise = W.Dropdown(options=["uniform", "normal"], value=r.noise, description="noise", **box)
        self.noise_dim = W.IntSlider(value=r.noise_dim, min=1, max=16, description="noise dim", **kw)
        self.target_choice = W.Dropdown(options=[self.first_target.name, *targets.EXAMPLES], description="target",
                                        **box)
        self.d_view = W.Dropdown(options=list(D_VIEWS), description="D sees", **box,
                                 value=next(k for k, v in D_VIEWS.items() if v == t.d_features))
        self.batch_size = W.IntText(value=t.batch_size, description="batch size", **box)
        self.standardise = W.Checkbox(value=r.standardise, description="standardise data scale", indent=False)
        self.average = W.Checkbox(value=r.ema is not None, description="average G's weights (EMA)", indent=False)
        self.chunk_slider(chunk, 500)

        self.live((self.d_steps, self.g_steps, self.g_loss), self._steps_and_loss, "D steps, G steps or G loss")
        for w in (self.g_hidden, self.d_hidden, self.noise, self.noise_dim, self.d_view, self.batch_size,
                  self.standardise, self.average):
            w.observe(lambda _change: self.rebuild(), names="value")
        self.target_choice.observe(self._on_target, names="value")

        self.lay_out(self._title(), [
            W.HTML("<b>optimisation</b> (applies live)"), self.lr_d, self.lr_g, self.d_steps, self.g_steps,
            self.g_loss, W.HTML("<b>data and architecture</b> (restart)"), self.target_choice, self.g_hidden,
            self.d_hidden, self.noise,
            self.noise_dim, self.d_view, self.batch_size, self.standardise, self.average, self.chunk,
        ])

    def _title(self) -> str:
        return f"<b>1-D GAN dashboard</b>: target {self.target.name}"

    # ------------------------------------------------------------------ state
    def recipe(self) -> gaussian.GaussianRecipe:
        """The recipe the controls describe (raises ValueError with a clear message for a bad combination)."""
        return self.base.replace(
            **self.learning_rates(),
            d_steps=int(self.d_steps.value), g_steps=int(self.g_steps.value),
            g_loss=G_LOSS_LABELS[self.g_loss.value],
            g_hidden=(int(self.g_hidden.value),) * len(self.base.g_hidden),
            d_hidden=(int(self.d_hidden.value),) * len(self.base.d_hidden),
            noise=self.noise.value, noise_dim=int(self.noise_dim.value), d_features=D_VIEWS[self.d_view.value],
            batch_size=int(self.batch_size.value), standardise=bool(self.standardise.value),
            ema=(self.base.ema or 0.99) if self.average.value else None,
            steps=10**9,
            cosine_t_max=None,  # the sliders own the learning rates: no schedule under them (the recipe's would
            eta_min=0.0,  # cool to 0 at its budget and rise again after it)
        )

    def build(self) -> Trainer:
        """The run the controls describe (``live.LiveDashboard.rebuild`` calls this): ``built`` and its trainer."""
        self.built = None  # no parts without a run
        recipe = self.recipe()
        if recipe.train.batch_size > 4096:
            raise ValueError(f"batch size {recipe.train.batch_size} is too large for a live view; use at most 4096")
        self.built = gaussian.build(recipe, self.target, seed=self.seed)
        self.track = {"step": [], "mean": [], "std": [], "ks": []}
        return self.built.trainer

    def _steps_and_loss(self) -> dict[str, object]:
        """D steps, G steps and the G loss as TrainConfig fields: one ``Trainer.update`` applies all three."""
        return {"d_steps": int(self.d_steps.value), "g_steps": int(self.g_steps.value),
                "g_loss": G_LOSS_LABELS[self.g_loss.value]}

    def _set_target(self, target: Target) -> None:
        self.target = target
        self.mean, self.std = target.mean, target.std  # its mean and spread: the runaway check and the curves

    def _on_target(self, change) -> None:
        """Another target: the first one given, or one of ``targets.EXAMPLES``; new networks, step 0."""
        label = change["new"]
        chosen = self.first_target if label == self.first_target.name else targets.parse(*targets.EXAMPLES[label])
        self._set_target(chosen)
        self.title.value = self._title()
        self.rebuild()

    # ------------------------------------------------------------------ training (live.LiveDashboard drives it)
    def halt_reason(self) -> str:
        """The runaway check after each chunk (``runaway``)."""
        return self.runaway()

    def runaway(self) -> str:
        """A sentence when G's samples have run away from the target (their mean ``RUNAWAY`` target spreads off,
        and ten times farther than at step 0, or their spread ``RUNAWAY`` times the target's), else ""."""
        mean, std = self.track["mean"][-1], self.track["std"][-1]
        off = abs(mean - self.mean) / self.std
        off_at_start = abs(self.track["mean"][0] - self.mean) / self.std
        if off <= max(self.RUNAWAY, 10 * off_at_start) and std <= self.RUNAWAY * self.std:  # False for NaN too
            return ""
        t = self.trainer
        return (
            f"Training ran away at step {t.step}: G's samples have mean {mean:.4g} and std {std:.4g}, "
            f"{off:.0f} target spreads from N({self.mean:g}, {self.std:g}²), and they will not come back. "
            f"The learning rates (lr D {t.config.lr_d:.1e}, lr G {t.config.lr_g:.1e}) are too high for this "
            f"GAN: lower them (1e-3 works for the course recipe) and press Reset to start again."
        )

    # ------------------------------------------------------------------ measuring and drawing
    def measure(self) -> None:
        """Mean, std and KS against the target of ``n_samples`` of G's samples; the status line."""
        t = self.trainer
        with num_threads(1):
            x = t.sample(self.n_samples).flatten()
        row = {"step": t.step, "mean": x.mean().item(), "std": x.std().item(), "ks": self.target.ks(x)}
        for name, value in row.items():  # appended once all four are measured: the curves stay the same length
            self.track[name].append(value)
        self.status.value = (
            f"step {t.step} &nbsp; mean {self.track['mean'][-1]:.3f} &nbsp; std {self.track['std'][-1]:.3f}"
            f" &nbsp; KS {self.track['ks'][-1]:.3f} ({self.n_samples} samples)"
        )

    def draw(self, fig: Figure, axes: np.ndarray) -> None:
        """The six views: G's histogram, D and D*, the push on G's samples, the losses, mean and std, KS."""
        m, s = self.mean, self.std
        t = self.trainer
        fake = t.sample(self.n_samples).numpy().ravel()
        lo = min(m - 4 * s, np.percentile(fake, 0.5))
        hi = max(m + 4 * s, np.percentile(fake, 99.5))
        grid = np.linspace(lo, hi, 300)

        ax = plotting.plot_histogram(fake, self.target, bins=60, range=(lo, hi), ax=axes[0, 0])
        ax.set_title("G's samples vs target")
        ax.legend(loc="upper right", fontsize=9)

        ax = axes[0, 1]
        ax.plot(grid, d_star_from_samples(grid, fake, self.target), "k--", label="D* for current G")
        if t.config.d_features == "raw":
            d = t.discriminate(torch.as_tensor(grid, dtype=torch.float32).reshape(-1, 1)).numpy().ravel()
            ax.plot(grid, d, "C3-", label="D(x)")
        else:
            ax.text(0.03, 0.05, "D sees whole batches:\nD(x) of one point is undefined", transform=ax.transAxes,
                    fontsize=9)
        ax.set_ylim(-0.02, 1.02)
        ax.axhline(0.5, color="grey", lw=0.5)
        ax.set_xlabel("x")
        ax.set_ylabel("probability x is real")
        ax.set_title("discriminator")
        ax.legend(loc="upper right", fontsize=9)

        ax = axes[0, 2]
        x, push = generator_push_1d(t)  # push = -dL_G/dx (times n), drawn as it is
        ax.axhline(0, color="grey", lw=0.5)
        ax.scatter(x, push, s=4, alpha=0.5)
        ax.set_xlim(lo, hi)
        ax.set_xlabel("x = G(z)")
        ax.set_ylabel("-dL_G/dx")
        ax.set_title("push on the trained G's samples, -dL_G/dx")

        ax = plotting.plot_history(t.history, ("loss_d", "loss_g"), ax=axes[1, 0])
        ax.set_ylabel("loss")
        ax.set_title("losses")
        ax.legend(loc="upper right", fontsize=9)

        ax, steps = axes[1, 1], self.track["step"]
        plotting.plot_trajectories(steps, self.track["mean"], m, label="mean of G's samples", ax=ax)
        plotting.plot_trajectories(steps, self.track["std"], s, label="std of G's samples", ax=ax)
        # each target line in its curve's colour (lines: mean, its target, std, its target)
        for line, colour in zip(ax.lines, ("C0", "C0", "C1", "C1"), strict=True):
            line.set_color(colour)
        ax.set_ylabel("")
        ax.set_title("mean and std of G's samples")
        ax.legend(loc="center right", fontsize=9)  # between the two targets: over no curve once G learns

        ax = plotting.plot_trajectories(steps, self.track["ks"], 0.03, label="KS statistic", ax=axes[1, 2])
        ax.set_yscale("log")
        ax.set_title("KS vs target (dashed: 0.03)")
        ax.legend(loc="upper right", fontsize=9)
