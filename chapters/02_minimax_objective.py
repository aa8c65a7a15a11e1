# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Chapter 2 — The minimax objective", "sources": ["Goodfellow et al., “Generative Adversarial Nets” (2014)", "mnist-tanh: “GAN, generative adversarial networks” (a Chinese blog post)", "gan-mnist: notes on Goodfellow et al., code at github.com/gwcrepo/GAN-MNIST", "gan-reproduction: “Learning and reproducing the GAN model” (a Chinese study log, 2020)"], "points": ["$V(D, G)$ from what $D$ wants, one sample at a time", "BCE on labels 1 and 0 is exactly $-V$", "Goodfellow's algorithm: $k$ steps of $D$, one of $G$", "Why $\\log(1 - D(G(z)))$ saturates and $-\\log D(G(z))$ does not"]}
# # Chapter 2 — The minimax objective
#
# Chapter 1 let a counterfeiter $G$ and a detective $D$ play against each other. This chapter writes the game
# down as **one number**, the value $V(D, G)$, that $D$ tries to make large and $G$ tries to make small.
#
# In this chapter you will see, each claim checked by code:
#
# 1. how $V(D, G)$ grows out of what $D$ wants for a **single** real and a single fake sample;
# 2. that training $D$ with **binary cross-entropy** on labels 1 (real) and 0 (fake) is gradient **ascent**
#    on $V$ — the loss is exactly $-V$, and so are its gradients;
# 3. Goodfellow's **alternating algorithm** with $k$ discriminator steps per generator step, and where it
#    lives in the course package;
# 4. why the generator loss from the minimax game, $\log(1 - D(G(z)))$, **saturates** — its gradient vanishes
#    exactly when $G$ is bad — and why the **non-saturating** loss $-\log D(G(z))$ does not.
#
# Names in italics (*mnist-tanh*, *gan-mnist*, *gan-reproduction*) are the articles whose recipes the course
# reproduces in chapters 5–8; the README's *Sources* cites each one.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "What the detective wants, one sample at a time", "points": ["$D(x_i)$ **large** on a real sample", "$D(G(z_i))$ **small** on a fake: $1 - D(G(z_i))$ large", "Both wishes point the same way: add them", "Average over $N$ pairs and maximise over $D$"]}
# ## What the detective wants, one sample at a time
#
# $D(x) \in (0, 1)$ is $D$'s belief that $x$ is real. Take one real sample $x_i \sim p_\text{data}$ and one
# fake $G(z_i)$ with $z_i \sim p_z$. The detective wants
#
# * $D(x_i)$ **large** — close to 1 on the real sample;
# * $D(G(z_i))$ **small** — close to 0 on the fake, i.e. $1 - D(G(z_i))$ large.
#
# Both wishes point the same way, so add them: $\max_D \; D(x_i) + [1 - D(G(z_i))]$.
# Over $N$ pairs, maximise the average:
#
# $$\max_D \; \frac1N \sum_{i=1}^N D(x_i) + \frac1N \sum_{i=1}^N \bigl[1 - D(G(z_i))\bigr].$$

# %% [markdown] slideshow={"slide_type": "subslide"} slide={"title": "Taking logs: the value function", "points": ["$V(D, G) = \\mathbb E[\\log D(x)] + \\mathbb E[\\log(1 - D(G(z)))]$", "The log makes it a classifier's log-likelihood", "The game: $\\min_G \\max_D V(D, G)$", "Confident mistakes cost without bound"]}
# ## Taking logs: the value function
#
# Replace each term by its logarithm. $\log$ is increasing, so each term is still pushed the same way, and
# the sum becomes the **log-likelihood** of a classifier that says "real" with probability $D(x)$: each
# sample contributes $\log$ of the probability given to its true label. As $N \to \infty$ the averages
# become expectations:
#
# $$V(D, G) = \mathbb E_{x \sim p_\text{data}}\bigl[\log D(x)\bigr]
#           + \mathbb E_{z \sim p_z}\bigl[\log\bigl(1 - D(G(z))\bigr)\bigr].$$
#
# $G$ appears only in the second term and wants it **small** (its fakes called real). The game is
#
# $$\min_G \max_D V(D, G).$$
#
# Because $\log(1 - D) \to -\infty$ as $D \to 1$, a fake that fools $D$ completely is rewarded without bound;
# a confident mistake by $D$ on a real sample, $\log D(x) \to -\infty$, is punished without bound.

# %% [markdown] slideshow={"slide_type": "notes"}
# The *mnist-tanh* article's derivation first writes the sum of probabilities and then "takes the log"; the log is
# not a cosmetic step — it turns the objective into a likelihood, which is what makes BCE the right loss.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "BCE on labels 1 and 0 is $-V$", "points": ["$\\text{BCE}(D, y) = -[\\,y \\log D + (1 - y) \\log(1 - D)\\,]$", "Real $y = 1$, fake $y = 0$: $L_D = -\\hat V(D, G)$", "The paper ascends $V$; libraries descend $L_D$", "Same update, written two ways"]}
# ## BCE on labels 1 and 0 is $-V$
#
# Binary cross-entropy for a prediction $D \in (0, 1)$ and a label $y \in \{0, 1\}$ is
# $\text{BCE}(D, y) = -[\,y \log D + (1 - y) \log(1 - D)\,]$. With label $y = 1$ on real and $y = 0$ on fake:
#
# $$\text{BCE}(D(x), 1) + \text{BCE}(D(G(z)), 0) = -\log D(x) - \log\bigl(1 - D(G(z))\bigr),$$
#
# so averaged over a batch the discriminator loss is $L_D = -\hat V(D, G)$. Goodfellow's paper *ascends* the
# gradient of $V$; deep-learning libraries *descend* a loss, and the cross-entropy brings its own minus sign
# (the *gan-mnist* remark). Same update, written two ways.
#
# The course's `losses.discriminator_loss` works on **logits** $\ell$, $D = \sigma(\ell)$. Below we compute
# $\hat V$ straight from its definition on a batch and compare it, and its gradient, with $L_D$.

# %% slideshow={"slide_type": "skip"}
import inspect

import matplotlib.pyplot as plt
import numpy as np
import torch

from gan_course import data, exercises, fit_d, losses, models, runtime
from gan_course.tables import Table
from gan_course.train import TrainConfig, Trainer

TARGET_MEAN, TARGET_STD = 4.0, 1.25
rng = runtime.seed_everything(2)
R = data.gaussian_sampler(TARGET_MEAN, TARGET_STD)  # p_data
I = data.normal_noise(dim=1)  # p_z
G = models.mlp_generator(noise_dim=1, hidden=(32, 32), data_dim=1, activation="elu")
D = models.mlp_discriminator(in_features=1, hidden=(32, 32), activation="elu")  # outputs logits

x_real = R(512, rng)  # [512, 1]
with torch.no_grad():
    x_fake = G(I(512, rng))  # [512, 1]; G is not being trained here

# %% slideshow={"slide_type": "fragment"} slide={"title": "$\\hat V$ and $L_D$ on one batch, by autograd", "points": ["Equal and opposite: the values, and every gradient"]}
# NBVAL_CHECK_OUTPUT
real_logits, fake_logits = D(x_real), D(x_fake)
v_hat = torch.log(torch.sigmoid(real_logits)).mean() + torch.log(1 - torch.sigmoid(fake_logits)).mean()
loss_d = losses.discriminator_loss(real_logits, fake_logits)

grad_v = torch.autograd.grad(v_hat, list(D.parameters()), retain_graph=True)
grad_l = torch.autograd.grad(loss_d, list(D.parameters()))
max_grad_gap = max((gv + gl).abs().max().item() for gv, gl in zip(grad_v, grad_l, strict=True))

n_weights = sum(p.numel() for p in D.parameters())
print(f"V from its definition    : {v_hat.item():.4f}")
print(f"L_D = BCE on labels 1 / 0: {loss_d.item():.4f}")
print(f"|V + L_D| < 1e-6: {abs(v_hat.item() + loss_d.item()) < 1e-6}")
print(f"max |grad V + grad L_D| over D's {n_weights} weights < 1e-6: {max_grad_gap < 1e-6}")
Table([["V from its definition", f"{v_hat.item():.4f}"],
       ["L_D = BCE on labels 1 / 0", f"{loss_d.item():.4f}"]],
      ["one batch: 512 real, 512 fake", "value"], title="V and the discriminator loss L_D: equal and opposite")

# %% [markdown] slideshow={"slide_type": "fragment"}
# The two numbers are equal and opposite, and so is every one of the gradients: one step of gradient descent
# on $L_D$ is one step of gradient ascent on $V$.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Goodfellow's algorithm: $k$ steps of $D$, then one of $G$", "points": ["$k$ times: ascend $V$ in $D$'s weights on fresh batches", "Then one step of $G$, descending $\\log(1 - D(G(z)))$", "Fakes are **detached** while $D$ learns", "One loop in the package: `Trainer.train_step`, $k$ = `d_steps`"]}
# ## Goodfellow's algorithm: $k$ steps of $D$, then one of $G$
#
# Algorithm 1 of the GAN paper, for each training iteration:
#
# 1. **repeat $k$ times**: draw $m$ noise samples $z_1..z_m$ and $m$ data samples $x_1..x_m$; update $D$ by
#    ascending $\nabla_{\theta_d} \frac1m \sum_i \bigl[\log D(x_i) + \log(1 - D(G(z_i)))\bigr]$;
# 2. draw $m$ fresh noise samples; update $G$ by **descending**
#    $\nabla_{\theta_g} \frac1m \sum_i \log(1 - D(G(z_i)))$.
#
# The paper used $k = 1$, the least expensive option. While $D$ learns, $G$'s output is a constant: the
# fakes are **detached**, no gradient flows into $G$ (*gan-reproduction* insists on this).
#
# The course implements this loop **once**, in `gan_course.train.Trainer`; $k$ is `TrainConfig.d_steps`
# and the generator loss is `TrainConfig.g_loss`. Here is the step, as the package writes it:

# %% slideshow={"slide_type": "subslide"}
print(inspect.getsource(Trainer.train_step))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Run it with $k = 5$ for 20 iterations and count the updates each optimiser made: Adam keeps a step counter
# for every weight.

# %% slideshow={"slide_type": "fragment"} slide={"title": "Count the updates: $k = 5$, 20 iterations", "points": ["Adam keeps a step counter for every weight"], "notes": "Each iteration makes k = 5 discriminator updates and one generator update: the counters show 100 and 20 after 20 iterations."}
# NBVAL_CHECK_OUTPUT
runtime.seed_everything(0)
G_k = models.mlp_generator(noise_dim=1, hidden=(32, 32), data_dim=1, activation="elu")
D_k = models.mlp_discriminator(in_features=1, hidden=(32, 32), activation="elu")
trainer_k = Trainer(G_k, D_k, R, I, TrainConfig(steps=20, batch_size=64, d_steps=5, g_loss="saturating", seed=0))
trainer_k.run()


def adam_updates(optimizer: torch.optim.Optimizer) -> int:
    return int(optimizer.state[optimizer.param_groups[0]["params"][0]]["step"])


print(f"iterations: {trainer_k.step}, D updates: {adam_updates(trainer_k.opt_d)}, "
      f"G updates: {adam_updates(trainer_k.opt_g)}")
Table([[trainer_k.step, adam_updates(trainer_k.opt_d), adam_updates(trainer_k.opt_g)]],
      ["iterations", "D updates", "G updates"], title="Adam's step counters after a run with k = 5")

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "The generator's loss saturates", "points": ["Early on $D$ wins: $D(G(z)) \\approx 0$", "Saturating $\\log(1 - \\sigma(\\ell))$: $\\partial L_G / \\partial \\ell = -D(G(z)) \\to 0$", "Non-saturating $-\\log \\sigma(\\ell)$: $\\partial L_G / \\partial \\ell = -(1 - D(G(z))) \\to -1$", "Same fixed point; only one speaks when $G$ is bad"]}
# ## The generator's loss saturates
#
# Early in training $G$ is bad, $D$ spots its fakes easily and $D(G(z)) \approx 0$. What gradient does $G$
# get then? Write $\ell$ for $D$'s logit on a fake, $D(G(z)) = \sigma(\ell)$. Everything $G$ learns passes
# through $\partial L_G / \partial \ell$ (the chain rule then multiplies by $\partial \ell / \partial x$ and
# $\partial x / \partial \theta_g$, the same for both losses):
#
# | generator loss | $L_G$ per sample | $\partial L_G / \partial \ell$ | as $D(G(z)) \to 0$ |
# |---|---|---|---|
# | saturating (minimax) | $\log(1 - \sigma(\ell))$ | $-\sigma(\ell) = -D(G(z))$ | $\to 0$: no signal |
# | non-saturating | $-\log \sigma(\ell)$ | $\sigma(\ell) - 1 = -(1 - D(G(z)))$ | $\to -1$: full signal |
#
# Both push $\ell$ up (a negative gradient, descended), both have their fixed point where $D$ is fooled, but
# the saturating one whispers exactly when $G$ needs to hear most. The non-saturating loss is BCE with
# label **1** on the fakes: "instead of moving fakes away from the label *fake*, move them towards the label
# *real*" (*gan-mnist*). Let autograd confirm the table, through the package's loss functions.

# %% slideshow={"slide_type": "subslide"}
d_fake = torch.logspace(-6, np.log10(0.5), 200, dtype=torch.float64)  # D(G(z)) from 1e-6 to 1/2
logit = torch.log(d_fake / (1 - d_fake)).requires_grad_(True)  # the logit with sigmoid(logit) = D(G(z))


def per_sample_gradient(loss_fn, logits: torch.Tensor) -> np.ndarray:
    """dL/dl for each sample: the package's losses average over the batch, so scale the mean's gradient by n."""
    (g,) = torch.autograd.grad(loss_fn(logits), logits)
    return (g * len(logits)).detach().numpy()


grad_sat = per_sample_gradient(losses.generator_loss_saturating, logit)
grad_ns = per_sample_gradient(losses.generator_loss_non_saturating, logit)
with torch.no_grad():
    loss_sat = torch.log1p(-d_fake).numpy()  # log(1 - D), what the saturating loss averages
    loss_ns = -torch.log(d_fake).numpy()  # -log D

# %% slideshow={"slide_type": "subslide"} slide={"title": "The losses, and the gradient $G$ receives"}
fig, (ax_l, ax_g) = plt.subplots(1, 2, figsize=(11, 3.8))
ax_l.semilogx(d_fake, loss_sat, label="saturating  log(1 − D(G(z)))")
ax_l.semilogx(d_fake, loss_ns, label="non-saturating  −log D(G(z))")
ax_l.set_xlabel("D(G(z))")
ax_l.set_ylabel("generator loss per sample")
ax_l.set_title("the losses")
ax_l.legend()
ax_g.loglog(d_fake, np.abs(grad_sat), label="saturating: |∂L/∂ℓ| = D(G(z))")
ax_g.loglog(d_fake, np.abs(grad_ns), label="non-saturating: |∂L/∂ℓ| = 1 − D(G(z))")
ax_g.axvline(1e-3, color="grey", ls=":", lw=1)
ax_g.set_xlabel("D(G(z))   (G worse ←)")
ax_g.set_ylabel("|∂L_G / ∂ logit|  (autograd)")
ax_g.set_title("the gradient G receives")
ax_g.legend()
fig.tight_layout()

# %% [markdown] slideshow={"slide_type": "fragment"}
# On the right, read from right to left — $G$ getting worse. The saturating gradient falls in proportion to
# $D(G(z))$ and is a millionth at $D(G(z)) = 10^{-6}$; the non-saturating one **grows** towards its ceiling 1.
# Over $D(G(z)) \in (0, \tfrac12)$ the non-saturating gradient is always the larger; at $\tfrac12$ they meet.

# %% slideshow={"slide_type": "subslide"} slide={"title": "When $D$ wins: $D(G(z)) = 10^{-3}$", "notes": "Autograd through the package's loss functions, at one point: the saturating gradient is D(G(z)) itself, the non-saturating one 1 - D(G(z)). Their ratio is the factor the summary quotes."}
# NBVAL_CHECK_OUTPUT
at = torch.tensor([1e-3], dtype=torch.float64)
logit_at = torch.log(at / (1 - at)).requires_grad_(True)
g_sat = per_sample_gradient(losses.generator_loss_saturating, logit_at)[0]
g_ns = per_sample_gradient(losses.generator_loss_non_saturating, logit_at)[0]
print("at D(G(z)) = 1e-3, the gradient of the generator loss with respect to D's logit:")
print(f"  saturating      log(1 - D(G(z))): {g_sat:+.6f}")
print(f"  non-saturating  -log D(G(z))    : {g_ns:+.6f}")
print(f"  ratio non-saturating / saturating: {g_ns / g_sat:.1f}")
Table([["saturating  log(1 − D(G(z)))", f"{g_sat:+.6f}"], ["non-saturating  −log D(G(z))", f"{g_ns:+.6f}"],
       ["ratio non-saturating / saturating", f"{g_ns / g_sat:.1f}"]],
      ["at D(G(z)) = 1e-3", "∂L_G / ∂ logit"], title="The gradient G receives when D wins, by autograd")

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Through a real discriminator", "points": ["Train $D$: data $\\mathcal N(4, 1.25^2)$ against fakes $\\mathcal N(0, 1)$", "Move a fake sample $x$ away from the data", "Autograd through $D$: $\\partial L_G / \\partial x$ for each loss"]}
# ## Through a real discriminator
#
# The table is about the last step of the chain. Does a trained $D$ change the picture? Train a $D$ to tell
# $p_\text{data} = \mathcal N(4, 1.25^2)$ from a poor generator's $p_g = \mathcal N(0, 1)$ (the helper
# `fit_d.fit_discriminator` trains $D$ alone against fixed samples; chapter 3 uses it in earnest). Then move
# a fake sample $x$ leftwards, away from the data, and ask autograd for $\partial L_G / \partial x$: the
# direction and strength with which $G$ is told to move that sample.

# %% slideshow={"slide_type": "subslide"} slide={"title": "Through a trained $D$: the gradient for a fake $x$", "points": ["The course trains $G$ with `g_loss=\"non_saturating\"`"]}
D_fit = fit_d.fit_discriminator(R, data.gaussian_sampler(0.0, 1.0), fit_d.FitDConfig())
D_fit.requires_grad_(False)  # G's loss flows through D, D's weights stay as they are
x = torch.linspace(-4.0, 3.0, 141).reshape(-1, 1).requires_grad_(True)  # fake samples [141, 1]
fake_logits = D_fit(x)
(dx_sat,) = torch.autograd.grad(losses.generator_loss_saturating(fake_logits), x, retain_graph=True)
(dx_ns,) = torch.autograd.grad(losses.generator_loss_non_saturating(fake_logits), x)
d_of_x = torch.sigmoid(fake_logits).detach().numpy().ravel()
dx_sat, dx_ns = (len(x) * dx_sat).numpy().ravel(), (len(x) * dx_ns).numpy().ravel()

fig, ax = plt.subplots(figsize=(7, 3.8))
ax.loglog(d_of_x, np.abs(dx_sat), label="saturating")
ax.loglog(d_of_x, np.abs(dx_ns), label="non-saturating")
ax.set_xlabel("D(x) of the fake sample x   (x further from the data ←)")
ax.set_ylabel("|∂L_G / ∂x|  (autograd through D)")
ax.set_title("the gradient G receives for a fake sample x, through a trained D")
ax.legend(title="generator loss");

# %% [markdown] slideshow={"slide_type": "fragment"}
# The same picture through a real network: the further a fake sits from the data, the more confident $D$
# is, and the less the saturating loss tells $G$ — while the non-saturating signal stays strong. This is why
# every GAN in this course trains $G$ with `g_loss="non_saturating"` (the default of `TrainConfig`), and why
# the saturating loss is kept only to show what goes wrong.

# %% [markdown] slideshow={"slide_type": "notes"}
# The two losses have the same fixed point but are different games: the non-saturating G is no longer
# minimising the same V that D maximises. Chapter 4 shows what the saturating G loss becomes when D is
# optimal (a JS divergence) and why its gradient vanishes for far-apart distributions.

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Summary", "points": ["$V = \\mathbb E[\\log D(x)] + \\mathbb E[\\log(1 - D(G(z)))]$; the game is $\\min_G \\max_D V$", "BCE on labels 1 and 0 is $-V$: values and gradients", "$k$ steps of $D$, one of $G$: `Trainer.train_step`", "Saturating $G$ loss: gradient $-D(G(z))$, vanishes when $D$ wins", "Non-saturating: $-(1 - D(G(z)))$, strongest when $G$ is worst"]}
# ## Summary
#
# * Per sample, $D$ wants $D(x)$ high on real data and $D(G(z))$ low on fakes; summing the logs gives
#   $V(D, G) = \mathbb E[\log D(x)] + \mathbb E[\log(1 - D(G(z)))]$, and the game is $\min_G \max_D V$.
# * BCE with labels 1/0 is exactly $-V$ (values and gradients): descending it is ascending $V$.
# * Goodfellow's algorithm alternates $k$ updates of $D$ (`TrainConfig.d_steps`) with one of $G$, in the
#   package's one loop, `Trainer.train_step`.
# * The minimax generator loss $\log(1 - D(G(z)))$ has $\partial L/\partial \ell = -D(G(z))$: it vanishes
#   when $D$ wins. The non-saturating $-\log D(G(z))$ has $-(1 - D(G(z)))$: strongest when $G$ is worst.
#   At $D(G(z)) = 10^{-3}$ the difference is a factor of 999.
#
# Next, chapter 3 solves the inner maximisation: which $D$ maximises $V$ for a fixed $G$?

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Exercises", "points": ["$V(D, G)$ for a coin-flip $D(x) = \\tfrac12$", "Both gradients at $D(G(z)) = 0.01$, by autograd", "Where do the two gradients have the same size?"]}
# ## Exercises
#
# **1.** A discriminator that knows nothing says $D(x) = \tfrac12$ for every $x$. What is $V(D, G)$, for any
# $G$? Give a number (you may compute it with `torch` or `math`).

# %% slideshow={"slide_type": "fragment"}
answer_1 = None  # a float
exercises.check_value_of_coin_flip(answer_1);

# %% [markdown] slideshow={"slide_type": "subslide"}
# **2.** At $D(G(z)) = 0.01$, what are $\partial L_G / \partial \ell$ for the saturating and the
# non-saturating losses? Compute them with autograd as above (`per_sample_gradient` is defined in this
# notebook) and pass the pair `(saturating, non_saturating)`.

# %% slideshow={"slide_type": "fragment"}
answer_2 = None  # (saturating, non_saturating), two floats
exercises.check_generator_gradients_at_001(answer_2);

# %% [markdown] slideshow={"slide_type": "subslide"}
# **3.** At which value of $D(G(z))$ do the two gradients have the same size? Give the number.

# %% slideshow={"slide_type": "fragment"}
answer_3 = None  # a float in (0, 1)
exercises.check_equal_gradients_point(answer_3);

# %% [markdown] slideshow={"slide_type": "slide"} slide={"title": "Coding exercises", "points": ["02a: D's loss from its logits, BCE with labels 1 and 0", "02b: G's non-saturating loss $-\\log D(G(z))$ from the fake logits", "Both on logits: exact where $D$ is certain"]}
# ## Coding exercises
#
# The two losses of this chapter, written by you. Each exercise has three cells. Write the body of the function in
# the first, where it says `YOUR CODE HERE` (delete the `raise` line). Run the second: it tries your function on
# test inputs and prints ✓, or a sentence that names what is wrong. The third goes on with your function once it
# passes, and with the course's own until then, so the notebook always runs to the end. In a graded course
# (nbgrader), the second cell also holds hidden tests, run on inputs you do not see.
#
# **Exercise 02a (2 points).** Write `discriminator_loss(real_logits, fake_logits)`, the loss $D$ descends:
# $L_D = -\mathbb E_x[\log D(x)] - \mathbb E_z[\log(1 - D(G(z)))]$, where `real_logits` are $D$'s logits on a
# batch of real samples and `fake_logits` on a batch of $G$'s (shape `[n, 1]`, the two batches may differ in size).
# Return one number, a tensor of shape `[]`. Work on the logits, never on `sigmoid` of them: the section on
# losses above says why.

# %% nbgrader={"grade": false, "grade_id": "ex02a_solution", "locked": false, "schema_version": 3, "solution": true, "task": false}
import torch.nn.functional as F


def discriminator_loss(real_logits, fake_logits):
    """L_D = -E[log D(x)] - E[log(1 - D(G(z)))], from D's logits: one number."""
    ### BEGIN SOLUTION
    real = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
    fake = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    return real + fake
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "ex02a_tests", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
exercises.check_code("02a", discriminator_loss);
### BEGIN HIDDEN TESTS
exercises.grade("02a", discriminator_loss)
### END HIDDEN TESTS

# %% [markdown]
# **Exercise 02b (2 points).** Write `generator_loss(fake_logits)`, the non-saturating loss $G$ descends:
# $L_G = -\mathbb E_z[\log D(G(z))]$, from $D$'s logits on a batch of $G$'s samples. One number again, on logits.

# %% nbgrader={"grade": false, "grade_id": "ex02b_solution", "locked": false, "schema_version": 3, "solution": true, "task": false}
import torch.nn.functional as F  # noqa: F811 -- each solution cell imports what it uses


def generator_loss(fake_logits):
    """L_G = -E[log D(G(z))], the non-saturating generator loss, from D's logits on fakes: one number."""
    ### BEGIN SOLUTION
    return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "ex02b_tests", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
exercises.check_code("02b", generator_loss);
### BEGIN HIDDEN TESTS
exercises.grade("02b", generator_loss)
### END HIDDEN TESTS

# %% [markdown]
# With both losses in hand (yours, or the course's until yours pass), the chapter's two facts once more. A $D$ that
# says $\tfrac12$ everywhere (logit 0) has $L_D = \log 4$, that is $V = -\log 4$ (exercise 1); and at
# $D(G(z)) = 0.01$ the non-saturating loss gives $G$ the gradient $-(1 - 0.01) = -0.99$ per sample (exercise 2).

# %%
d_loss = exercises.use("02a", discriminator_loss)
g_loss = exercises.use("02b", generator_loss)
coin_flip = torch.zeros(4, 1)
print(f"L_D for a coin-flip D: {d_loss(coin_flip, coin_flip).item():.4f} (log 4 = {np.log(4):.4f})")
logit = torch.full((1, 1), float(np.log(0.01 / 0.99)), requires_grad=True)  # D(G(z)) = 0.01
g_loss(logit).backward()
print(f"dL_G/dlogit at D(G(z)) = 0.01: {logit.grad.item():.4f}")
