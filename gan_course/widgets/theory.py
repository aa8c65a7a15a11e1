"""Sliders for the theory chapters: move p_g = N(mu, sigma^2) and watch D*, the JS divergence and C(G) follow.

    from gan_course.widgets.theory import OptimalDiscriminatorExplorer, JSDivergenceExplorer
    OptimalDiscriminatorExplorer()     # chapter 3: the densities and D*(x)
    JSDivergenceExplorer()             # chapter 4: the mixture, JSD, V(G, D*) = -log 4 + 2 JSD, and C(G)

All computing is in ``gan_course.theory``; these classes read the controls, recompute, keep the numbers in
``.curves`` / ``.numbers`` (tests read them) and render a figure to PNG in an ``Image`` widget, which updates
in place in Jupyter and JupyterLab. A bad value (sigma = 0, a data std typed as -1) shows a message in the
widget and leaves the last good figure; nothing raises into the notebook.

Each explorer makes its figure once, with fixed margins, and a slider move only gives its lines new data and
renders once (``base.figure_png``): no new figure, no layout pass, no tight bounding box per move.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.figure import Figure

from .. import theory
from ..validate import number, positive_number
from .base import Panel, figure_png

__all__ = ["OptimalDiscriminatorExplorer", "JSDivergenceExplorer"]

DPI = 80
FONT = {"font.size": 9}


def fixed(value: float, digits: int = 4) -> str:
    """``value`` with ``digits`` decimals, never as "-0.0000": a tiny negative number (a rounding error of the
    integration, e.g. V(G, D*) of two far-apart densities) reads as 0.0000."""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


class _Explorer(Panel):
    """Controls for p_g = N(mu, sigma^2) (sliders) and p_data = N(mean, std^2) (text boxes), a message, a figure.

    Subclasses compute ``curves`` and ``numbers`` (``compute``), describe them (``describe``), make their figure
    once (``make_figure``) and put the current curves on it (``draw``).
    """

    title = ""

    def __init__(self, data_mean: float = 4.0, data_std: float = 1.25, mu: float = 0.0, sigma: float = 1.0) -> None:
        positive_number(data_std, "data_std", "1.25")
        number(data_mean, "data_mean", -1e6, 1e6, "4.0")
        number(mu, "mu (the slider's p_g mean)", -8.0, 16.0, "0.0")  # the sliders' ranges: beyond, a value is clamped
        number(sigma, "sigma (the slider's p_g std)", 0.0, 4.0, "1.0")
        super().__init__()
        W = widgets
        style = {"description_width": "90px"}
        lay = W.Layout(width="360px")
        kw = {"style": style, "layout": lay, "continuous_update": False}
        self.mu = W.FloatSlider(value=mu, min=-8.0, max=16.0, step=0.1, description="p_g mean μ", **kw)
        # sigma = 0 is on the slider on purpose: a generator that outputs one point has no density (see message)
        self.sigma = W.FloatSlider(value=sigma, min=0.0, max=4.0, step=0.05, description="p_g std σ", **kw)
        self.data_mean = W.FloatText(value=data_mean, description="p_data mean", **kw)
        self.data_std = W.FloatText(value=data_std, description="p_data std", **kw)
        self.readout = W.HTML(value="")
        self.image = W.Image(format="png", layout=W.Layout(width="100%", max_width="1000px"))
        self.curves: dict[str, np.ndarray] = {}
        self.numbers: dict[str, float] = {}
        self.redraws = 0
        self._fig: Figure | None = None
        for w in (self.mu, self.sigma, self.data_mean, self.data_std):
            w.observe(lambda _change: self.update(), names="value")
        controls = W.VBox([self.mu, self.sigma, self.data_mean, self.data_std])
        self.widget = W.VBox([W.HTML(f"<b>{self.title}</b>"), W.HBox([controls, self.readout]), self.message,
                              self.image])
        self.update()

    # ------------------------------------------------------------------ state
    def densities(self) -> tuple[theory.Density, theory.Density]:
        """(p_data, p_g) from the controls; ValueError with a sentence for the student when a value is bad."""
        if not self.sigma.value > 0:
            raise ValueError(
                f"σ = {self.sigma.value:g}: a generator with σ = 0 puts all its samples on one point, which has no "
                "density, so D* and the divergences are undefined. Move σ above 0."
            )
        m, s = self.data_mean.value, self.data_std.value
        if not (isinstance(m, (int, float)) and math.isfinite(m) and abs(m) <= 1e3):
            raise ValueError(f"p_data mean = {m!r}: type a number between -1000 and 1000.")
        if not (isinstance(s, (int, float)) and math.isfinite(s) and 0.01 <= s <= 100):
            raise ValueError(f"p_data std = {s!r}: a standard deviation must be > 0; type a number from 0.01 to 100.")
        return theory.gaussian(m, s), theory.gaussian(self.mu.value, self.sigma.value)

    def grid(self, p: theory.Density, q: theory.Density, n: int = 600) -> np.ndarray:
        """x values covering both densities (mean +- 4 std of each)."""
        lo = min(self.data_mean.value - 4 * self.data_std.value, self.mu.value - 4 * self.sigma.value)
        hi = max(self.data_mean.value + 4 * self.data_std.value, self.mu.value + 4 * self.sigma.value)
        return np.linspace(lo, hi, n)

    def update(self) -> bool:
        """Recompute from the controls and redraw; False (and a message, old figure kept) when a value is bad."""
        try:
            p, q = self.densities()
            self.compute(p, q)
        except ValueError as err:
            self.say(str(err))
            return False
        self.clear()
        self.readout.value = self.describe()
        self.redraw()
        return True

    def compute(self, p: theory.Density, q: theory.Density) -> None:
        """Fill ``curves`` and ``numbers`` for p_data = p and p_g = q."""
        raise NotImplementedError

    def describe(self) -> str:
        """The numbers as HTML, beside the controls."""
        raise NotImplementedError

    # ------------------------------------------------------------------ drawing
    def make_figure(self) -> Figure:
        """The figure with its axes, lines, labels and legends, empty of data; made once per explorer."""
        raise NotImplementedError

    def draw(self, fig: Figure) -> None:
        """Put the current ``curves`` and ``numbers`` on ``fig`` (line data, limits, titles)."""
        raise NotImplementedError

    def figure(self) -> Figure:
        """The explorer's one figure, showing the current curves (not attached to pyplot)."""
        with matplotlib.rc_context(FONT):  # text is sized when it is made: keep the context for the first make
            if self._fig is None:
                self._fig = self.make_figure()
            self.draw(self._fig)
        return self._fig

    def redraw(self) -> None:
        """Render the figure to PNG bytes in ``self.image``."""
        fig = self.figure()
        with matplotlib.rc_context(FONT):
            self.image.value = figure_png(fig, dpi=DPI)
        self.redraws += 1


class OptimalDiscriminatorExplorer(_Explorer):
    """Chapter 3: p_data, p_g and the optimal discriminator D*(x) = p_data / (p_data + p_g), live."""

    title = "The optimal discriminator D*(x) = p_data(x) / (p_data(x) + p_g(x))"

    def compute(self, p: theory.Density, q: theory.Density) -> None:
        x = self.grid(p, q)
        self.curves = {"x": x, "p_data": p(x), "p_g": q(x), "d_star": theory.optimal_discriminator(p, q)(x)}
        self.numbers = {"V(G, D*)": theory.value_at_optimum(p, q)}

    def describe(self) -> str:
        d = self.curves["d_star"]
        return (f"D* ranges over [{fixed(d.min(), 3)}, {fixed(d.max(), 3)}] on the plot<br>"
                f"V(G, D*) = {fixed(self.numbers['V(G, D*)'])} (−log 4 = {-theory.LOG4:.4f} when p_g = p_data)")

    def make_figure(self) -> Figure:
        fig = Figure(figsize=(8, 4.6))
        fig.subplots_adjust(left=0.09, right=0.98, bottom=0.1, top=0.98, hspace=0.08)
        top, bottom = fig.subplots(2, 1, sharex=True)
        self._lines = {
            "p_data": top.plot([], [], "k-", lw=2, label="p_data")[0],
            "p_g": top.plot([], [], "C1-", lw=2, label="p_g")[0],
            "d_star": bottom.plot([], [], "C0-", lw=2, label="D*(x)")[0],
        }
        top.set_ylabel("density")
        bottom.axhline(0.5, color="grey", ls="--", lw=1, label="1/2")
        bottom.set_ylim(-0.03, 1.03)
        bottom.set_xlabel("x")
        bottom.set_ylabel("D*(x)")
        bottom.legend(loc="upper right")
        return fig

    def draw(self, fig: Figure) -> None:
        c = self.curves
        for key, line in self._lines.items():
            line.set_data(c["x"], c[key])
        self._lines["p_g"].set_label(f"p_g = N({self.mu.value:g}, {self.sigma.value:g}²)")
        top = fig.axes[0]
        top.legend(loc="upper right")  # again: the p_g label names the current μ and σ
        top.set_xlim(c["x"][0], c["x"][-1])  # shared with the D* panel
        top.set_ylim(0, 1.05 * max(c["p_data"].max(), c["p_g"].max()))


class JSDivergenceExplorer(_Explorer):
    """Chapter 4: the mixture M, JSD(p_data || p_g), V(G, D*) against -log 4 + 2 JSD, and C(G) over mu and sigma."""

    title = "C(G) = max_D V(G, D) = −log 4 + 2 JSD(p_data ‖ p_g)"

    def compute(self, p: theory.Density, q: theory.Density) -> None:
        x = self.grid(p, q)
        m = theory.mixture(p, q)
        jsd = theory.js_divergence(p, q)
        self.numbers = {
            "KL(p_data || M)": theory.kl_divergence(p, m),
            "KL(p_g || M)": theory.kl_divergence(q, m),
            "JSD": jsd,
            "V(G, D*)": theory.value_at_optimum(p, q),
            "-log 4 + 2 JSD": -theory.LOG4 + 2 * jsd,
        }
        mean, std = self.data_mean.value, self.data_std.value
        mus = np.linspace(mean - 8 * std, mean + 8 * std, 65)
        sigmas = np.linspace(0.1 * std, 3 * std, 40)
        criterion = lambda u, s: theory.virtual_training_criterion(p, theory.gaussian(u, s))  # noqa: E731
        self.curves = {
            "x": x, "p_data": p(x), "p_g": q(x), "mixture": m(x),
            "mus": mus, "C_over_mu": np.array([criterion(u, self.sigma.value) for u in mus]),
            "sigmas": sigmas, "C_over_sigma": np.array([criterion(self.mu.value, s) for s in sigmas]),
        }

    def describe(self) -> str:
        n = self.numbers
        rows = "".join(f"<tr><td>{k}</td><td style='text-align:right'>{fixed(v, 6)}</td></tr>" for k, v in n.items())
        diff = abs(n["V(G, D*)"] - n["-log 4 + 2 JSD"])
        return f"<table>{rows}<tr><td>|difference|</td><td style='text-align:right'>{diff:.1e}</td></tr></table>"

    def make_figure(self) -> Figure:
        fig = Figure(figsize=(11, 3.6))
        # fixed margins, with room at the bottom for the C(G) panels' legend
        fig.subplots_adjust(left=0.05, right=0.99, bottom=0.23, top=0.92, wspace=0.25)
        ax_d, ax_mu, ax_s = fig.subplots(1, 3)
        self._lines = {
            "p_data": ax_d.plot([], [], "k-", lw=2, label="p_data")[0],
            "p_g": ax_d.plot([], [], "C1-", lw=2, label="p_g")[0],
            "mixture": ax_d.plot([], [], "C2--", lw=1.5, label="M = (p_data + p_g)/2")[0],
        }
        ax_d.set_xlabel("x")
        ax_d.set_ylabel("density")
        ax_d.legend(fontsize=8, loc="upper left")
        for ax, key in ((ax_mu, "mu"), (ax_s, "sigma")):
            self._lines[f"C_over_{key}"] = ax.plot([], [], "C0-", lw=2, label="C(G)")[0]
            self._lines[f"now_{key}"] = ax.plot([], [], "o", color="C1", ms=8, label="current p_g")[0]
            ax.axhline(-theory.LOG4, color="grey", ls="--", lw=1, label="−log 4")
            ax.axhline(0.0, color="grey", ls=":", lw=1, label="0 = −log 4 + 2 log 2")
            ax.set_ylabel("C(G)")
        # one legend for both C(G) panels, below them, where it hides no curve
        fig.legend(*ax_mu.get_legend_handles_labels(), loc="lower center", bbox_to_anchor=(0.68, 0.0), ncol=4,
                   fontsize=8, frameon=False)
        return fig

    def draw(self, fig: Figure) -> None:
        c, n = self.curves, self.numbers
        ax_d, ax_mu, ax_s = fig.axes[:3]
        for key in ("p_data", "p_g", "mixture"):
            self._lines[key].set_data(c["x"], c[key])
        ax_d.set_xlim(c["x"][0], c["x"][-1])
        ax_d.set_ylim(0, 1.5 * max(c["p_data"].max(), c["p_g"].max()))  # room for the legend
        ax_d.set_title(f"JSD = {fixed(n['JSD'])}  (log 2 = {theory.LOG2:.4f})")
        now = n["-log 4 + 2 JSD"]
        for ax, key, var, value, name in (
            (ax_mu, "mu", "mus", self.mu.value, f"p_g mean μ  (σ = {self.sigma.value:g})"),
            (ax_s, "sigma", "sigmas", self.sigma.value, f"p_g std σ  (μ = {self.mu.value:g})"),
        ):
            self._lines[f"C_over_{key}"].set_data(c[var], c[f"C_over_{key}"])
            self._lines[f"now_{key}"].set_data([value], [now])
            ax.set_xlabel(name)
            ax.relim()
            ax.autoscale_view()
