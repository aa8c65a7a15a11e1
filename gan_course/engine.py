"""Training steps of the stacked small MLPs with the forward and backward passes written out (no autograd).

The 1-D and 2-D GANs of chapters 5, 6, 10 and 11 are so small that autograd's bookkeeping (a graph per step, a
node per operation, R1's double backward) costs more than their arithmetic. For a stacked run (``gan_course.
batched``: every linear layer a ``SeedLinear``, weights ``W [S, in, out]``, one seed per leading index) this module
computes the same losses and the same gradients by hand, layer by layer, and hands them to the ``Trainer``'s Adam:

    forward   y = x @ W + b           (torch.baddbmm; a layer 1 or 2 wide in, or 1 wide out: elementwise)
    backward  dW = x^T @ dy,  db = sum_rows dy,  dx = dy @ W^T

Activations keep what their derivative needs (leaky ReLU and ReLU their input, ELU, sigmoid and tanh their
output). The loss's derivative in D's outputs is written per loss (cross-entropy on logits: sigmoid(l) - label).
The gradient penalties are in closed form for piecewise-linear D (leaky ReLU, ReLU): D's slope in its input,
g = d logit / dx, is D's backward pass of a one, a product of D's weights and the fixed masks of its activations;
R1, gamma/2 E[|g|^2 Var(x)], and WGAN-GP, lambda E[(|g| - 1)^2], are functions of g, and their gradient in the
weights is that chain differentiated once more (the masks do not move: their derivative is zero almost everywhere,
as in autograd's double backward). For R1 the chain runs once over all rows and serves twice: row r's gradient of
the loss at a layer's output is dL/dlogit_r times the chain there (no separate backward pass), and on the real rows
it is R1's g; differentiating R1 then costs two [n, h] x [h, h] products per hidden pair, over the real rows only.
Adam's step is torch's fused kernel on the optimiser's own state, called directly (``adam_step``).

``Engine.for_trainer`` returns the engine for a Trainer's models and config, or None where it does not apply (a
single run of plain ``nn.Linear`` layers, spectral normalisation, a feature map or activation it does not know,
a penalty through a curved activation, reused fake batches); ``why_not`` says why in words. The ``Trainer`` uses
it automatically (``TrainConfig.engine = "auto"``); ``engine="autograd"`` keeps the reference path. Each seed's
gradient is that of its own loss, as autograd's, to float rounding (tests/test_engine.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch
import torch.nn.functional as F
from torch import nn

from . import losses
from .batched import SeedLinear
from .models import ELU, MLP, Affine, AveragedGenerator

if TYPE_CHECKING:
    from .train import Trainer

__all__ = ["Engine", "why_not", "describe", "adam_step", "ENGINES"]

ENGINES = ("auto", "autograd")  # TrainConfig.engine: written out where it applies, else autograd; autograd always

_aten = torch.ops.aten

# ------------------------------------------------------------------------------------------------ a network's plan
# A plan is the network as a list of steps: ("linear", layer), ("affine", loc, scale), ("leaky", slope) for leaky
# ReLU and ReLU (slope 0), ("elu",), ("sigmoid",), ("tanh",).
Plan = list[tuple]


class Unsupported(Exception):
    """A network, feature map or setting the written-out engine does not handle: the Trainer uses autograd."""


def plan_of(module: nn.Module) -> Plan:
    """The steps of a stacked network in training mode, or ``Unsupported`` naming the layer it cannot take."""
    if isinstance(module, AveragedGenerator):
        return plan_of(module.net)  # training uses the trained weights; the average is for sampling
    if isinstance(module, MLP):
        return plan_of(module.net)
    if isinstance(module, nn.Sequential):
        return [step for child in module for step in plan_of(child)]
    if isinstance(module, SeedLinear):
        if hasattr(module, "u"):
            raise Unsupported("spectral normalisation (its power iteration is left to autograd)")
        return [("linear", module)]
    if isinstance(module, nn.Linear):
        raise Unsupported("a single run's nn.Linear layers (the engine takes stacked runs: TrainConfig.seeds)")
    if isinstance(module, Affine):
        if module.loc.dim() != 3 or module.scale.dim() != 3:
            raise Unsupported("an Affine layer of a single run")
        return [("affine", module.loc, module.scale)]
    if isinstance(module, nn.LeakyReLU):
        return [("leaky", float(module.negative_slope))]
    if isinstance(module, nn.ReLU):
        return [("leaky", 0.0)]
    if isinstance(module, ELU):
        return [("elu",)]
    if isinstance(module, nn.Sigmoid):
        return [("sigmoid",)]
    if isinstance(module, nn.Tanh):
        return [("tanh",)]
    if isinstance(module, nn.Identity):
        return []
    raise Unsupported(f"a {type(module).__name__} layer")


def forward(plan: Plan, x: torch.Tensor, cache: list | None) -> torch.Tensor:
    """The network's output for x [S, n, d]; ``cache`` (a list) receives what ``backward`` needs, one entry a step."""
    for step in plan:
        kind = step[0]
        if kind == "linear":
            w, b = step[1].weight, step[1].bias
            if cache is not None:
                cache.append(x)
            x = _linear(x, w, b)
        elif kind == "leaky":
            if cache is not None:
                cache.append(x)
            x = F.leaky_relu(x, step[1]) if step[1] else torch.relu(x)
        elif kind == "affine":
            if cache is not None:
                cache.append(None)
            x = step[1] + step[2] * x
        elif kind == "elu":  # max(x, e^min(x, 0) - 1), as models.ELU computes it
            x = torch.maximum(x, x.clamp(max=0).exp_().sub_(1))
            if cache is not None:
                cache.append(x)
        elif kind == "sigmoid":
            x = torch.sigmoid(x)
            if cache is not None:
                cache.append(x)
        elif kind == "tanh":
            x = torch.tanh(x)
            if cache is not None:
                cache.append(x)
    return x


def _linear(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """x @ W + b per seed; a layer 1 or 2 wide in, or 1 wide out, elementwise (a product with a side of 1 or 2 runs
    far below the machine's product rate: measured here, 3x slower than the elementwise form)."""
    if w.shape[1] == 1:  # an outer product
        return torch.addcmul(b, x, w)
    if w.shape[1] == 2:
        return torch.addcmul(torch.addcmul(b, x[..., :1], w[:, :1]), x[..., 1:], w[:, 1:])
    if w.shape[2] == 1:  # a weighted sum of each row
        return (x * w.transpose(1, 2)).sum(dim=-1, keepdim=True).add_(b)
    return torch.baddbmm(b, x, w)


def _weight_grad(x: torch.Tensor, dy: torch.Tensor) -> torch.Tensor:
    """dW = x^T @ dy per seed, [S, in, out]; for one output column elementwise (see ``_linear``)."""
    if dy.shape[2] == 1:
        return (x * dy).sum(dim=1, keepdim=True).transpose(1, 2)
    return torch.bmm(x.transpose(1, 2), dy)


def _input_grad(w: torch.Tensor, dy: torch.Tensor) -> torch.Tensor:
    """dx = dy @ W^T per seed; for a layer 1 wide in or out, elementwise (see ``_linear``)."""
    if w.shape[2] == 1:  # 1 wide out: dy * W^T
        return dy * w.transpose(1, 2)
    if w.shape[1] == 1:  # 1 wide in: a weighted sum of dy's row
        return (dy * w).sum(dim=-1, keepdim=True)
    return torch.bmm(dy, w.transpose(1, 2))


def _accumulate(grads: dict, layer: SeedLinear, dw: torch.Tensor, db: torch.Tensor | None) -> None:
    """Add (dW, db) to ``grads[layer]`` (db None: the bias gets nothing from this term)."""
    acc = grads.get(layer)
    if acc is None:
        grads[layer] = [dw, db]
        return
    acc[0] = acc[0] + dw
    if db is not None:
        acc[1] = db if acc[1] is None else acc[1] + db


def _mask_grad(step: tuple, saved: torch.Tensor, dy: torch.Tensor) -> torch.Tensor:
    """dy times the derivative of an activation step at its saved input (leaky) or output (elu, sigmoid, tanh)."""
    kind = step[0]
    if kind == "leaky":
        return _aten.leaky_relu_backward(dy, saved, step[1], False) if step[1] else _aten.threshold_backward(
            dy, saved, 0.0)
    if kind == "elu":
        return dy * (saved.clamp(max=0) + 1)
    if kind == "sigmoid":
        return _aten.sigmoid_backward(dy, saved)
    return _aten.tanh_backward(dy, saved)  # tanh


def backward(plan: Plan, cache: list, dy: torch.Tensor, grads: dict | None,
             need_input: bool = True) -> torch.Tensor | None:
    """Back-propagate dy (dL/d output) through ``plan``; with ``grads`` (a dict layer -> [dW, db]) the weights'
    gradients are added there. Returns dL/d input (None when ``need_input`` is False and the first step is a layer)."""
    for i in range(len(plan) - 1, -1, -1):
        step, saved = plan[i], cache[i]
        kind = step[0]
        if kind == "linear":
            if grads is not None:
                _accumulate(grads, step[1], _weight_grad(saved, dy), dy.sum(dim=1, keepdim=True))
            if i == 0 and not need_input:
                return None
            dy = _input_grad(step[1].weight, dy)
        elif kind == "affine":
            dy = dy * step[2]
        else:
            dy = _mask_grad(step, saved, dy)
    return dy


# --------------------------------------------------------------------------------------- D's slope in its input
def _slope_chain(plan: Plan, cache: list, rows: slice | None) -> tuple[torch.Tensor, list]:
    """g = d logit / d phi for each row (D piecewise linear), and the adjoint vectors that ``_slope_grads`` needs.

    Backward from a one: u <- u W^T through a layer (recording u at its output), u <- u * mask through an
    activation, u <- u * scale through an affine step."""
    outs: list = [None] * len(plan)
    u: torch.Tensor | None = None  # None: the ones at D's output, not yet expanded
    for i in range(len(plan) - 1, -1, -1):
        step, saved = plan[i], cache[i]
        if saved is not None and rows is not None:
            saved = saved[:, rows]
        kind = step[0]
        if kind == "linear":
            w = step[1].weight
            outs[i] = u
            # the last layer: 1 . W^T, the same row [S, 1, in] for every sample
            u = w.transpose(1, 2) if u is None else _input_grad(w, u)
        elif kind == "affine":
            u = u * step[2]
        else:  # leaky: the mask of the saved input
            if u.shape[1] != saved.shape[1]:
                u = u.expand(-1, saved.shape[1], -1)
            u = _mask_grad(step, saved, u)
    return u, outs


def _slope_grads(plan: Plan, cache: list, outs: list, v: torch.Tensor, grads: dict, rows: slice | None) -> None:
    """Add to ``grads`` the weights' gradient of a penalty whose gradient in the slope g is ``v`` (the chain of
    ``_slope_chain`` differentiated in the weights, masks fixed; biases get none)."""
    for i, step in enumerate(plan):
        kind = step[0]
        if kind == "affine":
            v = v * step[2]
        elif kind == "leaky":
            saved = cache[i] if rows is None else cache[i][:, rows]
            v = _mask_grad(step, saved, v)
        elif kind == "linear":
            layer = step[1]
            w, u = layer.weight, outs[i]
            if u is None:  # the last layer: dW = sum over rows of v, as a column
                dw = v.sum(dim=1, keepdim=True).transpose(1, 2)
            elif w.shape[1] == 1:
                dw = (v * u).sum(dim=1, keepdim=True)
            else:
                dw = torch.bmm(v.transpose(1, 2), u)
            _accumulate(grads, layer, dw, None)
            if u is None:
                return
            v = v * w if w.shape[1] == 1 else torch.bmm(v, w)


def _chain_loss_grads(plan: Plan, cache: list, outs: list, dl: torch.Tensor, grads: dict) -> None:
    """The loss's weight gradients of a piecewise-linear D from its slope chain (``_slope_chain`` over all rows):
    at a layer's output row r's gradient is dl_r u_r, so dW = x^T (dl * u) and db = sum_r dl_r u_r."""
    for i, step in enumerate(plan):
        if step[0] != "linear":
            continue
        x, u = cache[i], outs[i]
        dy = dl if u is None else u * dl
        _accumulate(grads, step[1], _weight_grad(x, dy), dy.sum(dim=1, keepdim=True))


# --------------------------------------------------------------------------------------------- feature maps
def _moments_forward(x: torch.Tensor) -> tuple[torch.Tensor, tuple]:
    """(mean, std, skewness, excess kurtosis) of each row, as ``features.moments`` computes them, and what the
    backward pass needs."""
    mean = x.mean(dim=-1, keepdim=True)
    centred = x - mean
    std = centred.pow(2).mean(dim=-1, keepdim=True).sqrt()
    z = centred / (std + 1e-8)
    z2 = z * z
    skew = (z2 * z).mean(dim=-1, keepdim=True)
    kurt = (z2 * z2).mean(dim=-1, keepdim=True) - 3.0
    return torch.cat([mean, std, skew, kurt], dim=-1), (centred, std, z, z2)


def _moments_backward(saved: tuple, d: torch.Tensor) -> torch.Tensor:
    """dL/dx from dL/d(mean, std, skew, kurt) per row: with z = c / (s + eps), c = x - mean, s^2 = mean(c^2),
    dz = (3 z^2 dskew + 4 z^3 dkurt) / N; dc = dz / (s + eps) + (dstd - sum(dz c) / (s + eps)^2) c / (N s);
    dx = dc - mean(dc) + dmean / N."""
    centred, std, z, z2 = saved
    n = centred.shape[-1]
    dmean, dstd, dskew, dkurt = d[..., 0:1], d[..., 1:2], d[..., 2:3], d[..., 3:4]
    denom = std + 1e-8
    dz = z2 * (3.0 * dskew + 4.0 * dkurt * z) / n
    ds = dstd - (dz * centred).sum(dim=-1, keepdim=True) / (denom * denom)
    dc = dz / denom + centred * (ds / (n * std))
    return dc - dc.mean(dim=-1, keepdim=True) + dmean / n


def _phi_forward(name: str, x: torch.Tensor) -> tuple[torch.Tensor, object]:
    if name == "raw":
        return x, None
    if name == "pack2":
        return x.reshape(x.shape[0], x.shape[1] // 2, 2 * x.shape[2]), None
    if name == "moments":
        return _moments_forward(x)
    # minibatch_diffs: [x_1..x_n, (x_1 - m)^2 ..] as one row
    flat = x.reshape(x.shape[0], 1, -1)
    centred = flat - flat.mean(dim=-1, keepdim=True)
    return torch.cat([flat, centred.pow(2)], dim=-1), centred


def _phi_backward(name: str, x_shape: torch.Size, saved: object, d: torch.Tensor) -> torch.Tensor:
    if name in ("raw", "pack2"):
        return d.reshape(x_shape)
    if name == "moments":
        return _moments_backward(saved, d)
    # minibatch_diffs: dx_i = a_i + 2 b_i c_i - (2 / n) sum_j b_j c_j
    n = x_shape[1] * x_shape[2]
    a, b = d[..., :n], d[..., n:]
    bc = b * saved
    dx = a + 2 * bc - (2.0 / n) * bc.sum(dim=-1, keepdim=True)
    return dx.reshape(x_shape)


FEATURES = ("raw", "pack2", "minibatch_diffs", "moments")


# ------------------------------------------------------------------------------------------------ losses
def _d_loss_grads(loss: str, logits: torch.Tensor, n_real: int) -> torch.Tensor:
    """dL_D / d logits (each seed's own loss: means over that seed's rows) for real rows then fake rows."""
    real, fake = logits[:, :n_real], logits[:, n_real:]
    if loss == "gan":  # d/dl BCE(l, y) = sigmoid(l) - y
        return torch.cat([torch.sigmoid(real).sub_(1).div_(real.shape[1]),
                          torch.sigmoid(fake).div_(fake.shape[1])], dim=1)
    if loss == "wasserstein":
        return torch.cat([torch.full_like(real, -1.0 / real.shape[1]), torch.full_like(fake, 1.0 / fake.shape[1])],
                         dim=1)
    if loss == "hinge":
        return torch.cat([-(real < 1).to(real.dtype) / real.shape[1], (fake > -1).to(fake.dtype) / fake.shape[1]],
                         dim=1)
    # least squares: (f - 1) / n on real, f / n on fake
    return torch.cat([(real - 1) / real.shape[1], fake / fake.shape[1]], dim=1)


def _g_loss_grads(loss: str, g_loss: str, logits: torch.Tensor) -> torch.Tensor:
    n = logits.shape[1]
    if loss == "gan":
        if g_loss == "non_saturating":  # -log sigmoid(l): sigmoid(l) - 1
            return torch.sigmoid(logits).sub_(1).div_(n)
        return torch.sigmoid(logits).neg_().div_(n)  # log(1 - sigmoid(l)) = -softplus(l): -sigmoid(l)
    if loss in ("wasserstein", "hinge"):
        return torch.full_like(logits, -1.0 / n)
    return (logits - 1) / n  # least squares


# ------------------------------------------------------------------------------------------------ the engine
def _why_not(trainer: Trainer) -> str | None:
    cfg = trainer.config
    if getattr(cfg, "engine", "auto") == "autograd":
        return "TrainConfig.engine is 'autograd'"
    if trainer.n_seeds < 1 or cfg.seeds is None:
        return "a single run (the engine takes stacked runs: TrainConfig.seeds)"
    if cfg.reuse_fake:
        return "reuse_fake (G's first update reuses D's fake batch)"
    if cfg.d_features not in FEATURES:
        return f"d_features={cfg.d_features!r} (the engine knows {', '.join(FEATURES)})"
    try:
        d_plan, g_plan = plan_of(trainer.D), plan_of(trainer.G)
    except Unsupported as err:
        return str(err)
    for plan, who in ((d_plan, "D"), (g_plan, "G")):
        if not any(step[0] == "linear" for step in plan):
            return f"{who} has no linear layer"
    if d_plan[-1][0] != "linear" or d_plan[-1][1].weight.shape[2] != 1:
        return "D does not end in a linear layer with one output"
    if (cfg.r1 or cfg.gp) and (any(s[0] in ("elu", "sigmoid", "tanh") for s in d_plan) or cfg.d_features
                               in ("minibatch_diffs", "moments")):
        return "a gradient penalty through a curved activation or feature map (left to autograd's double backward)"
    return None


def adam_step(opt: torch.optim.Optimizer) -> bool:
    """Adam's step for every parameter with a gradient, as ``opt.step()`` takes it with ``fused=True`` (the same kernel
    on the same state: the step counts, then ``torch._fused_adam_``), without the optimiser's per-call bookkeeping
    (a quarter of a small stacked step's time, measured here). False, doing nothing, where that does not apply (the
    first step, which creates the state; several groups; options other than plain fused Adam): call
    ``opt.step()``."""
    if not isinstance(opt, torch.optim.Adam) or len(opt.param_groups) != 1 or not hasattr(torch, "_fused_adam_"):
        return False
    group = opt.param_groups[0]
    if not group.get("fused") or group.get("amsgrad") or group.get("maximize") or group.get("differentiable") or (
            group.get("capturable") or group.get("decoupled_weight_decay")):
        return False
    params, grads, avgs, sqs, steps = [], [], [], [], []
    for p in group["params"]:
        if p.grad is None:
            continue
        state = opt.state.get(p)
        if not state or "exp_avg" not in state:
            return False
        params.append(p)
        grads.append(p.grad)
        avgs.append(state["exp_avg"])
        sqs.append(state["exp_avg_sq"])
        steps.append(state["step"])
    if not params or len({(p.device, p.dtype) for p in params}) != 1:
        return False
    beta1, beta2 = group["betas"]
    lr = group["lr"]
    torch._foreach_add_(steps, 1)
    torch._fused_adam_(params, grads, avgs, sqs, [], steps, amsgrad=False, lr=float(lr) if not isinstance(
        lr, torch.Tensor) else lr, beta1=float(beta1), beta2=float(beta2), weight_decay=float(group["weight_decay"]),
                       eps=float(group["eps"]), maximize=False, grad_scale=None, found_inf=None)
    return True


def why_not(trainer: Trainer) -> str | None:
    """Why the written-out engine does not train ``trainer``'s run, in words; None when it does."""
    return _why_not(trainer)


def describe(trainer: Trainer) -> str:
    """How ``trainer``'s gradients are computed, in words, for a record's ``made_with``."""
    reason = _why_not(trainer)
    return "gradients written out (gan_course.engine)" if reason is None else f"gradients by autograd ({reason})"


class Engine:
    """The D and G updates' losses and gradients for one Trainer's stacked models, computed by hand.

    ``d_grads(real, fake)`` and ``g_grads(z)`` set the ``.grad`` of D's (or G's) parameters, as
    ``(loss * S).backward()`` would, and return what the autograd path returns; the Trainer steps Adam after.
    """

    def __init__(self, trainer: Trainer) -> None:
        cfg = trainer.config
        self.trainer = trainer
        self.d_plan, self.g_plan = plan_of(trainer.D), plan_of(trainer.G)
        self.loss, self.g_loss, self.features = cfg.loss, cfg.g_loss, cfg.d_features
        self.r1, self.gp, self.one_sided = float(cfg.r1), float(cfg.gp), bool(cfg.gp_one_sided)
        self.d_loss_fn, self.g_loss_fn = losses.loss_pair(cfg.loss, cfg.g_loss)

    @classmethod
    def for_trainer(cls, trainer: Trainer) -> Engine | None:
        """The engine for ``trainer``'s models and config, or None where it does not apply (``why_not``)."""
        return None if _why_not(trainer) is not None else cls(trainer)

    @staticmethod
    def _set_grads(module: nn.Module, grads: dict) -> None:
        for layer, (dw, db) in grads.items():
            layer.weight.grad = dw
            layer.bias.grad = db if db is not None else torch.zeros_like(layer.bias)

    @torch.no_grad()  # the gradients are computed here: autograd records nothing
    def d_grads(self, real: torch.Tensor, fake: torch.Tensor, rng) -> tuple[torch.Tensor, ...]:
        """L_D (+ penalties) for one D update: sets D's gradients; returns (loss_D, real logits, fake logits)."""
        phi_real, _ = _phi_forward(self.features, real)
        phi_fake, _ = _phi_forward(self.features, fake)
        n_real = phi_real.shape[1]
        cache: list = []
        logits = forward(self.d_plan, torch.cat([phi_real, phi_fake], dim=1), cache)
        real_logits, fake_logits = logits[:, :n_real], logits[:, n_real:]
        loss = self.d_loss_fn(real_logits, fake_logits)
        grads: dict = {}
        dl = _d_loss_grads(self.loss, logits, n_real)
        if self.r1:
            # D is piecewise linear: its slope chain over all rows gives the loss's gradients (row r's gradient at a
            # layer's output is dl_r times the chain there) and, on the real rows, R1's slope g
            rows = slice(0, n_real)
            g, outs = _slope_chain(self.d_plan, cache, None)
            _chain_loss_grads(self.d_plan, cache, outs, dl, grads)
            g = _phi_backward(self.features, real.shape, None, g[:, rows])  # per sample: [S, n, d]
            outs = [u if u is None else u[:, rows] for u in outs]
            spread = real.var(dim=-2, keepdim=True)
            v = g * spread * (self.r1 / real.shape[1])
            _slope_grads(self.d_plan, cache, outs, _phi_backward_adjoint(self.features, v), grads, rows)
        else:
            backward(self.d_plan, cache, dl, grads, need_input=False)
        if self.gp:
            x_hat = losses.interpolate(real, fake, rng)
            phi_hat, _ = _phi_forward(self.features, x_hat)
            hat_cache: list = []
            forward(self.d_plan, phi_hat, hat_cache)
            g, outs = _slope_chain(self.d_plan, hat_cache, None)
            g = _phi_backward(self.features, x_hat.shape, None, g)
            norm = g.norm(dim=-1, keepdim=True)
            excess = norm - 1
            if self.one_sided:
                excess = excess.clamp(min=0)
            v = g * (excess * (2 * self.gp / x_hat.shape[1]) / norm)
            _slope_grads(self.d_plan, hat_cache, outs, _phi_backward_adjoint(self.features, v), grads, None)
        self._set_grads(self.trainer.D, grads)
        return loss.detach(), real_logits, fake_logits

    @torch.no_grad()
    def generate(self, z: torch.Tensor) -> torch.Tensor:
        """G(z) with the weights being trained (no gradients): the fake batch of a D update."""
        return forward(self.g_plan, z, None)

    @torch.no_grad()
    def g_grads(self, z: torch.Tensor) -> torch.Tensor:
        """L_G for one G update on noise z: sets G's gradients (D's weights untouched); returns loss_G."""
        g_cache: list = []
        fake = forward(self.g_plan, z, g_cache)
        phi, saved = _phi_forward(self.features, fake)
        d_cache: list = []
        logits = forward(self.d_plan, phi, d_cache)
        loss = self.g_loss_fn(logits)
        d_phi = backward(self.d_plan, d_cache, _g_loss_grads(self.loss, self.g_loss, logits), None)
        grads: dict = {}
        backward(self.g_plan, g_cache, _phi_backward(self.features, fake.shape, saved, d_phi), grads,
                 need_input=False)
        self._set_grads(self.trainer.G, grads)
        return loss.detach()


def _phi_backward_adjoint(name: str, v: torch.Tensor) -> torch.Tensor:
    """A gradient in the per-sample slope, [S, n, d], as one in the slope of D's input rows (the reshape of pack2
    undone; raw: itself)."""
    if name == "pack2":
        return v.reshape(v.shape[0], v.shape[1] // 2, 2 * v.shape[2])
    return v

