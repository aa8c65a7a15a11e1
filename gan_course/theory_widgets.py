"""Sliders for the theory chapters: move p_g = N(mu, sigma^2) and watch D*, the JS divergence and C(G) follow.

    from gan_course.theory_widgets import OptimalDiscriminatorExplorer, JSDivergenceExplorer
    OptimalDiscriminatorExplorer()     # chapter 3: the densities and D*(x)
    JSDivergenceExplorer()             # chapter 4: the mixture, JSD, V(G, D*) = -log 4 + 2 JSD, and C(G)

All computing is in ``gan_course.theory``; these classes read the controls, recompute, keep the numbers in
``.curves`` / ``.numbers`` (tests read them) and render a figure to PNG in an ``Image`` widget, which updates
in place in Jupyter and JupyterLab. A bad value (sigma = 0, a data std typed as -1) shows a message in the
widget and leaves the last good figure; nothing raises into the notebook.
"""

from __future__ import annotations

import io
import math

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.figure import Figure

from . import theory

__all__ = ["OptimalDiscriminatorExplorer", "JSDivergenceExplorer"]


class _Explorer:
    """Controls for p_g = N(mu, sigma^2) (sliders) and p_data = N(mean, std^2) (text boxes), a message, a figure."""

    title = ""

    def __init__(self, data_mean: float = 4.0, data_std: float = 1.25, mu: float = 0.0, sigma: float = 1.0) -> None:
        W = widgets
        style = {"description_width": "90px"}
        lay = W.Layout(width="360px")
        kw = {"style": style, "layout": lay, "continuous_update": False}
        self.mu = W.FloatSlider(value=mu, min=-8.0, max=16.0, step=0.1, description="p_g mean μ", **kw)
        # sigma = 0 is on the slider on purpose: a generator that outputs one point has no density (see message)
        self.sigma = W.FloatSlider(value=sigma, min=0.0, max=4.0, step=0.05, description="p_g std σ", **kw)
        self.data_mean = W.FloatText(value=data_mean, description="p_data mean", **kw)
        self.data_std = W.FloatText(value=data_std, description="p_data std", **kw)
        self.message = W.HTML(value="")
        self.readout = W.HTML(value="")
        self.image = W.Image(format="png", layout=W.Layout(width="100%", max_width="1000px"))
        self.curves: dict[str, np.ndarray] = {}
        self.numbers: dict[str, float] = {}
        self.redraws = 0
        for w in (self.mu, self.sigma, self.data_mean, self.data_std):
            w.observe(lambda _change: self.update(), names="value")
        controls = W.VBox([self.mu, self.sigma, self.data_mean, self.data_std])
        self.widget = W.VBox([W.HTML(f"<b>{self.title}</b>"), W.HBox([controls, self.readout]), self.message,
                              self.image])
        self.update()

    def _ipython_display_(self) -> None:  # an explorer as the last line of a cell shows its widgets
        from IPython.display import display

        display(self.widget)

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
            self.message.value = f"<span style='color:#b00020'>{err}</span>"
            return False
        self.message.value = ""
        self.readout.value = self.describe()
        self.redraw()
        return True

    def compute(self, p: theory.Density, q: theory.Density) -> None:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def figure(self) -> Figure:
        raise NotImplementedError

    def redraw(self) -> None:
        """Render the figure to PNG bytes in ``self.image``."""
        with matplotlib.rc_context({"font.size": 9}):
            fig = self.figure()
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=80, bbox_inches="tight")
        self.image.value = buf.getvalue()
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
        return (f"D* ranges over [{d.min():.3f}, {d.max():.3f}] on the plot<br>"
                f"V(G, D*) = {self.numbers['V(G, D*)']:.4f} (−log 4 = {-theory.LOG4:.4f} when p_g = p_data)")

    def figure(self) -> Figure:
        c = self.curves
        fig = Figure(figsize=(8, 4.6), layout="constrained")
        top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [1, 1]})
        top.plot(c["x"], c["p_data"], "k-", lw=2, label="p_data")
        top.plot(c["x"], c["p_g"], "C1-", lw=2, label=f"p_g = N({self.mu.value:g}, {self.sigma.value:g}²)")
        top.set_ylabel("density")
        top.legend(loc="upper right")
        bottom.plot(c["x"], c["d_star"], "C0-", lw=2, label="D*(x)")
        bottom.axhline(0.5, color="grey", ls="--", lw=1, label="1/2")
        bottom.set_ylim(-0.03, 1.03)
        bottom.set_xlabel("x")
        bottom.set_ylabel("D*(x)")
        bottom.legend(loc="upper right")
        return fig


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
        rows = "".join(f"<tr><td>{k}</td><td style='text-align:right'>{v:.6f}</td></tr>" for k, v in n.items())
        diff = abs(n["V(G, D*)"] - n["-log 4 + 2 JSD"])
        return f"<table>{rows}<tr><td>|difference|</td><td style='text-align:right'>{diff:.1e}</td></tr></table>"

    def figure(self) -> Figure:
        c, n = self.curves, self.numbers
        fig = Figure(figsize=(11, 3.4), layout="constrained")
        ax_d, ax_mu, ax_s = fig.subplots(1, 3)
        ax_d.plot(c["x"], c["p_data"], "k-", lw=2, label="p_data")
        ax_d.plot(c["x"], c["p_g"], "C1-", lw=2, label="p_g")
        ax_d.plot(c["x"], c["mixture"], "C2--", lw=1.5, label="M = (p_data + p_g)/2")
        ax_d.set_ylim(0, 1.5 * max(c["p_data"].max(), c["p_g"].max()))  # room for the legend
        ax_d.set_xlabel("x")
        ax_d.set_title(f"JSD = {n['JSD']:.4f}  (log 2 = {theory.LOG2:.4f})")
        ax_d.legend(fontsize=8, loc="upper left")
        for ax, key, var, now, name in (
            (ax_mu, "C_over_mu", "mus", self.mu.value, f"μ  (σ = {self.sigma.value:g})"),
            (ax_s, "C_over_sigma", "sigmas", self.sigma.value, f"σ  (μ = {self.mu.value:g})"),
        ):
            ax.plot(c[var], c[key], "C0-", lw=2)
            ax.plot([now], [n["-log 4 + 2 JSD"]], "o", color="C1", ms=8, label="current p_g")
            ax.axhline(-theory.LOG4, color="grey", ls="--", lw=1, label="−log 4")
            ax.axhline(0.0, color="grey", ls=":", lw=1, label="0 = −log 4 + 2 log 2")
            ax.set_xlabel(name)
            ax.set_ylabel("C(G)")
        # one legend for both C(G) panels, below them, where it hides no curve
        fig.legend(*ax_mu.get_legend_handles_labels(), loc="upper center", bbox_to_anchor=(0.66, 0.0), ncol=3,
                   fontsize=8, frameon=False)
        return fig
