# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Chapter 7 — An MLP GAN on MNIST (*gan-mnist*)", "sources": ["gan-mnist — notes on Goodfellow et al., “Generative Adversarial Nets” (2014), with the code at github.com/gwcrepo/GAN-MNIST"], "points": ["Images as vectors: MNIST as one tensor `[60000, 784]`", "The *gan-mnist* networks, trained with binary cross-entropy", "Four diagnostics, and sample grids as training goes", "Saving and loading the generator safely", "A quality score: Fréchet distance and class coverage"]}
# # Chapter 7 — An MLP GAN on MNIST (*gan-mnist*)
#
# Until now $G$ drew single numbers. Here it draws **handwritten digits**: 28 × 28 grey images, 784 numbers each.
#
# In this chapter you will see:
#
# 1. images as **vectors**: the whole MNIST training set as one tensor `[60000, 784]`;
# 2. the *gan-mnist* networks — $G$: 100–256–256–784 with a sigmoid output, $D$: 784–64–64–1 — trained with
#    binary cross-entropy, one $D$ update and one $G$ update per batch;
# 3. the four diagnostics the article prints, **loss_G, loss_D, $D(x)$, $D(G(z))$**, as curves over training, and
#    **sample grids** as training goes (a callback, with a progress bar);
# 4. the generator **saved as a state dict and loaded back safely**;
# 5. a **quality score** for the result: a Fréchet distance and the class coverage, explained in chapter 9.
#
# **Source.** *gan-mnist*: notes on Goodfellow et al., ["Generative Adversarial
# Nets"](https://arxiv.org/pdf/1406.2661.pdf) (2014), with the code at <https://github.com/gwcrepo/GAN-MNIST>.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Images as vectors", "points": ["An MLP sees a 28 × 28 image as 784 numbers", "All 60,000 training images in memory, scaled to $[0, 1]$", "A batch is 64 rows picked by a random permutation", "No `DataLoader`, no per-image conversion"]}
# ## Images as vectors
#
# An MLP does not know that pixels have neighbours: it sees an image as a vector of 784 numbers. The course
# keeps the 60,000 training images **in memory as one tensor**, already scaled to $[0, 1]$ — the range of
# $G$'s sigmoid output — so that a batch is just 64 rows picked by a random permutation. No `DataLoader`,
# no per-image conversion: on a laptop CPU that saves most of the training time (`benchmarks/mnist.py`
# measures both pipelines).

# %% slideshow={"slide_type": "subslide"} slide={"title": "The first 16 training images", "notes": "The data as G must learn it: grey images with values in [0, 1], the range of G's sigmoid output. The labels are printed in the figure's title; a GAN never uses them (chapter 13's conditional GAN does)."}
import time

import matplotlib.pyplot as plt
import torch
from IPython.display import display

from gan_course import data, exercises, mnist, plotting, runtime
from gan_course.checkpoint import load_checkpoint, save_checkpoint
from gan_course.claims import claim
from gan_course.mnist import assets
from gan_course.tables import Table

SEED = runtime.chapter_seed()  # 0 unless GAN_COURSE_SEED says otherwise: weights, noise and data order
print(f"random seed {SEED}")

images, labels = data.mnist_tensors(train=True, value_range=(0.0, 1.0))
print(f"images {tuple(images.shape)} {images.dtype}, values in [{images.min():.0f}, {images.max():.0f}]")
plotting.plot_image_grid(images[:16], nrow=16)
plt.title(f"the first 16 training images; labels {labels[:16].tolist()}");

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "The recipe", "points": ["$G$ 100–256–256–784 (sigmoid), $D$ 784–64–64–1", "Adam, $\\beta_1 = 0.5$, batch 64: the article gives none", "Learning rate $10^{-3}$ for both, chosen for this small $D$", "20 epochs: the article publishes no length", "One CPU thread, bfloat16 products: repeatable runs"]}
# ## The recipe
#
# Everything that defines the run is one dataclass. The *gan-mnist* article gives the networks, the loss and the
# alternation, but **no optimizer, batch size or number of epochs**; the course picks them:
#
# * Adam with $\beta_1 = 0.5$ (as DCGAN does: a shorter memory of past gradients suits an opponent that keeps
#   moving), batch 64;
# * learning rate $10^{-3}$ for both players, five times DCGAN's usual $2 \times 10^{-4}$: the course's choice
#   for this small $D$ (784–64–64–1), which must keep up with $G$. Chapter 8 measures its larger networks doing
#   well at $2 \times 10^{-4}$: the step that works depends on the networks. Whether $2 \times 10^{-4}$ would
#   do here too is yours to try in the training panel at the end of the chapter;
# * $G$ draws fresh noise for its own update, as the article does (`reuse_fake=False`);
# * 20 epochs: the article publishes no length (its code loops over `epochs` without setting it), so there is
#   no published budget to run; 20 epochs fit this chapter and, as you will see, give digits of every class;
# * training on one CPU thread with bfloat16 products where the CPU has them (`TrainConfig.num_threads`,
#   `matmul_precision`), so that two notebooks can train side by side on two cores, and a run can be repeated:
#   the same seed, CPU model, PyTorch version and thread count give the same numbers. Change any of those and
#   floats round differently, which the duel amplifies: chapter 8 sets a live run beside a stored run of the
#   same seed, whose record names its PyTorch version and thread count but not its CPU, and the two differ.

# %% slideshow={"slide_type": "subslide"}
recipe = mnist.CHAPTER_RECIPES["ch07"].replace(seed=SEED)
recipe

# %% [markdown] slideshow={"slide_type": "subslide"}
# $D$'s last layer is linear: it outputs a logit, and $D(x) = \sigma(\text{logit})$ is the article's sigmoid output.
# The loss `binary_cross_entropy_with_logits` applies the sigmoid inside, which is numerically safer than
# `Sigmoid` followed by `BCELoss`.

# %% slideshow={"slide_type": "fragment"}
G_shape, D_shape = mnist.build_generator(recipe), mnist.build_discriminator(recipe)
print(G_shape, D_shape, sep="\n")

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Exercise 07a: the *gan-mnist* generator", "points": ["`Linear(noise_dim, 256)`, ReLU, `Linear(256, 256)`, ReLU", "`Linear(256, 784)`: one vector of 28 × 28 pixels", "A sigmoid last: pixels in $(0, 1)$, like the data", "An `nn.Sequential`, layers in that order"]}
# ## Exercise 07a: the *gan-mnist* generator
#
# The course builds $G$ from the recipe (`mnist.build_generator`). Build it yourself. A coding exercise has three
# cells, as in chapter 2: write the body of the function in the first, where it says `YOUR CODE HERE` (delete
# the `raise` line); run the second, which tries your function and prints ✓ or a sentence that names what is
# wrong; the third goes on with your function once it passes, and with the course's until then.
#
# **Exercise 07a (2 points).** Write `make_generator(noise_dim)`, returning the *gan-mnist* generator as an
# `nn.Sequential` that maps a batch of noise `[n, noise_dim]` to a batch of images `[n, 784]`:
#
# * a `Linear` layer from `noise_dim` to 256 numbers, then ReLU;
# * a `Linear` layer from 256 to 256, then ReLU;
# * a `Linear` layer from 256 to 784, one number per pixel of a 28 × 28 image;
# * a sigmoid, which puts every pixel in $(0, 1)$, the range of the training images.
#
# The check builds your network and the course's from the same random seed and compares their shapes, parameter
# counts, output ranges and outputs, so create the layers in this order, as `nn.Sequential(...)` lists them.

# %% nbgrader={"grade": false, "grade_id": "ex07a_solution", "locked": false, "schema_version": 3, "solution": true, "task": false}
from torch import nn


def make_generator(noise_dim):
    """G: noise [n, noise_dim] -> images [n, 784] in (0, 1): noise_dim-256-256-784, ReLU, sigmoid output."""
    ### BEGIN SOLUTION
    return nn.Sequential(
        nn.Linear(noise_dim, 256), nn.ReLU(),
        nn.Linear(256, 256), nn.ReLU(),
        nn.Linear(256, 784), nn.Sigmoid(),
    )
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "ex07a_tests", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
exercises.check_code("07a", make_generator);
### BEGIN HIDDEN TESTS
exercises.grade("07a", make_generator)
### END HIDDEN TESTS

# %% [markdown]
# Your generator (or the course's, until yours passes) for this recipe's noise, beside the course's $G$ printed
# above: the same parameter count, and images of the right shape whose pixels, before any training, sit near the
# middle of $(0, 1)$.

# %%
G_yours = exercises.use("07a", make_generator)(recipe.noise_dim)
with torch.no_grad():
    fakes = G_yours(torch.randn(16, recipe.noise_dim, generator=torch.Generator().manual_seed(SEED)))
print(f"parameters: {sum(p.numel() for p in G_yours.parameters()):,} from make_generator, "
      f"{sum(p.numel() for p in G_shape.parameters()):,} in the course's G above")
print(f"16 images from the untrained network: shape {tuple(fakes.shape)}, "
      f"pixels from {fakes.min():.3f} to {fakes.max():.3f}")

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Training: Goodfellow's alternation", "points": ["**D step**: 64 real and 64 fake images; minimise $L_D$", "**G step**: new noise; minimise $-\\tfrac1m \\sum \\log D(G(z_i))$", "One `Trainer`; the extras are callbacks", "Progress bar, sample grid per epoch, a per-epoch log"]}
# ## Training
#
# One step is Goodfellow's alternation once:
#
# 1. **$D$ step**: a batch of 64 real images and 64 fakes $G(z)$; minimise
#    $L_D = -\tfrac1m\sum \log D(x_i) - \tfrac1m\sum \log(1 - D(G(z_i)))$;
# 2. **$G$ step**: new noise; minimise $L_G = -\tfrac1m \sum \log D(G(z_i))$ (the non-saturating loss of chapter 2).
#
# The loop is the course's one `Trainer`; the extras attach as **callbacks**: a progress bar, a sample grid
# every epoch from the same fixed noise (so we watch the *same* 16 codes improve), and a per-epoch log of the
# mean losses and of the quality score used at the end.

# %% slideshow={"slide_type": "subslide"}
print(f"{recipe.epochs} epochs x {recipe.steps_per_epoch} batches = {recipe.train.steps} steps")
start = time.perf_counter()
trainer, grid, log = assets.train_logged(recipe)  # progress bar, sample grid and log per epoch: callbacks
seconds = time.perf_counter() - start
print(f"trained in {seconds:.0f} s, {seconds / recipe.epochs:.1f} s per epoch (scoring after each epoch included)")
history = trainer.history

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "The four diagnostics: loss_G, loss_D, $D(x)$, $D(G(z))$"}
# ## The four diagnostics
#
# The *gan-mnist* code prints loss_G, loss_D, $D(x)$ and $D(G(z))$ every 100 batches. Here they are for every step,
# smoothed over 200 steps.

# %% slideshow={"slide_type": "subslide"}
plotting.plot_duel(history, smooth=200)
plt.tight_layout()
late = slice(4, None)  # epochs 5-20
d_real, d_fake = log.means["d_real"][late], log.means["d_fake"][late]
print(f"epochs 5-20, means per epoch: D(x) {min(d_real):.2f} to {max(d_real):.2f}, "
      f"D(G(z)) {min(d_fake):.2f} to {max(d_fake):.2f}")
claim("from epoch 5 the curves are flat: the largest range of the epoch means of D(x) and D(G(z))",
      max(max(d_real) - min(d_real), max(d_fake) - min(d_fake)), at_most=0.1)
claim("the detective still tells real from fake more often than not: smallest D(x) - D(G(z)), epochs 5-20",
      min(r - f for r, f in zip(d_real, d_fake, strict=True)), at_least=0.05)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Neither curve falls towards zero as a supervised loss would. In the first epochs $D$ gets ahead
# ($D(x)$ up, $D(G(z))$ down, loss_G up) until $G$ catches up; from epoch 5 on the curves are flat (the
# cell above prints their epoch means), $D(x)$ near 0.6 and $D(G(z))$ near 0.4: the detective still tells
# real from fake more often than not, and each improvement of $G$ is met by $D$. **Yet the samples keep
# improving** after the curves flatten — the next slide shows it, and the Fréchet distance below falls
# several-fold from epoch 4 to epoch 20. A GAN's losses measure the *duel*, not the *quality* (chapter 9
# returns to this).

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "The same 16 codes, epoch by epoch"}
# ## The same 16 codes, epoch by epoch
#
# Each row is $G$ after the given epoch, fed the same 16 fixed noise vectors: the digits sharpen epoch after
# epoch, long after the four curves above have flattened.

# %% slideshow={"slide_type": "-"}
shown = [1, 2, 3, 5, 10, 15, 20]
snaps = {step // recipe.steps_per_epoch: imgs for step, imgs in grid.snapshots}
fig, axes = plt.subplots(len(shown), 1, figsize=(12, 0.95 * len(shown)))
for ax, epoch in zip(axes, shown, strict=True):
    plotting.plot_image_grid(snaps[epoch], nrow=16, ax=ax)
    ax.set_title(f"after epoch {epoch}", fontsize=11, loc="left")
fig.tight_layout()

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Saving and loading the generator safely", "points": ["`torch.save(G)` pickles the module: loading it runs code", "Save **state dicts** only", "Load with `weights_only=True`: anything else is refused", "`data/generators/` holds the copy chapter 9 scores"]}
# ## Saving and loading the generator safely
#
# `torch.save(G)` would pickle the whole module, and loading such a file runs whatever code it contains.
# The course saves **state dicts** only and loads them with `weights_only=True`, which refuses anything else.
# The file goes to `outputs/` (ignored by git); `data/generators/` holds the copy that chapter 9 scores, made
# by `python -m gan_course.mnist.assets train-generators`, which runs exactly this training.

# %% slideshow={"slide_type": "subslide"}
path = save_checkpoint("outputs/ch07_G.pt", {"G": trainer.G}, meta=log.meta())
G_loaded = mnist.build_generator(recipe)
meta = load_checkpoint(path, {"G": G_loaded})
z = torch.randn(8, recipe.noise_dim, generator=torch.Generator().manual_seed(0))
with torch.no_grad():
    print(f"{path}: {path.stat().st_size / 1e6:.1f} MB, same images after reloading: "
          f"{torch.equal(G_loaded.eval()(z), trainer.G.eval()(z))}")

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "How good are the digits?", "points": ["Looking is not measuring: chapter 9's classifier gives two numbers", "**Fréchet distance**: generated vs real features, 0 when identical", "**Class coverage**: digits with at least 2% of the samples", "Label entropy: $\\log_2 10 = 3.32$ bits when all digits are equal"]}
# ## How good are the digits?
#
# Looking is not measuring. Chapter 9 builds two numbers from a small classifier trained on MNIST by the course:
#
# * the **Fréchet distance** (FD) between the classifier's features of 10,000 generated and the 60,000 real
#   training images: 0 for identical statistics, large when they differ;
# * the **class coverage**: how many of the 10 digits the classifier recognises in the samples (a class
#   counts with at least 2% of them), and the entropy of the predicted labels ($\log_2 10 = 3.32$ bits when
#   all digits are equally frequent).
#
# For scale: the real test images score FD 0.9 against the training images (chapter 9), and an untrained $G$:

# %% slideshow={"slide_type": "subslide"} slide={"title": "An untrained and a trained $G$, scored", "notes": "Both generators draw 10,000 samples, scored by chapter 9's classifier against the 60,000 training images. For scale, the notebook's text gives the real test images' FD from chapter 9. The claims check the trained G: FD at most 40, all ten digits, entropy at least 3.15 bits."}
untrained = assets.score(assets.untrained_generator("ch07"), recipe)
trained = assets.score(trainer.G, recipe)
print(f"untrained G: FD {untrained.fd:.0f}, {untrained.coverage.classes}/10 classes, "
      f"entropy {untrained.coverage.entropy:.2f} bits")
print(f"trained G:   FD {trained.fd:.0f}, {trained.coverage.classes}/10 classes, "
      f"entropy {trained.coverage.entropy:.2f} bits")
print("predictions per digit:", trained.coverage.counts)
display(Table([[name, s.fd, f"{s.coverage.classes} of 10", s.coverage.entropy]
               for name, s in [("untrained G", untrained), (f"G after {recipe.epochs} epochs", trained)]],
              ["generator", "Fréchet distance", "digits covered", "label entropy, bits (max 3.32)"],
              title="10,000 samples scored by chapter 9's classifier",
              formats={"Fréchet distance": "{:.0f}", "label entropy, bits (max 3.32)": "{:.2f}"}))
claim("an untrained G is far from the data: FD", untrained.fd, at_least=1000)
claim("20 epochs bring G close to the data: FD", trained.fd, at_most=40)
claim("the trained G makes every digit: classes", trained.coverage.classes, at_least=10)
claim("in nearly equal shares: entropy of the predicted digits, bits", trained.coverage.entropy, at_least=3.15)
claim("the samples keep improving after the curves flatten: FD after epoch 4 / FD after epoch 20",
      log.fd[3] / log.fd[-1], at_least=2.5)

# %% slideshow={"slide_type": "subslide"} slide={"title": "Sample quality over training"}
fig, ax = plt.subplots(figsize=(7, 3.2))
ax.plot(log.epochs, log.fd, "o-")
ax.set_xlabel("epoch")
ax.set_ylabel("FD (5,000 samples)")
ax.set_yscale("log")
ax.set_title("sample quality over training");

# %% [markdown] slideshow={"slide_type": "notes"}
# The per-epoch FD uses 5,000 samples to stay cheap, so it sits slightly above the final 10,000-sample value.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Try it: a training panel", "points": ["Change learning rates, batch size, latent size or epochs; Train", "Samples and curves update as it goes; Stop ends the run", "Try lr $2 \\times 10^{-4}$ for both, DCGAN's usual step", "Compare $D(G(z))$ and the samples after the same epochs"]}
# ## Try it: a training panel
#
# Change the learning rates, batch size, latent size or epochs and train; the samples and curves update as it
# goes and Stop ends the run. Try lr $2 \times 10^{-4}$ for both, DCGAN's usual step, and compare $D(G(z))$ and
# the samples with the run above after the same epochs.

# %% tags=["nbval-ignore-output", "hide-input"] slideshow={"slide_type": "subslide"} slide={"title": "The training panel, after one epoch", "notes": "A snapshot of the panel's stored state: the chapter's recipe trained for one epoch when the chapter ran, its samples and curves as the panel shows them. In JupyterLab, set the controls and press Train; Stop ends the run."}
from gan_course.widgets.mnist import TrainingPanel

panel = TrainingPanel(recipe)
panel.epochs.value = 1  # the panel opens with one epoch trained: its samples and curves show what to expect
panel.prepare()  # what Train does, chunk after chunk, here before the panel is shown
while panel.step():
    pass
panel.widget

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Summary", "points": ["An MLP GAN sees a 28 × 28 image as 784 numbers", "Data in one tensor: an epoch takes seconds on one CPU thread", "Adam $10^{-3}$ for 20 epochs: digits of every class", "The four diagnostics flatten; samples and FD keep improving", "Save state dicts; load them with `weights_only=True`"]}
# ## Summary
#
# * An MLP GAN treats a 28 × 28 image as a vector of 784 numbers; with the data in one tensor, an epoch of
#   the *gan-mnist* networks takes seconds, not minutes, on one CPU thread (the training cell prints how many
#   here, scoring included).
# * The *gan-mnist* article leaves the optimizer open: the course picks Adam at $10^{-3}$ for its small $D$, and
#   20 epochs of it give digits of every class (measured above).
# * loss_D, loss_G, $D(x)$ and $D(G(z))$ describe the duel; they level off after a few epochs while the
#   samples — and the Fréchet distance — keep improving.
# * Save generators as state dicts and load them with `weights_only=True`.
#
# Chapter 8 trains the *mnist-tanh* tanh recipe and compares the two on the same scores.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Exercises", "points": ["How many Adam updates did $G$ receive? From the recipe", "Rebuild $G$ and load `outputs/ch07_G.pt` into it"]}
# ## Exercises
#
# **1.** How many Adam updates did $G$ receive in this chapter's training? Work it out from the recipe.

# %% slideshow={"slide_type": "fragment"}
answer_1 = None  # an integer
exercises.check_generator_updates(answer_1);

# %% [markdown] slideshow={"slide_type": "subslide"}
# **2.** Build a new generator with `mnist.build_generator(recipe)`, load `outputs/ch07_G.pt` into it with
# `load_checkpoint`, and pass it to the check.

# %% slideshow={"slide_type": "fragment"}
G_2 = None  # build, load, then pass it
exercises.check_reloaded_generator(G_2, trainer.G);
