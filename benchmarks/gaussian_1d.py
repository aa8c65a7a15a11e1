"""Time to a good fit for the 1-D Gaussian GAN recipes of chapters 05 and 06 (gan_course.gaussian).

    python benchmarks/gaussian_1d.py                                   # the course recipe, N(4, 1.25), seeds 0-4
    python benchmarks/gaussian_1d.py --recipe seed_004 --seeds 0 1 2 3 4
    python benchmarks/gaussian_1d.py --recipe course --mean -3 --std 0.5
    python benchmarks/gaussian_1d.py --recipe seed_000 --max-seconds 120   # cap a slow recipe's wall time

For each seed: build the recipe on N(M, S), train, and every --check-every steps draw 10,000 samples and compute
the KS statistic against N(M, S) (gan_course.callbacks.Track1D); stop as soon as KS <= --bar, or when the budget
runs out: the recipe's own number of steps (its "epochs"), or --max-seconds of wall time. Prints one line per
seed, then ONE JSON line: recipe, target, per-seed results, how many reached the bar, median seconds.
Wall seconds include the KS checks. Tiny networks run fastest on one thread: torch uses 1 thread here.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gan_course import gaussian  # noqa: E402
from gan_course.callbacks import StopWhen, Track1D  # noqa: E402
from gan_course.train import Callback, Trainer, TrainingDiverged  # noqa: E402


class _Deadline(Callback):
    """Stops the run after ``seconds`` of wall time (checked every step)."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._t0 = 0.0
        self.hit = False

    def on_train_start(self, trainer: Trainer) -> None:
        self._t0 = time.perf_counter()

    def on_step_end(self, trainer: Trainer, record: dict[str, float]) -> None:
        if self.seconds is not None and time.perf_counter() - self._t0 > self.seconds:
            self.hit = True
            trainer.stop()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--recipe", default="course", choices=sorted(gaussian.RECIPES), help="recipe name (default course)")
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4], help="random seeds (default 0 1 2 3 4)")
    p.add_argument("--mean", type=float, default=4.0, help="target mean M (default 4)")
    p.add_argument("--std", type=float, default=1.25, help="target standard deviation S > 0 (default 1.25)")
    p.add_argument("--bar", type=float, default=0.03, help="stop when KS <= bar (default 0.03)")
    p.add_argument("--check-every", type=int, default=None, help="steps between KS checks (default: by recipe)")
    p.add_argument("--max-steps", type=int, default=None, help="step budget (default: the recipe's own steps)")
    p.add_argument("--max-seconds", type=float, default=None, help="wall-time budget per seed (default: none)")
    args = p.parse_args(argv)
    if not args.std > 0:
        p.error(f"--std must be > 0, got {args.std}")
    if not 0 < args.bar < 1:
        p.error(f"--bar must be in (0, 1), got {args.bar}")
    for name in ("check_every", "max_steps"):
        v = getattr(args, name)
        if v is not None and v < 1:
            p.error(f"--{name.replace('_', '-')} must be >= 1, got {v}")
    if args.max_seconds is not None and not args.max_seconds > 0:
        p.error(f"--max-seconds must be > 0, got {args.max_seconds}")
    if len(set(args.seeds)) != len(args.seeds) or min(args.seeds) < 0:
        p.error(f"--seeds must be distinct non-negative integers, got {args.seeds}")
    return args


def default_check_every(recipe: gaussian.GaussianRecipe) -> int:
    """About 40 D + G updates between checks for slow steps, 100 steps for one-update steps."""
    return max(1, 100 // max(recipe.train.d_steps, recipe.train.g_steps))


def run_seed(recipe: gaussian.GaussianRecipe, mean: float, std: float, seed: int, args) -> dict:
    every = args.check_every or default_check_every(recipe)
    track = Track1D(every, mean, std, n_samples=gaussian.sets_for(recipe, 10_000))
    stop = StopWhen(every, lambda t: bool(track.ks) and track.steps[-1] == t.step and track.ks[-1] <= args.bar)
    deadline = _Deadline(args.max_seconds)
    built = gaussian.build(recipe, mean, std, seed, callbacks=(track, stop, deadline))
    t0 = time.perf_counter()
    diverged = None
    try:
        built.trainer.run()
    except TrainingDiverged as err:
        diverged = str(err)
    seconds = time.perf_counter() - t0
    x = built.sample(10_000)
    from gan_course.metrics import ks_statistic

    ks = ks_statistic(x, mean, std)
    return {
        "seed": seed,
        "seconds": round(seconds, 2),
        "steps": built.trainer.step,
        "ks": round(ks, 4),
        "mean": round(x.mean().item(), 4),
        "std": round(x.std().item(), 4),
        "reached": ks <= args.bar,
        "stopped_by": "bar" if ks <= args.bar else ("diverged" if diverged else ("time" if deadline.hit else "steps")),
    }


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    torch.set_num_threads(1)
    recipe = gaussian.get_recipe(args.recipe)
    if args.max_steps is not None:
        recipe = recipe.replace(steps=args.max_steps)
    results = []
    for seed in args.seeds:
        r = run_seed(recipe, args.mean, args.std, seed, args)
        results.append(r)
        print(
            f"{recipe.name} N({args.mean:g}, {args.std:g}) seed {seed}: {r['seconds']:.2f} s, {r['steps']} steps, "
            f"KS {r['ks']:.4f}, mean {r['mean']:.3f}, std {r['std']:.3f} ({r['stopped_by']})",
            flush=True,
        )
    summary = {
        "recipe": recipe.name,
        "target": {"mean": args.mean, "std": args.std},
        "bar": args.bar,
        "budget": {"steps": recipe.train.steps, "seconds": args.max_seconds},
        "results": results,
        "reached": sum(r["reached"] for r in results),
        "seeds": len(results),
        "median_seconds": round(statistics.median(r["seconds"] for r in results), 2),
        "torch_threads": torch.get_num_threads(),
    }
    print(json.dumps(summary))
    return summary


if __name__ == "__main__":
    main()
