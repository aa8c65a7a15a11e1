# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Chapter 6 — A discriminator that sees only four numbers", "sources": ["simple-gaussian — “A simple GAN experiment: generating Gaussian data (PyTorch)”, a Chinese blog post built on fifty-lines"], "points": ["*simple-gaussian* reproduced: $G$ makes sets, $D$ sees four moments", "Its histogram, and its mean and std over training", "What matching four moments does and does not guarantee", "What $G$ actually learns: one good set"]}
# # Chapter 6 — A discriminator that sees only four numbers
#
# The *simple-gaussian* article gives its discriminator almost nothing: not samples, but four **summary statistics**
# of a set of 500 samples — mean, standard deviation, skewness and excess kurtosis. For a Gaussian the last two are 0.
# This chapter
#
# 1. reproduces *simple-gaussian*: a generator that maps 50 uniform random numbers to a **set** of 500 numbers, a
#    discriminator on the set's four moments, cosine-annealed Adam, 2,001 epochs;
# 2. shows the article's histogram (bins 0 to 8, step 0.5) and the mean and std trajectories;
# 3. asks what matching four moments does and does **not** guarantee, and answers with the KS statistic.
#
# **Source.** *simple-gaussian*: "简单GAN的实验–生成高斯分布数据(Pytorch)" (A simple GAN experiment: generating
# Gaussian data, PyTorch), a blog post that builds on *fifty-lines* (chapter 5).

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "The five parts of *simple-gaussian*", "points": ["$R$: sets of 500 samples of $\\mathcal N(4, 1.25^2)$", "$G$: MLP 50–50–50–500, one noise vector in, one set out", "$D$: MLP 4–10–10–1 on mean, std, skewness, excess kurtosis", "Adam $10^{-4}$, cosine annealing; 2,001 epochs of 20 + 20 updates"]}
# ## The five parts of *simple-gaussian*
#
# | part | *simple-gaussian* |
# |---|---|
# | $R$ | sets of 500 samples of $\mathcal N(4, 1.25^2)$, 10 sets per minibatch |
# | $I$ | 50 numbers $z \sim U[0, 1)$ per set |
# | $G$ | ReLU MLP 50–50–50–500: one noise vector in, one set of 500 numbers out |
# | $D$ | ReLU MLP 4–10–10–1 on $\phi$ = (mean, std, skewness, excess kurtosis) of a set; sigmoid output |
# | loop | Adam $10^{-4}$, cosine annealing ($T_\max = 100$ updates, $\eta_\min = 10^{-5}$) |
# | epochs | 2,001 epochs of 20 D updates and 20 G updates |
#
# The article's listing never sets $G$'s hidden width (`g_hidden_size`); we use 50, the width of its noise.
# The skewness and kurtosis are those of the z-scores $(x - \bar x)/s$:
# $\text{skew} = \overline{z^3}$, $\text{kurt} = \overline{z^4} - 3$.

# %% slideshow={"slide_type": "subslide"}
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
from IPython.display import display

from gan_course import exercises, features, metrics, plotting, runtime
from gan_course.claims import claim
from gan_course.synthetic import gaussian
from gan_course.tables import Table
from gan_course.widgets.gaussian import Dashboard

TARGET = (4.0, 1.25)
SEED = runtime.chapter_seed()  # 0 unless GAN_COURSE_SEED says otherwise: every run below starts from it
print(f"random seed {SEED}")
gaussian.SIMPLE_GAUSSIAN

# %% slideshow={"slide_type": "subslide"}
built = gaussian.build(gaussian.SIMPLE_GAUSSIAN, *TARGET, seed=SEED)
sets = built.R(3, torch.Generator().manual_seed(0))  # three real sets, shape [3, 500]
print("real sets:", tuple(sets.shape))
print("what D sees of them, phi [3, 4]:\n", features.moments(sets).numpy().round(3))

# %% [markdown] slideshow={"slide_type": "notes"}
# Even real sets of 500 do not show exactly (4, 1.25, 0, 0): sample moments fluctuate, and D must learn how much.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Exercise 06a: the four numbers $D$ sees", "points": ["A batch of sets `[n, m]`: one set per row", "Mean, std, skewness, excess kurtosis of each row: `[n, 4]`", "Plain averages over the set: divide by $m$, not $m - 1$", "A set of equal numbers: skewness 0, excess kurtosis $-3$"]}
# ## Exercise 06a: the four numbers $D$ sees
#
# `features.moments` computed the four numbers above. Write them yourself. A coding exercise has three cells, as
# in chapter 2: write the body of the function in the first, where it says `YOUR CODE HERE` (delete the
# `raise` line); run the second, which tries your function on test inputs and prints ✓ or a sentence that names
# what is wrong; the third goes on with your function once it passes, and with the course's until then.
#
# **Exercise 06a (2 points).** Write `moment_features(x)`. Its input `x` is a batch of sets, a tensor of shape
# `[n, m]` with one set of $m$ numbers per row (the chapter's sets have $m = 500$). Return a tensor of shape
# `[n, 4]` whose row $i$ holds the four moments of set $i$:
#
# $$\bar x = \frac1m \sum_j x_j, \qquad s = \sqrt{\frac1m \sum_j (x_j - \bar x)^2}, \qquad
# z_j = \frac{x_j - \bar x}{s + 10^{-8}},$$
#
# $$\text{skew} = \overline{z^3}, \qquad \text{kurt} = \overline{z^4} - 3,$$
#
# returned in the order mean, standard deviation (an average over the $m$ numbers, dividing by $m$), skewness
# and excess kurtosis of the z-scores, each bar an average over the set. The $10^{-8}$ keeps a set of
# equal numbers ($s = 0$) finite: its z-scores are all 0, so its skewness is 0 and its excess kurtosis $-3$.

# %% nbgrader={"grade": false, "grade_id": "ex06a_solution", "locked": false, "schema_version": 3, "solution": true, "task": false}
def moment_features(x):
    """phi(x): the mean, std, skewness and excess kurtosis of each row (one set) of x [n, m] -> [n, 4]."""
    ### BEGIN SOLUTION
    mean = x.mean(dim=1, keepdim=True)
    centred = x - mean
    std = centred.pow(2).mean(dim=1, keepdim=True).sqrt()
    z = centred / (std + 1e-8)
    skewness = z.pow(3).mean(dim=1, keepdim=True)
    kurtosis = z.pow(4).mean(dim=1, keepdim=True) - 3.0
    return torch.cat([mean, std, skewness, kurtosis], dim=1)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "ex06a_tests", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
exercises.check_code("06a", moment_features);
### BEGIN HIDDEN TESTS
exercises.grade("06a", moment_features)
### END HIDDEN TESTS

# %% [markdown]
# Your four numbers (or the course's, until yours pass) for the three real sets above, and for the set a
# collapsed generator would print: 500 copies of the target's mean. Its mean is right, and only the other
# three numbers give it away.

# %%
moments_of = exercises.use("06a", moment_features)
print("the three real sets:\n", moments_of(sets).numpy().round(3))
print("500 copies of 4.0:  ", moments_of(torch.full((1, 500), 4.0)).numpy().round(3))

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "*simple-gaussian* as written", "points": ["The whole published budget: 2,001 epochs", "Five random seeds at once, as one stacked model", "Every 50 epochs: mean, std and KS of 10,000 of $G$'s numbers"]}
# ## *simple-gaussian* as written
#
# The whole published budget, 2,001 epochs, for **five random seeds at once** (`gaussian.fit_seeds` stacks the
# five runs into one model; seed $k$ computes what the single run with seed $k$ computes, up to float
# rounding). Every 50 epochs we draw 20 sets (10,000 numbers) from each seed's $G$ and record their mean, std
# and KS statistic.

# %% slideshow={"slide_type": "fragment"}
SEEDS = tuple(range(SEED, SEED + 5))
t0 = time.perf_counter()
runs_simple, track = gaussian.fit_seeds(gaussian.SIMPLE_GAUSSIAN, *TARGET, seeds=SEEDS, every=50)
print(f"{runs_simple.trainer.step:,} epochs x {len(SEEDS)} seeds "
      f"({20 * runs_simple.trainer.step:,} D updates and as many "
      f"G updates each) in {time.perf_counter() - t0:.0f} s")

# %% slideshow={"slide_type": "subslide"} slide={"title": "Mean, std and KS over training, five seeds", "notes": "Each line is one random seed; the dashed lines are the target's mean 4 and std 1.25. Read the mean and std panels first, then the KS panel: the next slides show what the curves hide."}
series = {"mean of G's numbers": track.means, "std of G's numbers": track.stds, "KS (10,000 numbers)": track.ks}
axes = plotting.plot_seed_runs(track.steps, series, {"mean of G's numbers": TARGET[0], "std of G's numbers": TARGET[1]},
                               SEEDS, step_label="epoch")
axes[0].figure.tight_layout()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The article's own figure: counts of one generated set of 500 numbers in bins from 0 to 8 of width 0.5,
# next to the counts that 500 samples of the target are expected to have in the same bins.

# %% slideshow={"slide_type": "fragment"} slide={"title": "The article's figure: one set of 500, binned"}
bins = np.arange(0, 8.01, 0.5)  # the article's np.arange(0, 8, 0.5) stops at 7.5; we include the last edge
one_set = runs_simple.trainer.sample(1)[0].numpy().ravel()  # one set of 500 numbers from seed SEEDS[0]
counts, _ = np.histogram(one_set, bins=bins)
from scipy import stats  # noqa: E402

expected = 500 * np.diff(stats.norm.cdf(bins, *TARGET))
fig, ax = plt.subplots(figsize=(12, 3.8))
centres = np.arange(len(counts))
ax.bar(centres - 0.2, counts, width=0.4, label=f"G (seed {SEEDS[0]}): one set of 500")
ax.bar(centres + 0.2, expected, width=0.4, label="N(4, 1.25²): expected counts")
ax.set_xticks(centres, [f"{a:g}<x<{b:g}" for a, b in zip(bins[:-1], bins[1:], strict=True)], rotation=45)
ax.set_ylabel("count")
ax.legend()
fig.tight_layout()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The mean and std curves settle near 4 and 1.25, as in the article. The histogram tells another story (the
# article does not give its generator's width or seed; we use 50): piles and gaps, nothing like a bell. Over
# 10,000 fresh numbers from each seed's final generator, the mean and the std are nevertheless close to the
# target's: over the five seeds, the median gap from the mean 4 is under 0.2, and the median gap from the std
# 1.25 under 0.15 (the claims below check the median, so one seed may miss by more). Skewness and excess kurtosis are
# printed, not claimed. The shape is another matter: no seed's final KS reaches the 0.03 that chapter 05 calls a
# fit; set that beside the KS of 10,000 numbers drawn from the bell itself (printed last, for scale).

# %% slideshow={"slide_type": "fragment"} slide={"title": "Four moments and KS, per seed", "notes": "10,000 fresh numbers from each seed's final generator. The notebook's claims check the medians over seeds: the mean within 0.2 of 4 and the std within 0.15 of 1.25; skewness and kurtosis are shown, not claimed. No seed's final KS reaches 0.03, chapter 5's bar for a fit; the notebook prints, for scale, the KS of 10,000 numbers drawn from the bell itself."}
x = runs_simple.sample(10_000, seed=gaussian.FRESH_NOISE)  # [seeds, 10,000]: fresh numbers from each final G
moments = [metrics.sample_moments(row) for row in x]
ks_simple = runs_simple.final_ks()
for seed, m, ks in zip(SEEDS, moments, ks_simple, strict=True):
    print(f"seed {seed}: mean {m['mean']:.2f}, std {m['std']:.2f}, skewness {m['skewness']:+.1f}, "
          f"excess kurtosis {m['excess_kurtosis']:+.1f}, KS {ks:.2f}")
display(Table([[seed, m["mean"], m["std"], m["skewness"], m["excess_kurtosis"], ks]
               for seed, m, ks in zip(SEEDS, moments, ks_simple, strict=True)],
              ["seed", "mean", "std", "skewness", "excess kurtosis", "final KS"],
              title="10,000 fresh numbers per seed; target: mean 4, std 1.25, skewness 0, kurtosis 0",
              formats={"mean": "{:.2f}", "std": "{:.2f}", "skewness": "{:+.1f}", "excess kurtosis": "{:+.1f}",
                       "final KS": "{:.2f}"}))
# Bands from nine seed sets, 0-4 (above) to 8-12 (GAN_COURSE_SEED=1..8), measured with the stacked engine's
# gradients: medians 0.06-0.16 (mean), 0.04-0.08 (std)
claim("the mean is matched, within 0.2: median over seeds of |mean - 4|",
      float(np.median([abs(m["mean"] - TARGET[0]) for m in moments])), at_most=0.2)
claim("the spread is matched, within 0.15: median over seeds of |std - 1.25|",
      float(np.median([abs(m["std"] - TARGET[1]) for m in moments])), at_most=0.15)
bell = torch.randn(10_000, generator=torch.Generator().manual_seed(gaussian.FRESH_NOISE)) * TARGET[1] + TARGET[0]
print(f"for scale: 10,000 numbers drawn from N(4, 1.25²) itself have KS {metrics.ks_statistic(bell, *TARGET):.3f}")
# Smallest final KS per seed set, over the same nine sets: 0.051 to 0.197
claim("yet no seed reaches the KS <= 0.03 that chapter 05 calls a fit: the smallest final KS", min(ks_simple),
      at_least=0.03)

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "What four moments guarantee", "points": ["Mean, spread, no skew, Gaussian tails *on average*: nothing more", "Many laws share the four with $\\mathcal N(4, 1.25^2)$", "The simplest: $Y \\in \\{-\\sqrt3, 0, \\sqrt3\\}$ with $\\tfrac16, \\tfrac23, \\tfrac16$", "A moments-only $D$ cannot tell them apart; KS can"]}
# ## What four moments guarantee
#
# If G's sets match all four moments, G's numbers have the right mean and spread, are not lopsided (skewness
# 0) and have Gaussian-weight tails *on average* (kurtosis 0). That is all. Many distributions share these four
# numbers with $\mathcal N(4, 1.25^2)$. The simplest takes only **three values**:
#
# $$X = 4 + 1.25\, Y, \qquad Y \in \{-\sqrt3,\ 0,\ \sqrt3\} \text{ with probabilities } \tfrac16, \tfrac23, \tfrac16,$$
#
# since $E[Y] = 0$, $E[Y^2] = 3 \cdot \tfrac13 = 1$, $E[Y^3] = 0$ and $E[Y^4] = 9 \cdot \tfrac13 = 3$: excess
# kurtosis 0. A discriminator that sees only moments cannot tell it from the bell curve; KS can. Compare its
# CDF with that of the *simple-gaussian* generator: $G$ found something close to a three-point law by itself.

# %% slideshow={"slide_type": "fragment"} slide={"title": "The three-point law against the bell", "points": ["$4 + 1.25\\,Y$ with $Y \\in \\{-\\sqrt3, 0, \\sqrt3\\}$, $p = \\tfrac16, \\tfrac23, \\tfrac16$: the bell's four moments, not its shape"], "notes": "10,000 samples of each law. In theory the three-point law has exactly the bell's four moments and KS 1/3 against it; the samples show both, within their sampling error."}
g = torch.Generator().manual_seed(SEED)
which = torch.multinomial(torch.tensor([1 / 6, 2 / 3, 1 / 6]), 10_000, replacement=True, generator=g)
y = torch.tensor([-(3**0.5), 0.0, 3**0.5])[which]
three_point = TARGET[0] + TARGET[1] * y
gauss = TARGET[0] + TARGET[1] * torch.randn(10_000, generator=g)
laws = {}
for name, sample in [("N(4, 1.25²)", gauss), ("three-point", three_point)]:
    laws[name] = mm, ks3 = metrics.sample_moments(sample), metrics.ks_statistic(sample, *TARGET)
    print(f"{name:<12} mean {mm['mean']:.2f} std {mm['std']:.2f} skew {mm['skewness']:+.1f} "
          f"kurt {mm['excess_kurtosis']:+.1f}  KS {ks3:.2f}")
display(Table([[name, mm["mean"], mm["std"], mm["skewness"], mm["excess_kurtosis"], ks3]
               for name, (mm, ks3) in laws.items()],
              ["10,000 samples of", "mean", "std", "skewness", "excess kurtosis", "KS"], title="same four moments?",
              formats={"mean": "{:.2f}", "std": "{:.2f}", "skewness": "{:+.1f}", "excess kurtosis": "{:+.1f}",
                       "KS": "{:.2f}"}))
mm, ks3 = laws["three-point"]
# Bands: about four standard errors of each sample moment at 10,000 draws (kurtosis: sqrt(24 / n) ~ 0.05).
claim("the three-point law has the bell's skewness: |skewness|", abs(mm["skewness"]), at_most=0.1)
claim("the three-point law has the bell's tails: |excess kurtosis|", abs(mm["excess_kurtosis"]), at_most=0.2)
claim("yet KS tells them apart (1/3 in theory): KS", ks3, at_least=0.3)

# %% slideshow={"slide_type": "subslide"} slide={"title": "CDFs: $G$ and the three-point law against the target", "notes": "Left: the CDF of the first seed's generator; right: the three-point law's, each against the target's CDF. The KS statistic is the largest vertical gap between the two curves. G's CDF climbs in steps too: it found something close to a law with few values by itself."}
fig, axes = plt.subplots(1, 2, figsize=(12, 3.5))
grid = np.linspace(-1, 9, 400)
compared = [(f"G (seed {SEEDS[0]})", x[0]), ("three-point", three_point)]
for ax, (name, sample) in zip(axes, compared, strict=True):
    ax.plot(grid, stats.norm.cdf(grid, *TARGET), "k-", lw=2, label="target CDF")
    ax.plot(np.sort(sample.numpy()), np.linspace(0, 1, len(sample)), "C1", label=f"{name} CDF")
    ax.set_title(f"{name}: KS {metrics.ks_statistic(sample, *TARGET):.2f}")
    ax.legend()
fig.tight_layout()

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "What $G$ actually learns: one good set", "points": ["$G$ has 500 outputs, each with its own weights", "$D$ sees only the four moments of a set", "So $G$ may print **one** good set for every $z$", "Test: spread within a set against spread across $z$"]}
# ## What G actually learns: one good set
#
# The generator has 500 outputs, each with its own weights and bias. Nothing forces output 17 of one set to be
# independent of output 17 of another: $D$ only ever sees the four moments of a set. So $G$ may learn **one**
# set of 500 numbers with the right moments and print it, slightly perturbed, for every $z$. Compare the spread
# of the numbers *within* a set with the spread of each output *across* noise vectors:

# %% slideshow={"slide_type": "fragment"} slide={"title": "Within a set, and across noise vectors"}
many = runs_simple.trainer.sample(200)  # 200 sets per seed, [seeds, 200, 500]
within = many.std(dim=2).mean(dim=1)  # spread of the 500 numbers of a set, per seed
across = many.std(dim=1).mean(dim=1)  # spread of one output over 200 noise vectors, per seed
for seed, w, a in zip(SEEDS, within, across, strict=True):
    print(f"seed {seed}: std within a set {w:.2f}; std of one output across sets {a:.2f}")
display(Table([[seed, float(w), float(a)] for seed, w, a in zip(SEEDS, within, across, strict=True)],
              ["seed", "std within a set", "std of one output across sets"],
              title="200 sets per seed (real sets: 1.25 both)", formats={"std within a set": "{:.2f}",
                                                                          "std of one output across sets": "{:.2f}"}))
claim("G prints nearly the same set for every z, every seed: the largest (std across sets) / (std within a set)",
      (across / within).max().item(), at_most=0.4)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Real sets would show 1.25 for both: every number of a real set is a fresh draw. $G$'s outputs barely move
# with $z$ — each set is nearly a copy of one list of 500 numbers. This is **mode collapse at the level of
# sets**, invisible to a discriminator that sees moments, and to the mean and std curves above.
#
# Matching four moments therefore guarantees neither the shape (the three-point law) nor independent samples
# (G's near-constant sets). The KS statistic compares whole distributions and catches the first; the second
# needs a test across sets, like the one above.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Play: moments in the dashboard", "points": ["Chapter 5's dashboard, “D sees: moments of the batch”", "The batch of $G$'s samples is the set", "Watch: the moments settle long before the shape", "$D(x)$ of one point is not defined at all"]}
# ## Play: moments in the dashboard
#
# The dashboard's "D sees: moments of the batch" gives a one-sample-at-a-time $G$ the same summary-statistic
# discriminator (the batch of G's samples is the set). Watch the histogram: the moments settle long before the
# shape does, and $D(x)$ of one point is not defined at all.

# %% tags=["nbval-ignore-output", "hide-input"] slideshow={"slide_type": "subslide"} slide={"title": "The dashboard with a moments $D$, after 600 steps", "notes": "A snapshot of the stored state: the course recipe with a discriminator on the batch's four moments, 600 steps trained when the chapter ran. Compare its histogram and KS with chapter 5's dashboard, where D sees single samples. In JupyterLab, Start trains on and Reset starts again from step 0."}
dashboard = Dashboard(gaussian.COURSE.replace(d_features="batch_moments", batch_size=256, ema=None), *TARGET)
dashboard.run_chunk(600)  # start from 600 trained steps (what the slides show); Reset starts again from step 0
dashboard

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Summary", "points": ["$D$ sees four moments of a set of 500; $G$ makes whole sets", "Mean and std come close; the histograms clump; KS misses the bar", "Four matched moments do not fix a distribution", "A set generator can repeat one set: only a check across sets sees it"]}
# ## Summary
#
# * The *simple-gaussian* discriminator sees four moments of a set of 500 samples; its generator makes whole sets.
# * Trained as written (2,001 epochs, cosine-annealed Adam) from five random seeds, G's numbers come close to
#   the target's mean and std (the median over seeds within 0.2 of the mean, 0.15 of the std), yet their
#   histograms are clumped and no seed's final KS reaches chapter 05's 0.03 (the table above prints each one):
#   the mean and std curves alone would call it a success.
# * Four matched moments do not fix a distribution: a three-value law has the same four and KS about 1/3.
# * A set generator can also repeat nearly the same set for every noise vector; only a check across sets sees it.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Exercises", "points": ["Build a non-Gaussian law with the bell's four moments", "Which properties do four matched moments guarantee?"]}
# ## Exercises
#
# **1.** Build 10,000 samples of a distribution that is **not** Gaussian but has mean 4, std 1.25,
# skewness 0 and excess kurtosis 0, with KS > 0.1 against $\mathcal N(4, 1.25^2)$. Each moment must lie within
# four standard errors of its estimate, so that exact moments always pass: at $n = 10\,000$ numbers,
# $4\sigma/\sqrt{n} = 0.05$ for the mean, $4\sigma/\sqrt{2n} \approx 0.035$ for the std, $4\sqrt{6/n} \approx 0.10$
# for the skewness and $4\sqrt{24/n} \approx 0.20$ for the excess kurtosis.
# (Hint: a different three-point law, or a mixture.)

# %% slideshow={"slide_type": "fragment"}
samples_1 = None  # a tensor or array of 10,000 numbers
exercises.check_same_moments_not_gaussian(samples_1);

# %% [markdown] slideshow={"slide_type": "subslide"}
# **2.** If G's numbers match the target's mean, std, skewness and excess kurtosis exactly, which of these are
# guaranteed? Answer True or False for each.

# %% slideshow={"slide_type": "fragment"}
answer_2 = None  # {"same variance": ..., "same median": ..., "same CDF": ..., "symmetric": ..., "same E[x^4]": ...}
exercises.check_moments_guarantee(answer_2);
