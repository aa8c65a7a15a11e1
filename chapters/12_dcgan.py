# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Chapter 12 — A convolutional GAN (DCGAN) on MNIST
#
# The MLPs of chapters 7 and 8 see an image as 784 unrelated numbers. A convolution knows that pixels have
# neighbours: it slides one small filter over the whole image, so a stroke detector learnt in one corner works
# in every corner. Radford, Metz and Chintala's **DCGAN** (["Unsupervised Representation Learning with Deep
# Convolutional Generative Adversarial Networks"](https://arxiv.org/abs/1511.06434), 2016) made convolutional
# GANs train reliably, with a short list of guidelines.
#
# In this chapter you will see:
#
# 1. $G$ growing an image from a 7 × 7 map with **transposed convolutions**, and $D$ shrinking it with **strided
#    convolutions**, shapes traced layer by layer;
# 2. the DCGAN guidelines, which of them this course keeps, and the one it must drop: **batch norm in $D$**;
# 3. what makes convolutions fast on a CPU — channels-last memory, one thread, float32 — each measured;
# 4. the DCGAN's first epochs trained live, checked against a recorded run;
# 5. the DCGAN against chapter 7's and chapter 8's MLP GANs **at equal training time**, over three random seeds,
#    on chapter 9's scores.

# %% slideshow={"slide_type": "subslide"}
import time

import matplotlib.pyplot as plt
import torch

from gan_course import exercises, mnist, plotting, runtime
from gan_course.claims import claim
from gan_course.mnist import assets, convnets, race

SEED = runtime.chapter_seed()  # 0 unless GAN_COURSE_SEED says otherwise: weights, noise and data order
print(f"random seed {SEED}")
recipe = mnist.CHAPTER_RECIPES["ch12"].replace(seed=SEED)
recipe

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Up from 7 × 7, down to 7 × 7
#
# $G$ maps the noise $z$ (64 numbers) with one linear layer to 32 feature maps of 7 × 7, then two **transposed
# convolutions** (4 × 4 filters, stride 2) double the size twice: 16 maps of 14 × 14, then one 28 × 28 image.
# A transposed convolution is a convolution run backwards: each input pixel stamps a weighted 4 × 4 filter onto
# the output, two pixels apart. $D$ mirrors it with **strided convolutions**: 28 × 28 → 16 maps of 14 × 14 → 32
# maps of 7 × 7 → one logit. Both take and give flat rows `[n, 784]`, like the MLPs, so the data pipeline, the
# `Trainer` and the scores are the ones of chapters 7–9.

# %% slideshow={"slide_type": "subslide"}
G, D = mnist.build_generator(recipe), mnist.build_discriminator(recipe)
x = torch.randn(2, recipe.noise_dim)
print(f"z {tuple(x.shape)}")
x = G.project(x).reshape(2, 32, 7, 7)
print(f"G: linear + batch norm + ReLU -> {tuple(x.shape)}")
for layer in G.up:
    x = layer(x)
    if isinstance(layer, torch.nn.ConvTranspose2d):
        print(f"G: {type(layer).__name__}(4x4, stride 2) -> {tuple(x.shape)}")
for layer in D.features.down:
    x = layer(x)
    if isinstance(layer, torch.nn.Conv2d):
        print(f"D: {type(layer).__name__}(4x4, stride 2) -> {tuple(x.shape)}")
print(f"D: flatten + linear -> one logit per image, {tuple(D(G(torch.randn(2, recipe.noise_dim))).shape)}")
n_params = {name: sum(p.numel() for p in net.parameters()) for name, net in (("G", G), ("D", D))}
mlp = mnist.CHAPTER_RECIPES["ch07"]
mlp_params = {name: sum(p.numel() for p in net.parameters()) for name, net in
              (("G", mnist.build_generator(mlp)), ("D", mnist.build_discriminator(mlp)))}
print(f"parameters: DCGAN G {n_params['G']:,}, D {n_params['D']:,}; chapter 7's MLPs G {mlp_params['G']:,}, "
      f"D {mlp_params['D']:,}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The DCGAN guidelines, and batch norm in $D$
#
# The paper's guidelines: strided convolutions instead of pooling; batch norm in both networks; no fully
# connected hidden layers; ReLU in $G$ with tanh at its output, leaky ReLU in $D$; Adam with learning rate
# $2 \times 10^{-4}$ and $\beta_1 = 0.5$. This course keeps the strided convolutions, the activations (a
# sigmoid output, since the images are in $[0, 1]$ as in chapter 7), batch norm in $G$ and $\beta_1 = 0.5$. It
# drops two:
#
# * **batch norm in $D$.** The course's `Trainer` passes the real and the fake batch through $D$ *in one
#   call* (chapter 7: it is faster). Batch norm normalises each feature with the mean and variance of the whole
#   call, so one image's logit would depend on every other image in it — real and fake mixed. $D$ here treats
#   each row on its own, which the loop requires; the cell below shows the difference.
# * **learning rate $2 \times 10^{-4}$.** With these small networks (sized for a CPU), $10^{-3}$ learns much
#   faster: measured on one thread of the reference CPU, FD 48 after 4 epochs, against 128 for DCGAN's own
#   rate and batch 128 on networks twice as wide.

# %% slideshow={"slide_type": "subslide"}
torch.manual_seed(0)
with_bn = torch.nn.Sequential(torch.nn.Linear(784, 16), torch.nn.BatchNorm1d(16), torch.nn.LeakyReLU(0.2),
                              torch.nn.Linear(16, 1))
moved = {}
for name, net in (("with batch norm", with_bn), ("the course's D", D)):
    first, second = convnets.batch_dependence(net)  # the same 4 images, other rows beside them
    moved[name] = (first - second).abs().max().item()
    print(f"{name}: the same 4 images' logits move by up to {moved[name]:.2e} when the other rows change")
claim("batch norm makes an image's logit depend on the other rows: largest change", moved["with batch norm"],
      at_least=0.01)
claim("the course's D scores each row on its own: largest change", moved["the course's D"], at_most=1e-5)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What makes it fast on a CPU
#
# Three choices, each timed below for 100 training steps with the other two as the chapter has them:
#
# * **channels-last memory**: the feature maps stored pixel by pixel, each pixel's channels side by side, the
#   layout the CPU's convolution kernels (oneDNN) read fastest;
# * **float32 products**: `matmul_precision="medium"` (bfloat16 products) made chapter 8's matrix products 1.4
#   times faster, but not these convolutions;
# * **one thread**: two notebooks train side by side under the README's test command, one per core, and one thread
#   each gives the same numbers on every run. Alone on the machine, a second thread does help.
#
# `benchmarks/mnist.py` measures whole epochs on an idle machine. On the reference CPU (2 cores) it gave 13.1 s per
# epoch as the chapter trains, 13.3 s with channels-first maps, 13.5 s with bfloat16 products and 9.7 s on two
# threads. The convolutions take 66% of a step's time and run at 66% of the one-thread float32 matrix-product peak
# measured in the same run (74 of 112 GFLOP/s): at these small widths the remaining third of a step is Adam, batch
# norm, activations and bookkeeping, not slow arithmetic. Channels-last and float32 are small gains here.

# %% slideshow={"slide_type": "subslide"}
def time_steps(change: dict, channels_last: bool = True, steps: int = 100) -> float:
    """Milliseconds per training step of this chapter's DCGAN with one setting changed."""
    trainer = mnist.make_trainer(recipe.replace(**change), device="cpu")
    convnets.set_channels_last(trainer.G, trainer.D, on=channels_last)
    trainer.run(10)  # warm-up
    start = time.perf_counter()
    trainer.run(steps)
    return (time.perf_counter() - start) / steps * 1000


settings = {
    "as the chapter trains (1 thread, channels-last, float32)": time_steps({}),
    "channels-first maps": time_steps({}, channels_last=False),
    "bfloat16 products": time_steps({"matmul_precision": "medium"}),
}
for name, ms in settings.items():
    print(f"{name:58s} {ms:5.1f} ms per step = {ms * recipe.steps_per_epoch / 1000:5.1f} s per epoch")

# %% [markdown] slideshow={"slide_type": "subslide"}
# These live timings depend on what else the machine is doing (under the test command another notebook trains
# beside this one), which is why the figures in the text come from the benchmark, not from this cell.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Training, and the record
#
# The whole recipe is 20 epochs, about 4.5 minutes on one idle thread: longer than a chapter should take. So it was
# recorded, for random seeds 0, 1 and 2, by `python -m gan_course.mnist.race` (next section); here the first
# two epochs train live, and their scores must fall where the recorded seeds' did.

# %% slideshow={"slide_type": "subslide"}
live = recipe.replace(epochs=2)
record = race.load_race()
trainer, grid, log = assets.train_logged(live)
recorded = [fd[:2] for fd in record.fd["ch12"]]
print(f"live, seed {SEED}: FD after epochs 1-2 {[round(v, 1) for v in log.fd]}, classes {log.classes}")
print(f"recorded, seeds {record.seeds}: {recorded}")
epoch2 = [fd[1] for fd in recorded]
claim("the live run starts like the recorded ones: FD after epoch 2 / the recorded seeds' lowest",
      log.fd[1] / min(epoch2), at_least=0.7)
claim("the live run starts like the recorded ones: FD after epoch 2 / the recorded seeds' highest",
      log.fd[1] / max(epoch2), at_most=1.4)
plotting.plot_image_grid(grid.snapshots[-1][1], nrow=16)
plt.title(f"16 samples after the 2 live epochs (FD {log.fd[-1]:.0f})");

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Against the MLP GANs, at equal training time
#
# Per epoch a DCGAN does far more arithmetic than chapter 7's MLPs, so a fair race gives both **the same
# time**, not the same epochs. The recorded race (`python -m gan_course.mnist.race`):
#
# 1. chapter 12's recipe trains its 20 epochs for seeds 0, 1 and 2, its training steps timed (scoring excluded);
# 2. chapter 7's recipe (*gan-mnist* networks) and chapter 8's (*mnist-tanh* networks with DCGAN's Adam) then
#    train epoch after epoch, same seeds, until their own training time passes the slowest DCGAN run's, scored
#    every 5 epochs;
# 3. each run on one thread, two side by side on the reference CPU's two cores. The clock is the process's CPU
#    time, which other work on the machine moves far less than the wall clock (the record keeps both).
#
# Each DCGAN run is then compared with the MLP runs of the same seed **at the first scored epoch where the MLP
# has trained at least as long**: equal or more time for the MLP.

# %% slideshow={"slide_type": "subslide"}
names = {"ch07": "chapter 7 (gan-mnist MLPs)", "ch08": "chapter 8 (mnist-tanh MLPs, DCGAN's Adam)"}
print(f"{record.made_with}; FD of 5,000 samples, training time in CPU seconds of one thread\n")
print(f"{'':6s}{'DCGAN, 20 epochs':>23s}  |" + "|".join(f"{k + ' at equal or more time':>33s} " for k in names))
print(f"{'seed':>4s}  {'s':>6s} {'FD':>6s} {'classes':>8s}   |"
      + "|".join(f"{'epoch':>7s} {'s':>5s} {'FD':>6s} {'best before':>12s} " for _ in names))
ratios = {key: [] for key in names}
for i, seed in enumerate(record.seeds):
    dc_s, dc_fd, dc_classes = (record.seconds["ch12"][i][-1], record.fd["ch12"][i][-1],
                               record.classes["ch12"][i][-1])
    cells = []
    for key in names:
        at = record.at_time(key, i, dc_s)
        ratios[key].append(dc_fd / at["fd"])
        cells.append(f"{at['epoch']:>7d} {at['seconds']:5.0f} {at['fd']:6.1f} {at['best_fd']:12.1f} ")
    print(f"{seed:>4d}  {dc_s:6.0f} {dc_fd:6.1f} {dc_classes:>8d}   |" + "|".join(cells))
print()
for key in ("ch12", *names):
    print(f"{key}: {record.per_epoch(key):.1f} training s per epoch in the race")
for key in names:
    claim(f"the DCGAN beats {key} at equal or smaller training time, every seed: worst FD ratio DCGAN / {key}",
          max(ratios[key]), at_most=0.95)
claim("the DCGAN makes every digit, every seed: classes", min(r[-1] for r in record.classes["ch12"]), at_least=10)
claim("the DCGAN is at its best at the end: FD after epoch 20 / its lowest FD, worst seed",
      max(fd[-1] / min(fd) for fd in record.fd["ch12"]), at_most=1.15)
drift = [record.at_time("ch07", i, record.seconds["ch12"][i][-1]) for i in range(len(record.seeds))]
claim("chapter 7's MLP GAN gets worse when trained on: FD at the DCGAN's time / its best FD before, every seed",
      min(d["fd"] / d["best_fd"] for d in drift), at_least=1.3)

# %% slideshow={"slide_type": "subslide"}
fig, ax = plt.subplots(figsize=(11, 3.8), layout="constrained")
colours = {"ch12": "C0", "ch07": "C1", "ch08": "C2"}
labels = {"ch12": "DCGAN (chapter 12)", **{k: f"MLP GAN, {v}" for k, v in names.items()}}
for key, label in labels.items():
    for i in range(len(record.seeds)):
        ax.plot(record.seconds[key][i], record.fd[key][i], "o-" if key == "ch12" else "s-", ms=3,
                color=colours[key], alpha=0.8, label=label if i == 0 else None)
ax.set_yscale("log")
ax.set_xlabel("training time, CPU seconds (one thread)")
ax.set_ylabel("FD (5,000 samples, log scale)")
ax.set_title("sample quality against training time, seeds 0, 1, 2")
ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0));

# %% [markdown] slideshow={"slide_type": "subslide"}
# **At equal (or, for the MLPs, more) training time the DCGAN wins on every seed**, by a wide margin, with all
# ten digits. Read the curves to see why:
#
# * the MLP GANs are quick out of the blocks — an epoch of chapter 7's networks costs a sixth to a seventh of a
#   DCGAN epoch — and chapter 7's reaches its best scored FD, 19.8–20.5, at epochs 30–40 (70–95 s);
# * then they **do not hold it**: trained on, chapter 7's FD drifts up to 31–66 by the DCGAN's time, and chapter
#   8's from 73–94 at its best to 82–147;
# * the DCGAN keeps improving up to its last epoch.
#
# The MLP's best scored epoch (FD 20.3, 19.8 and 20.5 for seeds 0, 1, 2) is about as good as the DCGAN's final
# result (19.3, 21.8, 23.0). But that epoch is known only by scoring $G$ against the data every few epochs and
# keeping the best: a stopping rule that consults the answer key. A recipe fixed in advance — a number of
# epochs, or a time budget — gets the DCGAN's steady improvement or the MLP's drift.
#
# The DCGAN runs of seeds 0 and 1 trained while other work shared the machine (18.9 s per epoch of CPU time,
# against 14.9 s for seed 2 alone), so the time budget, and with it the MLPs' time, came out larger than the
# DCGAN alone would need: the comparison errs in the MLPs' favour.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The shipped DCGAN
#
# `data/generators/ch12_G.pt` is this recipe's seed-0 run (`python -m gan_course.mnist.assets train-generators
# ch12`, the same training as the race's seed 0). Chapter 9's scores on 10,000 samples, beside chapter 7's shipped
# generator:

# %% slideshow={"slide_type": "subslide"}
G_12, _, _ = assets.load_generator("ch12")
G_07, recipe_07, _ = assets.load_generator("ch07")
score_12, score_07 = assets.score(G_12, recipe), assets.score(G_07, recipe_07)
print(f"DCGAN, chapter 12 (20 epochs): FD {score_12.fd:.1f}, {score_12.coverage}")
print(f"MLP GAN, chapter 7 (20 epochs): FD {score_07.fd:.1f}, {score_07.coverage}")
claim("the shipped DCGAN is closer to the data than chapter 7's shipped MLP GAN: FD ratio", score_12.fd / score_07.fd,
      at_most=0.95)
claim("and makes every digit: classes", score_12.coverage.classes, at_least=10)
z = torch.randn(32, recipe.noise_dim, generator=torch.Generator().manual_seed(5))
fig, axes = plt.subplots(2, 1, figsize=(12, 3.2))
z_07 = torch.randn(32, recipe_07.noise_dim, generator=torch.Generator().manual_seed(5))
with torch.no_grad():
    plotting.plot_image_grid(G_12.eval()(z), nrow=16, ax=axes[0])
    plotting.plot_image_grid(G_07.eval()(z_07), nrow=16, ax=axes[1])
axes[0].set_title(f"DCGAN, chapter 12 (FD {score_12.fd:.0f})", loc="left", fontsize=10)
axes[1].set_title(f"MLP GAN, chapter 7 (FD {score_07.fd:.0f})", loc="left", fontsize=10)
fig.tight_layout()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * A DCGAN grows images with transposed convolutions and judges them with strided convolutions; sized for a
#   CPU (32 and 16 channels), one epoch takes about 13 s on one idle thread.
# * Of the DCGAN guidelines, batch norm in $D$ cannot stay when real and fake pass through $D$ together: it
#   makes one image's verdict depend on the others. $\beta_1 = 0.5$, batch norm in $G$ and strided convolutions
#   stay; the small networks want a larger learning rate, $10^{-3}$.
# * On a CPU: channels-last memory and float32 products are (slightly) faster here; one thread per notebook keeps
#   two notebooks from fighting over two cores, where alone two threads would be 1.35 times faster.
# * At equal training time (5 to 6 minutes of one thread) the DCGAN beats chapter 7's and chapter 8's MLP GANs on
#   FD for every seed recorded: the MLP GANs are ahead in the first minutes, then drift, while the DCGAN keeps
#   improving. Picking an MLP's best epoch would match the DCGAN, but only by looking at the answer key.
#
# Chapter 13 gives these networks the digit to draw.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises
#
# **1.** A transposed convolution with a 4 × 4 filter, stride 2 and padding 1 turns a 7 × 7 map into a 14 × 14 one:
# the output size is $(n - 1) \cdot 2 - 2 \cdot 1 + 4$. What size does it make from a 14 × 14 map, and from
# a 5 × 5 map? Answer two numbers.

# %% slideshow={"slide_type": "fragment"}
answer_1 = None  # two numbers: (from 14 x 14, from 5 x 5)
exercises.check_transposed_sizes(answer_1);

# %% [markdown] slideshow={"slide_type": "subslide"}
# **2.** Build a discriminator that would break the course's `Trainer`: put a `torch.nn.BatchNorm1d` in it
# (e.g. `torch.nn.Sequential(torch.nn.Linear(784, 8), torch.nn.BatchNorm1d(8), torch.nn.Linear(8, 1))`). The check
# tells whether its logits for some rows change when the other rows of the batch change.

# %% slideshow={"slide_type": "fragment"}
D_2 = None  # a torch.nn.Module taking [n, 784] rows
exercises.check_rows_depend_on_batch(D_2);
