"""The course's one GAN training loop, driven by a ``TrainConfig`` and extended with callbacks.

One *step* is Goodfellow's alternating algorithm once: ``d_steps`` updates of D on a real and a fake
batch, then ``g_steps`` updates of G. The loop records a ``History`` (losses, mean D(x), mean D(G(z)))
and calls each callback after every step; plots, progress bars and dashboards are callbacks.

It does no avoidable work: one D pass over real and fake together (D treats rows independently, so this
equals two passes), no graph through G while D learns, no gradients into D's weights while G learns, and
with ``reuse_fake`` the G step reuses the fake batch already generated for the D step (seed 002).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields, replace

import torch
from torch import nn

from . import features as _features
from . import losses
from .data import Sampler, TensorSampler
from .runtime import num_threads, pick_device

__all__ = ["TrainConfig", "History", "TrainingDiverged", "Callback", "Trainer"]


@dataclass(frozen=True)
class TrainConfig:
    """Hyperparameters of one training run. Override fields with ``dataclasses.replace``."""

    steps: int = 2000  # alternating steps (one step = d_steps D updates, then g_steps G updates)
    batch_size: int = 64  # samples per real batch and per fake batch
    d_steps: int = 1  # k in Goodfellow's algorithm: D updates per step
    g_steps: int = 1  # G updates per step
    lr_d: float = 1e-3  # Adam learning rate of D
    lr_g: float = 1e-3  # Adam learning rate of G
    betas: tuple[float, float] = (0.5, 0.999)  # Adam (beta1, beta2)
    g_loss: str = "non_saturating"  # "non_saturating": -log D(G(z)); "saturating": log(1 - D(G(z)))
    d_features: str = "raw"  # what D sees of a batch: "raw", "minibatch_diffs" or "moments" (gan_course.features)
    reuse_fake: bool = False  # first G update reuses the last D update's fake batch instead of new noise
    cosine_t_max: int | None = None  # if set, cosine-anneal both lrs with this period in updates (seed 003)
    eta_min: float = 0.0  # lower end of the cosine annealing
    seed: int = 0  # seeds the noise and data order of the run (build the models after seed_everything)
    device: str | None = None  # "cpu", "cuda", or None for the GPU when present
    matmul_precision: str | None = None  # during run(): "highest" (float32), "high"/"medium" (faster, lower-
    # precision products on hardware that has them, e.g. bfloat16 on recent CPUs); None keeps torch's setting
    num_threads: int | None = None  # CPU threads during run(); 1 avoids threads spinning against other busy
    # processes (two notebooks under pytest -n 2 on 2 cores) and makes the numbers independent of the core count

    def __post_init__(self) -> None:
        def positive_int(name: str) -> None:
            v = getattr(self, name)
            if not isinstance(v, int) or isinstance(v, bool) or v < 1:
                raise ValueError(f"TrainConfig.{name} must be an integer >= 1, got {v!r}")

        for name in ("steps", "batch_size", "d_steps", "g_steps"):
            positive_int(name)
        for name in ("lr_d", "lr_g"):
            v = getattr(self, name)
            if not isinstance(v, (int, float)) or not math.isfinite(v) or v <= 0:
                raise ValueError(f"TrainConfig.{name} must be a finite number > 0 (e.g. 1e-3), got {v!r}")
        if len(self.betas) != 2 or not all(0.0 <= b < 1.0 for b in self.betas):
            raise ValueError(f"TrainConfig.betas must be two numbers in [0, 1), got {self.betas!r}")
        if self.g_loss not in losses.G_LOSSES:
            raise ValueError(f"TrainConfig.g_loss must be one of {sorted(losses.G_LOSSES)}, got {self.g_loss!r}")
        if self.d_features not in _features.FEATURES:
            raise ValueError(
                f"TrainConfig.d_features must be one of {sorted(_features.FEATURES)}, got {self.d_features!r}"
            )
        if self.cosine_t_max is not None:
            positive_int("cosine_t_max")
        if not 0.0 <= self.eta_min < min(self.lr_d, self.lr_g):
            raise ValueError(f"TrainConfig.eta_min must be in [0, min(lr_d, lr_g)), got {self.eta_min!r}")
        if not isinstance(self.seed, int) or self.seed < 0:
            raise ValueError(f"TrainConfig.seed must be a non-negative integer, got {self.seed!r}")
        if self.device is not None:
            pick_device(self.device)  # raises a clear ValueError for an unknown or absent device
        if self.num_threads is not None:
            positive_int("num_threads")
        if self.matmul_precision not in (None, "highest", "high", "medium"):
            raise ValueError(
                "TrainConfig.matmul_precision must be None, 'highest', 'high' or 'medium', "
                f"got {self.matmul_precision!r}"
            )

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class History:
    """Per-step records: losses and the mean discriminator outputs on real and fake data."""

    step: list[int] = field(default_factory=list)
    loss_d: list[float] = field(default_factory=list)
    loss_g: list[float] = field(default_factory=list)
    d_real: list[float] = field(default_factory=list)  # mean D(x) over the last real batch
    d_fake: list[float] = field(default_factory=list)  # mean D(G(z)) over the last fake batch

    def append(self, record: dict[str, float]) -> None:
        for f in fields(self):
            getattr(self, f.name).append(record[f.name])

    def __len__(self) -> int:
        return len(self.step)

    def last(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name)[-1] for f in fields(self)}


class TrainingDiverged(RuntimeError):
    """A loss became NaN or infinite; the message names the step and what to try."""


class Callback:
    """Hooks the loop calls; override what you need. ``trainer.stop()`` ends the run after this step."""

    def on_train_start(self, trainer: Trainer) -> None: ...

    def on_step_end(self, trainer: Trainer, record: dict[str, float]) -> None: ...

    def on_train_end(self, trainer: Trainer) -> None: ...


def _adam(params, lr: float, betas: tuple[float, float], device: torch.device) -> torch.optim.Adam:
    # The fused kernel is one pass over all parameters; torch has it on CPU and CUDA in recent versions.
    try:
        return torch.optim.Adam(params, lr=lr, betas=betas, fused=device.type in ("cpu", "cuda"))
    except (RuntimeError, TypeError):
        return torch.optim.Adam(params, lr=lr, betas=betas)


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
    short chunks and change learning rates in between (``set_learning_rates``).
    """

    def __init__(
        self,
        generator: nn.Module,
        discriminator: nn.Module,
        real: Sampler,
        noise: Sampler,
        config: TrainConfig,
        callbacks: Iterable[Callback] = (),
    ) -> None:
        if not isinstance(config, TrainConfig):
            raise TypeError(f"config must be a TrainConfig, got {type(config).__name__}")
        n_real = len(real) if hasattr(real, "__len__") else None
        if n_real is not None and config.batch_size > n_real:
            raise ValueError(
                f"TrainConfig.batch_size = {config.batch_size} is larger than the data ({n_real} rows); "
                f"use at most {n_real}"
            )
        self.config = config
        self.device = pick_device(config.device)
        self.G = generator.to(self.device)
        self.D = discriminator.to(self.device)
        self.real = real
        self.noise = noise
        self.callbacks = list(callbacks)
        self.phi = _features.feature_map(config.d_features)
        self.g_loss_fn = losses.generator_loss(config.g_loss)
        self.rng = torch.Generator().manual_seed(config.seed)  # noise and data order of this run
        self.opt_d = _adam(self.D.parameters(), config.lr_d, config.betas, self.device)
        self.opt_g = _adam(self.G.parameters(), config.lr_g, config.betas, self.device)
        self.schedulers = []
        if config.cosine_t_max is not None:
            self.schedulers = [
                torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=config.cosine_t_max, eta_min=config.eta_min)
                for opt in (self.opt_d, self.opt_g)
            ]
        self.history = History()
        self.step = 0
        self._stop = False
        self._check_shapes()

    # ------------------------------------------------------------------ set-up checks
    def _check_shapes(self) -> None:
        """Run one tiny forward pass so that a size mismatch is reported here, in words."""
        n = self.config.batch_size
        with torch.no_grad():
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
            if fake.shape[1:] != real.shape[1:]:
                raise ValueError(
                    f"the generator makes samples of shape {tuple(fake.shape[1:])} but the real data has "
                    f"shape {tuple(real.shape[1:])}: make G's output size match the data"
                )
            feats = self.phi(fake)
            try:
                logits = self.D(feats)
            except RuntimeError as err:
                raise ValueError(
                    f"the discriminator cannot take d_features={self.config.d_features!r} of shape "
                    f"{tuple(feats.shape)} (batch_size={n}): build D with that many inputs "
                    f"(gan_course.features.feature_dim). torch said: {err}"
                ) from None
            if logits.shape[1:] != (1,):
                raise ValueError(f"the discriminator must output one logit per row, got shape {tuple(logits.shape)}")

    # ------------------------------------------------------------------ control
    def stop(self) -> None:
        """Ask the loop to stop after the current step (callbacks and dashboard buttons call this)."""
        self._stop = True

    def set_learning_rates(self, lr_d: float | None = None, lr_g: float | None = None) -> None:
        """Change learning rates between steps, keeping Adam's moment estimates."""
        for name, lr, opt in (("lr_d", lr_d, self.opt_d), ("lr_g", lr_g, self.opt_g)):
            if lr is None:
                continue
            if not isinstance(lr, (int, float)) or not math.isfinite(lr) or lr <= 0:
                raise ValueError(f"{name} must be a finite number > 0, got {lr!r}")
            for group in opt.param_groups:
                group["lr"] = lr
        self.config = replace(
            self.config,
            lr_d=lr_d if lr_d is not None else self.config.lr_d,
            lr_g=lr_g if lr_g is not None else self.config.lr_g,
        )

    # ------------------------------------------------------------------ one step
    def _real_batch(self) -> torch.Tensor:
        return self.real(self.config.batch_size, self.rng).to(self.device, non_blocking=True)

    def _noise_batch(self) -> torch.Tensor:
        return self.noise(self.config.batch_size, self.rng).to(self.device, non_blocking=True)

    def _d_update(self, fake: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """One Adam step on L_D; ``fake`` is detached. Returns 0-d tensors (loss_D, mean D(x), mean D(G(z)))."""
        real = self._real_batch()
        feats_real, feats_fake = self.phi(real), self.phi(fake)
        logits = self.D(torch.cat([feats_real, feats_fake]))  # one pass over real and fake rows
        real_logits, fake_logits = logits[: len(feats_real)], logits[len(feats_real) :]
        loss = losses.discriminator_loss(real_logits, fake_logits)
        self.opt_d.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_d.step()
        for s in self.schedulers[:1]:
            s.step()
        with torch.no_grad():  # 0-d tensors: train_step reads all numbers of a step with one device sync
            return loss.detach(), torch.sigmoid(real_logits).mean(), torch.sigmoid(fake_logits).mean()

    def _g_update(self, fake: torch.Tensor) -> torch.Tensor:
        """One Adam step on L_G for a fake batch that carries G's graph."""
        loss = self.g_loss_fn(self.D(self.phi(fake)))
        self.opt_g.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_g.step()
        for s in self.schedulers[1:]:
            s.step()
        return loss.detach()

    def train_step(self) -> dict[str, float]:
        """d_steps updates of D, then g_steps updates of G; returns and records this step's numbers."""
        cfg = self.config
        self.G.train()
        self.D.train()
        fake_with_graph = None
        for i in range(cfg.d_steps):
            last = i == cfg.d_steps - 1
            if cfg.reuse_fake and last:
                fake_with_graph = self.G(self._noise_batch())
                fake = fake_with_graph.detach()
            else:
                with torch.no_grad():
                    fake = self.G(self._noise_batch())
            loss_d, d_real, d_fake = self._d_update(fake)
        self.D.requires_grad_(False)  # G's loss flows through D, but D's weights get no gradient
        try:
            for i in range(cfg.g_steps):
                fake = fake_with_graph if (i == 0 and fake_with_graph is not None) else self.G(self._noise_batch())
                loss_g = self._g_update(fake)
        finally:
            self.D.requires_grad_(True)
        self.step += 1
        loss_d, d_real, d_fake, loss_g = torch.stack([loss_d, d_real, d_fake, loss_g]).tolist()  # one sync
        record = {"step": self.step, "loss_d": loss_d, "loss_g": loss_g, "d_real": d_real, "d_fake": d_fake}
        if not (math.isfinite(loss_d) and math.isfinite(loss_g)):
            raise TrainingDiverged(
                f"training diverged at step {self.step}: loss_D = {loss_d}, loss_G = {loss_g}. "
                f"Lower the learning rates (lr_d = {cfg.lr_d:g}, lr_g = {cfg.lr_g:g}) or check the data for NaN."
            )
        self.history.append(record)
        return record

    # ------------------------------------------------------------------ the loop
    def run(self, steps: int | None = None) -> History:
        """Train ``steps`` more steps (default: until ``config.steps`` in total); returns the history."""
        if steps is None:
            steps = self.config.steps - self.step
        if not isinstance(steps, int) or steps < 0:
            raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
        self._stop = False
        precision = torch.get_float32_matmul_precision()
        if self.config.matmul_precision is not None:
            torch.set_float32_matmul_precision(self.config.matmul_precision)
        try:
            with num_threads(self.config.num_threads):  # restored before on_train_end, as the precision is
                for cb in self.callbacks:
                    cb.on_train_start(self)
                for _ in range(steps):
                    record = self.train_step()
                    for cb in self.callbacks:
                        cb.on_step_end(self, record)
                    if self._stop:
                        break
        finally:
            torch.set_float32_matmul_precision(precision)
            for cb in self.callbacks:
                cb.on_train_end(self)
        return self.history

    # ------------------------------------------------------------------ using the generator
    @torch.no_grad()
    def sample(self, n: int, seed: int = 12345) -> torch.Tensor:
        """n generator samples in eval mode from a fixed noise seed (training's noise stream is untouched)."""
        was_training = self.G.training
        self.G.eval()
        try:
            z = self.noise(n, torch.Generator().manual_seed(seed)).to(self.device)
            return self.G(z).cpu()
        finally:
            self.G.train(was_training)

    @torch.no_grad()
    def discriminate(self, x: torch.Tensor) -> torch.Tensor:
        """D(x) = sigmoid(logit) for raw inputs x [n, d] (only meaningful when d_features == "raw")."""
        self.D.eval()
        try:
            return torch.sigmoid(self.D(x.to(self.device))).cpu()
        finally:
            self.D.train()
