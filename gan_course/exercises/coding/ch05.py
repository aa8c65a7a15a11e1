"""Chapter 05's coding exercise: one training step of a GAN, D's update and then G's, on the course's losses."""

from __future__ import annotations

import torch
from torch import nn

from ... import losses, models
from .base import CodeExercise, Mistake, register

__all__ = ["TRAIN_STEP", "train_step"]

NAMESPACE = {
    "discriminator_loss": losses.discriminator_loss,
    "generator_loss_non_saturating": losses.generator_loss_non_saturating,
}


def train_step(G, D, opt_g, opt_d, real, z):
    """One step of the course's loop (``train.Trainer.train_step`` with d_steps = g_steps = 1, plain features):
    D descends L_D on ``real`` and on G(z) detached, then G descends the non-saturating L_G against the updated D.
    Returns (L_D, L_G) as 0-d tensors."""
    fake = G(z)
    d_loss = losses.discriminator_loss(D(real), D(fake.detach()))
    opt_d.zero_grad()
    d_loss.backward()
    opt_d.step()
    g_loss = losses.generator_loss_non_saturating(D(fake))
    opt_g.zero_grad()
    g_loss.backward()
    opt_g.step()
    return d_loss.detach(), g_loss.detach()


class _Watched(nn.Module):
    """D, recording for each call whether its input carried a graph and whether D had already stepped."""

    def __init__(self, net: nn.Module, log: list) -> None:
        super().__init__()
        self.net = net
        self.log = log

    def forward(self, x):
        if isinstance(x, torch.Tensor):
            self.log.append(("D", bool(x.requires_grad)))
        return self.net(x)


def _flat(net: nn.Module) -> torch.Tensor:
    return torch.cat([p.detach().flatten() for p in net.parameters()])


def _losses(out: object) -> object:
    """The returned (L_D, L_G) as a tensor [2], or ``out`` itself when it is not two numbers."""
    try:
        d, g = out  # type: ignore[misc]
        return torch.tensor([float(d), float(g)])
    except Exception:  # noqa: BLE001 -- the comparison says what came back instead
        return out


def _observe(fn, case: tuple) -> dict:
    """Two calls of ``fn`` on fresh seeded G, D and Adam optimisers: the weights after them, the losses returned,
    the order of the optimisers' steps (1 = D, 2 = G), and per call whether a batch D saw before its own step
    required grad (a fake batch not detached)."""
    real, z = case[0], case[1]
    noise_dim = z.shape[-1] if isinstance(z, torch.Tensor) and z.ndim == 2 else 1
    G = models.mlp_generator(noise_dim, (8,), 1, "elu")
    net_d = models.mlp_discriminator(1, (8,), "elu")
    log: list = []
    D = _Watched(net_d, log)
    opt_g = torch.optim.Adam(G.parameters(), lr=0.01, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(net_d.parameters(), lr=0.01, betas=(0.5, 0.999))
    opt_d.register_step_post_hook(lambda *_: log.append(("step", 1.0)))
    opt_g.register_step_post_hook(lambda *_: log.append(("step", 2.0)))
    returned, graph_in_d_update = [], []
    for _ in range(2):
        start = len(log)
        returned.append(_losses(fn(G, D, opt_g, opt_d, real, z)))
        flag = False
        for what, value in log[start:]:
            if what == "step" and value == 1.0:
                break
            flag = flag or (what == "D" and value)
        graph_in_d_update.append(float(flag))
    steps = [value for what, value in log if what == "step"]
    ok = all(isinstance(r, torch.Tensor) for r in returned)
    return {
        "order of the steps (1 = D, 2 = G)": torch.tensor(steps),
        "fake batch carrying G's graph in D's update (1 = yes)": torch.tensor(graph_in_d_update),
        "D's weights after two calls": _flat(net_d),
        "G's weights after two calls": _flat(G),
        "returned (L_D, L_G) of the two calls": torch.stack(returned) if ok else returned[0],
    }


def _batches(seed: int) -> list[tuple]:
    """A real batch of 16 near 1 and a noise batch of 12 (the two may differ in size)."""
    g = torch.Generator().manual_seed(seed)
    return [(1.0 + 0.5 * torch.randn(16, 1, generator=g), torch.randn(12, 1, generator=g))]


def _edge_cases() -> list[tuple]:
    """Batches of one, 2-d noise, and real data far from where G starts (D certain after one step)."""
    g = torch.Generator().manual_seed(7)
    return [
        (torch.tensor([[2.0]]), torch.tensor([[0.5]])),
        (3.0 + torch.randn(32, 1, generator=g), torch.randn(20, 2, generator=g)),
        (torch.full((8, 1), 10.0), torch.randn(8, 1, generator=g)),
    ]


_STEP = """\
opt_d.zero_grad()
d_loss.backward()
opt_d.step()"""

_G_STEP = """\
opt_g.zero_grad()
g_loss.backward()
opt_g.step()"""

TRAIN_STEP = register(
    CodeExercise(
        key="05a",
        title="one training step",
        signature="def train_step(G, D, opt_g, opt_d, real, z):",
        solution=f"""\
fake = G(z)
d_loss = discriminator_loss(D(real), D(fake.detach()))
{_STEP}
g_loss = generator_loss_non_saturating(D(fake))
{_G_STEP}
return d_loss.detach(), g_loss.detach()""",
        reference=train_step,
        course_name="gan_course.exercises.coding.ch05.train_step",
        cases=_batches,
        observe=_observe,
        hidden_cases=_edge_cases,
        points=3,
        tol=1e-5,
        namespace=NAMESPACE,
        mistakes=(
            Mistake(
                "missing detach",
                "D's loss backpropagates into G: the fake batch D sees in its own update still carries G's graph, so "
                "d_loss.backward() also computes gradients for G's weights, which D's step does not use (wasted "
                "work, and wrong G steps wherever G's gradients are not cleared before its own backward). In D's "
                "update, pass the fake batch detached: D(fake.detach()).",
                f"""\
d_loss = discriminator_loss(D(real), D(G(z)))
{_STEP}
g_loss = generator_loss_non_saturating(D(G(z)))
{_G_STEP}
return d_loss.detach(), g_loss.detach()""",
            ),
            Mistake(
                "no zero_grad",
                "Your step never clears the gradients: backward() adds to .grad, so from the second call on each "
                "step follows the sum of this step's gradients and all earlier ones (G's loss also leaves "
                "gradients in D's weights). Call opt_d.zero_grad() before d_loss.backward() and opt_g.zero_grad() "
                "before g_loss.backward().",
                """\
fake = G(z)
d_loss = discriminator_loss(D(real), D(fake.detach()))
d_loss.backward()
opt_d.step()
g_loss = generator_loss_non_saturating(D(fake))
g_loss.backward()
opt_g.step()
return d_loss.detach(), g_loss.detach()""",
            ),
            Mistake(
                "G updated first",
                "Your step updates G before D. The course's loop (Goodfellow's algorithm) first trains D on the "
                "current G, so that G then learns against a D that has just seen its samples: D's update first, "
                "then G's.",
                f"""\
fake = G(z)
g_loss = generator_loss_non_saturating(D(fake))
{_G_STEP}
d_loss = discriminator_loss(D(real), D(fake.detach()))
{_STEP}
return d_loss.detach(), g_loss.detach()""",
            ),
            Mistake(
                "saturating G loss",
                "Your G descends the saturating loss log(1 - D(G(z))), whose gradient vanishes when D is sure the "
                "samples are fake, early in training. Use the non-saturating loss -log D(G(z)): "
                "generator_loss_non_saturating(D(fake)).",
                f"""\
fake = G(z)
d_loss = discriminator_loss(D(real), D(fake.detach()))
{_STEP}
g_loss = -torch.nn.functional.softplus(D(fake)).mean()  # log(1 - D(G(z))) on logits
{_G_STEP}
return d_loss.detach(), g_loss.detach()""",
            ),
            Mistake(
                "G against the old D",
                "Your G's loss comes from D's logits computed before D's step, and both players step after both "
                "backward passes: G then learns against the D from before its update, and G's backward adds its "
                "gradient to D's weights before D steps. Finish D's update (zero_grad, backward, step) first, then "
                "call D(fake) again for G's loss.",
                """\
fake = G(z)
d_loss = discriminator_loss(D(real), D(fake.detach()))
g_loss = generator_loss_non_saturating(D(fake))
opt_d.zero_grad()
opt_g.zero_grad()
d_loss.backward()
g_loss.backward()
opt_d.step()
opt_g.step()
return d_loss.detach(), g_loss.detach()""",
            ),
        ),
    )
)
