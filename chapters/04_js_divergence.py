# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Chapter 4 — What the generator minimises: the Jensen–Shannon divergence", "sources": ["Goodfellow et al., “Generative Adversarial Nets” (2014)", "Arjovsky & Bottou (2017)"], "points": ["The KL and Jensen–Shannon divergences, integrated numerically", "$C(G) = V(G, D^*) = -\\log 4 + 2\\,\\mathrm{JSD}$, both sides computed", "$C(G)$ is smallest at $p_g = p_\\text{data}$", "The catch: JSD saturates at $\\log 2$, the minimax gradient vanishes"]}
# # Chapter 4 — What the generator minimises: the Jensen–Shannon divergence
#
# Chapter 3 found the best discriminator for a fixed generator, $D^* = p_\text{data} / (p_\text{data} + p_g)$.
# Put it back into $V$ and what is left is a function of $G$ alone, the **virtual training criterion**
# $C(G) = \max_D V(G, D) = V(G, D^*)$. In this chapter you will see:
#
# 1. the **Kullback–Leibler** and **Jensen–Shannon** divergences, computed by numerical integration;
# 2. the substitution that gives $C(G) = -\log 4 + 2\,\mathrm{JSD}(p_\text{data} \,\|\, p_g)$ — and both sides
#    computed **independently** for seven generators, agreeing to better than $10^{-6}$;
# 3. $C(G)$ over the generator's $\mu$ and $\sigma$: its minimum $-\log 4$ is at $p_g = p_\text{data}$;
# 4. the catch: for far-apart distributions the JSD is stuck at $\log 2$, so its gradient — the signal the
#    minimax generator gets — vanishes. The non-saturating loss of chapter 2 does not have this problem.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "The Kullback–Leibler divergence", "points": ["$\\mathrm{KL}(p \\,\\|\\, q) = \\mathbb E_{x \\sim p}[\\log p(x) / q(x)]$", "$\\ge 0$, zero only when $p = q$", "**Not symmetric** in $p$ and $q$", "**Infinite** where $q = 0$ but $p$ has mass", "Two Gaussians: a closed form to check the integral"]}
# ## The Kullback–Leibler divergence
#
# $$\mathrm{KL}(p \,\|\, q) = \int p(x) \log \frac{p(x)}{q(x)}\, dx
#   = \mathbb E_{x \sim p}\Bigl[\log \frac{p(x)}{q(x)}\Bigr].$$
#
# * $\mathrm{KL} \ge 0$, with equality only when $p = q$ (Gibbs' inequality);
# * it is **not symmetric**: $\mathrm{KL}(p \| q) \ne \mathrm{KL}(q \| p)$ in general;
# * it is **infinite** when $q = 0$ somewhere $p$ has mass — $q$ "misses" part of $p$.
#
# `theory.kl_divergence` integrates the definition for any two 1-D densities. For two Gaussians there is a
# closed form, $\log\frac{s_2}{s_1} + \frac{s_1^2 + (m_1 - m_2)^2}{2 s_2^2} - \frac12$, to check against.

# %% slideshow={"slide_type": "subslide"}
import math

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats

from gan_course import exercises, theory
from gan_course.tables import Table
from gan_course.widgets.theory import JSDivergenceExplorer

DATA_MEAN, DATA_STD = 4.0, 1.25
p_data = theory.gaussian(DATA_MEAN, DATA_STD)


def kl_gaussians(m1: float, s1: float, m2: float, s2: float) -> float:
    """Closed form of KL(N(m1, s1^2) || N(m2, s2^2)), only to check the integration."""
    return math.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - 0.5


# %% slideshow={"slide_type": "fragment"} slide={"title": "KL both ways: integrated and in closed form", "points": ["Each row: one direction; integral and closed form agree", "The two directions differ: KL is not a distance"], "notes": "theory.kl_divergence integrates the definition; the closed form for two Gaussians checks it. The two directions differ: KL is not a distance."}
# NBVAL_CHECK_OUTPUT
p_g = theory.gaussian(2.0, 0.8)
print(f"KL(p_data || p_g) = {theory.kl_divergence(p_data, p_g):.6f}   closed form {kl_gaussians(4, 1.25, 2, 0.8):.6f}")
print(f"KL(p_g || p_data) = {theory.kl_divergence(p_g, p_data):.6f}   closed form {kl_gaussians(2, 0.8, 4, 1.25):.6f}")
Table([["KL(p_data ‖ p_g)", theory.kl_divergence(p_data, p_g), kl_gaussians(4, 1.25, 2, 0.8)],
       ["KL(p_g ‖ p_data)", theory.kl_divergence(p_g, p_data), kl_gaussians(2, 0.8, 4, 1.25)]],
      ["p_data = N(4, 1.25²), p_g = N(2, 0.8²)", "integrated", "closed form"], title="KL both ways",
      formats={"integrated": "{:.6f}", "closed form": "{:.6f}"})

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "The Jensen–Shannon divergence", "points": ["Compare both with the mixture $M = \\tfrac12(p + q)$", "$\\mathrm{JSD} = \\tfrac12 \\mathrm{KL}(p \\,\\|\\, M) + \\tfrac12 \\mathrm{KL}(q \\,\\|\\, M)$", "Symmetric, always finite: $0 \\le \\mathrm{JSD} \\le \\log 2$", "$0$ exactly when $p = q$; $\\log 2$ when they do not overlap"]}
# ## The Jensen–Shannon divergence
#
# Symmetrise KL by comparing both distributions with their average, the **mixture** $M = \tfrac12(p + q)$:
#
# $$\mathrm{JSD}(p \,\|\, q) = \tfrac12\, \mathrm{KL}(p \,\|\, M) + \tfrac12\, \mathrm{KL}(q \,\|\, M).$$
#
# * symmetric in $p$ and $q$;
# * always finite: $M \ge p/2$ wherever $p > 0$, so $\log \frac{p}{M} \le \log 2$, hence
#   $0 \le \mathrm{JSD} \le \log 2$;
# * $0$ exactly when $p = q$, and $\log 2$ exactly when $p$ and $q$ do not overlap at all.
#
# The course's property tests (`tests/test_theory.py`) check these with random Gaussians (hypothesis).

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "The substitution", "points": ["Put $D^*$ and $1 - D^*$ into the integral form of $V$", "Multiply and divide by 2 inside each logarithm", "$C(G) = V(G, D^*) = -\\log 4 + 2\\,\\mathrm{JSD}(p_\\text{data} \\,\\|\\, p_g)$", "Global minimum $-\\log 4$, exactly at $p_g = p_\\text{data}$"]}
# ## The substitution
#
# Put $D^* = \dfrac{p_\text{data}}{p_\text{data} + p_g}$ and $1 - D^* = \dfrac{p_g}{p_\text{data} + p_g}$ into
# the integral form of $V$ from chapter 3, and multiply and divide by 2 inside each logarithm:
#
# $$\begin{aligned}
# C(G) = V(G, D^*)
#  &= \int p_\text{data} \log \frac{p_\text{data}}{p_\text{data} + p_g}\, dx
#   + \int p_g \log \frac{p_g}{p_\text{data} + p_g}\, dx \\
#  &= \int p_\text{data} \log\Bigl(\frac12 \cdot \frac{p_\text{data}}{(p_\text{data} + p_g)/2}\Bigr) dx
#   + \int p_g \log\Bigl(\frac12 \cdot \frac{p_g}{(p_\text{data} + p_g)/2}\Bigr) dx \\
#  &= \log\tfrac12 \underbrace{\int p_\text{data}\, dx}_{=1} + \log\tfrac12 \underbrace{\int p_g\, dx}_{=1}
#   + \mathrm{KL}\Bigl(p_\text{data} \,\Big\|\, M\Bigr) + \mathrm{KL}\Bigl(p_g \,\Big\|\, M\Bigr) \\
#  &= -\log 4 + 2\, \mathrm{JSD}(p_\text{data} \,\|\, p_g).
# \end{aligned}$$
#
# Since $\mathrm{JSD} \ge 0$ with equality only at $p_g = p_\text{data}$, the **global minimum** of $C(G)$ is
# $-\log 4$, reached exactly when the generator reproduces the data — where $D^* = \tfrac12$ (chapter 3).

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Both sides, computed independently", "points": ["Left: integrate $V$ with $D^*$ plugged in", "Right: integrate the two KLs to $M$, form $-\\log 4 + 2\\,\\mathrm{JSD}$", "Seven generators: five Gaussians, a bimodal mixture, a uniform"]}
# ## Both sides, computed independently
#
# Two different computations, sharing nothing but the densities:
#
# * **left**: `theory.value_at_optimum` integrates $p_\text{data} \log D^* + p_g \log(1 - D^*)$ — the
#   definition of $V$ with $D^*$ plugged in;
# * **right**: `theory.js_divergence` integrates the two KL divergences to the mixture $M$, and we form
#   $-\log 4 + 2\,\mathrm{JSD}$.
#
# Five Gaussian generators, from identical to the data to far away, and two that are not Gaussian at all —
# a bimodal mixture and a uniform — because nothing in the derivation assumed Gaussians.

# %% slideshow={"slide_type": "fragment"}
generators = {f"N({m:g}, {s:g}²)": theory.gaussian(m, s) for m, s in
              [(4.0, 1.25), (3.0, 1.0), (0.0, 1.0), (6.0, 2.5), (-10.0, 0.3)]}
generators["bimodal N(2, 0.5²) + N(6, 0.5²)"] = theory.mixture(theory.gaussian(2.0, 0.5), theory.gaussian(6.0, 0.5))
generators["uniform on [2, 6]"] = theory.density(stats.uniform(2.0, 4.0).pdf, 2.0, 6.0)
rows = []
for name, p_g in generators.items():
    left = theory.value_at_optimum(p_data, p_g)
    right = -theory.LOG4 + 2 * theory.js_divergence(p_data, p_g)
    rows.append((name, left, right, abs(left - right)))

# %% slideshow={"slide_type": "subslide"} slide={"title": "$V(G, D^*)$ against $-\\log 4 + 2\\,\\mathrm{JSD}$"}
# NBVAL_CHECK_OUTPUT
print(f"{'p_g':32s} {'V(G, D*)':>12s} {'-log 4 + 2 JSD':>15s}")
for name, left, right, _ in rows:
    print(f"{name:32s} {round(left, 8) + 0.0:12.8f} {round(right, 8) + 0.0:15.8f}")  # + 0.0: no "-0.00000000"
max_difference = max(r[3] for r in rows)
print(f"max |difference| over {len(rows)} generators < 1e-6: {max_difference < 1e-6}   "
      f"(< 1e-12: {max_difference < 1e-12})")
Table([(name, round(left, 8) + 0.0, round(right, 8) + 0.0) for name, left, right, _ in rows],
      ["p_g", "V(G, D*)", "−log 4 + 2 JSD"], title="Both sides, computed independently",
      formats={"V(G, D*)": "{:.8f}", "−log 4 + 2 JSD": "{:.8f}"})

# %% [markdown] slideshow={"slide_type": "fragment"}
# The two columns agree to every printed digit. The first row is the global minimum, $-\log 4 \approx -1.38629$;
# the $\mathcal N(-10, 0.3^2)$ row is as far from it as $C(G)$ can be: $0 = -\log 4 + 2 \log 2$.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Exercise 04a: $V(G, D^*)$ on a grid", "points": ["$\\int \\bigl[p_\\text{data} \\log D^* + p_g \\log(1 - D^*)\\bigr]\\, dx$ from values on a grid", "The trapezoid rule: `torch.trapezoid(f, x)`", "$0 \\log 0 = 0$; $1 - D^*$ from the densities, not from $D^*$", "A third computation of the same number"]}
# ## Exercise 04a: $V(G, D^*)$ on a grid
#
# A third computation of the left column, from nothing but the densities' values on a grid of points. A coding
# exercise has three cells, as in chapter 2: write the body of the function in the first, where it says
# `YOUR CODE HERE` (delete the `raise` line); run the second, which tries your function on test inputs and
# prints ✓ or a sentence that names what is wrong; the third goes on with your function once it passes, and
# with the course's until then.
#
# **Exercise 04a (2 points).** Write `value_at_optimum(x, p_data, p_g)`. Its inputs are 1-D tensors of the same
# shape: `x`, an even grid (equally spaced, increasing), and `p_data`, `p_g`, the two densities' values at
# those points. Return one number, a tensor of shape `[]`:
#
# $$V(G, D^*) = \int \Bigl[\, p_\text{data}(x) \log D^*(x) + p_g(x) \log\bigl(1 - D^*(x)\bigr) \Bigr]\, dx,
# \qquad D^* = \frac{p_\text{data}}{p_\text{data} + p_g}, \quad 1 - D^* = \frac{p_g}{p_\text{data} + p_g},$$
#
# with natural logarithms, and the integral taken by the **trapezoid rule**, `torch.trapezoid(f, x)` (on these
# grids the densities vanish at both ends, so the sum of $f$ times the spacing gives the same number). The
# test grids run far into the tails, where three things need care:
#
# * a term $p \log q$ with $p = 0$ is 0, the limit of $t \log t$, also where $q$ is 0: in floating point
#   $0 \cdot \log 0$ is NaN, while `torch.xlogy(p, q)` returns exactly 0;
# * where both densities are 0, $D^*$ is $0/0$; such a point adds nothing to $V$;
# * compute $1 - D^*$ from the densities, as $p_g / (p_\text{data} + p_g)$: in float32 $D^*$ rounds to
#   exactly 1 wherever $p_g$ is below about $10^{-7}$ of $p_\text{data}$, and $1 - D^*$ would then be 0
#   although $p_g > 0$.

# %% nbgrader={"grade": false, "grade_id": "ex04a_solution", "locked": false, "schema_version": 3, "solution": true, "task": false}
import torch


def value_at_optimum(x, p_data, p_g):
    """V(G, D*) = integral of p_data log D* + p_g log(1 - D*) dx on the even grid x, by the trapezoid rule."""
    ### BEGIN SOLUTION
    total = p_data + p_g
    total = torch.where(total > 0, total, 1.0)  # where both are 0, any total gives 0 log 0 = 0 below
    integrand = torch.xlogy(p_data, p_data / total) + torch.xlogy(p_g, p_g / total)
    return torch.trapezoid(integrand, x)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "ex04a_tests", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
exercises.check_code("04a", value_at_optimum);
### BEGIN HIDDEN TESTS
exercises.grade("04a", value_at_optimum)
### END HIDDEN TESTS

# %% [markdown]
# Your function (or the course's, until yours passes) on a float64 grid from $-25$ to $25$ with spacing
# $0.0025$, for the seven generators of the table, beside `theory.value_at_optimum`'s adaptive integral. For the
# six smooth densities the two agree to many digits; the uniform's density jumps at 2 and 6, and the trapezoid
# rule, which draws straight lines between grid points, is least accurate there.

# %%
v_on_grid = exercises.use("04a", value_at_optimum)
grid = torch.linspace(-25.0, 25.0, 20_001, dtype=torch.float64)  # spacing 0.0025
print(f"{'p_g':32s} {'on the grid':>12s} {'integrated':>12s} {'difference':>11s}")
for name, left, _, _ in rows:
    on_grid = float(v_on_grid(grid, torch.from_numpy(p_data(grid.numpy())),
                              torch.from_numpy(generators[name](grid.numpy()))))
    print(f"{name:32s} {round(on_grid, 8) + 0.0:12.8f} {round(left, 8) + 0.0:12.8f} {abs(on_grid - left):11.1e}")

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "$C(G)$ as the generator moves", "points": ["Keep $p_g$ Gaussian, scan its $\\mu$ and $\\sigma$", "Where is $C(G)$ smallest?", "What happens far from the data?"]}
# ## $C(G)$ as the generator moves
#
# Keep $p_g$ Gaussian and scan its two parameters.

# %% slideshow={"slide_type": "fragment"}
mus = np.linspace(-4.0, 12.0, 161)
sigmas = np.linspace(0.25, 4.0, 76)  # steps of 0.05 (0.1 on the 2-D grid), through 1.25


def criterion(mu: float, sigma: float) -> float:
    return theory.virtual_training_criterion(p_data, theory.gaussian(mu, sigma))


c_over_mu = np.array([criterion(m, DATA_STD) for m in mus])
c_over_sigma = np.array([criterion(DATA_MEAN, s) for s in sigmas])
c_grid = np.array([[criterion(m, s) for m in mus[::4]] for s in sigmas[::2]])  # [sigmas, mus]

# %% slideshow={"slide_type": "subslide"} slide={"title": "$C(G)$ over $\\mu$, over $\\sigma$, over both", "notes": "Left: μ scanned with σ fixed at the data's 1.25. Middle: σ scanned with μ at the data's mean 4. Right: both, on a coarser grid, with the data marked by a red star. The dashed line is −log 4, the dotted one 0 = −log 4 + 2 log 2, the most C(G) can be."}
fig, (ax_mu, ax_s, ax_2d) = plt.subplots(1, 3, figsize=(14, 3.8))
ax_mu.plot(mus, c_over_mu, lw=2)
ax_mu.set_xlabel("μ of p_g   (σ = 1.25)")
ax_s.plot(sigmas, c_over_sigma, lw=2)
ax_s.set_xlabel("σ of p_g   (μ = 4)")
for ax in (ax_mu, ax_s):
    ax.axhline(-theory.LOG4, color="grey", ls="--", lw=1, label="−log 4")
    ax.axhline(0.0, color="grey", ls=":", lw=1, label="0 = −log 4 + 2 log 2")
    ax.set_ylabel("C(G)")
    ax.legend(loc="center right", fontsize=8)
contours = ax_2d.contourf(mus[::4], sigmas[::2], c_grid, levels=20, cmap="viridis")
fig.colorbar(contours, ax=ax_2d, label="C(G)")
ax_2d.plot([DATA_MEAN], [DATA_STD], "r*", ms=12, label="p_g = p_data")
ax_2d.set_xlabel("μ")
ax_2d.set_ylabel("σ")
ax_2d.legend(loc="upper left", fontsize=8)
fig.tight_layout()

# %% slideshow={"slide_type": "subslide"} slide={"title": "Where the scans find the minimum"}
# NBVAL_CHECK_OUTPUT
i, j = np.argmin(c_over_mu), np.argmin(c_over_sigma)
k = np.unravel_index(np.argmin(c_grid), c_grid.shape)
print(f"over μ : minimum C = {c_over_mu[i]:.6f} at μ = {mus[i]:.2f}")
print(f"over σ : minimum C = {c_over_sigma[j]:.6f} at σ = {sigmas[j]:.2f}")
print(f"over both: minimum at μ = {mus[::4][k[1]]:.2f}, σ = {sigmas[::2][k[0]]:.2f}")
print(f"-log 4 = {-theory.LOG4:.6f};  largest C on the μ scan: {c_over_mu.max():.6f} (never above 0)")
Table([["over μ (σ = 1.25)", f"{c_over_mu[i]:.6f}", f"{mus[i]:.2f}", "1.25"],
       ["over σ (μ = 4)", f"{c_over_sigma[j]:.6f}", "4.00", f"{sigmas[j]:.2f}"],
       ["over both (coarser grid)", f"{c_grid[k]:.6f}", f"{mus[::4][k[1]]:.2f}", f"{sigmas[::2][k[0]]:.2f}"]],
      ["scan", "minimum C(G)", "at μ", "at σ"], title=f"Where C(G) is smallest (−log 4 = {-theory.LOG4:.6f})")

# %% [markdown] slideshow={"slide_type": "fragment"}
# The minimum is $-\log 4$, at $\mu = 4$, $\sigma = 1.25$: the data. But look at the edges of the $\mu$ scan:
# $C(G)$ goes **flat** at 0 once $p_g$ is a few standard deviations away from the data.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "JSD saturates at $\\log 2$, and the gradient goes with it", "points": ["Far apart: $\\mathrm{JSD} \\approx \\log 2$ whatever the distance", "Hold $D = D^*$, differentiate each $G$ loss in $\\mu$", "Saturating: $\\mathbb E_{p_g}[-D^* \\ell^{*\\prime}]$; non-saturating: $\\mathbb E_{p_g}[-(1 - D^*) \\ell^{*\\prime}]$", "Chapter 2's factors again, averaged over $p_g$"]}
# ## JSD saturates at $\log 2$ — and the gradient goes with it
#
# Move $p_g = \mathcal N(\mu, 1.25^2)$ away from the data. Once the two barely overlap, $\mathrm{JSD}$ is
# $\log 2$ whatever the distance: **$C(G)$ no longer says which way the data is**.
#
# What gradient does $G(z) = \mu + \sigma z$ receive when $D$ is optimal? Hold $D = D^*$ fixed (the
# detective has caught up) and differentiate each generator loss with respect to $\mu$. With
# $\ell^*(x) = \log p_\text{data}(x) - \log p_g(x)$, $D^* = \sigma(\ell^*)$ and $\partial x / \partial \mu = 1$:
#
# $$\begin{aligned}
# \text{saturating:}\quad & \frac{\partial}{\partial \mu}\, \mathbb E_z\bigl[\log(1 - D^*(x))\bigr]
#   = \mathbb E_{p_g}\bigl[-D^*(x)\, \ell^{*\prime}(x)\bigr], \\
# \text{non-saturating:}\quad & \frac{\partial}{\partial \mu}\, \mathbb E_z\bigl[-\log D^*(x)\bigr]
#   = \mathbb E_{p_g}\bigl[-(1 - D^*(x))\, \ell^{*\prime}(x)\bigr].
# \end{aligned}$$
#
# These are chapter 2's factors $-D$ and $-(1 - D)$ again, now averaged over $p_g$.
# (By the envelope theorem the first is also $dC/d\mu = 2\, d\,\mathrm{JSD}/d\mu$.)
# `theory.gaussian_generator_gradients` integrates both.

# %% slideshow={"slide_type": "subslide"} slide={"title": "The divergence saturates; so does the minimax gradient", "notes": "Left: the JSD as p_g = N(μ, 1.25²) moves below the data, flattening at log 2. Right, on a log scale: the size of the gradient each generator loss gives μ when D = D*. The saturating one falls faster than exponentially; the non-saturating one grows with the distance."}
distances = np.linspace(0.0, 16.0, 161)  # how far p_g's mean is below the data's
jsd_far = np.array([theory.js_divergence(p_data, theory.gaussian(DATA_MEAN - d, DATA_STD)) for d in distances])
grads = [theory.gaussian_generator_gradients(DATA_MEAN, DATA_STD, DATA_MEAN - d, DATA_STD) for d in distances]
g_sat = np.array([g["saturating"] for g in grads])
g_ns = np.array([g["non_saturating"] for g in grads])

fig, (ax_j, ax_g) = plt.subplots(1, 2, figsize=(12, 3.8))
ax_j.plot(distances, jsd_far, lw=2, label="JSD(p_data ‖ p_g)")
ax_j.axhline(theory.LOG2, color="grey", ls="--", lw=1, label="log 2")
ax_j.set_xlabel("distance of p_g's mean below the data's   (σ = 1.25)")
ax_j.set_ylabel("JSD (nats)")
ax_j.set_title("the divergence saturates")
ax_j.legend()
ax_g.semilogy(distances[1:], np.abs(g_sat[1:]), lw=2, label="saturating  log(1 − D*)   (= dC/dμ)")
ax_g.semilogy(distances[1:], np.abs(g_ns[1:]), lw=2, label="non-saturating  −log D*")
ax_g.set_xlabel("distance of p_g's mean below the data's")
ax_g.set_ylabel("|∂ L_G / ∂μ| with D = D*")
ax_g.set_title("the gradient G receives")
ax_g.legend(title="generator loss")
fig.tight_layout()

# %% slideshow={"slide_type": "fragment"} slide={"title": "The gradient with $D = D^*$, by distance"}
# NBVAL_CHECK_OUTPUT
for d in (2.0, 6.0, 10.0, 14.0):
    g = theory.gaussian_generator_gradients(DATA_MEAN, DATA_STD, DATA_MEAN - d, DATA_STD)
    jsd = theory.js_divergence(p_data, theory.gaussian(DATA_MEAN - d, DATA_STD))
    print(f"mean {d:4.1f} below the data: JSD = {jsd:.6f} (log 2 = {theory.LOG2:.6f}), "
          f"dL/dμ saturating {g['saturating']:+.2e}, non-saturating {g['non_saturating']:+.2e}")
h, mu0 = 1e-4, DATA_MEAN - 2.0
dc_dmu = (criterion(mu0 + h, DATA_STD) - criterion(mu0 - h, DATA_STD)) / (2 * h)
g_sat_mu0 = theory.gaussian_generator_gradients(DATA_MEAN, DATA_STD, mu0, DATA_STD)["saturating"]
print(f"envelope check at μ = {mu0:g}: dC/dμ by finite differences {dc_dmu:+.6f}, saturating gradient {g_sat_mu0:+.6f}")
g10 = theory.gaussian_generator_gradients(DATA_MEAN, DATA_STD, DATA_MEAN - 10.0, DATA_STD)
print(f"ten units below: the non-saturating gradient is {g10['non_saturating'] / g10['saturating']:,.0f} times the "
      "saturating one")
table_rows = []
for d in (2.0, 6.0, 10.0, 14.0):
    g = theory.gaussian_generator_gradients(DATA_MEAN, DATA_STD, DATA_MEAN - d, DATA_STD)
    jsd = theory.js_divergence(p_data, theory.gaussian(DATA_MEAN - d, DATA_STD))
    table_rows.append([d, jsd, g["saturating"], g["non_saturating"], g["non_saturating"] / g["saturating"]])
Table(table_rows, ["mean below the data", "JSD", "∂L/∂μ saturating", "∂L/∂μ non-saturating", "ratio"],
      title=f"With D = D*: the JSD (log 2 = {theory.LOG2:.6f}) and the gradient G receives",
      formats={"mean below the data": "{:.1f}", "JSD": "{:.6f}", "∂L/∂μ saturating": "{:+.2e}",
               "∂L/∂μ non-saturating": "{:+.2e}", "ratio": "{:,.0f}"})

# %% [markdown] slideshow={"slide_type": "fragment"}
# Ten units (eight standard deviations) away the minimax generator's gradient is $3 \cdot 10^{-4}$, fourteen
# units away $10^{-7}$, falling faster than exponentially: the JSD has saturated and there is nothing to
# descend. The non-saturating loss gives a gradient that **grows** with the distance (its sign says "move
# right, towards the data"), about 20,000 times the saturating one at ten units. This is the theory behind
# chapter 2's plot, and the reason the non-saturating loss is the default: the generator gets a useful signal
# exactly when it is far off — which is where an untrained generator usually is.

# %% [markdown] slideshow={"slide_type": "notes"}
# With D = D* the non-saturating loss is E_pg[-log D*] = KL(p_g || p_data) - KL(p_g || M) + log 2; the
# KL(p_g || p_data) part grows quadratically with the distance of the means, hence the linear gradient.
# Arjovsky & Bottou (2017) show the non-saturating gradient has its own trouble (it is unstable when D is
# near-perfect); WGAN replaces the JSD with a distance that does not saturate.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Explore", "points": ["Move $p_g$'s $\\mu$ and $\\sigma$ (or type another $p_\\text{data}$)", "The table: both KL terms, JSD, $V(G, D^*)$, $-\\log 4 + 2\\,\\mathrm{JSD}$", "The plots: the mixture $M$, and $p_g$ on the $C(G)$ curves", "Push $\\mu$ to the slider's ends: the JSD stops changing"]}
# ## Explore
#
# Move $p_g$'s $\mu$ and $\sigma$ (or type another $p_\text{data}$). The table shows the two KL terms, the JSD,
# $V(G, D^*)$ integrated directly and $-\log 4 + 2\,\mathrm{JSD}$, with their difference; the plots show the
# mixture $M$ and where the current generator sits on the $C(G)$ curves. Try pushing $\mu$ to the ends of the
# slider and watch the JSD stop changing.

# %% tags=["nbval-ignore-output"] slideshow={"slide_type": "subslide"} slide={"title": "The Jensen–Shannon explorer", "notes": "The snapshot: p_g = N(2, 1), narrower than the data and left of it. The table's two right-hand numbers, V(G, D*) integrated directly and −log 4 + 2 JSD, agree; the orange dots sit on the C(G) curves above their minimum −log 4. Live, push μ to the ends of its slider and watch the JSD stop changing."}
explorer = JSDivergenceExplorer(data_mean=DATA_MEAN, data_std=DATA_STD, mu=2.0, sigma=1.0)
# the figure at most 330px high, scaled without distortion: controls and figure fit one projected slide
explorer.image.layout.max_height, explorer.image.layout.object_fit = "330px", "contain"
explorer.image.layout.object_position = "left top"
explorer

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Summary", "points": ["KL: asymmetric, can be infinite; JSD: symmetric, in $[0, \\log 2]$", "$V(G, D^*) = -\\log 4 + 2\\,\\mathrm{JSD}$, checked both ways", "Minimum $-\\log 4$ at $p_g = p_\\text{data}$", "Barely overlapping: $C(G)$ flat, the minimax gradient vanishes", "The non-saturating loss still points to the data"]}
# ## Summary
#
# * $\mathrm{KL}(p \| q) = \mathbb E_p[\log p/q]$ is asymmetric and can be infinite;
#   $\mathrm{JSD} = \tfrac12 \mathrm{KL}(p \| M) + \tfrac12 \mathrm{KL}(q \| M)$ is symmetric and lies in $[0, \log 2]$.
# * With the optimal discriminator, $V(G, D^*) = -\log 4 + 2\,\mathrm{JSD}(p_\text{data} \| p_g)$: computed both
#   ways for seven generators (two not Gaussian), they agree to better than $10^{-12}$.
# * $C(G)$ has its global minimum $-\log 4$ at $p_g = p_\text{data}$ ($\mu = 4$, $\sigma = 1.25$ here).
# * For distributions that barely overlap, JSD $\approx \log 2$ and $C(G)$ is flat: the minimax generator's
#   gradient vanishes ($10^{-7}$ fourteen units away), while the non-saturating loss still points to the data.
#
# Next, chapter 5 trains real 1-D GANs with the articles' recipes and the course's.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Exercises", "points": ["KL both ways for $p_g = \\mathcal N(0, 1)$: which is larger, and why?", "$C(G)$ when $p_g$ and $p_\\text{data}$ do not overlap", "Mean stuck at $\\mu = 3$: which $\\sigma$ minimises $C(G)$?"]}
# ## Exercises
#
# **1.** Compute $\mathrm{KL}(p_\text{data} \| p_g)$ and $\mathrm{KL}(p_g \| p_\text{data})$ for
# $p_g = \mathcal N(0, 1)$ with `theory.kl_divergence`. Which is larger, and why? (Hint: which distribution is
# wider?)

# %% slideshow={"slide_type": "fragment"}
answer_1 = None  # (KL(p_data || p_g), KL(p_g || p_data))
exercises.check_kl_both_ways(answer_1);

# %% [markdown] slideshow={"slide_type": "subslide"}
# **2.** Without computing: what is $C(G)$ when $p_g$ and $p_\text{data}$ do not overlap at all? Then check it
# numerically, e.g. with two uniform densities (`theory.density(stats.uniform(a, w).pdf, a, a + w)`).

# %% slideshow={"slide_type": "fragment"}
answer_2 = None  # a float
exercises.check_c_of_disjoint(answer_2);

# %% [markdown] slideshow={"slide_type": "subslide"}
# **3.** Suppose the generator's mean is stuck at $\mu = 3$. Which $\sigma$ minimises $C(G)$? Find it
# numerically (e.g. `scipy.optimize.minimize_scalar` on `theory.js_divergence`). Is it larger or smaller than
# the data's 1.25 — and why would that be?

# %% slideshow={"slide_type": "fragment"}
answer_3 = None  # a float
exercises.check_best_sigma(answer_3);
