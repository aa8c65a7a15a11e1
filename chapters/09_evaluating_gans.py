# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Chapter 9 — Evaluating GANs", "sources": ["Heusel et al. 2017, the Fréchet Inception Distance (FID)"], "points": ["Why a GAN's losses do not tell quality", "Recap of 1-D scores: Kolmogorov–Smirnov, Wasserstein", "A small MNIST classifier as a feature space", "Fréchet distance, and class coverage for collapse", "Floor, ceiling, and chapters 7 and 8 scored"]}
# # Chapter 9 — Evaluating GANs
#
# Chapters 7 and 8 ranked generators by a "Fréchet distance" and a "class coverage". This chapter builds them.
#
# In this chapter you will see:
#
# 1. why a GAN's **losses do not tell** how good its samples are;
# 2. a recap of the 1-D scores, **Kolmogorov–Smirnov** and **Wasserstein**, and why they do not carry over to images;
# 3. a small **MNIST classifier** trained by the course, whose features turn images into comparable numbers;
# 4. the **Fréchet distance** on those features, and **class coverage** to detect mode collapse;
# 5. both scores for real test data (the floor), an untrained $G$ (the ceiling) and the generators of
#    chapters 7 and 8.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Losses do not tell quality", "points": ["Supervised: a falling loss means a better model", "GAN: each loss is against a moving opponent", "Shipped generators' logs: losses and FD per epoch"]}
# ## Losses do not tell quality
#
# In supervised learning a falling loss means a better model. In a GAN each loss is measured against an
# opponent that keeps changing: when $G$ improves, $D$ improves too, and both losses can stay put. The
# generators shipped in `data/generators/` carry the log of their training (the same training as chapters
# 7 and 8): mean losses per epoch, and the FD after each epoch.

# %% slideshow={"slide_type": "subslide"} slide={"title": "Losses against the FD, epoch by epoch", "points": ["Dashed: FD, log scale, right axis"]}
import matplotlib.pyplot as plt
import numpy as np
import torch
from IPython.display import display

from gan_course import data, exercises, metrics, plotting, runtime
from gan_course.claims import claim
from gan_course.mnist import assets, quality
from gan_course.mnist.classifier import accuracy, predict
from gan_course.tables import Table

SEED = runtime.chapter_seed()  # 0 unless GAN_COURSE_SEED says otherwise (the 1-D samples below)

generators = {name: assets.load_generator(name) for name in ("ch07", "ch08_article", "ch08")}
fig, axes = plt.subplots(1, 3, figsize=(14, 3.4))
for ax, (name, (_, recipe, meta)) in zip(axes, generators.items(), strict=True):
    ax.plot(meta["epoch"], meta["loss_d"], "o-", label=plotting.HISTORY_LABELS["loss_d"])
    ax.plot(meta["epoch"], meta["loss_g"], "s-", label=plotting.HISTORY_LABELS["loss_g"])
    ax.set_xlabel("epoch")
    ax.set_ylabel("mean loss over the epoch")
    ax.set_title(f"{name}: {recipe.name}", fontsize=9)
    ax2 = ax.twinx()
    ax2.plot(meta["epoch"], meta["fd"], "k--", label="FD (right axis)")
    ax2.set_yscale("log")
    ax2.set_ylabel("Fréchet distance (log scale)")
    ax.legend(loc="upper left", fontsize=8)
    ax2.legend(loc="upper right", fontsize=8)
fig.tight_layout()

# %% slideshow={"slide_type": "subslide"}
for name, (_, _, meta) in generators.items():
    late = slice(4, None)  # epoch 5 on
    fifth = f"{meta['fd'][4]:.0f} at epoch 5, " if meta["epoch"][-1] > 5 else ""  # a 5-epoch log ends there
    print(f"{name}: from epoch 5 on, loss_D {min(meta['loss_d'][late]):.2f} to {max(meta['loss_d'][late]):.2f}, "
          f"loss_G {min(meta['loss_g'][late]):.2f} to {max(meta['loss_g'][late]):.2f}; last epoch loss_D "
          f"{meta['loss_d'][-1]:.2f}, loss_G {meta['loss_g'][-1]:.2f}; FD {meta['fd'][0]:.0f} at epoch 1, "
          f"{fifth}{meta['fd'][-1]:.0f} at epoch {meta['epoch'][-1]}")
log7, log8, log_article = (generators[name][2] for name in ("ch07", "ch08", "ch08_article"))
spread7 = max(max(log7[k][4:]) - min(log7[k][4:]) for k in ("loss_d", "loss_g"))
claim("ch07's losses are flat from epoch 5 on: the largest range of loss_D or loss_G over epochs 5-20", spread7,
      at_most=0.2)
claim("while its FD keeps falling: FD at epoch 5 / FD at epoch 20", log7["fd"][4] / log7["fd"][-1], at_least=2)
claim("ch08: loss_G drifts down a little: loss_G at epoch 2 - at the last epoch",
      log8["loss_g"][1] - log8["loss_g"][-1], at_least=0.2, at_most=1)
claim("while the FD falls fivefold: FD at epoch 1 / at the last epoch", log8["fd"][0] / log8["fd"][-1],
      at_least=4.5, at_most=5.5)
claim("ch08_article: D has won, loss_D at the last epoch", log_article["loss_d"][-1], at_most=0.05)
claim("and loss_G rises: last epoch / first epoch", log_article["loss_g"][-1] / log_article["loss_g"][0],
      at_least=1.5)
claim("while its FD stays near its epoch-1 value: last / first epoch", log_article["fd"][-1] /
      log_article["fd"][0], at_least=0.8)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Read the three panels against the dashed FD (right axis, log scale):
#
# * **ch07**: from epoch 5 on, both losses are flat at about 1.1, while the FD keeps falling, from 75 to 24;
# * **ch08** (DCGAN settings): loss_G drifts down a little while the FD falls fivefold;
# * **ch08_article** (the *mnist-tanh* settings): loss_G *rises* to about 9 and loss_D sits near 0 — $D$ has won —
#   while the FD stays near its epoch-1 value: it falls by less than a fifth.
#
# The cell above prints the numbers read off the logs.
#
# The losses describe the duel: they can tell you that one side has won, but not how good the samples are.
# A GAN needs a score computed on its **samples**.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Recap: scores for 1-D samples", "points": ["KS $= \\sup_t |F_n(t) - F(t)|$: the largest gap between CDFs", "$W_1 = \\int_0^1 |F_n^{-1}(u) - F^{-1}(u)|\\,du$: how far mass moves", "Neither carries over to images: no CDF in 784 dimensions"]}
# ## Recap: scores for 1-D samples
#
# For a 1-D generator we compared its samples with the target's CDF $F$ (`gan_course.metrics`):
#
# * Kolmogorov–Smirnov: $\mathrm{KS} = \sup_t |F_n(t) - F(t)|$, the largest gap between the CDFs;
# * Wasserstein-1: $W_1 = \int_0^1 |F_n^{-1}(u) - F^{-1}(u)|\,du$, how far mass has to move.

# %% slideshow={"slide_type": "fragment"} slide={"title": "KS and $W_1$ on three samples"}
g = torch.Generator().manual_seed(SEED)
one_d = {}
for label, x in [
    ("N(4, 1.25^2) itself", 4 + 1.25 * torch.randn(10_000, generator=g)),
    ("shifted by 0.5", 4.5 + 1.25 * torch.randn(10_000, generator=g)),
    ("too narrow, std 0.6", 4 + 0.6 * torch.randn(10_000, generator=g)),
]:
    one_d[label] = ks, w1 = metrics.ks_statistic(x, 4, 1.25), metrics.wasserstein1(x, 4, 1.25)
    print(f"{label:22s} KS {ks:.3f}   W1 {w1:.3f}")
display(Table([(label, ks, w1) for label, (ks, w1) in one_d.items()], ["10,000 samples", "KS", "W1"],
              title="Against the target N(4, 1.25²)", formats={"KS": "{:.3f}", "W1": "{:.3f}"}))
# The bands: KS of 10,000 true samples exceeds 0.02 with probability below 0.1% (Kolmogorov's law); the
# exact values are W1 = 0.5 for the shift and W1 = 0.65 * sqrt(2 / pi) = 0.519 for the narrow bell.
claim("10,000 samples of the target itself score KS near 0", one_d["N(4, 1.25^2) itself"][0], at_most=0.02)
claim("a shift by 0.5 moves W1 to 0.5", one_d["shifted by 0.5"][1], at_least=0.45, at_most=0.55)
claim("a bell too narrow (std 0.6) moves W1 to 0.52", one_d["too narrow, std 0.6"][1], at_least=0.47, at_most=0.57)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Neither carries over to images: a 784-dimensional distribution has no CDF to compare, and distances
# between raw pixel vectors say little about what a digit *looks like* (a digit shifted by two pixels is
# far from itself in pixel space). The standard answer (FID, Heusel et al. 2017) is to compare the
# samples **in the feature space of a trained classifier**, where "looks like a 3" is a region.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "A classifier trained by the course", "points": ["`MnistCNN`: two 3 × 3 convolutions, a 128-unit layer, 10 outputs", "Its 128 penultimate activations are the features", "Five epochs of Adam on the 60,000 training images", "Weights shipped; SHA-256 checked, `weights_only=True`"]}
# ## A classifier trained by the course
#
# `gan_course.mnist.classifier.MnistCNN`: two 3 × 3 convolutions with max-pooling, a 128-unit layer, and
# 10 outputs. Its **128 penultimate activations** are the features. It was trained by the course's own code,
# five epochs of Adam on the 60,000 training images:
#
#     python -m gan_course.mnist.assets train-classifier
#
# The weights ship in `data/classifier/mnist_cnn.pt` (printed below: under a megabyte); loading checks the
# file's SHA-256 before reading it, and reads it with `weights_only=True`.

# %% slideshow={"slide_type": "subslide"}
classifier = assets.load_classifier()
test_images, test_labels = data.mnist_tensors(train=False)
train_images, _ = data.mnist_tensors(train=True)
print(f"{assets.FILES['classifier']}: {assets.asset_path('classifier').stat().st_size / 1e6:.1f} MB, "
      f"SHA-256 verified: {assets.SHA256['classifier'][:16]}...")
test_accuracy = accuracy(classifier, test_images, test_labels)
print(f"test accuracy: {test_accuracy:.4f}")
# Fixed weights, fixed images: only float rounding varies, far below this tolerance (0.9881 when shipped).
claim("the shipped classifier is accurate: test accuracy", test_accuracy, at_least=0.987, at_most=0.989)

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "The Fréchet distance", "points": ["Fit a Gaussian to each feature set: mean $\\mu$, covariance $\\Sigma$", "FD = a mean term + a spread term", "Mean: $\\lVert \\mu_a - \\mu_b \\rVert^2$, catches wrong kinds of digits", "Spread: $\\operatorname{Tr}\\big(\\Sigma_a + \\Sigma_b - 2 (\\Sigma_a \\Sigma_b)^{1/2}\\big)$, catches wrong variety", "0 for identical statistics; in 1-D $(\\mu_a - \\mu_b)^2 + (\\sigma_a - \\sigma_b)^2$"]}
# ## The Fréchet distance
#
# Fit a Gaussian to each feature set — mean $\mu$, covariance $\Sigma$ — and compute the Fréchet
# (2-Wasserstein) distance between the two Gaussians:
#
# $$\mathrm{FD} = \lVert \mu_a - \mu_b \rVert^2
#   + \operatorname{Tr}\big(\Sigma_a + \Sigma_b - 2 (\Sigma_a \Sigma_b)^{1/2}\big)$$
#
# with the matrix square root from `scipy.linalg.sqrtm`. It is 0 for identical statistics; the first term
# catches a shift (wrong kinds of digits), the second a wrong spread (too little variety, or too much noise).
# In 1-D it is $(\mu_a - \mu_b)^2 + (\sigma_a - \sigma_b)^2$.

# %% slideshow={"slide_type": "subslide"}
_, train_feats = predict(classifier, train_images)
reference = quality.feature_stats(train_feats)  # the 60,000 training images
print(f"features {tuple(train_feats.shape)}")
fd_self = quality.frechet_distance(reference, reference)
print(f"FD(train, train) = {fd_self:.4f}")
claim("FD of a feature set with itself is 0, up to rounding", fd_self,
      at_least=0, at_most=1e-3)

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Coding exercise 09a: the Fréchet distance", "points": ["Features as rows: $[n, d]$, one sample per row", "Mean $[d]$ and covariance $[d, d]$ of each set", "Matrix square root: `scipy.linalg.sqrtm`, not `np.sqrt`", "Checked against `quality.frechet_distance`"]}
# ## Coding exercise: the Fréchet distance
#
# The cells work as in chapter 2's exercises: write the body where it says `YOUR CODE HERE`, run the check; the
# cell after it goes on with your function once it passes, with the course's until then.
#
# **Exercise 09a (2 points).** Write `frechet_distance(feats_a, feats_b)`. Each argument is a feature set, a float
# tensor `[n, d]` with one sample per **row** and $d \ge 2$ features per column (the two sets may have different
# $n$). Fit a Gaussian to each — the mean $\mu$ (shape `[d]`) and the covariance matrix $\Sigma$ (`[d, d]`, with
# the usual $n - 1$ in the denominator, as `np.cov` has it) — and return the Fréchet distance as one float:
#
# $$\mathrm{FD} = \lVert \mu_a - \mu_b \rVert^2 + \operatorname{Tr}\big(\Sigma_a + \Sigma_b
#   - 2 (\Sigma_a \Sigma_b)^{1/2}\big).$$
#
# $(\Sigma_a \Sigma_b)^{1/2}$ is the **matrix** square root, the matrix $M$ with $M M = \Sigma_a \Sigma_b$:
# `linalg.sqrtm` computes it; keep its real part (`.real`), since round-off leaves tiny imaginary parts.

# %% nbgrader={"grade": false, "grade_id": "ex09a_solution", "locked": false, "schema_version": 3, "solution": true, "task": false}
import warnings

from scipy import linalg


def frechet_distance(feats_a, feats_b):
    """FD between Gaussians fitted to two feature sets [n, d] (rows are samples): one float."""
    ### BEGIN SOLUTION
    a, b = feats_a.double().numpy(), feats_b.double().numpy()
    mu_a, mu_b = a.mean(axis=0), b.mean(axis=0)
    cov_a, cov_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    covmean = linalg.sqrtm(cov_a @ cov_b).real
    return float(((mu_a - mu_b) ** 2).sum() + np.trace(cov_a + cov_b - 2 * covmean))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "ex09a_tests", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
exercises.check_code("09a", frechet_distance);
### BEGIN HIDDEN TESTS
exercises.grade("09a", frechet_distance)
### END HIDDEN TESTS

# %% [markdown]
# Your distance (or the course's, until yours passes) on the classifier's features: two disjoint sets of 10,000
# training images, which come from the same distribution, then the images of ones against the images of zeros,
# each next to the course's `quality.frechet_distance` on the same sets. A covariance of 128 ReLU features can be
# singular, and `sqrtm` then warns that its result may be inaccurate: compare it with the course's, which handles
# that case.

# %% slideshow={"slide_type": "fragment"}
fd = exercises.use("09a", frechet_distance)
_, digits = data.mnist_tensors(train=True)  # the training images' labels
pairs = {
    "training images 0-9,999 against 10,000-19,999": (train_feats[:10_000], train_feats[10_000:20_000]),
    "images of ones against images of zeros": (train_feats[digits == 1], train_feats[digits == 0]),
}
for name, (fa, fb) in pairs.items():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", linalg.LinAlgWarning)  # singular covariances: see the text above
        mine = fd(fa, fb)
    print(f"{name}: FD {mine:.2f} (the course's: {quality.frechet_distance(fa, fb):.2f})")

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Class coverage: detecting mode collapse", "points": ["Count the classes the classifier predicts (2% of samples or more)", "Entropy $H = -\\sum_k p_k \\log_2 p_k$: $\\log_2 10$ bits when even", "Test case: only the real zeros, ones and twos"]}
# ## Class coverage: detecting mode collapse
#
# A generator that draws one perfect digit over and over has collapsed. The classifier's predictions reveal it:
# count the predicted classes, and take the entropy of their distribution,
# $H = -\sum_k p_k \log_2 p_k$ — $\log_2 10 = 3.32$ bits when all ten digits are equally frequent, 0 for one.
# A digit counts as *covered* when it holds at least 2% of the samples.
#
# To see it, build a "collapsed" sample from real images: only the zeros, ones and twos of the test set.

# %% slideshow={"slide_type": "fragment"} slide={"title": "A collapsed set of flawless real digits"}
collapsed = test_images[test_labels <= 2]
real_scores = {}
for label, imgs in (("all test images", test_images), ("test images of 0, 1, 2 only", collapsed)):
    real_scores[label] = s = quality.score_images(imgs, classifier, reference)
    print(f"{label:28s} FD {s.fd:6.1f}  {s.coverage}")
display(Table([(label, s.fd, f"{s.coverage.classes}/10", s.coverage.entropy) for label, s in real_scores.items()],
              ["images", "FD", "classes", "entropy, bits"], title="A collapsed set of real digits",
              formats={"FD": "{:.1f}", "entropy, bits": "{:.2f}"}))
claim("coverage sees the collapse: classes among the zeros, ones and twos",
      real_scores["test images of 0, 1, 2 only"].coverage.classes, at_least=3, at_most=3)
claim("and so does FD: FD(0, 1, 2 only) / FD(all test images)",
      real_scores["test images of 0, 1, 2 only"].fd / real_scores["all test images"].fd, at_least=100)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The collapsed set consists of flawless real digits, yet its FD is far from the floor and coverage counts 3
# classes: both scores see what a glance at a few samples could miss.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "The scores: floor, ceiling, and chapters 7 and 8", "points": ["**Floor**: real test images against the training images", "**Ceiling**: untrained generators of chapters 7 and 8", "Trained generators of chapters 7 and 8, 10,000 samples each"]}
# ## The scores: floor, ceiling, and chapters 7 and 8
#
# * **floor**: the 10,000 real test images against the training images — what a perfect generator would score;
# * **ceiling**: untrained generators, with the initial weights of chapters 7 and 8;
# * the trained generators of chapter 7 and chapter 8 (both runs), 10,000 samples each.

# %% slideshow={"slide_type": "subslide"} slide={"title": "Floor, ceiling and trained generators", "notes": "Read the table from the top: the floor (real test images against the training images: what a perfect generator would score), the two ceilings (untrained generators), then the three trained generators, 10,000 samples each. Entropy of ten equally frequent classes is log2 10 = 3.32 bits; one class gives 0."}
scores = {"floor: test vs train": quality.score_images(test_images, classifier, reference)}
for name in ("ch07", "ch08"):
    recipe = generators[name][1]
    scores[f"ceiling: untrained {name} G"] = quality.score_generator(
        assets.untrained_generator(name), recipe.noise_dim, recipe.value_range, classifier, reference
    )
trained = {}
for name, (G, recipe, meta) in generators.items():
    trained[name] = quality.score_generator(G, recipe.noise_dim, recipe.value_range, classifier, reference)
    scores[f"{name} ({meta['epochs_trained']} epochs)"] = trained[name]
for label, s in scores.items():
    print(f"{label:28s} FD {s.fd:7.1f}  {s.coverage.classes:2d}/10 classes  entropy {s.coverage.entropy:.2f} bits")
display(Table([(label, s.fd, f"{s.coverage.classes}/10", s.coverage.entropy) for label, s in scores.items()],
              ["10,000 samples", "FD", "classes", "entropy, bits"],
              title="Against the 60,000 training images' features (entropy of 10 even classes: 3.32 bits)",
              formats={"FD": "{:.1f}", "entropy, bits": "{:.2f}"}))
claim("the floor: real test images score FD", scores["floor: test vs train"].fd, at_most=2)
for name in ("ch07", "ch08"):
    claim(f"the ceiling: an untrained {name} G scores FD", scores[f"ceiling: untrained {name} G"].fd, at_least=1000)
    claim(f"{name}'s trained G is one to two orders of magnitude below the ceiling: FD", trained[name].fd,
          at_least=10, at_most=120)
    claim(f"{name}'s trained G covers all ten digits: classes", trained[name].coverage.classes, at_least=10)
claim("the run with the mnist-tanh settings stays near the ceiling: FD", trained["ch08_article"].fd, at_least=500)
claim("and files nearly all its samples under one digit: the commonest digit's share",
      max(trained["ch08_article"].coverage.shares), at_least=0.9)

# %% slideshow={"slide_type": "subslide"} slide={"title": "FD and class coverage, side by side", "notes": "The same scores as pictures. Left: the FD on a log scale, so the gap between the floor and the trained generators is as visible as the gap to the ceilings. Right: which digit the classifier sees in each set of samples; an even spread is 0.1 per digit, and a bright single cell is a collapse onto one digit."}
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 3.6))
names = list(scores)
ax1.barh(names, [max(s.fd, 0.1) for s in scores.values()])
ax1.set_xscale("log")
ax1.set_xlabel("Fréchet distance to the training images (log scale)")
ax1.set_title("Fréchet distance: lower is closer to the data")
ax1.invert_yaxis()
shares = np.array([s.coverage.shares for s in scores.values()])
heatmap = ax2.imshow(shares, cmap="viridis", aspect="auto", vmin=0, vmax=0.3)
fig.colorbar(heatmap, ax=ax2, extend="max", label="share of samples (0.1: all equal)")
ax2.set_yticks(range(len(names)), names)
ax2.set_xticks(range(10))
ax2.set_xlabel("digit the classifier predicts")
ax2.set_title("class coverage: which digits the samples look like")
fig.tight_layout()

# %% slideshow={"slide_type": "subslide"} slide={"title": "Samples of the three trained generators"}
fig, axes = plt.subplots(1, 3, figsize=(14, 2.2))
for ax, (name, (G, recipe, _)) in zip(axes, generators.items(), strict=True):
    z = torch.randn(16, recipe.noise_dim, generator=torch.Generator().manual_seed(5))
    with torch.no_grad():
        imgs = data.to_unit_range(G(z), recipe.value_range)
    plotting.plot_image_grid(imgs, nrow=8, ax=ax)
    ax.set_title(f"{name}: FD {trained[name].fd:.0f}", fontsize=9)
fig.tight_layout()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Read with care. The FD depends on the feature network, on the number of samples (fewer samples give a
# larger value) and on the reference set; compare numbers only when all three are the same, as here.
# Chapter 7's generator and chapter 8's DCGAN-settings generator sit one to two orders of magnitude below the
# ceiling and cover all ten digits, but they are still far above the floor: their digits are recognisable,
# not yet indistinguishable from real ones. The run with the *mnist-tanh* settings (its first 5 epochs) stays
# near the ceiling: its samples are noise, and the classifier files nearly all of them under one digit.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Summary", "points": ["Losses describe the duel, not the samples", "KS and $W_1$ need a CDF: images need features first", "FD compares Gaussians fitted to classifier features", "Class coverage exposes collapse that sharp samples hide"]}
# ## Summary
#
# * A GAN's losses describe the duel, not the samples: chapter 7's stay flat while the FD falls from 75 to 24.
# * KS and Wasserstein compare 1-D samples with a target CDF; images need a feature space first.
# * The Fréchet distance compares Gaussians fitted to classifier features: 0.9 for real test images here,
#   about 1000 for an untrained generator.
# * Class coverage (classes present, entropy) exposes mode collapse that sharp samples can hide.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Exercises", "points": ["FD between $\\mathcal N(4, 1.25^2)$ and $\\mathcal N(3, 1)$, by hand", "Coverage of ten thousand copies of one real 7"]}
# ## Exercises
#
# **1.** Compute the Fréchet distance between $\mathcal N(4, 1.25^2)$ and $\mathcal N(3, 1^2)$, by hand from the
# 1-D form of the formula above.

# %% slideshow={"slide_type": "fragment"}
answer_1 = None  # a number
exercises.check_fd_1d(answer_1);

# %% [markdown] slideshow={"slide_type": "subslide"}
# **2.** A generator that always outputs the same real "7": repeat one test image of a 7 ten thousand times
# and compute its class coverage. How many classes, and what entropy?

# %% slideshow={"slide_type": "fragment"}
classes_2, entropy_2 = None, None  # use quality.class_coverage(predict(classifier, ...)[0])
exercises.check_collapsed_coverage(classes_2, entropy_2);
