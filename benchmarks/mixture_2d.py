"""Mode collapse on 2-D mixtures: modes covered and sample quality of each remedy, over several random seeds.

    python benchmarks/mixture_2d.py --seeds 0 1 2 3 4                 # every remedy on the ring and the grid
    python benchmarks/mixture_2d.py --targets ring --remedies plain packing --steps 6000

Each remedy of ``gan_course.synthetic.mixture2d.REMEDIES`` trains all seeds at once (one stacked model) for its budget
(``--steps`` replaces it, a cosine schedule stretched to match), then 2,500 samples per seed from fresh
noise are assessed (``mixture2d.assess``: a mode counts with at least 20 high-quality samples, high quality =
within 3 standard deviations of a mode). One JSON line per target and remedy: ``target``, ``remedy``,
``modes_mean``, ``modes_min``, ``n_all_modes`` (seeds covering every mode), ``hq_share_mean``, ``kl_mean``,
``seconds`` (the stacked run) and ``seconds_median`` (the stacked run's wall time per seed; one stack trains
all seeds together, so the seeds share one time). Per target, the best remedy's line comes last (most seeds
covering every mode, then the most modes on average, then the highest mean high-quality share).

Speed, by the rules of ``_timing`` (``_speed.compare``): before each run goes on to its budget, its first chunks are
timed in interleaved rounds against the single-seed loop (the same recipe, one seed, autograd), with the step's
products replayed alone and two peaks (the step's product shapes; a 1024^2 float32 product) in the same rounds.
Each line adds ``us_per_update`` (the stacked run's thread CPU time per update and seed), ``us_per_update_reference``,
``speedup_per_seed`` (median of the rounds' paired ratios), the MFLOP of the step's products per update and seed,
and the step's rate as a fraction of each peak (wall-clock figures beside, ``..._wall``). ``--no-speed`` skips it.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import _speed  # noqa: E402
from _cli import OneLineParser, check_distinct, check_seeds, check_whole  # noqa: E402

from gan_course.synthetic import mixture2d  # noqa: E402

FRESH_NOISE = 424242  # noise for the assessed samples: no training step drew it
N_SAMPLES = 2500


def run(target_name: str, remedy: str, seeds: list[int], steps: int | None, rounds: int = 7,
        speed: bool = True) -> dict:
    target = mixture2d.TARGETS[target_name]()
    recipe = mixture2d.REMEDIES[remedy].replace(num_threads=1)
    if steps is not None:
        stretch = {} if recipe.train.cosine_t_max is None else {"cosine_t_max": steps}
        recipe = recipe.replace(steps=steps, **stretch)
    trainer = mixture2d.build_seeds(recipe, target, seeds=seeds)
    t0 = time.perf_counter()
    timing = {}
    if speed:  # the single-seed loop: one seed, autograd (a 2-D run is a stack of one)
        reference = recipe.for_run(seed=seeds[0], seeds=(seeds[0],)).replace(engine="autograd").build(target)
        timing = _speed.compare(trainer, reference, rounds=rounds, budget=recipe.train.steps)
        print(f"{target.name}, {recipe.name}: {_speed.summary_line(timing)}", file=sys.stderr, flush=True)
    trainer.run()  # the rest of the budget
    seconds = time.perf_counter() - t0
    found = mixture2d.assess(trainer.sample(N_SAMPLES, seed=FRESH_NOISE), target)
    summary = mixture2d.modes_summary(found)
    line = {
        "target": target_name,
        "remedy": remedy,
        "recipe": recipe.name,
        "steps": recipe.train.steps,
        "seeds": seeds,
        "modes": [a.modes_covered for a in found],
        "hq_share": [round(a.hq_share, 3) for a in found],
        "modes_mean": round(summary["modes_mean"], 2),
        "modes_min": summary["modes_min"],
        "n_all_modes": summary["n_all_modes"],
        "hq_share_mean": round(summary["hq_share_mean"], 3),
        "kl_mean": round(sum(a.kl_uniform for a in found) / len(found), 3),
        "seconds": round(seconds, 1),
        "seconds_median": round(seconds / len(seeds), 1),
        **timing,
    }
    print(f"{target.name}, {recipe.name}: modes {line['modes']}, high quality {line['hq_share']} "
          f"({seconds:.0f} s for {len(seeds)} seeds)", file=sys.stderr, flush=True)
    return line


def main(argv: list[str] | None = None) -> list[dict]:
    ap = OneLineParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    ap.add_argument("--targets", nargs="+", choices=sorted(mixture2d.TARGETS), default=["ring", "grid"])
    ap.add_argument("--remedies", nargs="+", choices=list(mixture2d.REMEDIES), default=list(mixture2d.REMEDIES))
    ap.add_argument("--steps", type=int, default=None, help="training steps (default: each recipe's own)")
    ap.add_argument("--rounds", type=int, default=7, help="interleaved timing rounds (default 7)")
    ap.add_argument("--no-speed", action="store_true", help="skip the timing against the single-seed loop")
    args = ap.parse_args(argv)
    if args.steps is not None:
        check_whole(ap, args.steps, "--steps", 1, 1_000_000)
    check_seeds(ap, args.seeds)
    check_whole(ap, args.rounds, "--rounds", 1, 1000)
    check_distinct(ap, args.targets, "--targets", "ring grid")
    check_distinct(ap, args.remedies, "--remedies", "plain packing")
    lines = []
    for target_name in args.targets:
        rows = [run(target_name, remedy, args.seeds, args.steps, args.rounds, not args.no_speed)
                for remedy in args.remedies]
        rows.sort(key=lambda r: (r["n_all_modes"], r["modes_mean"], r["hq_share_mean"]))  # the best remedy last
        for row in rows:
            print(json.dumps(row), flush=True)
        lines += rows
    return lines


if __name__ == "__main__":
    main()
