"""The speed of a stacked GAN run against the single-seed loop, by ``_timing``'s rules (gaussian_1d.py, mixture_2d.py).

``compare(stacked, reference, ...)`` times, in interleaved rounds on one thread:

* ``stacked``: a chunk of steps of the stacked run (S seeds at once, ``gan_course.engine`` where it applies);
* ``reference``: a chunk of steps of the single-seed loop (one seed, autograd), the way a student would train;
* ``products``: the stacked step's matrix products replayed alone, with the shapes and layouts it runs them in;
* ``shape_peak``: the same products' shapes as contiguous operands (the best those shapes reach here);
* ``square_peak``: a [1024, 1024] @ [1024, 1024] float32 product (the machine's best case).

Per update and seed: ``us_per_update`` (the stacked run's thread CPU time / (steps x updates per step x S)) and
``us_per_update_reference`` (the single loop's per update), the medians over rounds, and the speed-up per seed as
the median of the rounds' paired ratios; wall-clock figures beside them. The FLOPs counted are those of the
products the stacked step runs (2 n k m per product and seed): the arithmetic the step needs (the engine runs no
product it does not need; elementwise work is not counted). A fraction of peak is the step's rate over a peak,
both timed in the same round (median of the paired ratios), never a profiler's share.
"""

from __future__ import annotations

import time

import torch
from _timing import capture_calls, cpu_info, interleaved, matmul_chunk, one_thread, replay_chunk

from gan_course.train import Trainer

PRODUCTS = (torch.ops.aten.bmm, torch.ops.aten.baddbmm, torch.ops.aten.mm, torch.ops.aten.addmm)
SQUARE = (1024, 1024, 1024)


def _operands(call) -> tuple:
    """The two factors of a recorded product (baddbmm and addmm take the added term first)."""
    args = call.args
    return (args[1], args[2]) if call.op.overloadpacket in (torch.ops.aten.baddbmm, torch.ops.aten.addmm) else (
        args[0], args[1])


def product_shapes(calls) -> list[tuple[int, int, int, int]]:
    """(batch, n, k, m) of each recorded product [batch, n, k] @ [batch, k, m] (batch 1 for a plain one)."""
    shapes = []
    for call in calls:
        a, b = _operands(call)
        batch = a.shape[0] if len(a.shape) == 3 else 1
        shapes.append((batch, a.shape[-2], a.shape[-1], b.shape[-1]))
    return shapes


def flops(shapes) -> float:
    return float(sum(2 * s * n * k * m for s, n, k, m in shapes))


def _steps_for(trainer: Trainer, seconds: float, limit: int | None) -> int:
    """Steps of ``trainer`` that take about ``seconds`` on one thread (at most ``limit``)."""
    t0 = time.thread_time()
    trainer.run(2)
    once = max((time.thread_time() - t0) / 2, 1e-6)
    steps = max(1, round(seconds / once))
    return steps if limit is None else max(1, min(steps, limit))


def compare(stacked: Trainer, reference: Trainer, rounds: int = 7, seconds: float = 0.3,
            budget: int | None = None) -> dict:
    """Interleaved timing of ``stacked`` (S seeds) against ``reference`` (one seed), with the products and peaks.

    ``budget``: the most steps the timing may train ``stacked`` (its run goes on afterwards from there)."""
    n_seeds = stacked.n_seeds
    cfg = stacked.config
    setup = 3  # steps before the rounds: the captured one, _steps_for's two
    if budget is not None:
        if budget < setup + 2:
            return {"timed": False, "why": f"a budget of {budget} steps is too short to time (at least {setup + 2})"}
        rounds = max(1, min(rounds, budget - setup - 1))  # the warm-up round and each timed round: >= 1 step
    updates = cfg.d_steps + cfg.g_steps
    reference.max_loss = None  # the reference is timed, not judged
    with one_thread():
        calls = capture_calls(stacked.train_step, lambda op: op.overloadpacket in PRODUCTS)  # one step
        shapes = product_shapes(calls)
        step_flops = flops(shapes)
        limit = None if budget is None else max(1, (budget - setup) // (rounds + 1))
        steps_a = _steps_for(stacked, seconds, limit)
        steps_b = _steps_for(reference, seconds, None)
        chunks = {
            "stacked": lambda: stacked.run(steps_a),
            "reference": lambda: reference.run(steps_b),
        }
        products, passes = replay_chunk(calls, seconds / 3)
        chunks["products"] = products
        by_batch: dict[int, list] = {}
        for s, n, k, m in shapes:
            by_batch.setdefault(s, []).append((n, k, m))
        shape_chunks = [matmul_chunk(tuple(v), batch=None if s == 1 else s, seconds=seconds / 3 / len(by_batch))
                        for s, v in by_batch.items()]

        def shape_peak() -> None:
            for chunk, _ in shape_chunks:
                chunk()

        chunks["shape_peak"] = shape_peak
        square, square_flops = matmul_chunk(SQUARE, seconds=seconds / 3)
        chunks["square_peak"] = square
        res = interleaved(chunks, rounds)
    shape_flops = sum(f for _, f in shape_chunks)
    per_a = steps_a * updates * n_seeds  # seed-updates in one stacked chunk
    per_b = steps_b * updates
    out = {"timed": True, "rounds": rounds, "n_seeds": n_seeds, "steps_per_chunk": steps_a,
           "reference_steps_per_chunk": steps_b, "engine": "written out" if stacked.engine is not None else "autograd"}
    for clock in ("cpu", "wall"):
        t, r = res[clock], res[f"ratio_{clock}"]
        suffix = "" if clock == "cpu" else "_wall"
        step_rate = step_flops * steps_a / t["stacked"] / 1e9  # GFLOP/s of the stacked step
        out.update({
            f"us_per_update{suffix}": round(t["stacked"] / per_a * 1e6, 1),
            f"us_per_update_reference{suffix}": round(t["reference"] / per_b * 1e6, 1),
            f"speedup_per_seed{suffix}": round(r["reference/stacked"] * per_a / per_b, 2),
            f"step_gflops{suffix}": round(step_rate, 1),
            f"products_gflops{suffix}": round(step_flops * passes / t["products"] / 1e9, 1),
            f"shape_peak_gflops{suffix}": round(shape_flops / t["shape_peak"] / 1e9, 1),
            f"square_peak_gflops{suffix}": round(square_flops / t["square_peak"] / 1e9, 1),
            # the step's rate over each peak, as the median of the rounds' paired ratios
            f"fraction_of_shape_peak{suffix}": round(r["shape_peak/stacked"] * step_flops * steps_a / shape_flops, 3),
            f"fraction_of_square_peak{suffix}": round(r["square_peak/stacked"] * step_flops * steps_a / square_flops,
                                                       3),
            f"products_share_of_step{suffix}": round(
                r["products/stacked"] * steps_a / passes, 3),  # the products' own time over the step's time
        })
    out["mflop_per_update_per_seed"] = round(step_flops / updates / n_seeds / 1e6, 3)
    out["cpu"] = {k: v for k, v in cpu_info().items() if k in ("model", "logical_cores", "flags",
                                                                   "torch_cpu_capability")}
    return out


def summary_line(speed: dict) -> str:
    """The speed figures in one sentence (CPU time per seed-update; wall time beside)."""
    if not speed.get("timed"):
        return f"not timed: {speed.get('why', 'no timing')}"
    return (f"{speed['us_per_update']:.0f} us CPU per update and seed stacked ({speed['engine']}, {speed['n_seeds']} "
            f"seeds) vs {speed['us_per_update_reference']:.0f} us for one seed alone: {speed['speedup_per_seed']:.2f}x "
            f"per seed (wall: {speed['speedup_per_seed_wall']:.2f}x); the step runs "
            f"{speed['mflop_per_update_per_seed']:.2f} MFLOP per update and seed at {speed['step_gflops']:.1f} "
            f"GFLOP/s, "
            f"{speed['fraction_of_shape_peak']:.0%} of its shapes' peak ({speed['shape_peak_gflops']:.0f} GFLOP/s) and "
            f"{speed['fraction_of_square_peak']:.0%} of a square product's ({speed['square_peak_gflops']:.0f} GFLOP/s)")
