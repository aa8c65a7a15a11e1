"""GAN losses on discriminator logits l = logit D(x), so D(x) = sigmoid(l), and the losses beyond them.

Identities used throughout: -log sigmoid(l) = softplus(-l) and -log(1 - sigmoid(l)) = softplus(l).

``TrainConfig.loss`` picks a pair (D's loss, G's loss); D's raw output is a logit for "gan" and a score f(x)
(a *critic*) for the others:

- "gan": binary cross-entropy (Goodfellow et al. 2014); G's loss is ``TrainConfig.g_loss``;
- "wasserstein": L_D = E[f(G(z))] - E[f(x)], L_G = -E[f(G(z))] (Arjovsky et al. 2017), with f kept Lipschitz by
  the gradient penalty ``gradient_penalty`` (Gulrajani et al. 2017) or by clipping D's weights;
- "hinge": L_D = E[max(0, 1 - f(x))] + E[max(0, 1 + f(G(z)))], L_G = -E[f(G(z))] (Miyato et al. 2018);
- "least_squares": L_D = E[(f(x) - 1)^2]/2 + E[f(G(z))^2]/2, L_G = E[(f(G(z)) - 1)^2]/2 (Mao et al. 2017).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from .validate import boolean, lookup

__all__ = [
    "discriminator_loss",
    "generator_loss_saturating",
    "generator_loss_non_saturating",
    "G_LOSSES",
    "generator_loss",
    "critic_loss_wasserstein",
    "generator_loss_critic",
    "critic_loss_hinge",
    "critic_loss_least_squares",
    "generator_loss_least_squares",
    "LOSSES",
    "loss_pair",
    "interpolate",
    "gradient_penalty",
]


def _scores(x: object, name: str) -> torch.Tensor:
    """``x`` if it is a float tensor of D's outputs (logits or scores, [n, 1] or [S, n, 1]), else a ValueError."""
    if not isinstance(x, torch.Tensor) or not x.is_floating_point() or x.ndim not in (1, 2, 3):
        got = f"a {x.dtype} tensor of shape {tuple(x.shape)}" if isinstance(x, torch.Tensor) else repr(x)[:60]
        raise ValueError(f"{name} must be D's outputs, a float tensor [n, 1] (D(x) or D(G(z))), got {got}")
    return x


def discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """L_D = -E_x[log D(x)] - E_z[log(1 - D(G(z)))]: BCE with label 1 on real, 0 on fake.

    Minimising L_D is gradient *ascent* on V(D, G) = E[log D(x)] + E[log(1 - D(G(z)))], since L_D = -V.
    """
    _scores(real_logits, "real_logits")
    _scores(fake_logits, "fake_logits")
    real = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
    fake = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    return real + fake


def generator_loss_saturating(fake_logits: torch.Tensor) -> torch.Tensor:
    """L_G = E_z[log(1 - D(G(z)))], the minimax generator loss; its gradient vanishes as D(G(z)) -> 0."""
    _scores(fake_logits, "fake_logits")
    return -F.softplus(fake_logits).mean()  # log(1 - sigmoid(l)) = -softplus(l)


def generator_loss_non_saturating(fake_logits: torch.Tensor) -> torch.Tensor:
    """L_G = -E_z[log D(G(z))]: BCE with label 1 on fakes; strong gradient when D(G(z)) -> 0."""
    _scores(fake_logits, "fake_logits")
    return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))


G_LOSSES = {
    "saturating": generator_loss_saturating,
    "non_saturating": generator_loss_non_saturating,
}


def generator_loss(name: str):
    """The generator loss called ``name`` ("saturating" or "non_saturating")."""
    return lookup(G_LOSSES, name, "g_loss")


# ------------------------------------------------------------------------------------ beyond cross-entropy


def critic_loss_wasserstein(real_scores: torch.Tensor, fake_scores: torch.Tensor) -> torch.Tensor:
    """L_D = E_z[f(G(z))] - E_x[f(x)] = -(the critic's estimate of W1(P_data, P_G)), when f is 1-Lipschitz."""
    _scores(real_scores, "real_scores")
    _scores(fake_scores, "fake_scores")
    return fake_scores.mean() - real_scores.mean()


def generator_loss_critic(fake_scores: torch.Tensor) -> torch.Tensor:
    """L_G = -E_z[f(G(z))]: G raises the critic's score of its samples (Wasserstein and hinge losses)."""
    _scores(fake_scores, "fake_scores")
    return -fake_scores.mean()


def critic_loss_hinge(real_scores: torch.Tensor, fake_scores: torch.Tensor) -> torch.Tensor:
    """L_D = E_x[max(0, 1 - f(x))] + E_z[max(0, 1 + f(G(z)))]: no push once a sample is beyond its margin."""
    _scores(real_scores, "real_scores")
    _scores(fake_scores, "fake_scores")
    return F.relu(1 - real_scores).mean() + F.relu(1 + fake_scores).mean()


def critic_loss_least_squares(real_scores: torch.Tensor, fake_scores: torch.Tensor) -> torch.Tensor:
    """L_D = E_x[(f(x) - 1)^2] / 2 + E_z[f(G(z))^2] / 2: regression of the score on labels 1 (real) and 0 (fake)."""
    _scores(real_scores, "real_scores")
    _scores(fake_scores, "fake_scores")
    return 0.5 * ((real_scores - 1).pow(2).mean() + fake_scores.pow(2).mean())


def generator_loss_least_squares(fake_scores: torch.Tensor) -> torch.Tensor:
    """L_G = E_z[(f(G(z)) - 1)^2] / 2: G pulls the score of its samples towards the real label, 1."""
    _scores(fake_scores, "fake_scores")
    return 0.5 * (fake_scores - 1).pow(2).mean()


# name -> (D's loss, G's loss); "gan" takes its G loss from TrainConfig.g_loss (None here)
LOSSES = {
    "gan": (discriminator_loss, None),
    "wasserstein": (critic_loss_wasserstein, generator_loss_critic),
    "hinge": (critic_loss_hinge, generator_loss_critic),
    "least_squares": (critic_loss_least_squares, generator_loss_least_squares),
}


def loss_pair(loss: str, g_loss: str = "non_saturating"):
    """(D's loss, G's loss) for ``TrainConfig.loss`` (and its ``g_loss``, which only the "gan" loss uses)."""
    d_fn, g_fn = lookup(LOSSES, loss, "loss")
    return d_fn, (generator_loss(g_loss) if g_fn is None else g_fn)


def _got(x: object) -> str:
    if isinstance(x, torch.Tensor):
        return f"a {x.dtype} tensor of shape {tuple(x.shape)}"
    text = repr(x)
    return text if len(text) <= 60 else f"a {type(x).__name__}"


def interpolate(real: torch.Tensor, fake: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    """x_hat = alpha * x + (1 - alpha) * G(z), one alpha ~ U[0, 1] per *sample* (row), so x_hat lies on the segment
    from G(z) to x. (One alpha per coordinate, a classic bug, puts x_hat off that segment.) ``real`` and ``fake``
    are [n, d] or [S, n, d]; ``generator`` draws alpha (one per seed in a list, for a stacked run)."""
    for x, name in ((real, "real"), (fake, "fake")):
        if not isinstance(x, torch.Tensor) or not x.is_floating_point() or x.ndim not in (2, 3):
            raise ValueError(f"{name} must be a float tensor of samples [n, d] (or [S, n, d]), got {_got(x)}")
    if real.shape != fake.shape:
        raise ValueError(f"real and fake must be batches of one shape, got {tuple(real.shape)} and {tuple(fake.shape)}")
    gens = generator if isinstance(generator, list) else [generator]
    if not all(g is None or isinstance(g, torch.Generator) for g in gens) or (
            isinstance(generator, list) and (real.ndim != 3 or len(generator) != len(real))):
        raise ValueError(f"generator must be None, a torch.Generator, or for a stacked run [S, n, d] a list of S of "
                         f"them, got {_got(generator)}")
    if isinstance(generator, list):  # a stacked run: seed k's alphas from seed k's stream, as in its single run
        alpha = torch.stack([torch.rand(real.shape[-2], 1, generator=g) for g in generator])
    else:
        alpha = torch.rand(*real.shape[:-1], 1, generator=generator)
    alpha = alpha.to(real.device)
    return alpha * real.detach() + (1 - alpha) * fake.detach()


def gradient_penalty(critic, x_hat: torch.Tensor, one_sided: bool = False) -> torch.Tensor:
    """E[(|grad_x f(x_hat)| - 1)^2] at interpolates x_hat [.., n, d]: f's slope pulled to 1 between the two sets,
    which is where the optimal critic of W1 has slope 1 (WGAN-GP). ``one_sided``: E[max(0, |grad f| - 1)^2], only
    slopes above 1 cost (WGAN-LP, Petzka et al. 2018). Multiply by lambda (``TrainConfig.gp``)."""
    if not callable(critic) or isinstance(critic, type):
        raise ValueError(f"critic must be D, a torch.nn.Module taking x_hat, got {_got(critic)}")
    if not isinstance(x_hat, torch.Tensor) or not x_hat.is_floating_point() or x_hat.ndim not in (2, 3):
        raise ValueError(f"x_hat must be a float tensor of interpolates [n, d] (losses.interpolate), got {_got(x_hat)}")
    boolean(one_sided, "one_sided")
    x_hat = x_hat.detach().requires_grad_(True)
    try:
        scores = critic(x_hat)
    except RuntimeError as err:  # a critic built for other inputs: said here, with torch's reason
        raise ValueError(f"the critic cannot take x_hat of shape {tuple(x_hat.shape)} (interpolates of real and fake "
                         f"batches): {str(err).splitlines()[0]}") from None
    (grad,) = torch.autograd.grad(scores.sum(), x_hat, create_graph=True)
    excess = grad.norm(dim=-1) - 1
    return (excess.clamp(min=0) if one_sided else excess).pow(2).mean()
