"""Speed and sample quality of the MNIST GANs (chapters 07 to 09).

    python benchmarks/mnist.py                # full epochs (a few minutes on a 2-core CPU)
    python benchmarks/mnist.py --fraction 0.2 # time 20% of an epoch and extrapolate (labelled as such)
    python benchmarks/mnist.py --retrain      # retrain the chapters' generators instead of scoring the shipped ones

Part 1: seconds per epoch of mnist-tanh's networks at batch 64, Adam(1e-4), in one process:
  * "article-style": torchvision MNIST + ToTensor + Normalize(0.5, 0.5) + DataLoader(batch 64, shuffle), a D
    ending in Sigmoid with BCELoss, separate D passes on real and fake, G's step back-propagating into D's
    weights too, torch's default (non-fused) Adam -- the way mnist-tanh writes it (num_workers=0: on 2 cores the
    article's 4 workers are slower);
  * "course": ``gan_course.mnist.make_trainer`` (the chapters' pipeline: whole set in one tensor, batches by
    permutation, one D pass over real + fake, no gradients into D during G's step, fused Adam), float32, on the
    package's thread policy (one thread for these networks) unless ``--threads`` says;
  * "course_lesson": the chapters' settings, one CPU thread and ``matmul_precision="medium"`` (bfloat16
    products on CPUs that have them); its CPU time is also given, a figure that other busy processes hardly change.
  For the two course runs it also prints the fraction of the machine's matrix-product peak that a training
  step reaches: the step's floating-point operations (counted by ``torch.utils.flop_counter`` over one real
  step) times steps per second, over the rate of a large square matrix product measured in the same run with
  the same thread count and precision setting; and, from ``torch.profiler``, the share of a step's time spent
  in the matrix products and the fraction of the peak those products reach by themselves (the rest of a step is
  Adam, activations and bookkeeping).
Part 2: chapter 12's DCGAN (``CHAPTER_RECIPES["ch12"]``): seconds per epoch as the chapter trains it (one thread,
channels-last feature maps, float32 products) and with one choice changed at a time (channels-first maps, bfloat16
products, two threads); the convolutions' share of a step's time (``torch.profiler``), their floating-point
operations (``torch.utils.flop_counter``) and the fraction of the machine's peak they reach, against a one-thread
float32 matrix product measured in the same run.
Part 3: Frechet distance and class coverage (gan_course.mnist.quality) of the real test set (floor), an untrained
G (ceiling) and the generators of chapters 07, 08, 12 and 13. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _cli import OneLineParser, check_number, check_whole  # noqa: E402

from gan_course import mnist, runtime  # noqa: E402
from gan_course.data import mnist_dataset, mnist_tensors  # noqa: E402
from gan_course.mnist import assets, quality  # noqa: E402
from gan_course.mnist.convnets import set_channels_last  # noqa: E402

RECIPE = mnist.MNIST_TANH.replace(epochs=1)


def article_style_epoch(fraction: float) -> tuple[float, float]:
    """(wall seconds, CPU seconds) for one epoch of mnist-tanh's own training loop, extrapolated from ``fraction``."""
    from torch.utils.data import DataLoader
    from torchvision import transforms

    torch.manual_seed(0)
    tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize(mean=0.5, std=0.5)])
    loader = DataLoader(mnist_dataset(train=True, transform=tf), batch_size=64, shuffle=True, num_workers=0)
    G = mnist.build_generator(RECIPE)
    D = torch.nn.Sequential(mnist.build_discriminator(RECIPE), torch.nn.Sigmoid())
    opt_d, opt_g = torch.optim.Adam(D.parameters(), lr=1e-4), torch.optim.Adam(G.parameters(), lr=1e-4)
    loss_fn = torch.nn.BCELoss()
    n_steps = max(1, round(fraction * len(loader)))
    dis_all = gen_all = 0.0
    start, cpu = time.perf_counter(), time.process_time()
    for step, (sample, _) in enumerate(loader):
        if step == n_steps:
            break
        sample = sample.reshape(-1, 784)
        z = torch.normal(0, 1, size=(sample.shape[0], 128))
        d_true = D(sample)
        true_loss = loss_fn(d_true, torch.ones_like(d_true))
        fake = G(z)
        d_fake = D(fake.detach())
        fake_loss = loss_fn(d_fake, torch.zeros_like(d_fake))
        dis_loss = true_loss + fake_loss
        opt_d.zero_grad()
        dis_loss.backward()
        opt_d.step()
        d_g = D(fake)
        g_loss = loss_fn(d_g, torch.ones_like(d_g))
        opt_g.zero_grad()
        g_loss.backward()
        opt_g.step()
        with torch.no_grad():
            dis_all += dis_loss
            gen_all += g_loss
    scale = len(loader) / n_steps
    return (time.perf_counter() - start) * scale, (time.process_time() - cpu) * scale


def course_recipe(lesson: bool, threads: int | None) -> mnist.MnistRecipe:
    """A course run's settings: the lesson's (one thread, bfloat16 products), or float32 on ``threads`` threads
    (None: the package's thread policy, ``runtime.default_threads``, which gives these networks one thread)."""
    if lesson:
        return RECIPE.replace(num_threads=1, matmul_precision="medium")
    return RECIPE.replace(num_threads=threads) if threads else RECIPE


def threads_of(trainer) -> int:
    """The CPU threads ``trainer.run`` trains on: the config's, else the package's policy, else torch's."""
    return trainer.config.num_threads or runtime.default_threads(trainer.G, trainer.D) or torch.get_num_threads()


def course_epoch(fraction: float, recipe: mnist.MnistRecipe) -> tuple[float, float, int, float]:
    """(wall seconds, CPU seconds) for ``fraction`` of an epoch of ``recipe`` through the course pipeline,
    extrapolated; the threads it trained on; and the share of a step's wall time spent in matrix products
    (``torch.profiler`` over 30 more steps)."""
    from torch.profiler import ProfilerActivity, profile

    trainer = mnist.make_trainer(recipe, device="cpu")
    n_steps = max(1, round(fraction * RECIPE.steps_per_epoch))
    start, cpu = time.perf_counter(), time.process_time()
    trainer.run(n_steps)
    scale = RECIPE.steps_per_epoch / n_steps
    wall, cpu = (time.perf_counter() - start) * scale, (time.process_time() - cpu) * scale
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        t0 = time.perf_counter()
        trainer.run(30)
        profiled = time.perf_counter() - t0
    products = sum(e.self_cpu_time_total for e in prof.key_averages() if e.key in ("aten::mm", "aten::addmm"))
    return wall, cpu, threads_of(trainer), products / 1e6 / profiled


def step_flops() -> int:
    """Floating-point operations of one course training step (matrix products; elementwise work is small)."""
    from torch.utils.flop_counter import FlopCounterMode

    trainer = mnist.make_trainer(RECIPE, device="cpu")
    trainer.run(2)  # Adam's state exists: the counted step is a steady one
    with FlopCounterMode(display=False) as counter:
        trainer.train_step()
    return counter.get_total_flops()


def matmul_peak(threads: int, precision: str, size: int = 2048, repeats: int = 10) -> float:
    """GFLOP/s of a float32 [size, size] @ [size, size] product with ``threads`` and ``precision``: the best of
    ``repeats`` (the machine's peak for this kind of work, as near as torch gets)."""
    old_threads, old_precision = torch.get_num_threads(), torch.get_float32_matmul_precision()
    torch.set_num_threads(threads)
    torch.set_float32_matmul_precision(precision)
    try:
        a, b = torch.randn(size, size), torch.randn(size, size)
        a @ b  # warm-up
        best = float("inf")
        for _ in range(repeats):
            t0 = time.perf_counter()
            a @ b
            best = min(best, time.perf_counter() - t0)
    finally:
        torch.set_num_threads(old_threads)
        torch.set_float32_matmul_precision(old_precision)
    return 2 * size**3 / best / 1e9


DCGAN_SETTINGS = {  # one choice changed at a time from the chapter's
    "chapter": {},
    "channels_first": {"channels_last": False},
    "bfloat16": {"matmul_precision": "medium"},
    "two_threads": {"num_threads": 2},
}


def dcgan_epoch(fraction: float, setting: str) -> tuple[float, object]:
    """(seconds per epoch, the trainer) of chapter 12's DCGAN with one ``DCGAN_SETTINGS`` change, extrapolated from
    ``fraction`` of an epoch."""
    change = dict(DCGAN_SETTINGS[setting])
    channels_last = change.pop("channels_last", True)
    recipe = mnist.CHAPTER_RECIPES["ch12"].replace(**change)
    trainer = mnist.make_trainer(recipe, device="cpu")
    set_channels_last(trainer.G, trainer.D, on=channels_last)
    trainer.run(20)  # warm-up: Adam's state, the kernels' first calls
    n_steps = max(1, round(fraction * recipe.steps_per_epoch))
    start = time.perf_counter()
    trainer.run(n_steps)
    return (time.perf_counter() - start) * recipe.steps_per_epoch / n_steps, trainer


def dcgan_convolutions(trainer) -> tuple[float, float]:
    """(floating-point operations of the convolutions in one step, share of a step's time they take)."""
    from torch.profiler import ProfilerActivity, profile
    from torch.utils.flop_counter import FlopCounterMode

    with FlopCounterMode(display=False) as counter:
        trainer.train_step()
    ops = counter.get_flop_counts().get("Global", {})
    conv_flops = sum(v for k, v in ops.items() if "convolution" in str(k))
    with num_threads_of(trainer), profile(activities=[ProfilerActivity.CPU]) as prof:
        t0 = time.perf_counter()
        for _ in range(30):
            trainer.train_step()
        profiled = time.perf_counter() - t0
    conv_s = sum(e.self_cpu_time_total for e in prof.key_averages() if "conv" in e.key) / 1e6
    return conv_flops, conv_s / profiled


def num_threads_of(trainer):
    return runtime.num_threads(trainer.config.num_threads)


def dcgan_speed(fraction: float) -> dict:
    """Part 2 of the module's docstring, as one dict."""
    seconds, trainers = {}, {}
    for setting in DCGAN_SETTINGS:
        seconds[setting], trainers[setting] = dcgan_epoch(fraction, setting)
        print(f"DCGAN, {setting}: {seconds[setting]:.1f} s per epoch", flush=True)
    conv_flops, share = dcgan_convolutions(trainers["chapter"])
    peak = matmul_peak(1, "highest")
    steps = mnist.CHAPTER_RECIPES["ch12"].steps_per_epoch
    conv_rate = conv_flops * steps / (seconds["chapter"] * share) / 1e9  # GFLOP/s while convolutions run
    print(f"DCGAN convolutions: {conv_flops / 1e6:.1f} MFLOP per step, {share:.0%} of a step's time, "
          f"{conv_rate:.1f} GFLOP/s = {conv_rate / peak:.0%} of the one-thread float32 peak ({peak:.1f} GFLOP/s)",
          flush=True)
    return {
        "s_per_epoch": {k: round(v, 2) for k, v in seconds.items()},
        "conv_mflop_per_step": round(conv_flops / 1e6, 2),
        "conv_share_of_step": round(share, 3),
        "conv_gflops": round(conv_rate, 2),
        "peak_gflops_1_thread_float32": round(peak, 1),
        "conv_fraction_of_peak": round(conv_rate / peak, 3),
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
    ap.add_argument("--fraction", type=float, default=1.0, help="part of an epoch to time (1 = a full epoch)")
    ap.add_argument("--retrain", action="store_true", help="retrain the chapters' generators (minutes)")
    ap.add_argument("--threads", type=int, default=None, help="CPU threads for the article-style and course runs "
                    "(default: torch's for the article-style run, the package's policy -- one thread for these "
                    "networks -- for the course run); the lesson run always uses 1")
    args = ap.parse_args(argv)
    check_number(ap, args.fraction, "--fraction", 0, 1, low_open=True)
    if args.threads is not None:
        check_whole(ap, args.threads, "--threads", 1, os.cpu_count() or 1)
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    load_start = os.getloadavg()[0]
    mnist_tensors(train=True)  # decompress/verify once, outside the timings
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    timings, cpu = {}, {}
    timings["article_style"], cpu["article_style"] = article_style_epoch(args.fraction)
    threads, share = {}, {}
    for k, lesson in (("course", False), ("course_lesson", True)):
        timings[k], cpu[k], threads[k], share[k] = course_epoch(args.fraction, course_recipe(lesson, args.threads))
    for k in timings:
        print(f"{k}: {timings[k]:.1f} s per epoch ({cpu[k]:.1f} CPU s)", flush=True)
    flops = step_flops()
    peak = {"course": matmul_peak(threads["course"], "highest"), "course_lesson": matmul_peak(1, "medium")}
    achieved = {k: flops * RECIPE.steps_per_epoch / timings[k] / 1e9 for k in peak}
    for k in peak:
        print(f"{k}: {achieved[k]:.1f} GFLOP/s in training on {threads[k]} thread(s), peak {peak[k]:.1f} GFLOP/s "
              f"({achieved[k] / peak[k]:.0%}); matrix products take {share[k]:.0%} of a step and run at "
              f"{achieved[k] / share[k] / peak[k]:.0%} of the peak", flush=True)
    dcgan = dcgan_speed(args.fraction)
    scores = quality_scores(args.retrain)
    for k, v in scores.items():
        print(f"{k}: {v}", flush=True)
    result = {
        "benchmark": "mnist",
        "epoch_measured": "full" if args.fraction == 1 else f"{args.fraction:g} of an epoch, extrapolated",
        "article_style_s_per_epoch": round(timings["article_style"], 2),
        "course_s_per_epoch": round(timings["course"], 2),
        "course_lesson_s_per_epoch": round(timings["course_lesson"], 2),
        "cpu_s_per_epoch": {k: round(v, 2) for k, v in cpu.items()},
        "speedup": round(timings["article_style"] / timings["course"], 2),
        "speedup_lesson": round(timings["article_style"] / timings["course_lesson"], 2),
        "step_gflop": round(flops / 1e9, 3),
        "train_gflops": {k: round(v, 1) for k, v in achieved.items()},
        "peak_gflops": {k: round(v, 1) for k, v in peak.items()},
        "fraction_of_peak": {k: round(achieved[k] / peak[k], 3) for k in peak},
        "course_threads": threads,
        "matmul_share_of_step": {k: round(v, 3) for k, v in share.items()},
        "matmul_only_fraction_of_peak": {k: round(achieved[k] / share[k] / peak[k], 3) for k in peak},
        "dcgan": dcgan,
        "quality_source": "retrained" if args.retrain else "shipped data/generators",
        "quality": scores,
        "chapter_epochs": {k: r.epochs for k, r in mnist.CHAPTER_RECIPES.items()},
        "torch_threads": torch.get_num_threads(),  # the article-style run's
        "loadavg_1min_start_end": [round(load_start, 2), round(os.getloadavg()[0], 2)],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
