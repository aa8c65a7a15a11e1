"""Final fit and speed of the 1-D GAN recipes of chapters 05 and 06, several random seeds trained at once.

    python benchmarks/gaussian_1d.py                                         # course recipe, N(4, 1.25), quick
    python benchmarks/gaussian_1d.py --recipe course --seeds 0 1 2 3 4 --full
    python benchmarks/gaussian_1d.py --full --target gamma --params a=2      # any scipy.stats law by name
    python benchmarks/gaussian_1d.py --full --target mixture --params=-2,0.5,2,0.5   # means, stds
    python benchmarks/gaussian_1d.py --recipe fifty-lines --full --mean -3 --std 0.5

All seeds train as one stacked model (gan_course.batched): seed k's numbers are those of the single run with
seed k. Each recipe runs its whole budget with no stopping rule (``--full``: the published number of steps, the
articles' "epochs"; without it at most ``--steps`` steps, 300 by default, so that a check stays quick). The
verdict is the KS statistic at the end, on 10,000 fresh samples (a noise stream training never used), against
the target's exact CDF: ``final_ks`` per seed and ``n_final_below``, how many seeds end at or below ``--bar``.

Speed, by the rules of ``_timing`` (one thread; the stacked run and the single-seed loop interleaved in rounds within
one process; medians of the rounds' paired ratios; thread CPU time with wall time beside): ``us_per_update`` is the
stacked run's CPU time per update (one D or one G step) and seed, ``us_per_update_reference`` the single-seed loop's
(the same recipe, one seed, autograd: how a student trains one run), ``speedup_per_seed`` their paired ratio. The
timing takes the first chunks of the stacked run itself (the run then goes on to its budget). The FLOPs of the
products the stacked step runs, per update and seed, and the step's rate as a fraction of two peaks measured in
the same rounds (the step's own product shapes, and a 1024^2 float32 product) are given too (``_speed``). Prints
one line per seed, then ONE JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import _speed  # noqa: E402
from _cli import OneLineParser, check_seeds, check_whole  # noqa: E402

from gan_course.synthetic import gaussian, targets  # noqa: E402
from gan_course.train import TrainingDiverged  # noqa: E402

QUICK_STEPS = 300
MAX_STEPS = 1_000_000  # --steps: more is a typo (the longest published budget, 800,000 updates, is 20,000 steps)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = OneLineParser(description=__doc__.splitlines()[0])
    p.add_argument("--recipe", default="course", choices=sorted(gaussian.RECIPES), help="recipe name (default course)")
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4], help="random seeds (default 0 1 2 3 4)")
    p.add_argument("--mean", type=float, default=4.0, help="normal target's mean M (default 4)")
    p.add_argument("--std", type=float, default=1.25, help="normal target's standard deviation S > 0 (default 1.25)")
    p.add_argument("--target", default=None, help="instead of N(M, S): 'mixture' or a scipy.stats name, e.g. gamma")
    p.add_argument("--params", default="", help="a=2 (scipy), or --params=-2,0.5,2,0.5 (mixture: mean,std pairs)")
    p.add_argument("--bar", type=float, default=0.03, help="a seed succeeds when its final KS <= bar (default 0.03)")
    p.add_argument("--full", action="store_true", help="train the recipe's whole published budget")
    p.add_argument("--steps", type=int, default=QUICK_STEPS, help=f"steps without --full (default {QUICK_STEPS})")
    p.add_argument("--rounds", type=int, default=7, help="interleaved timing rounds (default 7)")
    args = p.parse_args(argv)
    if not 0 < args.bar < 1:  # False for NaN too
        p.error(f"--bar must be a number in (0, 1), e.g. 0.03, got {args.bar}")
    check_whole(p, args.steps, "--steps", 1, MAX_STEPS)
    check_whole(p, args.rounds, "--rounds", 1, 1000)
    check_seeds(p, args.seeds)
    try:
        args.target_obj = gaussian.as_target(  # the package's own checks, float32's range included
            targets.parse(args.target, args.params) if args.target else targets.normal(args.mean, args.std)
        )
    except ValueError as err:
        p.error(str(err))
    return args


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    target = args.target_obj
    recipe = gaussian.get_recipe(args.recipe).replace(num_threads=1)
    steps = recipe.train.steps if args.full else min(args.steps, recipe.train.steps)
    seeds = tuple(args.seeds)
    built = gaussian.build_seeds(recipe, target, seeds=seeds)
    reference = gaussian.build(recipe, target, seed=seeds[0]).trainer  # one seed, the plain loop (autograd)
    diverged = None
    t0 = time.perf_counter()
    try:
        speed = _speed.compare(built.trainer, reference, rounds=args.rounds, budget=steps)
        print(_speed.summary_line(speed), flush=True)
        built.trainer.run(max(0, steps - built.trainer.step))  # the rest of the run, untimed
    except TrainingDiverged as err:
        diverged, speed = str(err), {}
    seconds = time.perf_counter() - t0
    done = built.trainer.step
    x = built.sample(10_000, seed=gaussian.FRESH_NOISE)  # [seeds, 10,000] numbers from noise no check used
    results = []
    for seed, row, ks in zip(seeds, x, built.final_ks(samples=x), strict=True):
        results.append({"seed": seed, "final_ks": round(ks, 4), "mean": round(row.mean().item(), 4),
                        "std": round(row.std().item(), 4)})
        print(f"{recipe.name} on {target}, seed {seed}: {done} steps, final KS {ks:.4f}, mean {row.mean().item():.3f}, "
              f"std {row.std().item():.3f}", flush=True)
    summary = {
        "recipe": recipe.name,
        "target": target.name,
        "target_mean": round(target.mean, 6),
        "target_std": round(target.std, 6),
        "steps": done,
        "full": bool(args.full),
        "seeds": list(seeds),
        "final_ks": [r["final_ks"] for r in results],
        "n_final_below": sum(r["final_ks"] <= args.bar for r in results),
        "bar": args.bar,
        "results": results,
        "seconds": round(seconds, 2),
        **speed,
        "diverged": diverged,
        "torch_threads": 1,
    }
    print(json.dumps(summary))
    return summary


if __name__ == "__main__":
    main()
