"""The course's one GAN training loop, driven by a ``TrainConfig`` and extended with callbacks.

One *step* is Goodfellow's alternating algorithm once: ``d_steps`` updates of D on a real and a fake
batch, then ``g_steps`` updates of G. The loop records a ``History`` (losses, mean D(x), mean D(G(z)))
and calls each callback after every step; plots, progress bars and dashboards are callbacks.

What the loop adds to plain updates (R1, the gradient penalty, weight clipping, unrolling) are small objects in
``gan_course.regularisers``, composed from the config. The loop does no avoidable work: one D pass over real and
fake together (D treats rows independently, so this
equals two passes), no graph through G while D learns, no gradients into D's weights while G learns, and
with ``reuse_fake`` the G step reuses the fake batch already generated for the D step (mnist-tanh).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, fields, replace

import torch
from torch import nn

from . import engine as _engine
from . import features as _features
from . import losses
from .batched import PerSeed
from .data import Sampler, TensorSampler, fits_data
from .regularisers import R1, GradientPenalty, Regularisers, Unrolled, WeightClip
from .runtime import default_threads, num_threads, pick_device
from .validate import (
    MAX_BATCH,
    MAX_SAMPLES,
    MAX_THREADS,
    boolean,
    count,
    device_name,
    integer,
    number,
    positive_number,
    step_count,
)
from .validate import seed as validate_seed

__all__ = ["TrainConfig", "History", "TrainingDiverged", "MAX_LOSS", "Callback", "Trainer"]


@dataclass(frozen=True)
class TrainConfig:
    """Hyperparameters of one training run. Override fields with ``dataclasses.replace``."""

    steps: int = 2000  # alternating steps (one step = d_steps D updates, then g_steps G updates)
    batch_size: int = 64  # samples per real batch and per fake batch
    d_steps: int = 1  # k in Goodfellow's algorithm: D updates per step
    g_steps: int = 1  # G updates per step (0: train D alone against a fixed G, as chapter 3 does)
    lr_d: float = 1e-3  # Adam learning rate of D
    lr_g: float = 1e-3  # Adam learning rate of G
    betas: tuple[float, float] = (0.5, 0.999)  # Adam (beta1, beta2)
    loss: str = "gan"  # the pair of losses (gan_course.losses.LOSSES): "gan" (cross-entropy on D's logit),
    # "wasserstein" (D is a critic f: L_D = E f(G(z)) - E f(x)), "hinge" or "least_squares"
    g_loss: str = "non_saturating"  # loss "gan" only: "non_saturating" -log D(G(z)); "saturating" log(1 - D(G(z)))
    gp: float = 0.0  # lambda of the gradient penalty (WGAN-GP): L_D + lambda * E[(|grad f(x_hat)| - 1)^2] at
    # x_hat = alpha x + (1 - alpha) G(z), one alpha ~ U[0, 1] per sample; 0: none
    gp_one_sided: bool = False  # the penalty on slopes above 1 only, E[max(0, |grad f| - 1)^2] (WGAN-LP)
    clip: float | None = None  # after each D update, clip D's weights to [-clip, clip] (the first WGAN); None: no
    unroll: int = 0  # G's loss is taken against D after this many more D updates on new batches, then D is put
    # back as it was (unrolled GAN, first order: no gradient through those updates); 0: against D as it is
    d_features: str = "raw"  # what D sees of a batch: "raw", "minibatch_diffs" or "moments" (gan_course.features)
    reuse_fake: bool = False  # first G update reuses the last D update's fake batch instead of new noise
    r1: float = 0.0  # gamma of the R1 penalty on D (0: none): L_D + gamma/2 * E_x[|grad_x logit D(x)|^2 * Var(x)]
    # on real batches, in units of the batch's spread so that one gamma fits data of any scale; d_features "raw"
    cosine_t_max: int | None = None  # if set, cosine-anneal both lrs with this period in updates (simple-gaussian)
    eta_min: float = 0.0  # lower end of the cosine annealing
    seed: int = 0  # seeds the noise and data order of the run (build the models after seed_everything)
    seeds: tuple[int, ...] | None = None  # a stacked run (gan_course.batched): one noise and data stream per
    # seed, the models carry a leading seed axis and each seed's loss is its own run's; None: one run, ``seed``
    device: str | None = None  # "cpu", "cuda", or None for the GPU when present
    matmul_precision: str | None = None  # during run(): "highest" (float32), "high"/"medium" (faster, lower-
    # precision products on hardware that has them, e.g. bfloat16 on recent CPUs); None keeps torch's setting
    num_threads: int | None = None  # CPU threads during run(); 1 avoids threads spinning against other busy
    # processes (two notebooks under pytest -n 2 on 2 cores) and makes the numbers independent of the core count
    engine: str = "auto"  # "auto": a stacked run of small MLPs computes its gradients with the forward and backward
    # written out (gan_course.engine), where that applies, else autograd; "autograd": always autograd (the reference)

    def __post_init__(self) -> None:
        for name in ("batch_size", "d_steps"):
            integer(getattr(self, name), f"TrainConfig.{name}")
        step_count(self.steps, "TrainConfig.steps")
        count(self.batch_size, "TrainConfig.batch_size", MAX_BATCH, hint="a slice of the data; 64 to 256 is usual")
        integer(self.g_steps, "TrainConfig.g_steps", minimum=0)
        for name in ("lr_d", "lr_g"):
            positive_number(getattr(self, name), f"TrainConfig.{name}")
        if not (isinstance(self.betas, tuple) and len(self.betas) == 2):
            hint = f": write tuple({self.betas!r})" if isinstance(self.betas, list) else ""
            raise ValueError(f"TrainConfig.betas must be two numbers in [0, 1), a tuple like (0.5, 0.999), got "
                             f"{self.betas!r}{hint}")
        for i, b in enumerate(self.betas):
            number(b, f"TrainConfig.betas[{i}] (betas must be two numbers)", 0.0, 1.0, "(0.5, 0.999)", high_open=True)
        for name in ("reuse_fake", "gp_one_sided"):
            boolean(getattr(self, name), f"TrainConfig.{name}")
        losses.loss_pair(self.loss, self.g_loss)  # an unknown name is reported with the choices
        if self.loss != "gan" and self.g_loss != "non_saturating":
            raise ValueError(f"TrainConfig.g_loss is for loss='gan'; loss={self.loss!r} has its own G loss: "
                             "leave g_loss at 'non_saturating'")
        number(self.gp, "TrainConfig.gp", 0.0, 1e6, "10.0 (the WGAN-GP paper's lambda)")
        if self.clip is not None:
            positive_number(self.clip, "TrainConfig.clip", "0.01 (the WGAN paper's c), or None for no clipping")
        integer(self.unroll, "TrainConfig.unroll", minimum=0)
        if self.unroll > 100:
            raise ValueError(f"TrainConfig.unroll = {self.unroll} D updates per G update is too many; 5 to 10 is usual")
        _features.feature_map(self.d_features)
        if self.cosine_t_max is not None:
            step_count(self.cosine_t_max, "TrainConfig.cosine_t_max")
        low = min(self.lr_d, self.lr_g)
        eta_min = self.eta_min
        if not (isinstance(eta_min, (int, float)) and not isinstance(eta_min, bool) and 0 <= eta_min < low):
            raise ValueError(
                f"TrainConfig.eta_min must be in [0, min(lr_d, lr_g)) = [0, {low:g}), e.g. 0.0, got {eta_min!r}"
            )
        validate_seed(self.seed, "TrainConfig.seed")
        if self.seeds is not None:
            if not (isinstance(self.seeds, tuple) and self.seeds and len(set(self.seeds)) == len(self.seeds)):
                raise ValueError(f"TrainConfig.seeds must be None or a tuple of distinct seeds, got {self.seeds!r}")
            for s in self.seeds:
                integer(s, "every one of TrainConfig.seeds", minimum=0)
        if device_name(self.device, "TrainConfig.device") is not None:
            pick_device(self.device)  # raises a clear ValueError for an unknown or absent device
        if self.num_threads is not None:
            integer(self.num_threads, "TrainConfig.num_threads", maximum=MAX_THREADS,
                    hint="more than any machine has cores; threads beyond the cores only wait")
        number(self.r1, "TrainConfig.r1", 0.0, 1e6, "10.0")
        if self.engine not in _engine.ENGINES:
            raise ValueError(f"TrainConfig.engine must be one of {list(_engine.ENGINES)}, got {self.engine!r}")
        if self.matmul_precision not in (None, "highest", "high", "medium"):
            raise ValueError(
                "TrainConfig.matmul_precision must be None, 'highest', 'high' or 'medium', "
                f"got {self.matmul_precision!r}"
            )


@dataclass
class History:
    """Per-step records: losses and the mean discriminator outputs on real and fake data."""

    step: list[int] = field(default_factory=list)
    loss_d: list[float] = field(default_factory=list)
    loss_g: list[float] = field(default_factory=list)
    d_real: list[float] = field(default_factory=list)  # mean D(x) over the last real batch (loss "gan"; else mean f(x))
    d_fake: list[float] = field(default_factory=list)  # mean D(G(z)) over the last fake batch (else mean f(G(z)))

    def append(self, record: dict[str, float]) -> None:
        for f in fields(self):
            getattr(self, f.name).append(record[f.name])

    def __len__(self) -> int:
        return len(self.step)

    def last(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name)[-1] for f in fields(self)}


class TrainingDiverged(RuntimeError):
    """A loss became NaN or infinite, or exploded past ``Trainer.max_loss``; the message names the step, the
    losses and what to try."""


# A GAN's losses are binary cross-entropies on logits: about 0.7-1.4 in a balanced duel, tens when one player wins
# for a while. A loss L means a mean logit of about L on the wrong side, D(x) ~ exp(-L): above 1e4 the run has blown
# up (the weights or the data are far off scale) and no step of a usual learning rate brings it back. The largest
# per-step losses measured in the course's runs, the articles' recipes that collapse included, are 42 (fifty-lines as
# written, 30,000 steps) and 11.5 (mnist-tanh as written, MNIST): tests/test_train.py lists the evidence.
MAX_LOSS = 1e4


def _numbers(value) -> list[float]:
    """A record's number, or a stacked run's numbers (one per seed: a list, array or tensor), as a list of floats."""
    return torch.as_tensor(value, dtype=torch.float64).flatten().tolist()


def _fmt_loss(value) -> str:
    """A record's number (or a stacked run's numbers) for a message: 4 significant digits."""
    numbers = [f"{v:.4g}" for v in _numbers(value)]
    return numbers[0] if len(numbers) == 1 else "[" + ", ".join(numbers) + "]"


class Callback:
    """Hooks the loop calls; override what you need. ``trainer.stop()`` ends the run after this step."""

    def on_train_start(self, trainer: Trainer) -> None: ...

    def on_step_end(self, trainer: Trainer, record: dict[str, float]) -> None: ...

    def on_train_end(self, trainer: Trainer) -> None: ...


def _regularisers(config: TrainConfig) -> Regularisers:
    """What ``config`` adds to plain updates (``gan_course.regularisers``): R1 before the gradient penalty, as L_D's
    terms are summed; the clip after D's update; the look-ahead before G's."""
    penalties: list[R1 | GradientPenalty] = []
    if config.r1:
        penalties.append(R1(config.r1))
    if config.gp:
        penalties.append(GradientPenalty(config.gp, config.gp_one_sided))
    return Regularisers(
        tuple(penalties),
        WeightClip(config.clip) if config.clip is not None else None,
        Unrolled(config.unroll) if config.unroll else None,
    )


def _adam(params, lr: float, betas: tuple[float, float], device: torch.device) -> torch.optim.Adam:
    # The fused kernel is one pass over all parameters; torch has it on CPU and CUDA in recent versions.
    try:
        return torch.optim.Adam(params, lr=lr, betas=betas, fused=device.type in ("cpu", "cuda"))
    except (RuntimeError, TypeError):
        return torch.optim.Adam(params, lr=lr, betas=betas)


def _check_parts(generator, discriminator, real, noise, config, callbacks) -> tuple[Callback, ...]:
    """Refuse, in words, parts a ``Trainer`` cannot train with; return the callbacks as a tuple."""
    if not isinstance(config, TrainConfig):
        raise ValueError(f"config must be a TrainConfig, e.g. TrainConfig(steps=2000), got {type(config).__name__}")
    for name, module in (("generator", generator), ("discriminator", discriminator)):
        if not isinstance(module, nn.Module):
            raise ValueError(
                f"{name} must be a torch.nn.Module (e.g. gan_course.models.mlp_{name}(...)), "
                f"got {type(module).__name__}"
            )
    for name, sampler in (("real", real), ("noise", noise)):
        if not callable(sampler):
            raise ValueError(
                f"{name} must be a sampler, a function (n, torch.Generator) -> tensor [n, dim] such as "
                f"gan_course.data.{'gaussian_sampler()' if name == 'real' else 'normal_noise(1)'}, "
                f"got {type(sampler).__name__}"
            )
    callbacks = tuple(callbacks) if isinstance(callbacks, Iterable) else callbacks
    hooks = ("on_train_start", "on_step_end", "on_train_end")
    if not isinstance(callbacks, tuple) or not all(all(hasattr(cb, h) for h in hooks) for cb in callbacks):
        raise ValueError(
            f"callbacks must be a list of gan_course.train.Callback objects (or empty), got {callbacks!r}"
        )
    if hasattr(real, "__len__"):
        fits_data(config.batch_size, len(real), "TrainConfig.batch_size")
    return callbacks


class Trainer:
    """Trains ``generator`` against ``discriminator`` on samples from ``real``, with noise from ``noise``.

    Args:
        generator: maps noise [n, noise_dim] to data [n, data_dim].
        discriminator: maps phi(x) (see ``TrainConfig.d_features``) to logits [m, 1]; rows must be
            independent (no batch norm), since real and fake go through it in one pass.
        real: sampler of real data, ``real(n, torch_generator) -> [n, data_dim]``.
        noise: sampler of noise, ``noise(n, torch_generator) -> [n, noise_dim]``.
        config: the hyperparameters.
        callbacks: objects with the ``Callback`` hooks.

    ``run()`` trains up to ``config.steps``; ``run(n)`` trains n more steps, so a dashboard can train in
    short chunks and change hyperparameters in between with one call, ``update(lr_d=...)``.
    """

    # Fields that shape what was built in __init__ (the noise stream, the device, the schedule): fixed for a run.
    FIXED = ("seed", "seeds", "device", "cosine_t_max", "eta_min")
    _max_loss: float | None = MAX_LOSS

    @property
    def max_loss(self) -> float | None:
        """A loss whose size |L| exceeds this stops the run (``TrainingDiverged``); None: never."""
        return self._max_loss

    @max_loss.setter
    def max_loss(self, value: float | None) -> None:
        if value is not None:
            positive_number(value, "Trainer.max_loss", f"{MAX_LOSS:g}, or None to never stop on a large loss")
        self._max_loss = value

    def __init__(
        self,
        generator: nn.Module,
        discriminator: nn.Module,
        real: Sampler,
        noise: Sampler,
        config: TrainConfig,
        callbacks: Iterable[Callback] = (),
    ) -> None:
        callbacks = _check_parts(generator, discriminator, real, noise, config, callbacks)
        self.config = config
        self.device = pick_device(config.device)
        self.G = generator.to(self.device)
        self.D = discriminator.to(self.device)
        self.callbacks = list(callbacks)
        self.n_seeds = 1 if config.seeds is None else len(config.seeds)
        if config.seeds is None:
            self.real, self.noise = real, noise
            self.rng = torch.Generator().manual_seed(config.seed)  # noise and data order of this run
        else:  # a stacked run: seed k's batches come from stream k, as in its single run
            self.real, self.noise = PerSeed(real, self.n_seeds), PerSeed(noise, self.n_seeds)
            self.rng = [torch.Generator().manual_seed(s) for s in config.seeds]
        self.opt_d = _adam(self.D.parameters(), config.lr_d, config.betas, self.device)
        # A fixed G (no parameters, g_steps=0: chapter 3's D-only experiment) has nothing to optimise.
        g_params = list(self.G.parameters())
        self.opt_g = _adam(g_params, config.lr_g, config.betas, self.device) if g_params else None
        if self.opt_g is None and config.g_steps > 0:
            raise ValueError("the generator has no parameters to train: use g_steps=0 to train D alone")
        optimizers = [opt for opt in (self.opt_d, self.opt_g) if opt is not None]
        self.schedulers = []
        if config.cosine_t_max is not None:
            self.schedulers = [
                torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=config.cosine_t_max, eta_min=config.eta_min)
                for opt in optimizers
            ]
        self.history = History()
        self.step = 0
        self._stop = False
        self._apply(config, config)
        self._check_shapes(config)

    def _apply(self, config: TrainConfig, old: TrainConfig) -> None:
        """Derive what the loop uses from ``config``: feature map and losses; the learning rates and betas that
        differ from ``old`` go to Adam (an unchanged one is left alone, so that a cosine schedule goes on)."""
        self.config = config
        self.phi = _features.feature_map(config.d_features)
        self.d_loss_fn, self.g_loss_fn = losses.loss_pair(config.loss, config.g_loss)
        self.regularisers = _regularisers(config)
        self.engine = _engine.Engine.for_trainer(self)  # None: autograd computes the gradients
        for opt, lr, old_lr in ((self.opt_d, config.lr_d, old.lr_d), (self.opt_g, config.lr_g, old.lr_g)):
            if opt is None:
                continue
            for group in opt.param_groups:  # Adam keeps its moment estimates: the run goes on, faster or slower
                if config.betas != old.betas:
                    group["betas"] = config.betas
                if lr != old_lr:  # under a cosine schedule: the rate is lr now and anneals from there to eta_min
                    group["lr"] = lr
                    if "initial_lr" in group:
                        group["initial_lr"] = lr

    # ------------------------------------------------------------------ set-up checks
    def _check_shapes(self, config: TrainConfig, keep_state: bool = False) -> None:
        """Run one tiny forward pass of ``config``'s batch and features, so that a size mismatch is reported here,
        in words. With ``keep_state`` the models' buffers (batch-norm statistics, spectral norm's vector) are put
        back afterwards: a check during a run changes nothing."""
        n = config.batch_size
        phi = _features.feature_map(config.d_features)
        saved = [(b, b.clone()) for m in (self.G, self.D) for b in m.buffers()] if keep_state else []
        try:
            self._forward_check(config, n, phi)
        finally:
            with torch.no_grad():
                for b, value in saved:
                    b.copy_(value)

    def _forward_check(self, config: TrainConfig, n: int, phi) -> None:
        with torch.no_grad():
            # A TensorSampler is read directly: drawing from it would advance its epoch and shift the run's data order
            if isinstance(self.noise, TensorSampler):
                z = self.noise.data[:n].to(self.device)
            else:
                z = self.noise(n, torch.Generator().manual_seed(0)).to(self.device)
            try:
                fake = self.G(z)
            except RuntimeError as err:
                raise ValueError(f"the generator cannot take noise of shape {tuple(z.shape)}: {err}") from None
            # A TensorSampler is read directly: drawing from it would advance its epoch and shift the run's data order
            if isinstance(self.real, TensorSampler):
                real = self.real.data[:2]
            else:
                real = self.real(min(n, 2), torch.Generator().manual_seed(0))
            if fake.shape[:-2] + fake.shape[-1:] != real.shape[:-2] + real.shape[-1:]:
                raise ValueError(
                    f"the generator makes samples of shape {tuple(fake.shape[-1:])} but the real data has "
                    f"shape {tuple(real.shape[-1:])}: make G's output size match the data"
                    + ("" if self.n_seeds == 1 else f" (and stack {self.n_seeds} models: gan_course.batched.stack)")
                )
            feats = phi(fake)
            try:
                logits = self.D(feats)
            except RuntimeError as err:
                raise ValueError(
                    f"the discriminator cannot take d_features={config.d_features!r} of shape "
                    f"{tuple(feats.shape)} (batch_size={n}): build D with that many inputs "
                    f"(gan_course.features.feature_dim). torch said: {err}"
                ) from None
            if logits.shape[-1:] != (1,) or logits.shape[:-1] != feats.shape[:-1]:
                raise ValueError(
                    f"the discriminator must output one logit per row of its input: d_features="
                    f"{config.d_features!r} gives rows of shape {tuple(feats.shape)}, and D returned shape "
                    f"{tuple(logits.shape)}; build D for that input (gan_course.features.feature_dim)"
                )

    # ------------------------------------------------------------------ control
    def stop(self) -> None:
        """Ask the loop to stop after the current step (callbacks and dashboard buttons call this)."""
        self._stop = True

    def update(self, **changes) -> TrainConfig:
        """Change hyperparameters between steps with one call: ``trainer.update(lr_d=1e-4, g_loss="saturating")``.

        Only what is given changes, and only when its value differs: an update that changes nothing, or one
        that is refused, leaves the run exactly as an untouched one. The new values are validated by
        ``TrainConfig`` (a ValueError says what is allowed), then a new learning rate or betas reaches the
        optimisers (Adam keeps its moments; under a cosine schedule the rate is the new one now and anneals from
        there to ``eta_min``), ``d_features`` the feature map and ``g_loss`` the generator loss; ``steps`` (the
        total to train to), ``d_steps``, ``g_steps`` and the rest apply from the next step. A change D cannot
        take (a feature map of another width) is refused and nothing changes.
        """
        unknown = sorted(set(changes) - {f.name for f in fields(TrainConfig)})
        if unknown:
            raise ValueError(f"TrainConfig has no field {unknown}; fields: {[f.name for f in fields(TrainConfig)]}")
        old = self.config
        new = replace(old, **changes)  # every value validated before anything changes
        fixed = sorted(k for k in changes if k in self.FIXED and getattr(new, k) != getattr(old, k))
        if fixed:
            raise ValueError(f"{fixed} cannot change during a run: build a new Trainer for that")
        if new.g_steps > 0 and self.opt_g is None:
            raise ValueError("the generator has no parameters to train: g_steps must stay 0")
        if new.steps != old.steps and new.steps < self.step:  # (run(n) may have gone past the old total)
            raise ValueError(
                f"steps is the total to train to and this run is already at step {self.step}, got steps="
                f"{new.steps}: pass steps >= {self.step}, e.g. steps={self.step + 100} for 100 more"
            )
        if new.d_features != old.d_features or new.batch_size != old.batch_size:
            self._check_shapes(new, keep_state=True)
        self._apply(new, old)
        return self.config

    # ------------------------------------------------------------------ one step
    def real_batch(self) -> torch.Tensor:
        """A batch of real samples from the run's stream."""
        return self.real(self.config.batch_size, self.rng).to(self.device, non_blocking=True)

    def noise_batch(self) -> torch.Tensor:
        """A batch of noise from the run's stream."""
        return self.noise(self.config.batch_size, self.rng).to(self.device, non_blocking=True)

    def d_update(self, fake: torch.Tensor, lookahead: bool = False) -> tuple[torch.Tensor, ...]:
        """One Adam step on L_D plus the config's penalties; ``fake`` is detached. Returns 0-d tensors (loss_D, mean
        D(x), mean D(G(z))): D's outputs as probabilities for loss "gan", as raw critic scores f otherwise. A
        ``lookahead`` update (unrolling) leaves the learning-rate schedule alone."""
        reg = self.regularisers
        real = self.real_batch()
        if self.engine is not None:  # the same losses and gradients, written out (gan_course.engine)
            loss, real_logits, fake_logits = self.engine.d_grads(real, fake, self.rng)
            return self._d_step_done(loss, real_logits, fake_logits, lookahead)
        if reg.needs_real_grad:
            real.requires_grad_(True)  # R1 differentiates D's logits with respect to the samples
        feats_real, feats_fake = self.phi(real), self.phi(fake)
        logits = self.D(torch.cat([feats_real, feats_fake], dim=-2))  # one pass over real and fake rows
        n_real = feats_real.shape[-2]
        real_logits, fake_logits = logits[..., :n_real, :], logits[..., n_real:, :]
        # The mean over all seeds' rows is the mean of the seeds' own losses; their sum gives each seed its own gradient
        loss = total = self.d_loss_fn(real_logits, fake_logits)
        for penalty in reg.penalties:
            total = total + penalty(real, fake, real_logits, self.critic, self.rng)
        self.opt_d.zero_grad(set_to_none=True)
        (total * self.n_seeds).backward()
        return self._d_step_done(loss, real_logits, fake_logits, lookahead)

    def _d_step_done(self, loss: torch.Tensor, real_logits: torch.Tensor, fake_logits: torch.Tensor,
                     lookahead: bool) -> tuple[torch.Tensor, ...]:
        """D's gradients are set: Adam's step, the clip, the schedule; the step's numbers as 0-d tensors."""
        reg = self.regularisers
        self._adam(self.opt_d)
        if reg.clip is not None:
            reg.clip(self.D)
        if not lookahead:
            for s in self.schedulers[:1]:
                s.step()
        with torch.no_grad():  # 0-d tensors: train_step reads all numbers of a step with one device sync
            return loss.detach(), self._readout(real_logits).mean(), self._readout(fake_logits).mean()

    def _adam(self, opt: torch.optim.Optimizer) -> None:
        """``opt.step()``; under the written-out engine the same fused kernel called directly (engine.adam_step)."""
        if self.engine is None or not _engine.adam_step(opt):
            opt.step()

    def critic(self, x: torch.Tensor) -> torch.Tensor:
        """D's raw output on samples x: its logit (or critic score) of phi(x)."""
        return self.D(self.phi(x))

    def _readout(self, out: torch.Tensor) -> torch.Tensor:
        """D's raw output as its loss reads it: D(x) = sigmoid(logit) for loss "gan", the critic's score f(x) else."""
        return torch.sigmoid(out) if self.config.loss == "gan" else out

    def g_update(self, fake: torch.Tensor) -> torch.Tensor:
        """One Adam step on L_G for a fake batch that carries G's graph."""
        loss = self.g_loss_fn(self.D(self.phi(fake)))
        self.opt_g.zero_grad(set_to_none=True)
        (loss * self.n_seeds).backward()  # a stacked run: the sum of the seeds' losses, as in the D update
        return self._g_step_done(loss)

    def _g_step_done(self, loss: torch.Tensor) -> torch.Tensor:
        """G's gradients are set: Adam's step and the schedule; returns the loss, detached."""
        self._adam(self.opt_g)
        for s in self.schedulers[1:]:
            s.step()
        return loss.detach()

    @contextmanager
    def _g_turn(self) -> Iterator[None]:
        """G's turn: against the unrolled D when the config asks for it (D put back after), D's weights frozen."""
        unrolled = self.regularisers.unrolled if self.config.g_steps else None
        with unrolled.around(self) if unrolled is not None else nullcontext():
            self.D.requires_grad_(False)  # G's loss flows through D, but D's weights get no gradient
            try:
                yield
            finally:
                self.D.requires_grad_(True)

    def train_step(self) -> dict[str, float]:
        """d_steps updates of D, then g_steps updates of G; returns and records this step's numbers."""
        cfg = self.config
        self.G.train()
        self.D.train()
        fake_with_graph = None
        for i in range(cfg.d_steps):
            last = i == cfg.d_steps - 1
            if cfg.reuse_fake and last:
                fake_with_graph = self.G(self.noise_batch())
                fake = fake_with_graph.detach()
            elif self.engine is not None:
                fake = self.engine.generate(self.noise_batch())
            else:
                with torch.no_grad():
                    fake = self.G(self.noise_batch())
            loss_d, d_real, d_fake = self.d_update(fake)
        loss_g = torch.tensor(float("nan"))  # stays NaN when G is not trained (g_steps=0)
        with self._g_turn():
            for i in range(cfg.g_steps):
                if self.engine is not None:  # G's forward and backward written out (gan_course.engine)
                    loss_g = self._g_step_done(self.engine.g_grads(self.noise_batch()))
                    continue
                fake = fake_with_graph if (i == 0 and fake_with_graph is not None) else self.G(self.noise_batch())
                loss_g = self.g_update(fake)
        self.step += 1
        loss_d, d_real, d_fake, loss_g = torch.stack([loss_d, d_real, d_fake, loss_g]).tolist()  # one sync
        record = {"step": self.step, "loss_d": loss_d, "loss_g": loss_g, "d_real": d_real, "d_fake": d_fake}
        if not (math.isfinite(loss_d) and (math.isfinite(loss_g) or cfg.g_steps == 0)):
            broken = self._nonfinite_weights()
            raise TrainingDiverged(
                f"training diverged at step {self.step}: loss_D = {loss_d}, loss_G = {loss_g}. "
                f"Lower the learning rates (lr_d = {cfg.lr_d:g}, lr_g = {cfg.lr_g:g}) or check the data for NaN"
                + (f"; {self._broken_message(broken)}." if broken else ".")
            )
        self.history.append(record)
        return record

    # ------------------------------------------------------------------ the loop
    def run(self, steps: int | None = None) -> History:
        """Train ``steps`` more steps (default: until ``config.steps`` in total); returns the history."""
        if steps is None:
            steps = max(0, self.config.steps - self.step)
        step_count(steps, "steps (how many more steps to train)", minimum=0)
        broken = self._nonfinite_weights()
        if broken and steps:
            raise TrainingDiverged(self._broken_message(broken))
        self._stop = False
        precision = torch.get_float32_matmul_precision()
        if self.config.matmul_precision is not None:
            torch.set_float32_matmul_precision(self.config.matmul_precision)
        try:
            with num_threads(self._threads()):  # restored before on_train_end, as the precision is
                for cb in self.callbacks:
                    cb.on_train_start(self)
                for _ in range(steps):
                    record = self.train_step()
                    self._check_divergence(record)
                    for cb in self.callbacks:
                        cb.on_step_end(self, record)
                    if self._stop:
                        break
        finally:
            torch.set_float32_matmul_precision(precision)
            for cb in self.callbacks:
                cb.on_train_end(self)
        return self.history

    def _nonfinite_weights(self) -> list[str]:
        """"G" and/or "D" when some of their weights are NaN or infinite (one device sync for both)."""
        models = {"G": list(self.G.parameters()), "D": list(self.D.parameters())}
        flags = [torch.stack([p.detach().isfinite().all() for p in params]).all() if params else
                 torch.tensor(True, device=self.device) for params in models.values()]
        return [name for name, ok in zip(models, torch.stack(flags).tolist(), strict=True) if not ok]

    @staticmethod
    def _broken_message(broken: list[str]) -> str:
        which = " and ".join(broken)
        return (
            f"the weights of {which} are NaN or infinite (the run diverged), and no learning rate or step brings "
            f"them back: build new networks and a new Trainer (in a dashboard, press Reset) to train again"
        )

    def _threads(self) -> int | None:
        """CPU threads for run() and sample(): the config's, else the package's policy (runtime.default_threads)."""
        if self.config.num_threads is not None:
            return self.config.num_threads
        return default_threads(self.G, self.D) if self.device.type == "cpu" else None

    def _check_divergence(self, record: dict) -> None:
        """Stop with ``TrainingDiverged`` when a loss of this step has run away in either direction, |L| above
        ``max_loss`` (None: never).

        The sign says nothing for every loss alike: a cross-entropy or least-squares loss is >= 0 and runs away
        upwards; a critic's (``loss`` "wasserstein" or "hinge") runs away downwards too, as the critic's scores grow
        without bound (a Wasserstein critic with no penalty or clipping), so the size |L| is compared.
        """
        if self.max_loss is None:
            return
        values = {k: record[k] for k in ("loss_d", "loss_g")}
        worst = max((abs(v) for k in values for v in _numbers(values[k]) if math.isfinite(v)), default=0.0)
        if worst <= self.max_loss:
            return
        cfg = self.config
        if cfg.loss in ("wasserstein", "hinge"):
            typical = "the critic's losses of a run that is still learning, a few units of the data's scale"
            remedy = ("keep the critic Lipschitz (gp=10.0, or clip=0.01), lower the learning rates (lr_d = "
                      f"{cfg.lr_d:g}, lr_g = {cfg.lr_g:g}; 1e-4 to 1e-3 is usual)")
        else:
            typical = "the 0.7 to a few tens of a GAN that is still learning"
            remedy = (f"lower the learning rates (lr_d = {cfg.lr_d:g}, lr_g = {cfg.lr_g:g}; 1e-4 to 1e-3 is usual)")
        raise TrainingDiverged(
            f"training diverged at step {record['step']}: loss_D = {_fmt_loss(values['loss_d'])}, loss_G = "
            f"{_fmt_loss(values['loss_g'])}, far from {typical} (limit on |loss|: Trainer.max_loss = "
            f"{self.max_loss:g}); D(x) = {_fmt_loss(record['d_real'])}, D(G(z)) = {_fmt_loss(record['d_fake'])}. "
            f"{remedy[0].upper() + remedy[1:]}, put the data on a scale near 1 (standardise=True in a "
            f"GaussianRecipe), and start again from new networks. To train on anyway, set trainer.max_loss = None."
        )

    # ------------------------------------------------------------------ using the generator
    @torch.no_grad()
    def sample(self, n: int, seed: int = 12345) -> torch.Tensor:
        """n generator samples in eval mode from a fixed noise seed (training's noise stream is untouched)."""
        count(n, "n (how many samples)", MAX_SAMPLES)
        validate_seed(seed, "seed")
        was_training = self.G.training
        self.G.eval()
        try:
            with num_threads(self._threads()):
                z = self.noise(n, torch.Generator().manual_seed(seed)).to(self.device)
                return self.G(z).cpu()
        finally:
            self.G.train(was_training)

    @torch.no_grad()
    def discriminate(self, x: torch.Tensor) -> torch.Tensor:
        """D(x) = sigmoid(logit) for raw inputs x [n, d] (only meaningful when d_features == "raw"); for a loss
        other than "gan", the critic's raw score f(x)."""
        if not (isinstance(x, torch.Tensor) and x.is_floating_point() and x.dim() >= 2):
            got = f"{x.dtype} tensor of shape {tuple(x.shape)}" if isinstance(x, torch.Tensor) else type(x).__name__
            raise ValueError(f"x must be a float tensor of samples [n, d] (D's input rows), got {got}")
        self.D.eval()
        try:
            return self._readout(self.D(x.to(self.device))).cpu()
        finally:
            self.D.train()
