# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Chapter 3 — The optimal discriminator", "sources": ["Goodfellow et al., “Generative Adversarial Nets” (2014)"], "points": ["Derive $D^*(x) = p_\\text{data}(x) / (p_\\text{data}(x) + p_g(x))$, step by step", "Train a real $D$ against a fixed $p_g$: does it land on $D^*$?", "Move $p_g$'s $\\mu$ and $\\sigma$ with sliders, watch $D^*$ follow"]}
# # Chapter 3 — The optimal discriminator
#
# Chapter 2 wrote the game as $\min_G \max_D V(D, G)$. This chapter solves the **inner** problem: for a
# fixed generator, which discriminator maximises $V$? The answer has a closed form,
#
# $$D^*(x) = \frac{p_\text{data}(x)}{p_\text{data}(x) + p_g(x)},$$
#
# and in this chapter you will
#
# 1. derive it step by step;
# 2. **train** a real discriminator network against a fixed $p_g = \mathcal N(\mu, \sigma^2)$ and watch it
#    land on the formula — within 0.05 everywhere that matters, for four different generators;
# 3. move $\mu$ and $\sigma$ with sliders and see $D^*$ follow.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Step 1: write $V$ as one integral over $x$", "points": ["A fake $x = G(z)$ has density $p_g$", "Both expectations become integrals over the same $x$", "$V = \\int \\bigl[\\, p_\\text{data} \\log D + p_g \\log(1 - D) \\,\\bigr]\\, dx$"]}
# ## Step 1: write $V$ as one integral over $x$
#
# A fake sample is $x = G(z)$; its distribution is $p_g$. So the expectation over $z$ is an expectation over
# $x \sim p_g$, and both terms of $V$ become integrals over the same variable $x$:
#
# $$\begin{aligned}
# V(G, D) &= \mathbb E_{x \sim p_\text{data}}[\log D(x)] + \mathbb E_{z \sim p_z}[\log(1 - D(G(z)))] \\
#         &= \int p_\text{data}(x) \log D(x)\, dx + \int p_g(x) \log(1 - D(x))\, dx \\
#         &= \int \Bigl[\, p_\text{data}(x) \log D(x) + p_g(x) \log(1 - D(x)) \,\Bigr]\, dx .
# \end{aligned}$$

# %% [markdown] slideshow={"slide_type": "subslide"} slide={"title": "Step 2: maximise one $x$ at a time", "points": ["$D$ is any function: its values at different $x$ are free", "So maximise the integrand at each $x$ separately", "$f(y) = a \\log y + b \\log(1 - y)$, with $a = p_\\text{data}(x)$, $b = p_g(x)$"]}
# ## Step 2: maximise under the integral sign, one $x$ at a time
#
# $D$ is an arbitrary function: its value at one $x$ does not constrain its value at another. So the
# integral is largest when the integrand is largest **at every $x$ separately**. Fix $x$ and write
# $a = p_\text{data}(x) \ge 0$, $b = p_g(x) \ge 0$, $y = D(x) \in (0, 1)$:
#
# $$f(y) = a \log y + b \log(1 - y).$$

# %% [markdown] slideshow={"slide_type": "subslide"} slide={"title": "Step 3: set the derivative to zero", "points": ["$f'(y) = \\dfrac{a}{y} - \\dfrac{b}{1 - y} = 0 \\iff y = \\dfrac{a}{a + b}$", "$f''(y) < 0$: $f$ is concave, a unique maximum"]}
# ## Step 3: set the derivative to zero
#
# $$f'(y) = \frac{a}{y} - \frac{b}{1 - y} = 0
# \quad\Longleftrightarrow\quad a(1 - y) = b\, y
# \quad\Longleftrightarrow\quad y = \frac{a}{a + b}.$$
#
# It is a maximum: $f''(y) = -\dfrac{a}{y^2} - \dfrac{b}{(1 - y)^2} < 0$ whenever $a + b > 0$, so $f$ is
# concave and the stationary point is its unique maximiser in $(0, 1)$.

# %% [markdown] slideshow={"slide_type": "subslide"} slide={"title": "Step 4: put $x$ back", "points": ["$D^*_G(x) = \\dfrac{p_\\text{data}(x)}{p_\\text{data}(x) + p_g(x)}$", "The Bayes posterior of “real”; logit $\\log p_\\text{data} - \\log p_g$", "$D^* = \\tfrac12$ exactly where the densities are equal", "$p_g = p_\\text{data}$: $D^* \\equiv \\tfrac12$, the detective can only guess"]}
# ## Step 4: put $x$ back
#
# $$\boxed{\,D^*_G(x) = \frac{p_\text{data}(x)}{p_\text{data}(x) + p_g(x)}\,}$$
#
# * $D^*$ is the probability that $x$ came from the data when real and fake are drawn half and half — the
#   Bayes posterior. Its logit is the log density ratio: $\log \frac{D^*}{1 - D^*} = \log p_\text{data} - \log p_g$.
# * $D^*(x) = \tfrac12$ **exactly where the two densities are equal**; if $p_g = p_\text{data}$, then
#   $D^* = \tfrac12$ everywhere: the detective can only guess.
# * Outside the support of both ($a = b = 0$) any $D$ is optimal; only $x$ where some mass lives matters.
#
# `gan_course.theory` computes $D^*$ for any pair of 1-D densities, through the logit so that it stays
# accurate in the tails where both densities are tiny.

# %% slideshow={"slide_type": "skip"}
import matplotlib.pyplot as plt
import numpy as np
from scipy import special

from gan_course import data, exercises, fit_d, models, runtime, theory
from gan_course.claims import claim
from gan_course.tables import Table
from gan_course.widgets.theory import OptimalDiscriminatorExplorer

DATA_MEAN, DATA_STD = 4.0, 1.25
p_data = theory.gaussian(DATA_MEAN, DATA_STD)

# %% slideshow={"slide_type": "subslide"} slide={"title": "$D^*$ for $p_g = \\mathcal N(0, 1)$, $p_\\text{data} = \\mathcal N(4, 1.25^2)$", "points": ["Above $\\tfrac12$ where the data is denser, below where the fakes are"]}
p_g = theory.gaussian(0.0, 1.0)
x = np.linspace(-4, 10, 801)
fig, (ax_p, ax_d) = plt.subplots(2, 1, figsize=(8, 5), sharex=True)
ax_p.plot(x, p_data(x), "k", lw=2, label="p_data = N(4, 1.25²)")
ax_p.plot(x, p_g(x), "C1", lw=2, label="p_g = N(0, 1)")
ax_p.set_ylabel("density")
ax_p.legend()
ax_d.plot(x, theory.optimal_discriminator(p_data, p_g)(x), "C0", lw=2, label="D*(x)")
ax_d.axhline(0.5, color="grey", ls="--", lw=1, label="1/2: cannot tell")
ax_d.set_xlabel("x")
ax_d.set_ylabel("D*(x)")
ax_d.legend()
fig.tight_layout()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Where the fakes are denser, $D^* < \tfrac12$; where the data is denser, $D^* > \tfrac12$. The crossing is
# not halfway between the means, and it is not the only one: the data is wider than $p_g$, so its tail wins
# again far to the left. Find where the logit $\log p_\text{data} - \log p_g$ changes sign:

# %% slideshow={"slide_type": "fragment"}
# NBVAL_CHECK_OUTPUT
from scipy.optimize import brentq

logit_star = theory.optimal_logit(p_data, p_g)
crossings = [brentq(lambda t: logit_star(np.array([t]))[0], a, b) for a, b in ((-30.0, -5.0), (0.0, 4.0))]
print("D*(x) = 1/2 at x = " + " and x = ".join(f"{c:.3f}" for c in crossings))
print(f"both densities at x = {crossings[0]:.3f}: {p_data(np.array([crossings[0]]))[0]:.1e}, no sample goes there")

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Exercise 03a: $D^*$ on a grid", "points": ["Two densities as values at the same grid points", "$D^* = p_\\text{data} / (p_\\text{data} + p_g)$, point by point", "Where both are 0: $D^* = \\tfrac12$, not $0/0$"]}
# ## Exercise 03a: $D^*$ on a grid
#
# `theory.optimal_discriminator` takes the two densities as *functions*. Often all one has is their values at
# a grid of points, and the formula must then work point by point on tensors. A coding exercise has three cells,
# as in chapter 2: write the body of the function in the first, where it says `YOUR CODE HERE` (delete the
# `raise` line); run the second, which tries your function on test inputs and prints ✓ or a sentence that names
# what is wrong; the third goes on with your function once it passes, and with the course's until then.
#
# **Exercise 03a (2 points).** Write `optimal_discriminator(p_data, p_g)`. Its inputs are two 1-D tensors of the
# same shape, the values $p_\text{data}(x_i)$ and $p_g(x_i)$ of the two densities at the same grid points
# $x_1, \dots, x_n$. Return a tensor of that shape holding
#
# $$D^*(x_i) = \frac{p_\text{data}(x_i)}{p_\text{data}(x_i) + p_g(x_i)},$$
#
# and $\tfrac12$ where **both** densities are 0. Far in the tails a Gaussian density underflows to exactly 0
# in float32, so such points occur on any wide grid; there the formula reads $0/0$, the values say nothing
# either way, and $D^* = \tfrac12$, the detective's guess. `torch.where(condition, a, b)` picks between two
# values point by point.

# %% nbgrader={"grade": false, "grade_id": "ex03a_solution", "locked": false, "schema_version": 3, "solution": true, "task": false}
import torch


def optimal_discriminator(p_data, p_g):
    """D*(x) = p_data(x) / (p_data(x) + p_g(x)) at each grid point, and 1/2 where both densities are 0."""
    ### BEGIN SOLUTION
    total = p_data + p_g
    return torch.where(total > 0, p_data / total, 0.5)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "ex03a_tests", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
exercises.check_code("03a", optimal_discriminator);
### BEGIN HIDDEN TESTS
exercises.grade("03a", optimal_discriminator)
### END HIDDEN TESTS

# %% [markdown]
# Your $D^*$ (or the course's, until yours passes) on a float32 grid from $-40$ to $40$, for the two densities of
# the figure above, against `theory`'s $D^*$ from the density functions. Where either density is a normal float32
# number (above `torch.finfo(torch.float32).tiny`, about $10^{-38}$) the two agree to float32 rounding; in the
# few points where both are subnormal, with only a few significant bits, the grid's $D^*$ is coarser. Where both
# have underflowed to 0, the grid can only say $\tfrac12$, while `theory`, which works with the log-densities,
# still finds a winner: the first crossing above lies in that region. No sample ever lands there, so a trained
# $D$ is not pinned down there either.

# %%
d_star_on_grid = exercises.use("03a", optimal_discriminator)
grid32 = torch.linspace(-40.0, 40.0, 801)
values = [torch.from_numpy(p(grid32.double().numpy())).float() for p in (p_data, p_g)]  # float32 values
d_grid = d_star_on_grid(*values)
d_theory = torch.from_numpy(theory.optimal_discriminator(p_data, p_g)(grid32.double().numpy()))
both_zero = (values[0] == 0) & (values[1] == 0)
normal = torch.maximum(*values) >= torch.finfo(torch.float32).tiny
print(f"grid points: {len(grid32)}, where both densities are 0 in float32: {int(both_zero.sum())}, "
      f"D* there: {sorted(set(d_grid[both_zero].tolist()))}")
print(f"largest |D* on the grid - theory's D*| where a density is a normal float32 number: "
      f"{(d_grid.double() - d_theory)[normal].abs().max():.1e}")

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Does a trained network find $D^*$?", "points": ["Keep $G$ fixed: sample $p_g = \\mathcal N(\\mu, \\sigma^2)$ directly", "Train only $D$ (MLP 1–32–32–1) on BCE, i.e. $-V$", "600 Adam steps, fresh batches of 512 real and 512 fake", "Gap $\\max |D - D^*|$ over the central 95 % of the mixture", "Beside it: the untrained $D$ the fit starts from"]}
# ## Does a trained network find $D^*$?
#
# The derivation assumed $D$ can be *any* function and that we can integrate exactly. A real $D$ is a small
# network trained on finite batches. Test it: keep $G$ **fixed** — $p_g = \mathcal N(\mu, \sigma^2)$ sampled
# directly — and train only $D$, with the course's discriminator loss (BCE on labels 1/0, i.e. $-V$).
#
# `fit_d.fit_discriminator` runs the course's one training loop with the generator held fixed (its "G" is
# the identity on samples of $p_g$, and `g_steps=0`): an MLP 1–32–32–1 (ELU, logits out), fresh batches of
# 512 real and 512 fake samples per step, 600 Adam steps with the learning rate annealed from $2 \cdot 10^{-2}$
# to $10^{-4}$. Its settings are one dataclass, the loop's in a `TrainConfig`:

# %% slideshow={"slide_type": "fragment"}
fit_config = fit_d.FitDConfig().replace(seed=runtime.chapter_seed())  # seed 0 unless GAN_COURSE_SEED is set
fit_config

# %% [markdown] slideshow={"slide_type": "subslide"}
# Four generators: shifted, narrow, wide and shifted, and one equal to the data (where $D^* \equiv \tfrac12$).
# For each we measure the largest gap $\max |D(x) - D^*(x)|$ over the **central 95 % of the mixture**
# $\tfrac12(p_\text{data} + p_g)$ — from its $2.5\%$ to its $97.5\%$ quantile, where the training samples live.
# Far outside, $D$ never saw a sample and nothing constrains it. Beside it, the same gap for the **untrained**
# $D$ (the weights the fit starts from): a claim that the trained $D$ found $D^*$ must be one the untrained
# $D$ fails. That matters most for $p_g = p_\text{data}$: a fresh network's logits are small, so it already
# says roughly $\tfrac12$ everywhere, and its band there is five times tighter.

# %% slideshow={"slide_type": "fragment"}
GENERATORS = [(0.0, 1.0), (4.0, 0.5), (6.0, 2.0), (4.0, 1.25)]  # (mu, sigma) of p_g
runtime.seed_everything(fit_config.train.seed)  # as fit_discriminator does before it draws D's weights
untrained_D = models.mlp_discriminator(1, fit_config.hidden, fit_config.activation).eval()
fits = {}
for mu, sigma in GENERATORS:
    p_g = theory.gaussian(mu, sigma)
    D = fit_d.fit_discriminator(data.gaussian_sampler(DATA_MEAN, DATA_STD), data.gaussian_sampler(mu, sigma),
                                fit_config)
    lo, hi = theory.central_interval(theory.mixture(p_data, p_g), 0.95)
    grid = np.linspace(lo, hi, 2001)
    d_star = theory.optimal_discriminator(p_data, p_g)(grid)
    gap = {net: float(np.abs(special.expit(fit_d.logit_function(net)(grid)) - d_star).max())
           for net in (D, untrained_D)}
    fits[mu, sigma] = {"D": D, "interval": (lo, hi), "max_gap": gap[D], "untrained_gap": gap[untrained_D],
                       "V_net": theory.value_function(p_data, p_g, fit_d.logit_function(D)),
                       "V_star": theory.value_at_optimum(p_data, p_g)}

# %% slideshow={"slide_type": "fragment"} slide={"title": "Trained and untrained: the gap to $D^*$", "points": ["Four fixed generators, one equal to the data"], "notes": "The band is 0.05, and 0.01 for p_g = p_data, where a fresh network already says roughly 1/2 everywhere: the claim that the trained D found D* must be one the untrained D fails. Read the trained column against the untrained one."}
# Bands measured for random seeds 0-4, 7 and 8: trained gaps 0.004-0.025 (0.0015-0.0044 for p_g = p_data),
# untrained 0.39-0.78 (0.043-0.29 for p_g = p_data). p_g = p_data gets 0.01, which every untrained D there failed.
print("p_g = N(mu, sigma²)   central 95% of mixture   max |D - D*|: trained   untrained   band")
for (mu, sigma), f in fits.items():
    lo, hi = f["interval"]
    band = 0.01 if (mu, sigma) == (DATA_MEAN, DATA_STD) else 0.05
    print(f"N({mu:4.1f}, {sigma:4.2f}²)         [{lo:5.2f}, {hi:5.2f}]                    {f['max_gap']:.4f}"
          f"      {f['untrained_gap']:.4f}    <= {band:g}")
    claim(f"the trained D lies on D* (p_g = N({mu:g}, {sigma:g}²)): max |D - D*| over the central 95%",
          f["max_gap"], at_most=band)
Table([[f"N({mu:g}, {sigma:g}²)", f"[{f['interval'][0]:.2f}, {f['interval'][1]:.2f}]", f["max_gap"],
        f["untrained_gap"]] for (mu, sigma), f in fits.items()],
      ["p_g", "central 95% of the mixture", "trained D", "untrained D"],
      title="max |D(x) − D*(x)| over the central 95% of the mixture",
      formats={"trained D": "{:.4f}", "untrained D": "{:.4f}"})

# %% slideshow={"slide_type": "subslide"} slide={"title": "The trained $D$ lies on the analytic $D^*$"}
fig, axes = plt.subplots(1, len(fits), figsize=(14, 3.6), sharey=True)
for ax, ((mu, sigma), f) in zip(axes, fits.items(), strict=True):
    p_g = theory.gaussian(mu, sigma)
    lo, hi = f["interval"]
    xs = np.linspace(min(DATA_MEAN - 4 * DATA_STD, mu - 4 * sigma), max(DATA_MEAN + 4 * DATA_STD, mu + 4 * sigma), 600)
    ax.axvspan(lo, hi, color="0.92", label="central 95 % of the mixture (gap measured here)")
    ax.plot(xs, theory.optimal_discriminator(p_data, p_g)(xs), "k", lw=3, label="analytic D*")
    ax.plot(xs, special.expit(fit_d.logit_function(f["D"])(xs)), "C3--", lw=2, label="trained D")
    scale = 0.25 / max(p_data(xs).max(), p_g(xs).max())  # densities drawn small, for orientation
    ax.fill_between(xs, 0, scale * p_data(xs), color="k", alpha=0.15, label="p_data (density, scaled)")
    ax.fill_between(xs, 0, scale * p_g(xs), color="C1", alpha=0.3, label="p_g (density, scaled)")
    ax.set_title(f"p_g = N({mu:g}, {sigma:g}²)   max gap {f['max_gap']:.3f}")
    ax.set_xlabel("x")
    ax.set_ylim(-0.02, 1.02)
axes[0].set_ylabel("D(x)")
fig.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncol=5, frameon=False)
fig.tight_layout(rect=(0, 0.08, 1, 1))  # room for the legend below the panels

# %% [markdown] slideshow={"slide_type": "fragment"}
# The trained network lies on the analytic curve inside the shaded band; outside it, where $D$ saw hardly any
# sample, it drifts — a reminder that $D^*$ is only pinned down where the data or the fakes live. When
# $p_g = p_\text{data}$ (right), the network learns to say $\tfrac12$ everywhere: to within 0.01, where the
# untrained network it started from is further off (the table prints both).

# %% [markdown] slideshow={"slide_type": "subslide"}
# The value tells the same story: no $D$ can beat $D^*$, and the trained one comes within a few thousandths
# (below 0.005 for each of the four).

# %% slideshow={"slide_type": "fragment"} slide={"title": "No $D$ beats $D^*$: the value $V$"}
for (mu, sigma), f in fits.items():
    print(f"p_g = N({mu:g}, {sigma:g}²):  V(G, D_trained) = {f['V_net']:.3f}  <=  V(G, D*) = {f['V_star']:.3f}  "
          f"{f['V_net'] <= f['V_star']}")
    claim(f"no D beats D*, and the trained one comes within a few thousandths (p_g = N({mu:g}, {sigma:g}²)): "
          "V(G, D*) - V(G, D_trained)", f["V_star"] - f["V_net"], at_least=-1e-6, at_most=0.005)
Table([[f"N({mu:g}, {sigma:g}²)", f["V_net"], f["V_star"], f["V_star"] - f["V_net"]]
       for (mu, sigma), f in fits.items()],
      ["p_g", "V(G, D trained)", "V(G, D*)", "V(G, D*) − V(G, D trained)"], title="The value V: no D beats D*",
      formats={"V(G, D trained)": "{:.3f}", "V(G, D*)": "{:.3f}", "V(G, D*) − V(G, D trained)": "{:.4f}"})

# %% [markdown] slideshow={"slide_type": "notes"}
# The V values are integrals of the trained network's logit against the analytic densities, computed by
# theory.value_function; the inequality holds for any D because D* maximises the integrand pointwise.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Move the generator", "points": ["$\\mu = 4$, $\\sigma = 1.25$: $D^* \\equiv \\tfrac12$, $V(G, D^*) = -\\log 4$", "$\\sigma$ small: $D^*$ dips towards 0 in a narrow window", "$\\mu$ far from 4: $D^*$ is a step from 0 to 1", "$\\sigma = 0$: no density; the widget says why"]}
# ## Move the generator
#
# Drag $\mu$ and $\sigma$ of $p_g$ (or type a different $p_\text{data}$): the densities and $D^*$ are
# recomputed from `gan_course.theory`. Things to try:
#
# * $\mu = 4$, $\sigma = 1.25$: $D^* \equiv \tfrac12$ and $V(G, D^*) = -\log 4$;
# * $\sigma$ small: $D^*$ dips towards 0 in a narrow window and is close to 1 elsewhere;
# * $\mu$ far from 4: $D^*$ becomes a step from 0 to 1 — a perfect detective;
# * $\sigma = 0$: a generator that always outputs the same number has no density; the widget says why.

# %% tags=["nbval-ignore-output"] slideshow={"slide_type": "subslide"} slide={"title": "The optimal-discriminator explorer", "notes": "The snapshot: p_g = N(2, 0.6²), narrower than the data and left of it. D* dips towards 0 only in a window around 2, where the fakes are denser, and climbs back towards 1 on both sides: it crosses 1/2 twice, and the data's wider tail wins on the far left. The readout gives V(G, D*), above its minimum −log 4. Live, drag μ to 4 and σ to 1.25 and watch D* flatten to 1/2."}
explorer = OptimalDiscriminatorExplorer(data_mean=DATA_MEAN, data_std=DATA_STD, mu=2.0, sigma=0.6)
# the figure at most 430px high, scaled without distortion: controls and figure fit one projected slide
explorer.image.layout.max_height, explorer.image.layout.object_fit = "430px", "contain"
explorer.image.layout.object_position = "left top"
explorer

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Summary", "points": ["Pointwise maximum: $D^* = p_\\text{data} / (p_\\text{data} + p_g)$", "$D^*$ is the posterior of “real”; its logit is $\\log p_\\text{data} - \\log p_g$", "$D^* = \\tfrac12$ where the densities are equal, everywhere if $p_g = p_\\text{data}$", "A trained $D$ lands on $D^*$ where the samples live", "Next: put $D^*$ back into $V$ (chapter 4)"]}
# ## Summary
#
# * For a fixed $G$, $V$ is an integral over $x$ of $a \log D + b \log(1 - D)$ with $a = p_\text{data}(x)$,
#   $b = p_g(x)$; maximising pointwise gives $D^*(x) = \dfrac{p_\text{data}(x)}{p_\text{data}(x) + p_g(x)}$.
# * $D^*$ is the posterior probability of "real"; its logit is $\log p_\text{data} - \log p_g$; it equals
#   $\tfrac12$ exactly where the densities are equal, everywhere if $p_g = p_\text{data}$.
# * A discriminator network trained alone against a fixed $p_g$ lands on $D^*$: within 0.05 over the central
#   95 % of the mixture for each of four generators (the table prints each gap), and its value $V$ within a few
#   thousandths of the optimum.
#
# Next, chapter 4 plugs $D^*$ back into $V$ and finds what the generator is really minimising.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Exercises", "points": ["$p_g = \\mathcal N(0, 1.25^2)$: where is $D^*(x) = \\tfrac12$?", "$p_g = \\mathcal N(4, 0.5^2)$: $D^*(4)$, by hand", "The same narrow $p_g$: both points where $D^* = \\tfrac12$"]}
# ## Exercises
#
# **1.** For $p_g = \mathcal N(0, 1.25^2)$ (same width as the data), at which $x$ is $D^*(x) = \tfrac12$?

# %% slideshow={"slide_type": "fragment"}
answer_1 = None  # a float
exercises.check_d_star_crossing(answer_1);

# %% [markdown] slideshow={"slide_type": "subslide"}
# **2.** For the narrow generator $p_g = \mathcal N(4, 0.5^2)$: what is $D^*(4)$, at the data's own mean?
# Work it out by hand: the two densities at $x = 4$ are all you need.

# %% slideshow={"slide_type": "fragment"}
answer_2 = None  # a float
exercises.check_d_star_at_data_mean(answer_2);

# %% [markdown] slideshow={"slide_type": "subslide"}
# **3.** For the same narrow generator, $D^* = \tfrac12$ at two points. Find both (by algebra, or numerically
# with `scipy.optimize.brentq` on `theory.optimal_logit(p_data, p_g)`).

# %% slideshow={"slide_type": "fragment"}
answer_3 = None  # (x_left, x_right)
exercises.check_d_star_crossings_narrow_g(answer_3);
