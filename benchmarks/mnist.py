"""Speed and sample quality of the MNIST GANs (chapters 07 to 09, 12), timed by the rules of benchmarks/_timing.py.

    python benchmarks/mnist.py                    # parts 1 to 3 (about 2 minutes of timing on a 2-core CPU)
    python benchmarks/mnist.py --skip-quality     # the timing parts only
    python benchmarks/mnist.py --rounds 3 --batches 10 --dcgan-batches 3 --skip-quality   # a quick look
    python benchmarks/mnist.py --retrain          # retrain the chapters' generators instead of scoring the shipped ones

Every run is on one CPU thread; runs that are compared are interleaved in rounds within this process (each round
runs every contender once, in rotating order), each call timed by wall clock and by this thread's CPU time.
Seconds per epoch are extrapolated from the medians of those rounds (a round is ``--batches`` batches, not an
epoch); a speed ratio is the median of the per-round paired ratios, wall and CPU both given.

Part 1: mnist-tanh's networks at batch 64, Adam(1e-4), interleaved:
  * "article_style": torchvision MNIST + ToTensor + Normalize(0.5, 0.5) + DataLoader(batch 64, shuffle,
    num_workers=0), a D ending in Sigmoid with BCELoss, separate D passes on real and fake, G's step
    back-propagating into D's weights too, torch's default (non-fused) Adam -- the way mnist-tanh writes it;
  * "course": ``gan_course.mnist.make_trainer`` (whole set in one tensor, batches by permutation, one D pass over
    real + fake, no gradients into D during G's step, fused Adam), float32;
  * "course_lesson": the same with the chapters' ``matmul_precision="medium"`` (bfloat16 products where torch uses
    them).
  Fractions of peak: the FLOPs a step needs (``torch.utils.flop_counter`` over one step: the matrix products;
  elementwise work is not counted) over the directly timed step, over a peak measured here on one thread at the
  run's precision, two ways: a 1024^2 square product, and the step's own product shapes run back to back. The
  peaks run as chunks inside the same interleaved rounds, so a fraction is the median of per-round paired ratios.
  Also the step's products replayed alone (same shapes and layouts, fresh tensors): their GFLOP/s and their time
  as a share of the step's, both timed directly (no profiler). Rates are per second of the thread's CPU time
  (``time.thread_time``), which a third busy process on a 2-core machine does not stretch; wall seconds per epoch
  and wall ratios are printed beside.
Part 2: chapter 12's DCGAN (``CHAPTER_RECIPES["ch12"]``: one thread, channels-last maps, float32) interleaved with
one choice changed at a time (channels-first maps; ``matmul_precision="medium"``). The whole step's counted FLOPs
over its timed seconds, and the convolutions' counted FLOPs over the step's convolutions (forward and backward)
replayed alone and timed, each against the measured float32 peaks.
Part 3: Frechet distance and class coverage (gan_course.mnist.quality) of the real test set (floor), an untrained
G (ceiling) and the generators of chapters 07, 08, 12 and 13. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _cli import OneLineParser, check_whole  # noqa: E402
from _timing import (  # noqa: E402
    capture_calls,
    cpu_info,
    interleaved,
    matmul_chunk,
    one_thread,
    replay_chunk,
)

from gan_course import mnist  # noqa: E402
from gan_course.data import mnist_dataset, mnist_tensors  # noqa: E402
from gan_course.mnist import assets, quality  # noqa: E402
from gan_course.mnist.convnets import set_channels_last  # noqa: E402

RECIPE = mnist.MNIST_TANH.replace(epochs=1, num_threads=1)
DCGAN = mnist.CHAPTER_RECIPES["ch12"].replace(num_threads=1)
ROUNDS, BATCHES, DCGAN_BATCHES = 15, 20, 5
MAX_ROUNDS, MAX_BATCHES = 100, 1000
CHUNK_SECONDS = 0.15  # one round's call of a peak or a replay
# RATES: GFLOP/s, peaks and fractions of peak are per second of the one thread's CPU time (time.thread_time): on a
# 2-core machine a third busy process time-slices this thread, which stretches wall time but not the work done.
aten = torch.ops.aten
PRODUCTS = (aten.mm, aten.addmm, aten.bmm)
CONVOLUTIONS = (aten.convolution, aten.convolution_backward)


class ArticleStyle:
    """mnist-tanh's own training loop (see the module's docstring); ``step`` trains one batch, ``chunk(n)`` the
    next ``n`` batches of the loader, starting a new shuffled epoch when one ends."""

    def __init__(self) -> None:
        from torch.utils.data import DataLoader
        from torchvision import transforms

        torch.manual_seed(0)
        tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize(mean=0.5, std=0.5)])
        self.loader = DataLoader(mnist_dataset(train=True, transform=tf), batch_size=64, shuffle=True, num_workers=0)
        self.G = mnist.build_generator(RECIPE)
        self.D = torch.nn.Sequential(mnist.build_discriminator(RECIPE), torch.nn.Sigmoid())
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=1e-4)
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=1e-4)
        self.loss_fn = torch.nn.BCELoss()
        self.batches = iter(self.loader)
        self.dis_all = self.gen_all = 0.0

    def next_batch(self) -> torch.Tensor:
        try:
            return next(self.batches)[0]
        except StopIteration:
            self.batches = iter(self.loader)
            return next(self.batches)[0]

    def step(self, sample: torch.Tensor | None = None) -> None:
        sample = (self.next_batch() if sample is None else sample).reshape(-1, 784)
        z = torch.normal(0, 1, size=(sample.shape[0], 128))
        d_true = self.D(sample)
        true_loss = self.loss_fn(d_true, torch.ones_like(d_true))
        fake = self.G(z)
        d_fake = self.D(fake.detach())
        fake_loss = self.loss_fn(d_fake, torch.zeros_like(d_fake))
        dis_loss = true_loss + fake_loss
        self.opt_d.zero_grad()
        dis_loss.backward()
        self.opt_d.step()
        d_g = self.D(fake)
        g_loss = self.loss_fn(d_g, torch.ones_like(d_g))
        self.opt_g.zero_grad()
        g_loss.backward()
        self.opt_g.step()
        with torch.no_grad():
            self.dis_all += dis_loss
            self.gen_all += g_loss

    def chunk(self, batches: int) -> Callable[[], None]:
        def run() -> None:
            for _ in range(batches):
                self.step()

        return run


def counted_flops(step: Callable[[], object]) -> tuple[int, dict[str, int]]:
    """(FLOPs of one call of ``step``, per ATen op), counted by ``torch.utils.flop_counter`` (products and
    convolutions, forward and backward)."""
    from torch.utils.flop_counter import FlopCounterMode

    with FlopCounterMode(display=False) as counter:
        step()
    per_op = {str(k): int(v) for k, v in counter.get_flop_counts().get("Global", {}).items()}
    return counter.get_total_flops(), per_op


def product_shapes(calls) -> list[tuple[int, int, int]]:
    """(n, k, m) of each recorded mm / addmm call ([n, k] @ [k, m])."""
    shapes = []
    for c in calls:
        a, b = (c.args[0], c.args[1]) if c.op.overloadpacket is aten.mm else (c.args[1], c.args[2])
        shapes.append((a.shape[0], a.shape[1], b.shape[1]))
    return shapes


def _round_figures(res: dict, epoch: dict, pairs, rounds: int, batches: int) -> dict:
    """The figures every timed part reports: its rounds, seconds per epoch (wall and CPU), the paired ratios."""
    return {
        "rounds": rounds, "batches_per_round": batches,
        "s_per_epoch": {k: round(v, 2) for k, v in epoch["wall"].items()},
        "cpu_s_per_epoch": {k: round(v, 2) for k, v in epoch["cpu"].items()},
        "ratio_wall": {k: round(res["ratio_wall"][k], 3) for k in pairs},
        "ratio_cpu": {k: round(res["ratio_cpu"][k], 3) for k in pairs},
    }


def per_epoch(result: dict, batches: dict[str, int], steps: dict[str, int]) -> dict[str, dict[str, float]]:
    """Seconds per epoch (wall and CPU), extrapolated from the median seconds of ``batches[k]`` batches."""
    return {kind: {k: result[kind][k] / batches[k] * steps[k] for k in batches} for kind in ("wall", "cpu")}


def _spread(res: dict, a: str, b: str) -> list[float]:
    """[lowest, highest] per-round wall ratio a / b: how far a single round could have misled."""
    ratios = [x / y for x, y in zip(res["samples"]["wall"][a], res["samples"]["wall"][b], strict=True)]
    return [round(min(ratios), 3), round(max(ratios), 3)]


def mlp_speed(rounds: int, batches: int) -> dict:
    """Part 1 of the module's docstring, as one dict. The peaks and the products' replays run as chunks of about
    ``CHUNK_SECONDS`` inside the same interleaved rounds as the training, so that each fraction of peak is a median
    of per-round paired ratios: a load that comes and goes slows the step and its peak alike."""
    article = ArticleStyle()
    course = mnist.make_trainer(RECIPE, device="cpu")
    lesson = mnist.make_trainer(RECIPE.replace(matmul_precision="medium"), device="cpu")
    sample = article.next_batch()
    flops = {"article_style": counted_flops(lambda: article.step(sample))[0]}
    flops["course"] = flops["course_lesson"] = counted_flops(course.train_step)[0]
    calls = capture_calls(course.train_step, lambda op: op.overloadpacket in PRODUCTS)
    shapes = product_shapes(calls)
    contenders = {"article_style": article.chunk(batches), "course": lambda: course.run(batches),
                  "course_lesson": lambda: lesson.run(batches)}
    peak_chunks = {  # name: (precision, (callable, FLOPs per call))
        "float32/square_1024": ("float32", matmul_chunk((1024, 1024, 1024), seconds=CHUNK_SECONDS)),
        "float32/step_shapes": ("float32", matmul_chunk(shapes, seconds=CHUNK_SECONDS)),
        "medium/square_1024": ("medium", matmul_chunk((1024, 1024, 1024), seconds=CHUNK_SECONDS,
                                                      matmul_precision="medium")),
        "medium/step_shapes": ("medium", matmul_chunk(shapes, seconds=CHUNK_SECONDS, matmul_precision="medium")),
        "bfloat16_tensors/square_1024": ("bfloat16_tensors", matmul_chunk((1024, 1024, 1024), dtype=torch.bfloat16,
                                                                          seconds=CHUNK_SECONDS)),
    }
    replays = {"float32": replay_chunk(calls, CHUNK_SECONDS, "highest"),
               "medium": replay_chunk(calls, CHUNK_SECONDS, "medium")}
    fns = dict(contenders)
    fns.update({f"peak {k}": fn for k, (_, (fn, _)) in peak_chunks.items()})
    fns.update({f"products {k}": fn for k, (fn, _) in replays.items()})
    with one_thread():
        res = interleaved(fns, rounds=rounds, warmup=1)
    steps = {"article_style": len(article.loader), "course": RECIPE.steps_per_epoch,
             "course_lesson": RECIPE.steps_per_epoch}
    epoch = per_epoch(res, dict.fromkeys(contenders, batches), steps)
    step_s = {k: res["cpu"][k] / batches for k in contenders}  # thread CPU seconds: see RATES
    pairs = [f"{a}/{b}" for a, b in itertools.combinations(contenders, 2)]
    for k in contenders:
        print(f"{k}: {epoch['wall'][k]:.1f} s per epoch ({epoch['cpu'][k]:.1f} CPU s), extrapolated from the median "
              f"of {rounds} interleaved rounds of {batches} batches, one thread", flush=True)
    for pair in pairs:
        print(f"{pair}: {res['ratio_wall'][pair]:.2f}x wall, {res['ratio_cpu'][pair]:.2f}x CPU "
              "(median of per-round paired ratios)", flush=True)

    peaks: dict[str, dict[str, float]] = {}
    for k, (p, (_, f)) in peak_chunks.items():
        peaks.setdefault(p, {})[k.split("/")[1]] = f / res["cpu"][f"peak {k}"] / 1e9
    precision_of = {"article_style": "float32", "course": "float32", "course_lesson": "medium"}
    gflops = {k: flops[k] / step_s[k] / 1e9 for k in contenders}
    fraction = {  # (step FLOPs / step s) / (peak FLOPs / peak s), as the median of the per-round ratios
        k: {name: flops[k] * batches / peak_chunks[f"{precision_of[k]}/{name}"][1][1]
            / res["ratio_cpu"][f"{k}/peak {precision_of[k]}/{name}"] for name in peaks[precision_of[k]]}
        for k in contenders}
    for p, d in peaks.items():
        print(f"peak, one thread, {p}: " + ", ".join(f"{n} {v:.1f} GFLOP/s" for n, v in d.items())
              + " (median of the rounds)", flush=True)
    for k in contenders:
        print(f"{k}: {flops[k] / 1e6:.1f} MFLOP per step (counted) / {step_s[k] * 1e3:.2f} CPU ms per step (timed) = "
              f"{gflops[k]:.1f} GFLOP/s = {fraction[k]['square_1024']:.0%} of the square-product peak, "
              f"{fraction[k]['step_shapes']:.0%} of the step-shapes peak ({precision_of[k]}; per-round paired)",
              flush=True)
    course_products = {}
    for p, (_, passes) in replays.items():
        stepper = "course" if p == "float32" else "course_lesson"
        s = res["cpu"][f"products {p}"] / passes
        share = batches / passes / res["ratio_cpu"][f"{stepper}/products {p}"]
        course_products[p] = {"cpu_ms_per_step": s * 1e3, "gflops": flops["course"] / s / 1e9, "share_of_step": share}
        print(f"course's products replayed alone ({p}): {s * 1e3:.2f} CPU ms per step, {flops['course'] / s / 1e9:.1f} "
              f"GFLOP/s, {share:.0%} of the timed step ({stepper})", flush=True)
    return {
        **_round_figures(res, epoch, pairs, rounds, batches),
        "ratio_spread_wall": {k: _spread(res, *k.split("/")) for k in pairs},
        "step_mflop": {k: round(v / 1e6, 2) for k, v in flops.items()},
        "step_gflops": {k: round(v, 2) for k, v in gflops.items()},
        "peak_gflops": {p: {n: round(v, 1) for n, v in d.items()} for p, d in peaks.items()},
        "fraction_of_peak": {k: {n: round(v, 3) for n, v in d.items()} for k, d in fraction.items()},
        "course_products_alone": {p: {n: round(v, 3) for n, v in d.items()} for p, d in course_products.items()},
        "step_product_shapes": [list(s) for s in shapes],
    }


DCGAN_SETTINGS = {  # one choice changed at a time from the chapter's; every one on one thread
    "chapter": {},
    "channels_first": {"channels_last": False},
    "medium": {"matmul_precision": "medium"},
}


def dcgan_trainer(setting: str):
    """A trainer of chapter 12's DCGAN with one ``DCGAN_SETTINGS`` change."""
    change = dict(DCGAN_SETTINGS[setting])
    channels_last = change.pop("channels_last", True)
    trainer = mnist.make_trainer(DCGAN.replace(**change), device="cpu")
    set_channels_last(trainer.G, trainer.D, on=channels_last)
    return trainer


def dcgan_speed(rounds: int, batches: int) -> dict:
    """Part 2 of the module's docstring, as one dict; the float32 peak and the convolutions' replay run inside the
    same interleaved rounds as the training (see ``mlp_speed``)."""
    trainers = {k: dcgan_trainer(k) for k in DCGAN_SETTINGS}
    chapter = trainers["chapter"]
    chapter.run(1)  # Adam's state exists: the counted and recorded step is a steady one
    total, per_op = counted_flops(chapter.train_step)
    conv_flops = sum(v for k, v in per_op.items() if "convolution" in k)
    calls = capture_calls(chapter.train_step, lambda op: op.overloadpacket in CONVOLUTIONS)
    peak_fn, peak_flops = matmul_chunk((1024, 1024, 1024), seconds=CHUNK_SECONDS)
    conv_fn, passes = replay_chunk(calls, CHUNK_SECONDS, "highest")
    fns = {k: (lambda t=t: t.run(batches)) for k, t in trainers.items()}
    fns.update({"peak float32/square_1024": peak_fn, "convolutions": conv_fn})
    with one_thread():
        res = interleaved(fns, rounds=rounds, warmup=1)
    settings = list(DCGAN_SETTINGS)
    epoch = per_epoch(res, dict.fromkeys(settings, batches), dict.fromkeys(settings, DCGAN.steps_per_epoch))
    pairs = [f"{a}/{b}" for a, b in itertools.combinations(settings, 2)]
    for k in settings:
        print(f"DCGAN, {k}: {epoch['wall'][k]:.1f} s per epoch ({epoch['cpu'][k]:.1f} CPU s), extrapolated from "
              f"{rounds} interleaved rounds of {batches} batches, one thread", flush=True)
    for pair in pairs:
        print(f"DCGAN {pair}: {res['ratio_wall'][pair]:.2f}x wall, {res['ratio_cpu'][pair]:.2f}x CPU", flush=True)
    step_s = res["cpu"]["chapter"] / batches  # thread CPU seconds: see RATES
    conv_s = res["cpu"]["convolutions"] / passes
    peak = peak_flops / res["cpu"]["peak float32/square_1024"] / 1e9
    step_rate, conv_rate = total / step_s / 1e9, conv_flops / conv_s / 1e9
    step_fraction = total * batches / peak_flops / res["ratio_cpu"]["chapter/peak float32/square_1024"]
    conv_fraction = conv_flops * passes / peak_flops / res["ratio_cpu"]["convolutions/peak float32/square_1024"]
    conv_share = batches / passes / res["ratio_cpu"]["chapter/convolutions"]
    print(f"DCGAN step: {total / 1e6:.1f} MFLOP (counted) / {step_s * 1e3:.1f} CPU ms (timed) = "
          f"{step_rate:.1f} GFLOP/s = {step_fraction:.0%} of the one-thread float32 square-product peak "
          f"({peak:.1f} GFLOP/s)", flush=True)
    print(f"DCGAN convolutions: {conv_flops / 1e6:.1f} MFLOP per step (counted) / {conv_s * 1e3:.1f} CPU ms (the "
          f"step's {len(calls)} convolution calls, forward and backward, replayed alone) = {conv_rate:.1f} GFLOP/s = "
          f"{conv_fraction:.0%} of that peak; they take {conv_share:.0%} of the timed step", flush=True)
    return {
        **_round_figures(res, epoch, pairs, rounds, batches),
        "step_mflop": round(total / 1e6, 2),
        "step_gflops": round(step_rate, 2),
        "conv_mflop_per_step": round(conv_flops / 1e6, 2),
        "conv_replay_cpu_ms_per_step": round(conv_s * 1e3, 2),
        "conv_gflops_replayed": round(conv_rate, 2),
        "conv_replay_share_of_step": round(conv_share, 3),
        "peak_gflops_float32": {"square_1024": round(peak, 1)},
        "fraction_of_peak": {"step": round(step_fraction, 3), "convolutions_replayed": round(conv_fraction, 3)},
    }


def quality_scores(retrain: bool) -> dict:
    classifier = assets.load_classifier()
    ref = assets.train_reference()
    test_images, _ = mnist_tensors(train=False)
    floor = quality.score_images(test_images, classifier, ref)
    out = {"floor_test_vs_train": floor}
    for chapter, recipe in mnist.CHAPTER_RECIPES.items():
        if retrain:
            t0 = time.perf_counter()
            trainer = mnist.make_trainer(recipe)
            trainer.run()
            G = trainer.G
            print(f"{chapter}: trained {recipe.epochs} epochs in {time.perf_counter() - t0:.0f} s", flush=True)
        else:
            G = assets.load_generator(chapter)[0]
        out[chapter] = quality.score_generator(G, recipe.noise_dim, recipe.value_range, classifier, ref)
        out[f"{chapter}_untrained"] = quality.score_generator(
            assets.untrained_generator(chapter), recipe.noise_dim, recipe.value_range, classifier, ref
        )
    return {
        k: {"fd": round(s.fd, 2), "classes": s.coverage.classes, "entropy_bits": round(s.coverage.entropy, 3)}
        for k, s in out.items()
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line, every number checked before any work (MNIST is loaded only after)."""
    ap = OneLineParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=ROUNDS, help=f"interleaved timed rounds (default {ROUNDS})")
    ap.add_argument("--batches", type=int, default=BATCHES,
                    help=f"batches each part-1 contender trains per round (default {BATCHES})")
    ap.add_argument("--dcgan-batches", type=int, default=DCGAN_BATCHES,
                    help=f"batches each DCGAN setting trains per round (default {DCGAN_BATCHES})")
    ap.add_argument("--skip-quality", action="store_true", help="skip part 3 (Frechet distance, class coverage)")
    ap.add_argument("--retrain", action="store_true", help="retrain the chapters' generators (minutes)")
    args = ap.parse_args(argv)
    check_whole(ap, args.rounds, "--rounds", 1, MAX_ROUNDS)
    check_whole(ap, args.batches, "--batches", 1, MAX_BATCHES)
    check_whole(ap, args.dcgan_batches, "--dcgan-batches", 1, MAX_BATCHES)
    return args


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    load_start = os.getloadavg()[0]
    machine = cpu_info()
    print(f"CPU: {machine['model']}, {machine['logical_cores']} logical cores, flags "
          f"{' '.join(machine['flags']) or 'none of ' + str(len(machine['flags']))}; "
          f"AMX: {machine['amx_bf16'] and machine['amx_tile']}", flush=True)
    mnist_tensors(train=True)  # decompress/verify once, outside the timings
    t0 = time.perf_counter()
    mlp = mlp_speed(args.rounds, args.batches)
    dcgan = dcgan_speed(args.rounds, args.dcgan_batches)
    timing_s = time.perf_counter() - t0
    result = {
        "benchmark": "mnist",
        "machine": machine,
        "rules": "one thread each; contenders interleaved in rotating order within one process; medians of rounds "
                 "and of per-round paired ratios; seconds per epoch extrapolated from rounds of batches; fractions "
                 "of peak = counted FLOPs / timed step / peak measured here",
        "epoch_measured": f"extrapolated from the median of {args.rounds} rounds of {args.batches} batches "
                          f"({args.dcgan_batches} for the DCGAN)",
        "article_style_s_per_epoch": mlp["s_per_epoch"]["article_style"],
        "course_s_per_epoch": mlp["s_per_epoch"]["course"],
        "course_lesson_s_per_epoch": mlp["s_per_epoch"]["course_lesson"],
        "speedup": mlp["ratio_wall"]["article_style/course"],
        "speedup_cpu": mlp["ratio_cpu"]["article_style/course"],
        "speedup_lesson": mlp["ratio_wall"]["article_style/course_lesson"],
        "speedup_lesson_cpu": mlp["ratio_cpu"]["article_style/course_lesson"],
        "mlp": mlp,
        "dcgan": dcgan,
        "timing_seconds": round(timing_s, 1),
    }
    if not args.skip_quality:
        scores = quality_scores(args.retrain)
        for k, v in scores.items():
            print(f"{k}: {v}", flush=True)
        result.update({"quality_source": "retrained" if args.retrain else "shipped data/generators",
                       "quality": scores, "chapter_epochs": {k: r.epochs for k, r in mnist.CHAPTER_RECIPES.items()}})
    result["loadavg_1min_start_end"] = [round(load_start, 2), round(os.getloadavg()[0], 2)]
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
