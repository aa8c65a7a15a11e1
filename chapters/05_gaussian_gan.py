# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Chapter 5 — A GAN for the bell curve", "sources": ["fifty-lines — YZXnuaa, “GANs in 50 lines of code (PyTorch)”, CSDN blog, 2018: a Chinese translation of Dev Nag’s post", "gan-reproduction — “Learning and reproducing the GAN model”, a Chinese study log, October 2020"], "points": ["Two published 1-D recipes, run as written, five seeds each", "What goes wrong, and why", "Ten justified changes, each measured over five seeds", "Where the course recipe stops: two far, narrow bumps", "A live dashboard: break and repair the recipe"]}
# # Chapter 5 — A GAN for the bell curve
#
# The smallest GAN that still shows every part: it learns the one-dimensional normal distribution
# $\mathcal N(4, 1.25^2)$ from samples. This chapter
#
# 1. builds the five parts $R$, $I$, $G$, $D$ and the loop exactly as the "GANs in 50 lines" article
#    (*fifty-lines*) and its smaller variant (*gan-reproduction*) define them, including a discriminator that looks at a
#    **whole minibatch** at once;
# 2. runs those recipes **as written**, for their whole published budgets and five random seeds each, and
#    measures the result with the Kolmogorov–Smirnov (KS) statistic;
# 3. explains what goes wrong, and why;
# 4. builds the course's recipe **one justified change at a time**, judging each stage over five random seeds
#    by its final generator, until it fits KS ≤ 0.03 for five seeds of five on the bell curve and on a skewed
#    target, and for four or five of five on two bumps;
# 5. shows where that recipe stops working, two far-apart narrow bumps, and why: a generator fed connected
#    noise cannot leave a gap empty;
# 6. ends with a live dashboard in which you can break and repair the recipe yourself.
#
# **Sources.** *fifty-lines*: YZXnuaa, "50行代码搞定(PyTorch) GAN" (CSDN blog, 27 March 2018), a translation of
# Dev Nag, ["Generative Adversarial Networks (GANs) in 50 lines of code
# (PyTorch)"](https://medium.com/@devnag/generative-adversarial-networks-gans-in-50-lines-of-code-pytorch-e81b79659e3f).
# *gan-reproduction*: "GAN模型学习与复现" (Learning and reproducing the GAN model), a study log of October 2020.
# The README's *Sources* lists all five articles the course reproduces.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "The five parts of *fifty-lines*", "points": ["$R$: samples of $\\mathcal N(4, 1.25^2)$; $I$: **uniform** noise $U[0, 1)$", "$G$: MLP 1–50–50–1; $D$: MLP 200–50–50–1", "$D$ sees a **whole minibatch**: 100 samples and their squared deviations", "Adam $2\\cdot10^{-4}$; 30,000 epochs of 1 D + 1 G update", "$G$ minimises $-\\log D(G(z))$, the non-saturating loss"]}
# ## The five parts of *fifty-lines*
#
# | part | *fifty-lines* | in `gan_course` |
# |---|---|---|
# | $R$ | samples of $\mathcal N(4, 1.25^2)$ | `data.gaussian_sampler` |
# | $I$ | **uniform** noise $z \sim U[0, 1)$, "to make it harder" | `data.uniform_noise` |
# | $G$ | MLP 1–50–50–1, ELU then sigmoid, linear output | `models.mlp_generator` |
# | $D$ | MLP 200–50–50–1, ELU, sigmoid output (a logit here) | `models.mlp_discriminator` |
# | $D$ sees | a **whole minibatch**: 100 samples and their squared deviations | `features.minibatch_diffs` |
# | loop | Adam $2\cdot10^{-4}$, betas (0.9, 0.999); 30,000 epochs of 1 D + 1 G update | `train.Trainer` |
#
# $G$ minimises $-\log D(G(z))$ (the article's `BCELoss` against label 1: the non-saturating loss of chapter 2).
#
# All of it is one frozen dataclass, `gaussian.FIFTY_LINES`; `gaussian.build` turns a recipe, a target and a
# random seed into the five parts.

# %% slideshow={"slide_type": "subslide"}
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
from IPython.display import Markdown, display

from gan_course import exercises, features, plotting, runtime
from gan_course.claims import claim
from gan_course.synthetic import gaps, gaussian, records, targets
from gan_course.tables import Table
from gan_course.widgets.gaussian import Dashboard

TARGET = (4.0, 1.25)  # R = N(4, 1.25^2), the articles' target
SEED = runtime.chapter_seed()  # 0 unless GAN_COURSE_SEED says otherwise: every run below starts from it
print(f"random seed {SEED}")
gaussian.FIFTY_LINES

# %% slideshow={"slide_type": "subslide"}
built = gaussian.build(gaussian.FIFTY_LINES, *TARGET, seed=SEED)
print(built.G)
print(built.D)
x = built.R(4, torch.Generator().manual_seed(0))  # four real samples, shape [4, 1]
print("phi(x) for a batch of 4:", features.minibatch_diffs(x).round(decimals=2))  # [1, 8]: values, then squares

# %% [markdown] slideshow={"slide_type": "notes"}
# The discriminator's first layer has 200 inputs: the 100 samples of a batch side by side, then their 100
# squared deviations. It judges the batch as a whole and outputs one logit per batch.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "*fifty-lines* as written: five seeds", "points": ["One step = one article epoch: 1 D update, then 1 G update", "Five random seeds trained at once, as one stacked model", "Every 300 steps: mean, std and KS of 10,000 samples of $G$", "The 30,000 epochs are recorded; the first 3,000 replayed live"]}
# ## *fifty-lines* as written: 30,000 epochs, five seeds
#
# One *step* of the course's `Trainer` is one of the article's epochs: one D update on a real and a fake batch,
# then one G update. Every 300 steps we draw 10,000 samples from $G$ and record their mean, standard
# deviation and KS statistic against the target. (10,000 samples of the target itself do not score 0: their
# KS, printed below, is the floor of this measurement.)
#
# One run is an anecdote, so we train **five random seeds at once**: `gaussian.fit_seeds` stacks the five
# runs into one model (`gan_course.batched`: every weight gets a leading seed axis) in which seed $k$ computes
# what the single run with seed $k$ computes, up to float rounding, for less than the cost of two runs. Each
# run is judged at the end, on fresh samples of its final generator.
#
# The whole budget costs ten times the replay of its first 3,000 epochs below, which prints its time here and
# that estimate for all 30,000 (the record prints how long the machine that made it took). Rather than spend that
# on every run of the chapter, the whole run is **recorded**: `python -m gan_course.synthetic.records fifty-lines`
# trains random seeds 0–4 exactly as written for the whole budget and writes `data/records/fifty-lines.json` (the
# checks, each seed's final KS and histogram). We show the record, then train its first 3,000 epochs again, live,
# and check that they match it.

# %% slideshow={"slide_type": "fragment"}
NORMAL = gaussian.as_target(*TARGET)
SEEDS = tuple(range(SEED, SEED + 5))  # the live runs below start from the chapter's seed; the records from 0
floor = NORMAL.ks(NORMAL.sampler(10_000, torch.Generator().manual_seed(SEED)))
print(f"10,000 samples of the target itself: KS {floor:.3f}")
record_fifty = records.load("fifty-lines")
print(f"recorded: {record_fifty.steps[-1]:,} epochs x {len(record_fifty.seeds)} seeds in {record_fifty.seconds:.0f} s, "
      f"with {record_fifty.made_with}")


# %% tags=["hide-input"] slideshow={"slide_type": "subslide"} slide={"title": "*fifty-lines* as written: 30,000 epochs, five seeds", "points": ["Top: mean, std and KS over training; bottom: each seed's final histogram"]}
def show_runs(steps, means, stds, ks, edges, densities, final_ks, seeds, title):
    """Several seeds' runs: mean, std and KS of G's samples over training (top row), and each seed's final
    histogram, given as bin edges and densities, against the target (bottom row)."""
    fig = plt.figure(figsize=(15, 6.4))
    grid = fig.add_gridspec(2, 3 * len(seeds))
    top = [fig.add_subplot(grid[0, i * len(seeds):(i + 1) * len(seeds)]) for i in range(3)]
    series = {"mean of G(z)": means, "std of G(z)": stds, "KS (10,000 samples)": ks}
    plotting.plot_seed_runs(steps, series, {"mean of G(z)": TARGET[0], "std of G(z)": TARGET[1]}, seeds,
                            step_label="epoch", axes=top)
    t = np.linspace(TARGET[0] - 5 * TARGET[1], TARGET[0] + 5 * TARGET[1], 300)
    for i, (seed, density, k) in enumerate(zip(seeds, densities, final_ks, strict=True)):
        ax = fig.add_subplot(grid[1, 3 * i:3 * i + 3])
        ax.stairs(np.minimum(density, 1.2), edges, fill=True, alpha=0.6, label="G(z)")
        ax.plot(t, NORMAL.pdf(t), "k-", lw=1.5, label="target")
        ax.set_ylim(0, 1.2)
        ax.set_title(f"seed {seed}: final KS {k:.2f}", fontsize=10)
        ax.set_xlabel("x")
        if i == 0:
            ax.set_ylabel("density (cut at 1.2)")
            ax.legend(fontsize=7)
    fig.suptitle(title)
    fig.tight_layout()


def show_record(record, title):
    """``show_runs`` for a recorded run (``gan_course.synthetic.records``)."""
    show_runs(record.steps, record.means, record.stds, record.ks, record.hist_edges, record.hist_density,
              record.final_ks, record.seeds, title)


show_record(record_fifty, "fifty-lines as written, 30,000 epochs (recorded)")

# %% slideshow={"slide_type": "subslide"}
def replay_against(record, epochs):
    """Train the record's first ``epochs`` epochs again, live, and check them against the record."""
    t0 = time.perf_counter()
    _, live_track = records.replay(record, epochs)
    seconds = time.perf_counter() - t0
    gap = records.largest_ks_difference(record, live_track)
    print(f"seeds {record.seeds}, first {epochs:,} epochs trained again in {seconds:.0f} s (all "
          f"{record.steps[-1]:,} would take about {seconds * record.steps[-1] / epochs:.0f} s here): "
          f"largest KS difference from the record {gap:.2g}")
    claim(f"the record is what this code trains: largest KS difference over the first {epochs:,} epochs", gap,
          at_most=0.01)


replay_against(record_fifty, 3000)

# %% [markdown] slideshow={"slide_type": "fragment"}
# Two ways to miss. Random seed 0 stays **collapsed** until epoch 29,000, nearly to the end: its samples sit on
# nearly one point (a std under 0.2, printed below) wobbling around 0, far from 4, until it breaks out at the very
# end with a flat histogram, the uniform noise stretched. The other four seeds find the mean and the spread within
# about 2,000 epochs and keep them, so the mean and std curves alone would call them a success; their histograms
# are lopsided, a sharp pile just below the mean and a flat shelf above it, and their KS wanders between 0.066
# and 0.496 from epoch 2,100 to the end. Judged on its whole budget, over five seeds, the *fifty-lines* recipe does
# not learn the bell curve.

# %% slideshow={"slide_type": "fragment"}
ks_fifty = record_fifty.final_ks
fifty_steps, fifty_ks = np.array(record_fifty.steps), np.array(record_fifty.ks)
print(f"seed {record_fifty.seeds[0]}'s largest std before epoch 29,000: "
      f"{np.array(record_fifty.stds)[fifty_steps < 29_000, 0].max():.3f}")
late_fifty = fifty_ks[fifty_steps >= 2100, 1:]  # seeds 1-4 from epoch 2,100 on
print(f"KS of seeds {record_fifty.seeds[1:]} from epoch 2,100 on: lowest {late_fifty.min():.3f}, "
      f"highest {late_fifty.max():.3f}")
print("recorded final KS per seed:", " ".join(f"{k:.3f}" for k in ks_fifty))
claim("fifty-lines as written ends far from the target: seeds with final KS <= 0.03", sum(k <= 0.03 for k in ks_fifty),
      at_most=0)
claim("fifty-lines as written ends far from the target: the median final KS", float(np.median(ks_fifty)), at_least=0.05)

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "*gan-reproduction*: fewer units, more updates", "points": ["$G$ 1–5–5–1, $D$ 1–10–10–1: $D$ judges **one sample** at a time", "Learning rate $10^{-3}$; 20 D and 20 G updates per epoch", "20,000 epochs: 800,000 updates per seed, so recorded", "The first 300 epochs trained again live, checked against the record"]}
# ## *gan-reproduction*: fewer units, more updates
#
# The *gan-reproduction* recipe keeps the five parts but shrinks the networks ($G$ 1–5–5–1 with sigmoid, $D$
# 1–10–10–1 with tanh), lets $D$ judge **one sample at a time** (input size 1), raises the learning rate to $10^{-3}$
# and makes each epoch 20 D updates and 20 G updates. Its 20,000 epochs are 800,000 updates per seed: minutes
# for five seeds at once on this course's 2-core CPU (the record's time is printed below), too long for a
# notebook. So the whole run is **recorded**: `python -m gan_course.synthetic.records gan-reproduction` trains
# random seeds 0–4 exactly as written for the whole budget and writes `data/records/gan-reproduction.json` (the
# checks every 50 epochs, each seed's final KS and histogram). We show the record, then train its first 300 epochs
# again, live, and check that they match it.

# %% slideshow={"slide_type": "fragment"}
gaussian.GAN_REPRODUCTION

# %% slideshow={"slide_type": "subslide"} slide={"title": "*gan-reproduction*, 20,000 epochs: it keeps circling", "points": ["Mean and spread found early; KS still swinging at the end"]}
record_repro = records.load("gan-reproduction")
show_record(record_repro, "gan-reproduction as written, 20,000 epochs (recorded)")
print(f"recorded with {record_repro.made_with} in {record_repro.seconds / 60:.0f} min")

# %% slideshow={"slide_type": "subslide"}
replay_against(record_repro, 300)
print("recorded final KS per seed:", " ".join(f"{k:.3f}" for k in record_repro.final_ks))
ks_record = np.array(record_repro.ks)  # one row per check (every 50 epochs), one column per seed
late = ks_record[np.array(record_repro.steps) > 15_000]  # the last 5,000 epochs
settled = np.array(record_repro.steps) > 1000  # after the first 1,000 epochs
print(f"after epoch 1,000, over all seeds: mean of G(z) between {np.array(record_repro.means)[settled].min():.2f} "
      f"and {np.array(record_repro.means)[settled].max():.2f}, std between "
      f"{np.array(record_repro.stds)[settled].min():.2f} and {np.array(record_repro.stds)[settled].max():.2f}, "
      f"KS between {ks_record[settled].min():.3f} and {ks_record[settled].max():.3f}; share of checks at or below "
      f"0.03: {(ks_record[settled] <= 0.03).mean():.1%}")
claim("gan-reproduction as written ends far from the target after 20,000 epochs: seeds with final KS <= 0.03",
      sum(k <= 0.03 for k in record_repro.final_ks), at_most=0)
claim("its KS still swings late in the run: the smallest range of KS over the last 5,000 epochs",
      float((late.max(axis=0) - late.min(axis=0)).min()), at_least=0.2)

# %% [markdown] slideshow={"slide_type": "fragment"}
# The *gan-reproduction* recipe finds the mean and roughly the spread within a few hundred epochs, and then does
# not settle: after epoch 1,000 its mean wanders between 2.13 and 6.49, its std between 0.61 and 2.16, and its
# KS swings between 0.018 and 0.571, at or below 0.03 at 0.5% of the checks. A run stopped the first time KS
# touched 0.03 would be reported as a success; judged at the end of the budget the article gives it, none of the
# five seeds is (the final KS per seed is printed above), with ragged histograms.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "What goes wrong, and why", "points": ["**Scale**: $G$ starts near 0, the target sits at 4", "**Shape**: uniform noise must be bent into a bell", "**The duel circles**: a constant learning rate never settles", "**Slots**: a batch $D$ must first learn that order does not matter", "Next: one change at a time, each judged over five seeds"]}
# ## What goes wrong, and why
#
# Look at the curves before the numbers. The *fifty-lines* recipe either **collapses** (random seed 0: one point for
# 29,000 epochs, then a flat histogram, the uniform noise stretched) or gets the mean and spread with the wrong
# shape, a pile on one side and a shelf on the other; the *gan-reproduction* small networks get the mean and spread
# and then keep circling, their KS swinging for 20,000 epochs. Four problems are at work:
#
# * **The scale.** $G$ starts near 0 with a spread of a few hundredths; the target sits at 4 with spread 1.25.
#   At a learning rate of $2\cdot10^{-4}$ each weight moves by about $2\cdot10^{-4}$ per update, so getting there
#   is a long walk — and the target's numbers set its length: $\mathcal N(100, 0.1^2)$ is a longer walk still.
# * **The shape.** Uniform noise must be bent into a bell by $G$'s non-linearities. A map close to a straight
#   line gives a flat histogram; where a sigmoid saturates, many inputs land on nearly one output and pile up.
# * **The duel does not settle.** $D$ learns where $G$'s samples are too dense, $G$ moves them, $D$ follows. With a
#   constant learning rate $G$ circles the equilibrium instead of stopping on it: the curves keep wobbling, and
#   the KS of the last iterate is as much luck as skill.
# * **The *fifty-lines* discriminator sees 100 numbers in slots.** The same batch in another order is a different
#   input, so $D$ must learn that the order does not matter before it can say anything about the shape.
#
# The following sections fix one problem at a time. Each stage is a `dataclasses.replace` of the previous
# recipe, trained from **five random seeds at once** (`gaussian.fit_seeds`: the five runs are one stacked
# model, each seed computing what its own run computes; for these small networks the stack's gradients are
# written out by hand, layer by layer, instead of taken by autograd: `gan_course.engine`, whose tests check them
# against autograd's, seed by seed) for a budget of 1,000 steps, and judged only at the
# end: the KS of 10,000 fresh samples from each seed's final generator (`Built.final_ks`). No run is stopped
# early because it happened to touch the bar: a rule that looks at the true target is the answer key, not a
# result (exercise 2 asks why).

# %% slideshow={"slide_type": "subslide"}
STAGE_STEPS = 1000
results = {}


def try_stage(name, recipe, target=NORMAL, steps=STAGE_STEPS):
    """Train ``recipe`` from the five seeds for ``steps`` steps; print each seed's final KS on fresh samples."""
    t0 = time.perf_counter()
    b, tr = gaussian.fit_seeds(recipe, target, seeds=SEEDS, every=100, steps=steps)
    ks = b.final_ks()
    results[name] = (tr, ks)
    print(f"{name:<34} final KS {' '.join(f'{k:.3f}' for k in ks)}   "
          f"{sum(k <= 0.03 for k in ks)} of 5 at or below 0.03 ({time.perf_counter() - t0:.0f} s)")
    return b, tr, ks


# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Change 1: put the data on a standard scale", "points": ["Measure $m$, $s$ from 1,000 **real samples**, not the true numbers", "$G(z) = m + s\\, g(z)$; $D$ sees $(x - m)/s$", "Both networks work with numbers of order 1"]}
# ## Change 1: put the data on a standard scale
#
# Measure the data's location and spread **from real samples** (1,000 of them: $m$ = their mean, $s$ = their
# standard deviation — not the target's true numbers, which a real data set does not give us), then let
#
# $$G(z) = m + s\, g(z), \qquad D \text{ sees } \frac{x - m}{s}.$$
#
# Both networks now work with numbers of order 1 whatever the target is. It is the GAN version of
# standardising inputs before training any network.

# %% slideshow={"slide_type": "fragment"}
stage1 = gaussian.FIFTY_LINES.replace(standardise=True)
b1, tr1, _ = try_stage("1. standardise", stage1)

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Change 2: normal noise", "points": ["$z \\sim \\mathcal N(0, 1)$ instead of $U[0, 1)$", "The right answer becomes a straight line, $g(z) = z$", "Uniform noise was meant as a challenge: here only an obstacle"]}
# ## Change 2: normal noise
#
# $G$ no longer needs to build a bell from a flat input: with $z \sim \mathcal N(0, 1)$ the right answer is
# a straight line, $g(z) = z$. The uniform input was meant as a challenge; for learning a Gaussian it is only
# an obstacle.

# %% slideshow={"slide_type": "fragment"}
stage2 = stage1.replace(noise="normal")
b2, tr2, _ = try_stage("2. + normal noise", stage2)

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Change 3: a faster optimiser", "points": ["Adam $10^{-3}$: five times *fifty-lines*' rate", "$\\beta_1 = 0.5$ instead of 0.9: less momentum", "Each player reacts to the other's **current** move", "DCGAN chose $\\beta_1 = 0.5$ for this reason"]}
# ## Change 3: a faster optimiser
#
# Adam with learning rate $10^{-3}$ (five times that of *fifty-lines*) and $\beta_1 = 0.5$ instead of 0.9: with less
# momentum each player reacts to the other's *current* move rather than to the average of its last ten, so the
# two spiral less (Radford et al. chose $\beta_1 = 0.5$ for DCGAN for this reason).

# %% slideshow={"slide_type": "fragment"}
stage3 = stage2.replace(lr_d=1e-3, lr_g=1e-3, betas=(0.5, 0.999))
b3, tr3, _ = try_stage("3. + Adam 1e-3, beta1 0.5", stage3)

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Change 4: average $G$'s weights", "points": ["$G$ circles the equilibrium; the circle's centre is better", "Keep $\\bar w \\leftarrow 0.99\\, \\bar w + 0.01\\, w$ after every step", "Sample from the averaged copy; the trained one keeps playing"]}
# ## Change 4: average G's weights
#
# Even at a good learning rate $G$ circles the equilibrium. The centre of the circle is a better generator
# than any point on it, so we keep an **exponential moving average** of $G$'s weights,
# $\bar w \leftarrow 0.99\, \bar w + 0.01\, w$ after every step, and sample from the averaged network (it is not
# trained; the one being trained keeps playing the game). The same trick stabilises large image GANs.

# %% slideshow={"slide_type": "fragment"}
stage4 = stage3.replace(ema=0.99)
b4, tr4, _ = try_stage("4. + average G's weights (EMA)", stage4)

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Change 5: let $D$ judge single samples", "points": ["The minibatch view was made against mode collapse", "Standardised normal noise: $G$ starts spread out, nearly linear", "A one-sample $D$ estimates $D^*$ at each point", "Its gradient tells each sample where to move"]}
# ## Change 5: let D judge single samples
#
# The *fifty-lines* minibatch view was invented against **mode collapse** — a $G$ that puts every sample on one
# point, which a one-sample-at-a-time $D$ cannot see in a single sample. After changes 1 and 2, $G$ starts as
# a spread-out, nearly linear map of normal noise, and the averaged $G$ cannot jump to a point. A $D$ that
# scores each sample on its own is then the better tool: it estimates the ratio
# $p_\text{data}(x) / (p_\text{data}(x) + p_g(x))$ at each point (chapter 3's $D^*$), so its gradient tells
# each of $G$'s samples where to move, and it does not have to learn that the order of a batch is irrelevant.

# %% slideshow={"slide_type": "fragment"}
stage5 = stage4.replace(d_features="raw")
b5, tr5, _ = try_stage("5. + D sees single samples", stage5)

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Changes 6 and 7: bigger batches, no sigmoid in $G$", "points": ["Batches of 256 instead of 100: less noisy gradients", "A sigmoid layer saturates: the bell's tails pile up", "ELU in both hidden layers: $G$ stays near a straight line"]}
# ## Changes 6 and 7: bigger batches, and a G without a sigmoid layer
#
# A batch of 256 instead of 100 makes each update's estimate of the gradient less noisy, for little extra cost
# on networks this small. And the *fifty-lines* $G$ passes everything through a **sigmoid** layer, whose outputs
# saturate at 0 and 1: the extreme noise values — the tails of the bell — all land on nearly the same output.
# With ELU in both hidden layers $G$ can stay close to the straight line it needs.

# %% slideshow={"slide_type": "fragment"}
stage6 = stage5.replace(batch_size=256)
b6, tr6, _ = try_stage("6. + batch 256", stage6)
stage7 = stage6.replace(g_activation="elu")
b7, tr7, ks7 = try_stage("7. + ELU instead of sigmoid in G", stage7)

# %% slideshow={"slide_type": "subslide"} slide={"title": "Stages 1–7 on the bell curve", "points": ["Left: median KS of five seeds per stage; right: stage 7, one seed"], "notes": "Each stage is the previous recipe with one field changed, trained 1,000 steps from the same five seeds. The left panel is the median of the five seeds' KS over training, on a log scale, with the bar KS 0.03 dotted; the right panel is stage 7's histogram for the chapter's first seed. Read the verdict from the final values, on the next slide: a curve that touches the bar early is not a fit."}
fig, axes = plt.subplots(1, 2, figsize=(13, 4))
for name, (tr, _) in results.items():
    axes[0].plot(tr.steps, np.median(np.array(tr.ks), axis=1), label=name)
axes[0].axhline(0.03, color="k", ls=":", lw=1, label="the bar: KS 0.03")
axes[0].set_yscale("log")
axes[0].set_xlabel("step")
axes[0].set_ylabel("median KS of the five seeds")
axes[0].legend(fontsize=7, loc="upper right")
plotting.plot_histogram(b7.sample(seed=gaussian.FRESH_NOISE)[0], TARGET, bins=60, ax=axes[1])
axes[1].set_title(f"stage 7, seed {SEEDS[0]}, after {STAGE_STEPS:,} steps: KS {ks7[0]:.3f}")
fig.tight_layout()

# %% slideshow={"slide_type": "fragment"} slide={"title": "Stages 1–7: the verdict at the end", "notes": "The measured line is computed from the five seeds' final KS of each stage, on fresh samples of the final generator. Standardising alone fits no seed; the seven changes together bring the median to about the bar, not reliably below it. Not every change has to lower the median within 1,000 steps: the line names any stage where it rose."}
medians = {name: float(np.median(ks)) for name, (_, ks) in results.items()}  # each stage's median final KS
ks1 = results["1. standardise"][1]
stage_names = list(medians)
rises = [f"stage {b.split('.')[0]} ({medians[a]:.3f} to {medians[b]:.3f})"
         for a, b in zip(stage_names, stage_names[1:], strict=False) if medians[b] > medians[a]]
display(Markdown(
    f"**Measured:** the median final KS of the five seeds fell from {medians[stage_names[0]]:.3f} (stage 1) to "
    f"{medians[stage_names[-1]]:.3f} (stage 7); {sum(k <= 0.03 for k in ks7)} of 5 seeds of stage 7 ended at or "
    "below 0.03. " + (f"Not every change lowered it within 1,000 steps: it rose at {', '.join(rises)}."
                      if rises else "Each change lowered it.")))
claim("standardising alone is not enough in 1,000 steps: seeds with final KS <= 0.03", sum(k <= 0.03 for k in ks1),
      at_most=0)
claim("the seven changes together bring the seeds much closer: stage 7's median final KS / stage 1's",
      medians[stage_names[-1]] / medians[stage_names[0]], at_most=0.5)
claim("stage 7 ends at the bar in 1,000 steps, not reliably below it: the median final KS", medians[stage_names[-1]],
      at_least=0.025, at_most=0.05)

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Coding exercise 05a: one training step", "points": ["D's update: $L_D$ on a real batch and on $G(z)$ **detached**", "Then G's: $-\\log D(G(z))$ against the **updated** $D$", "Each update: `zero_grad`, `backward`, `step`", "The chapter trains stage 7's networks with your step"]}
# ## Coding exercise: one training step
#
# Every stage so far ran the same loop, Goodfellow's algorithm with $k = 1$: each step makes one update of $D$ on a
# real and a fake batch, then one update of $G$. Since stage 5, $D$ scores single samples, so the step needs
# nothing but the two networks, their optimisers and the two batches. Here you write that step. The three cells
# work as in chapter 2's exercises: write the body where it says `YOUR CODE HERE`, run the check, and the cell
# after it goes on with your function once it passes, with the course's until then.
#
# **Exercise 05a (3 points).** Write `train_step(G, D, opt_g, opt_d, real, z)`. `G` maps noise `z` (shape
# `[m, noise_dim]`) to samples `[m, 1]`; `D` maps samples to logits `[n, 1]`; `real` is a batch of real samples
# `[n, 1]`; `opt_g` and `opt_d` are the two players' optimisers. In this order:
#
# 1. **$D$'s update.** Compute the fake batch $G(z)$ and $D$'s loss
#    $L_D = -\mathbb E_x[\log D(x)] - \mathbb E_z[\log(1 - D(G(z)))]$ with `discriminator_loss(real_logits,
#    fake_logits)` from chapter 2, giving $D$ the fake batch **detached** (`.detach()`): $D$'s update must not
#    reach into $G$. Then `opt_d.zero_grad()`, `backward()`, `opt_d.step()`.
# 2. **$G$'s update**, against the $D$ that has just stepped: call $D$ on the fake batch again (not detached now:
#    $G$'s gradient flows through $D$), take the non-saturating loss $L_G = -\mathbb E_z[\log D(G(z))]$ with
#    `generator_loss_non_saturating`, then `opt_g.zero_grad()`, `backward()`, `opt_g.step()`.
#
# Return the two losses `(d_loss, g_loss)`, as numbers or tensors of shape `[]`. The check calls your step twice
# on small fresh networks and compares the weights after it, the order of the optimisers' steps, and whether the
# fake batch $D$ saw in its own update still carried $G$'s graph.

# %% nbgrader={"grade": false, "grade_id": "ex05a_solution", "locked": false, "schema_version": 3, "solution": true, "task": false}
from gan_course.losses import discriminator_loss, generator_loss_non_saturating


def train_step(G, D, opt_g, opt_d, real, z):
    """One D update on real and detached fake samples, then one G update against the updated D: (L_D, L_G)."""
    ### BEGIN SOLUTION
    fake = G(z)
    d_loss = discriminator_loss(D(real), D(fake.detach()))
    opt_d.zero_grad()
    d_loss.backward()
    opt_d.step()
    g_loss = generator_loss_non_saturating(D(fake))
    opt_g.zero_grad()
    g_loss.backward()
    opt_g.step()
    return d_loss.detach(), g_loss.detach()
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "ex05a_tests", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
exercises.check_code("05a", train_step);
### BEGIN HIDDEN TESTS
exercises.grade("05a", train_step)
### END HIDDEN TESTS

# %% [markdown]
# Your step (or the course's, until yours passes) now trains stage 7's networks from the chapter's seed — without
# the averaged copy of $G$, which is the `Trainer`'s business, not the step's — for 300 steps on the bell curve,
# with Adam $10^{-3}$, $\beta_1 = 0.5$ and batches of 256. The histogram shows $G$'s samples after them; the
# title gives their mean, spread and KS.

# %% slideshow={"slide_type": "fragment"}
step = exercises.use("05a", train_step)
G_own, D_own = stage7.replace(ema=None).networks(NORMAL, SEED)
R_own, I_own = stage7.samplers(NORMAL)
opt_g_own = torch.optim.Adam(G_own.parameters(), lr=1e-3, betas=(0.5, 0.999))
opt_d_own = torch.optim.Adam(D_own.parameters(), lr=1e-3, betas=(0.5, 0.999))
stream = torch.Generator().manual_seed(SEED)
t0 = time.perf_counter()
with runtime.num_threads(1):  # small networks: one thread is fastest
    for _ in range(300):
        losses_own = step(G_own, D_own, opt_g_own, opt_d_own, R_own(256, stream), I_own(256, stream))
with torch.no_grad():
    x_own = G_own(I_own(10_000, torch.Generator().manual_seed(gaussian.FRESH_NOISE))).flatten()
print(f"300 steps in {time.perf_counter() - t0:.1f} s; last losses L_D {float(losses_own[0]):.3f}, "
      f"L_G {float(losses_own[1]):.3f}")
ax = plotting.plot_histogram(x_own, TARGET, bins=60)
ax.set_title(f"stage 7's networks, 300 steps of train_step: mean {x_own.mean():.2f}, std {x_own.std():.2f}, "
             f"KS {NORMAL.ks(x_own):.3f}")
ax.figure.set_size_inches(8, 3.6)

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Beyond the bell curve", "points": ["Stage 7 reaches about the bar on the bell curve, not reliably below", "A Gaussian is the easy case: $G$ only needs $g(z) \\approx z$", "Harder: $\\tfrac12\\,\\mathcal N(-2, 0.5^2) + \\tfrac12\\,\\mathcal N(2, 0.5^2)$", "Stage 7 on two bumps, 3,000 steps, five seeds"]}
# ## Beyond the bell curve
#
# Stage 7 brings the median final KS down to about the bar (the claim above: between 0.025 and 0.05), but not
# reliably below it. And a Gaussian is the easy case: after standardising, $G$ only has to stay near the straight
# line $g(z) = z$. Data is rarely a bell curve. Give stage 7 a target with **two bumps**,
# $\tfrac12\,\mathcal N(-2, 0.5^2) + \tfrac12\,\mathcal N(2, 0.5^2)$, and three times the steps:

# %% slideshow={"slide_type": "fragment"}
MIXTURE = targets.mixture((-2.0, 2.0), (0.5, 0.5))
b7m, tr7m, ks7m = try_stage("7. on two bumps, 3,000 steps", stage7, MIXTURE, steps=3000)
claim("stage 7 misses the two-bump target: seeds with final KS <= 0.03", sum(k <= 0.03 for k in ks7m), at_most=0)

# %% slideshow={"slide_type": "subslide"} slide={"title": "Stage 7 on two bumps: both found, shape missed", "notes": "One seed's final histogram against the two-bump target. Stage 7 puts samples on both bumps, but fills the gap between them and gets their widths wrong: a continuous map of continuous noise must jump steeply across the gap to leave it empty, and hold that jump while D keeps pushing. The claim in the notebook checks that no seed of stage 7 reaches KS 0.03 here."}
ax = plotting.plot_histogram(b7m.sample(seed=gaussian.FRESH_NOISE)[0], MIXTURE, bins=100)
ax.set_title(f"stage 7 on two bumps, seed {SEEDS[0]}, after 3,000 steps: KS {ks7m[0]:.3f}")
ax.figure.set_size_inches(8, 3.6)

# %% [markdown] slideshow={"slide_type": "subslide"} slide={"title": "Changes 8–10: a $G$ that can cut, a duel that settles", "points": ["**8.** R1 penalty: $\\frac{\\gamma}{2}\\,\\mathbb E\\,\\|\\nabla_x D(x)\\|^2$ on real data, $\\gamma = 10$", "**9.** 2-d noise, four leaky-ReLU layers: $G$ can fold its noise", "**10.** Both learning rates cool to 0 along a cosine", "The duel spirals in instead of circling"]}
# ## Changes 8–10: a generator that can cut, a duel that settles
#
# Stage 7 finds both bumps and misses their shape (the histogram above shows one seed's). $G$ is a
# continuous map of continuous noise, so to leave the gap between the bumps empty it must carry the noise across
# the gap in a steep jump, and to make the bumps the right width it must hold that shape while $D$ keeps pushing.
# Three changes, each with a reason:
#
# * **8. An R1 penalty on $D$** (Mescheder, Geiger and Nowozin, 2018): $D$'s loss gains
#   $\frac{\gamma}{2}\,\mathbb E_{x \sim p_\text{data}}\big[\|\nabla_x D(x)\|^2\big]$, with $\gamma = 10$ and
#   the gradient measured in units of the data's spread (`TrainConfig.r1`). $D$ may still tell the bumps from
#   the gap, but it cannot grow steep on the data itself, and the duel spirals into the equilibrium instead of
#   circling it. (Why chapters 10 and 11 use weights 100 times smaller, 0.1: each penalty grows with the square
#   of $D$'s slope, and a $D$ that tells a bump of width $w$ from its surroundings needs a slope of about $s/w$
#   in units of the data's spread $s$, so the same weight charges about $(s/w)^2$. That is of order 1 to 20
#   here and thousands on chapter 10's narrow 2-D modes: the ratios are printed below.)
# * **9. A generator that can cut its noise in pieces**: 2-d normal noise and four hidden layers of leaky ReLU
#   (piecewise linear, slope 0.01 below zero), and leaky ReLU in $D$ too. ELU bends smoothly; a piecewise-linear
#   map can fold the noise into separate intervals with a sharp edge between them.
# * **10. Cool down**: both learning rates fall to 0 along a cosine over the budget (`cosine_t_max`, the
#   schedule *simple-gaussian* uses), so the last updates are small and the final generator is where the duel came to
#   rest, not wherever it happened to be.

# %% slideshow={"slide_type": "fragment"} slide={"title": "What the same R1 weight charges: $(s/w)^2$", "points": ["A $D$ that tells a bump of width $w$ needs a slope of about $s/w$"]}
from gan_course.synthetic import mixture2d  # noqa: E402 -- chapter 10's 2-D targets, only for their spread and widths

print("spread s / bump width w, and (s/w)^2, per target and the R1 weight used on it:")
ratio_rows = []
for name, s_data, w, weight in [
    ("bell curve N(4, 1.25^2)", NORMAL.std, NORMAL.std, "10 (here)"),
    ("two bumps N(-2, 0.5^2) + N(2, 0.5^2)", MIXTURE.std, 0.5, "10 (here)"),
    ("far bumps N(-5, 0.2^2) + N(5, 0.2^2), below", gaps.FAR_BUMPS.std, gaps.FAR_STD, "10 (the course recipe)"),
    *[(f"chapter 10's {t.name}", float(np.hypot(np.std(np.array(t.centres)[:, 0]), t.std)), t.std, "0.1 (ch. 10, 11)")
      for t in (mixture2d.ring(), mixture2d.grid())],
]:
    print(f"  {name:<46} s/w {s_data / w:6.1f}   (s/w)^2 {(s_data / w) ** 2:7.0f}   weight {weight}")
    ratio_rows.append([name, s_data / w, (s_data / w) ** 2, weight])
display(Table(ratio_rows, ["target", "s/w", "(s/w)²", "R1 weight"], title="what the same R1 weight charges",
              formats={"s/w": "{:.1f}", "(s/w)²": "{:,.0f}"}))
r1_ratio = gaussian.COURSE.train.r1 / mixture2d.REMEDIES["penalty"].train.r1
print(f"the course's R1 weight is {r1_ratio:.0f} times chapter 10's")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Each change measured on the two bumps, five seeds, 3,000 steps, judged at the end on fresh samples:

# %% slideshow={"slide_type": "fragment"} slide={"title": "Changes 8–10 on two bumps, five seeds"}
stage8 = stage7.replace(r1=10.0)
stage9 = stage8.replace(noise_dim=2, g_hidden=(50, 50, 50, 50), g_activation="leaky_relu", d_activation="leaky_relu")
stage10 = stage9.replace(cosine_t_max=3000, eta_min=0.0)
ladder = {"7. the bell-curve recipe": (b7m, tr7m, ks7m)}
for name, recipe in [("8. + R1 penalty", stage8), ("9. + 2-d noise, leaky-ReLU G", stage9),
                     ("10. + cosine cool-down", stage10)]:
    ladder[name] = try_stage(f"{name} (two bumps)", recipe, MIXTURE, steps=3000)
rows = [f"| {name} | {min(ks):.3f}–{max(ks):.3f} | {np.median(ks):.3f} | {sum(k <= 0.03 for k in ks)} of 5 |"
        for name, (_, _, ks) in ladder.items()]
display(Markdown("| stage, on the two bumps | final KS of the five seeds | median | at or below 0.03 |\n"
                 "|---|---|---|---|\n" + "\n".join(rows)))
median_on_bumps = {name: float(np.median(ks)) for name, (_, _, ks) in ladder.items()}
ks8, ks9, ks10 = (ladder[name][2] for name in list(ladder)[1:])
claim("the penalty alone lowers the median a little: stage 8's median final KS / stage 7's",
      median_on_bumps["8. + R1 penalty"] / median_on_bumps["7. the bell-curve recipe"], at_most=0.9)
claim("but fits no seed: seeds of stage 8 with final KS <= 0.03", sum(k <= 0.03 for k in ks8), at_most=0)
claim("the cutting G brings them near the bar: stage 9's median final KS / stage 7's",
      median_on_bumps["9. + 2-d noise, leaky-ReLU G"] / median_on_bumps["7. the bell-curve recipe"], at_most=0.35);
# stage 10's count (four or five of five at or below 0.03) is claimed once, below, where this run is the course
# recipe's test on the two bumps

# %% [markdown] slideshow={"slide_type": "fragment"}
# The penalty alone lowers the median KS a little and fits no seed; the $G$ that can cut its noise brings the
# seeds near the bar; the cool-down brings four or five of five below it (the table above has the numbers,
# and the course recipe's test below checks the count: this run is that test's two bumps).

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "The course recipe", "points": ["Stage 10 is `gaussian.COURSE`: *fifty-lines* with ten changes", "A budget of 3,000 steps instead of 30,000", "D's size, 1 D + 1 G update per step, the loss: the article's"]}
# ## The course recipe
#
# Stage 10 is `gaussian.COURSE`: *fifty-lines* with ten changes, and a budget of 3,000 steps instead of 30,000.
# Every other field (D's size, one D and one G update per step, the non-saturating loss) is the article's.

# %% slideshow={"slide_type": "fragment"}
assert stage10.replace(name="course", steps=3000) == gaussian.COURSE
gaussian.differences(gaussian.FIFTY_LINES, gaussian.COURSE)

# %% [markdown] slideshow={"slide_type": "subslide"} slide={"title": "The test: three targets, five seeds each", "points": ["The bell curve, a skewed gamma, the two bumps", "Whole budget; judged at the end on fresh samples", "The recipe sees only samples, never which target it fits", "A pass: final KS ≤ 0.03"]}
# Now the test a recipe has to pass: five random seeds on three targets — the bell curve, a skewed gamma and
# the two bumps — each run for its whole budget and judged at the end on fresh samples. The recipe sees only
# real samples; it is never told which target it is fitting. The two bumps' run is stage 10's above (the same
# recipe, target, seeds and steps). (`targets.EXAMPLES` has a fourth, the heavy-tailed $t$ with 3 degrees of
# freedom: try it with `python benchmarks/gaussian_1d.py --target t --params df=3 --full`, or any `scipy.stats`
# law with `targets.parse`.)

# %% slideshow={"slide_type": "fragment"}
course_runs = {}
for label in ["bell curve N(4, 1.25)", "skewed: gamma(a=2)"]:
    course_runs[label] = try_stage(label, gaussian.COURSE, targets.parse(*targets.EXAMPLES[label]), steps=3000)
course_runs["two bumps: N(-2, 0.5) + N(2, 0.5)"] = ladder["10. + cosine cool-down"]  # stage 10 is the course recipe
for label, (_, _, ks) in course_runs.items():
    # the opening's promise: five of five on the bell curve and the gamma, four or five of five on the two bumps
    # (stage 10's run above; this is the one claim of that count)
    at_least = 4 if label.startswith("two bumps") else 5
    claim(f"the course recipe fits {label}: seeds with final KS <= 0.03, {'four or five' if at_least == 4 else 'five'}"
          " of five", sum(k <= 0.03 for k in ks), at_least=at_least)
    claim(f"and no seed is far off on {label}: the largest final KS", max(ks), at_most=0.04)

# %% tags=["hide-input"] slideshow={"slide_type": "subslide"} slide={"title": "The course recipe on three targets", "points": ["Top: one seed's final histogram; bottom: KS of all five seeds"], "notes": "The top row shows the chapter's first seed's final generator against each target; the bottom row every seed's KS over training on a log scale, with the bar KS 0.03 dotted. The notebook's claims check the count of seeds at or below 0.03 on each target: five of five on the bell curve and the gamma, four or five of five on the two bumps, and no seed above 0.04."}
fig, axes = plt.subplots(2, 3, figsize=(14, 6.4))
for col, (label, (b, tr, ks)) in enumerate(course_runs.items()):
    x = b.sample(seed=gaussian.FRESH_NOISE)[0]
    lo, hi = np.quantile(x.numpy(), [0.002, 0.998])
    plotting.plot_histogram(x, b.target, bins=np.linspace(lo, hi, 80), ax=axes[0, col])
    axes[0, col].set_xlim(lo, hi)
    axes[0, col].set_title(f"{label}\nseed {SEEDS[0]}: final KS {ks[0]:.3f}", fontsize=10)
    axes[0, col].legend(fontsize=7, loc="upper right")
    ks_rows = np.array(tr.ks)  # one row per check, one column per seed
    for i, seed in enumerate(SEEDS):
        axes[1, col].plot(tr.steps, ks_rows[:, i], lw=1, label=f"seed {seed}")
    axes[1, col].axhline(0.03, color="k", ls=":", lw=1, label="KS 0.03")
    axes[1, col].set_yscale("log")
    axes[1, col].set_xlabel("step")
    axes[1, col].set_ylabel("KS (10,000 samples)")
    axes[1, col].legend(fontsize=7, loc="upper right")
fig.tight_layout()

# %% slideshow={"slide_type": "subslide"} slide={"title": "When the runs go below the bar, and stay"}
settled_at = {}  # each run's first check from which its KS stays at or below 0.03 to the end (None: ends above)
for label, (_, tr, _) in course_runs.items():
    ks_rows = np.array(tr.ks)
    for i, seed in enumerate(SEEDS):
        above = np.nonzero(ks_rows[:, i] > 0.03)[0]
        last = above[-1] if len(above) else -1
        settled_at[label, seed] = tr.steps[last + 1] if last + 1 < len(tr.steps) else None
        print(f"{label:<34} seed {seed}: " + (f"at or below 0.03 from step {settled_at[label, seed]:,} on"
                                               if settled_at[label, seed] is not None else "above 0.03 at the end"))
steps_settled = [s for s in settled_at.values() if s is not None]
by_1500 = sum(s <= 1500 for s in steps_settled)
display(Markdown(
    f"**Measured:** {len(steps_settled)} of the {len(settled_at)} runs end at or below KS 0.03 and stay there at every "
    f"check from some step on: from step {int(np.median(steps_settled)):,} on for the median run, from step "
    f"{max(steps_settled):,} on for the latest; {by_1500} of {len(settled_at)} from step 1,500 or earlier."))
claim("most runs go below the bar early and stay there: runs at or below 0.03 at every check from step 1,500 on",
      by_1500, at_least=10)

# %% [markdown] slideshow={"slide_type": "fragment"}
# The curves show most seeds dropping below KS 0.03 within the first thousand or so steps and staying below it,
# while the learning rate is still high; the cool-down does not have to rescue them. A verdict still waits for
# the end: a run that touched the bar could leave it again, and a run that ends above it (the two bumps can
# have one) is a miss whatever it touched before.

# %% [markdown] slideshow={"slide_type": "subslide"} slide={"title": "Other bell curves: the same run in units of $s$", "points": ["The recipe never sees 4 and 1.25: it measures $m$ and $s$", "Standardised, every Gaussian looks like $\\mathcal N(0, 1)$", "Same seed, same run, up to float rounding", "Float32's 7 digits limit it: $\\mathcal N(100, 0.1^2)$"]}
# And other bell curves? The recipe's code never sees the numbers 4 and 1.25: it measures $m$ and $s$ from
# samples, and after standardising, every Gaussian target looks like $\mathcal N(0, 1)$ to both networks (the
# R1 penalty is measured in units of the data's spread too). With the same seed the runs are then the *same
# run* in units of $s$, up to rounding, which the duel amplifies a little: nearly the same KS whatever the
# target. 300 steps show it. (Rounding is the limit: float32 holds about 7 digits, so a target whose spread is a
# tiny fraction of its location, such as $\mathcal N(100, 0.1^2)$, has its samples rounded at $10^{-4}$ of a
# standard deviation, and the duel amplifies such differences: its KS is printed last, apart from the claim.)

# %% slideshow={"slide_type": "fragment"}
def in_units_of_s(target, seed=SEED, steps=300):
    """Train the course recipe on N(target) for ``steps``; its final KS, and g(z) = (G(z) - m) / s on fresh noise."""
    built = gaussian.fit(gaussian.COURSE, *target, seed=seed, steps=steps)[0]
    m, s = built.scale
    return built.final_ks()[0], (built.sample(seed=gaussian.FRESH_NOISE).double() - m) / s


runs, g_of_z = {}, {}
for target in [(-3.0, 0.5), (10.0, 3.0), (0.0, 1.0), (400.0, 20.0)]:
    runs[target], g_of_z[target] = in_units_of_s(target)
    print(f"N({target[0]:g}, {target[1]:g}²), seed {SEED}: KS {runs[target]:.4f} after 300 steps")
gap_g = max(float((g - g_of_z[0.0, 1.0]).abs().median()) for g in g_of_z.values())
_, g_other_seed = in_units_of_s((0.0, 1.0), seed=SEED + 1)
print(f"median difference of g(z) from N(0, 1²)'s run, in units of s: at most {gap_g:.4f} over these targets; "
      f"{float((g_other_seed - g_of_z[0.0, 1.0]).abs().median()):.3f} for the next seed on N(0, 1²)")
claim("these Gaussian targets give the same run: largest median difference of g(z) in units of the spread", gap_g,
      at_most=0.05)
claim("and nearly the same KS: spread of the final KS", max(runs.values()) - min(runs.values()), at_most=0.002)
ks_rounded = in_units_of_s((100.0, 0.1))[0]
print(f"N(100, 0.1²), seed {SEED}: KS {ks_rounded:.4f} after 300 steps, {ks_rounded - runs[0.0, 1.0]:+.4f} from "
      "N(0, 1²)'s")

# %% slideshow={"slide_type": "fragment"} slide={"title": "Three recipes on the bell curve", "notes": "The chapter's headline, in one table: the two source recipes as written, for their whole budgets (recorded), and the course recipe for its 3,000 steps, each from five random seeds and judged at the end on fresh samples. A seed passes at KS 0.03 or below."}
course_ks = course_runs["bell curve N(4, 1.25)"][2]
for name, ks in [("fifty-lines, 30,000 epochs", ks_fifty),
                 ("gan-reproduction, 20,000 epochs (recorded)", record_repro.final_ks),
                 ("course recipe, 3,000 steps", course_ks)]:
    print(f"{name:<44} median final KS {np.median(ks):.3f}, {sum(k <= 0.03 for k in ks)} of 5 seeds at or below 0.03")
display(Table([[name, float(np.median(ks)), f"{sum(k <= 0.03 for k in ks)} of 5"]
               for name, ks in [("fifty-lines, 30,000 epochs (recorded)", ks_fifty),
                                ("gan-reproduction, 20,000 epochs (recorded)", record_repro.final_ks),
                                ("course recipe, 3,000 steps", course_ks)]],
              ["recipe, on N(4, 1.25²)", "median final KS", "seeds at or below 0.03"],
              title="the bell curve, five seeds each", formats={"median final KS": "{:.3f}"}))


# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Where the recipe stops: two far, narrow bumps", "points": ["$\\tfrac12\\,\\mathcal N(-5, 0.2^2) + \\tfrac12\\,\\mathcal N(5, 0.2^2)$", "Between the bumps: a gap the target leaves nearly empty", "The course recipe, five seeds, its whole budget", "Per seed: the share of samples on each bump and in the gap"]}
# ## Where the recipe stops: two far-apart narrow bumps
#
# A recipe is only as general as the targets it was tried on. Move the two bumps far apart and make them
# narrow: $\tfrac12\,\mathcal N(-5, 0.2^2) + \tfrac12\,\mathcal N(5, 0.2^2)$ (`gaps.FAR_BUMPS`). Its spread
# $s$ is about 5, so $s/w$ is 25 (printed with change 8), and between the bumps lies a gap: from three bump widths
# right of $-5$ to three left of $5$, where the target itself puts a tiny share of its samples. The course recipe, five
# seeds, its whole budget; for each seed the share of samples on each bump (within three widths of its centre)
# and in the gap:

# %% slideshow={"slide_type": "fragment"} slide={"title": "Connected noise: each seed fills the gap or loses a bump", "notes": "Per seed: the final KS, the share of samples within three widths of each bump's centre, and the share in the gap between those windows, also as a multiple of the target's own share there. The claims check that no seed reaches KS 0.03 and that every seed either holds over three times the target's gap share or leaves a bump with under 10% of the samples."}
def show_far(name, built):
    """Final KS and the shares on each bump and in the gap, per seed; returns (final KS, shares, samples)."""
    x = built.sample(seed=gaussian.FRESH_NOISE)
    ks, share = built.final_ks(samples=x), gaps.shares(x)
    print(name)
    for i, seed in enumerate(SEEDS):
        print(f"  seed {seed}: final KS {ks[i]:.3f}   left bump {share.left[i]:6.1%}   right bump {share.right[i]:6.1%}"
              f"   gap {share.gap[i]:6.2%} ({share.gap[i] / far_target.gap[0]:5.1f}x the target's)")
    display(Table([[seed, ks[i], share.left[i], share.right[i], share.gap[i], share.gap[i] / far_target.gap[0]]
                   for i, seed in enumerate(SEEDS)],
                  ["seed", "final KS", "left bump", "right bump", "gap", "gap / target's"], title=name,
                  formats={"final KS": "{:.3f}", "left bump": "{:.1%}", "right bump": "{:.1%}", "gap": "{:.2%}",
                           "gap / target's": "{:.1f}x"}))
    return ks, share, x


far_target = gaps.target_shares()
print(f"the target itself: left bump {far_target.left[0]:.1%}, right bump {far_target.right[0]:.1%}, "
      f"gap {far_target.gap[0]:.2%}; spread s {gaps.FAR_BUMPS.std:.2f}, a bump's width in units of s "
      f"{gaps.FAR_STD / gaps.FAR_BUMPS.std:.2f}\n")
t0 = time.perf_counter()
ks_far, share_far, _ = show_far("the course recipe", gaps.fit_seeds(gaussian.COURSE, gaps.FAR_BUMPS, seeds=SEEDS,
                                                                    every=1000)[0])
print(f"({time.perf_counter() - t0:.0f} s)")
claim("the course recipe misses the far bumps: seeds with final KS <= 0.03", sum(k <= 0.03 for k in ks_far),
      at_most=0)
far_gap, far_bump = gaps.misses(share_far, far_target)  # per seed: over 3x the target's gap share; a bump under 10%
claim("every seed pays for its connected noise: seeds with over 3x the target's gap share in the gap, or a bump "
      "holding under 10% of the samples", int((far_gap | far_bump).sum()), at_least=5);

# %% [markdown] slideshow={"slide_type": "subslide"} slide={"title": "Why: a continuous $G$ of connected noise", "points": ["$z \\sim \\mathcal N(0, I_2)$ fills the plane: a connected set", "A continuous $G$ maps it to an interval: reaching both bumps covers the gap", "Fix for a known shape: **two-piece noise**, a random sign", "Same recipe, seeds and budget; only the noise changed"]}
# **Why.** $G$ is a continuous function, and its noise $z \sim \mathcal N(0, I_2)$ fills the whole plane, a
# connected set. A continuous map sends a connected set to a connected set, and a connected set of the line is an
# interval: a $G$ whose samples reach both bumps takes every value in between. The noise it maps into the gap is
# an open set of the plane, where the normal density is positive, so a share of the samples lands there. $G$ can
# make that share small only by crossing the gap steeply, on a thin band of noise, and the wider the gap is
# compared with the bumps, the steeper it must be. So each seed above either puts more than three times the
# target's share in the gap, or gives up one bump (nearly) altogether: no continuous $G$ of connected noise can
# put both bumps right and the gap empty, and the duel finds one of the two ways to be wrong.
#
# **What helps: a noise with a gap of its own.** `gaps.two_piece_noise` makes the first noise number a random
# sign, $-1$ or $+1$, and keeps the second normal: two separate pieces, and a continuous $G$ may send one to each
# bump and nothing in between. It builds in what the data does not say (two bumps, of equal weight), so it is a
# fix for targets you know the shape of, not a recipe. The same recipe, seeds and budget, only the noise changed:

# %% slideshow={"slide_type": "subslide"} slide={"title": "Two-piece noise: both bumps kept, the bar still missed"}
t0 = time.perf_counter()
ks_two, share_two, x_two = show_far("the course recipe fed two-piece noise",
                                    gaps.fit_seeds(gaussian.COURSE, gaps.FAR_BUMPS, seeds=SEEDS, every=1000,
                                                   noise=gaps.two_piece_noise(2))[0])
print(f"({time.perf_counter() - t0:.0f} s)")
for i, seed in enumerate(SEEDS):
    left, right = x_two[i][x_two[i] < 0], x_two[i][x_two[i] > 0]
    print(f"  seed {seed}: left bump mean {left.mean():.2f}, std {left.std():.3f}; right bump mean "
          f"{right.mean():.2f}, std {right.std():.3f}   (target: -5 and 5, std 0.2)")
two_gap, two_bump = gaps.misses(share_two, far_target)
over = [f"seed {seed} holds {share_two.gap[i] / far_target.gap[0]:.1f} times"
        for i, seed in enumerate(SEEDS) if two_gap[i]]
display(Markdown(
    f"**Measured, per seed:** with two-piece noise, {int(two_bump.sum())} of 5 seeds have a bump under 10% of the "
    f"samples (the smallest bump holds {np.minimum(share_two.left, share_two.right).min():.1%}), and "
    f"{int((~two_gap).sum())} of 5 hold at most three times the target's share in the gap"
    + (f"; {', '.join(over)} the target's share there" if over else "")
    + f". With connected noise, {int((far_gap | far_bump).sum())} of 5 seeds did one or the other."))
claim("with two-piece noise every seed keeps both bumps: the smallest share on a bump",
      float(np.minimum(share_two.left, share_two.right).min()), at_least=0.4)
claim("and most seeds, three or more of five, hold at most 3x the target's share in the gap: such seeds",
      int((~two_gap).sum()), at_least=3)
claim("but the bumps are still not right: seeds with final KS <= 0.03", sum(k <= 0.03 for k in ks_two), at_most=0);

# %% [markdown] slideshow={"slide_type": "fragment"}
# The two pieces bring back the lost bump on every seed, and on most seeds, three or more of five, the gap holds no
# more than three times the target's share (the measured line above names any seed that holds more, and how much).
# Nothing forces samples into the gap any more, since a continuous $G$ may map each piece of noise to an interval of
# its own, but a seed whose piece reaches past its bump still puts some there. And still no seed reaches the bar:
# the bumps sit a little off their centres, or are too wide or too narrow (printed above). In $G$'s own units, the
# data's spread $s \approx 5$, a bump is 0.04 wide, and $G$'s output must hold each bump's place and width to a
# small part of that while $D$ keeps pushing. One reading, which this chapter does not test: at $s/w = 25$ the R1
# weight that suited the bell curve is no longer in proportion (see change 8). Where the course recipe holds, then:
# the bell curve, the gamma and the two near bumps above. Where it does not: bumps that are narrow and far apart,
# the 1-D face of chapter 10's mode collapse.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Play: the live dashboard", "points": ["Redraws $G$'s histogram, $D$ against $D^*$, the push on each sample, losses, KS", "Learning rates, steps and the G loss apply live", "Try: two bumps with G hidden 50 and noise dim 1", "Try: the saturating loss; D steps 5; a learning rate of $10^{-2}$"]}
# ## Play: the live dashboard
#
# The dashboard trains a recipe in short chunks and redraws after each: $G$'s histogram, $D(x)$ against the
# optimal $D^*$ for the **current** $G$, the push $-\partial L_G / \partial x$ on each of $G$'s samples, the
# losses and the KS curve. Learning rates, step counts and the G loss apply live; the other controls, the
# target among them (the bell curve, the gamma, the $t$, the two bumps), build new networks. Try: the two bumps
# with "G hidden" 50 and "noise dim" 1; the saturating loss; uniform noise without standardising; D steps 5; a
# learning rate of $10^{-2}$; "D sees: moments of the batch".

# %% tags=["nbval-ignore-output", "hide-input"] slideshow={"slide_type": "subslide"} slide={"title": "The dashboard, after 600 steps of the course recipe", "notes": "A snapshot of the dashboard's stored state: the course recipe on the bell curve, 600 steps trained when the chapter ran. In JupyterLab, Start trains in chunks and redraws after each; Reset starts again from step 0. Top row: G's histogram against the target, D(x) against the optimal D* for the current G, and the push -dL_G/dx on G's samples; bottom row: the losses, the mean and std of G's samples, and the KS curve with the bar 0.03 dashed."}
dashboard = Dashboard(gaussian.COURSE, *TARGET)
dashboard.run_chunk(600)  # start from 600 trained steps (what the slides show); Reset starts again from step 0
dashboard

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Summary", "points": ["As written, neither source recipe learns the bell curve", "Four problems: scale, shape, a circling duel, a slot-reading $D$", "Seven changes: about the bar on the bell curve, not below it", "R1, a cutting $G$, a cool-down: the course recipe fits three targets", "Far, narrow bumps: connected noise must fill the gap or lose a bump"]}
# ## Summary
#
# * Run as written for their whole budgets from five random seeds each, neither source recipe learns the bell
#   curve: *fifty-lines* (30,000 epochs) collapses or ends lopsided, final KS 0.078–0.161; *gan-reproduction*
#   (20,000 epochs) keeps circling, final KS 0.057–0.193 (both recorded). Their mean and std curves alone would call
#   most runs a success.
# * Their problems are a scale the networks must travel, a noise distribution $G$ must bend, a duel that
#   circles instead of settling, and a discriminator that reads a batch as 100 unrelated inputs.
# * Seven changes, each measured over five seeds: standardise with statistics measured from data, normal noise, Adam
#   $10^{-3}$ with $\beta_1 = 0.5$, an average of $G$'s weights, a one-sample discriminator, batches of 256 and a $G$
#   without a sigmoid layer. They bring the bell curve's median final KS to about 0.03, not reliably below it, and fail
#   on two bumps.
# * Three more make the recipe hold beyond the bell curve: an R1 penalty on $D$, a piecewise-linear $G$ fed
#   with 2-d noise, and learning rates that cool to 0. The course recipe's final generator fits KS ≤ 0.03 for
#   five seeds of five on the bell curve and the gamma, and four or five of five on the two bumps, no seed above
#   0.04, judged at the end of its budget on fresh samples, never stopped early by a look at the target.
# * It stops working on two narrow bumps far apart: a continuous $G$ of connected noise must put samples in the gap or
#   lose a bump, and every seed did one or the other. Noise in two pieces keeps both bumps on every seed and the gap
#   within three times the target's share on three or more seeds of five, but not the misfit of the bumps themselves: no
#   seed reached the bar either way.
# * `python benchmarks/gaussian_1d.py --recipe NAME --target gamma --params a=2` trains a recipe
#   from several seeds at once on any 1-D target and reports each seed's final KS.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Exercises", "points": ["$D^*$ against a collapsed generator, at $c$ and elsewhere", "Standardise with which $m$ and $s$, and why?", "Fit $\\mathcal N(-7, 0.2^2)$ with the course recipe"]}
# ## Exercises
#
# **1.** A collapsed generator puts every sample on one point $c$. What is the optimal discriminator
# $D^*(x) = p_\text{data}(x) / (p_\text{data}(x) + p_g(x))$ at $x = c$, and at any other $x$? (Numbers.)

# %% slideshow={"slide_type": "fragment"}
d_star_at_c, d_star_elsewhere = None, None
exercises.check_collapsed_d_star(d_star_at_c, d_star_elsewhere);

# %% [markdown] slideshow={"slide_type": "subslide"}
# **2.** Standardising needs a location $m$ and a scale $s$. Which should the recipe use:
# `"a"` the target's true mean and std, `"b"` the mean and std of samples drawn from the data, or
# `"c"` the mean and std of $G$'s current samples? Say why the other two are wrong.

# %% slideshow={"slide_type": "fragment"}
answer_2 = None  # "a", "b" or "c"
exercises.check_standardise_source(answer_2);

# %% [markdown] slideshow={"slide_type": "subslide"}
# **3.** Train the course recipe on $\mathcal N(-7, 0.2^2)$ for its whole budget, one seed, and hand the check
# a function that draws $n$ samples from the trained generator. Hints: the chapter trains one seed at a time
# right after *And other bell curves?*; what its training function returns holds a `Trainer`, and a `Trainer`
# can sample. Does the recipe need any change for a target this far from 0 and this narrow (reread *Change 1*)?

# %% slideshow={"slide_type": "fragment"}
trainer_3 = None  # your trained Trainer
exercises.check_fits_gaussian(trainer_3.sample if trainer_3 else None, mean=-7.0, std=0.2);
