"""Ready-made callbacks for ``gan_course.train.Trainer``: a progress bar, a periodic hook, 1-D tracking."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .train import Callback, Trainer
from .validate import MAX_SAMPLES, boolean, count, step_count

__all__ = ["ProgressBar", "Every", "Track1D", "StopWhen", "AverageWeights"]


class ProgressBar(Callback):
    """A tqdm bar over the run's steps, showing the latest losses and D outputs."""

    def __init__(self, every: int = 50, **tqdm_kwargs) -> None:
        self.every = step_count(every, "every (steps between two updates of the bar)")
        self.tqdm_kwargs = tqdm_kwargs
        self.bar = None

    def on_train_start(self, trainer: Trainer) -> None:
        from tqdm.auto import tqdm

        total = trainer.config.steps
        self.bar = tqdm(total=total, initial=trainer.step, **self.tqdm_kwargs)

    def on_step_end(self, trainer: Trainer, record: dict[str, float]) -> None:
        if record["step"] % self.every == 0 and self.bar is not None:
            self.bar.update(record["step"] - self.bar.n)
            self.bar.set_postfix(
                loss_d=f"{record['loss_d']:.3f}", loss_g=f"{record['loss_g']:.3f}", d_fake=f"{record['d_fake']:.2f}"
            )

    def on_train_end(self, trainer: Trainer) -> None:
        if self.bar is not None:
            self.bar.update(trainer.step - self.bar.n)
            self.bar.close()


class Every(Callback):
    """Call ``fn(trainer)`` every ``n`` steps (and after the last step when ``at_end``)."""

    def __init__(self, n: int, fn: Callable[[Trainer], None], at_end: bool = True) -> None:
        step_count(n, "n (steps between two calls)")
        if not callable(fn):
            raise ValueError(f"fn must be a function of the trainer, fn(trainer), got {type(fn).__name__}")
        self.n, self.fn, self.at_end = n, fn, boolean(at_end, "at_end")
        self._last = -1

    def on_step_end(self, trainer: Trainer, record: dict[str, float]) -> None:
        if trainer.step % self.n == 0:
            self._last = trainer.step
            self.fn(trainer)

    def on_train_end(self, trainer: Trainer) -> None:
        if self.at_end and self._last != trainer.step:
            self._last = trainer.step
            self.fn(trainer)


class Track1D(Every):
    """Every ``n`` steps, record mean, std and KS against ``target`` (a ``gan_course.synthetic.targets.Target``) of the
    generator's samples (``n_samples`` outputs, flattened).

    A stacked run (several seeds at once) records one number per seed: ``.ks[i]`` is then an array [S], and
    ``np.array(track.ks)`` has one row per check and one column per seed.
    """

    def __init__(self, n: int, target, n_samples: int = 10_000) -> None:
        super().__init__(n, self._measure)
        if not callable(getattr(target, "ks", None)):
            raise ValueError(f"target must be a gan_course.synthetic.targets.Target (it scores samples with .ks), "
                             f"got {type(target).__name__}")
        count(n_samples, "n_samples (generator outputs per check)", MAX_SAMPLES)
        self.target = target
        self.n_samples = n_samples
        self.steps: list[int] = []
        self.means: list = []
        self.stds: list = []
        self.ks: list = []

    def _measure(self, trainer: Trainer) -> None:
        x = trainer.sample(self.n_samples)
        self.steps.append(trainer.step)
        if trainer.config.seeds is None:
            x = x.flatten()
            self.means.append(x.mean().item())
            self.stds.append(x.std().item())
            self.ks.append(self.target.ks(x))
        else:
            x = x.reshape(x.shape[0], -1)
            self.means.append(x.mean(dim=1).numpy())
            self.stds.append(x.std(dim=1).numpy())
            self.ks.append(np.array([self.target.ks(row) for row in x]))


class StopWhen(Callback):
    """Stop the run when ``predicate(trainer)`` is true, checked every ``n`` steps."""

    def __init__(self, n: int, predicate: Callable[[Trainer], bool]) -> None:
        step_count(n, "n (steps between two checks)")
        if not callable(predicate):
            raise ValueError(f"predicate must be a function of the trainer that returns True to stop, "
                             f"got {type(predicate).__name__}")
        self.n, self.predicate = n, predicate

    def on_step_end(self, trainer: Trainer, record: dict[str, float]) -> None:
        if trainer.step % self.n == 0 and self.predicate(trainer):
            trainer.stop()


class AverageWeights(Callback):
    """Calls ``trainer.G.update_average()`` after every step (for an ``AveragedGenerator``)."""

    def on_step_end(self, trainer: Trainer, record: dict[str, float]) -> None:
        trainer.G.update_average()
