"""Honest timing for the benchmarks (issue 28): one thread, A and B interleaved, peaks measured, not assumed.

The rules these helpers apply:

* every timed run uses one CPU thread (``one_thread``): on a shared 2-core machine a second thread measures the
  neighbour's load, not the code;
* A and B run interleaved in rounds within one process (``interleaved``): a load that comes and goes hits both
  alike, and the ratio quoted is the median of the per-round paired ratios, with the calling thread's CPU time
  (``time.thread_time``) reported beside the wall time;
* a fraction of peak is FLOPs actually needed (counted) over a directly timed run, over a peak *measured* here
  (``matmul_peak``, ``square_peak``), never a profiler's time share or a datasheet figure; ``cpu_info`` says
  which matrix instructions the CPU has, so that no figure leans on units it lacks (e.g. AMX).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import statistics
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import torch

from gan_course.runtime import num_threads

__all__ = ["FLAGS", "Call", "capture_calls", "cpu_info", "interleaved", "matmul_chunk", "matmul_peak", "one_thread",
           "precision", "replay_chunk", "replay_seconds", "rotations", "square_peak"]

# The vector and matrix instruction sets that decide how fast float32 and bfloat16 products can run.
FLAGS = ("avx2", "fma", "avx512f", "avx512_bf16", "avx512_vnni", "amx_bf16", "amx_int8", "amx_tile")


def cpu_info(cpuinfo: str | None = None) -> dict:
    """The CPU's model name, logical cores, the ``FLAGS`` it lists in /proc/cpuinfo (``flags``: those present) and a
    boolean per capability (``avx2`` ... ``amx_tile``), plus torch's CPU capability. ``cpuinfo``: the file's text
    (for tests); by default /proc/cpuinfo is read (an empty answer where it cannot be)."""
    if cpuinfo is None:
        try:
            with open("/proc/cpuinfo", encoding="utf-8") as f:
                cpuinfo = f.read()
        except OSError:
            cpuinfo = ""
    model, present = "unknown", set()
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key == "model name" and model == "unknown":
            model = value.strip()
        elif key == "flags" and not present:
            present = set(value.split())
    info = {"model": model, "logical_cores": os.cpu_count() or 1, "flags": [f for f in FLAGS if f in present]}
    info.update({f: f in present for f in FLAGS})
    info["torch_cpu_capability"] = torch.backends.cpu.get_cpu_capability()
    return info


def one_thread() -> contextlib.AbstractContextManager[None]:
    """Run the block with torch on one intra-op thread, restoring the previous count afterwards (the package's
    ``runtime.num_threads(1)``)."""
    return num_threads(1)


@contextlib.contextmanager
def precision(name: str | None) -> Iterator[None]:
    """Run the block under ``torch.set_float32_matmul_precision(name)`` ("highest", "high", "medium"; None: leave
    it), restoring the previous setting afterwards."""
    before = torch.get_float32_matmul_precision()
    if name is not None:
        torch.set_float32_matmul_precision(name)
    try:
        yield
    finally:
        torch.set_float32_matmul_precision(before)


def rotations(names: Sequence[str], rounds: int) -> list[list[str]]:
    """The order of each round: round r starts at name r mod n (A B | B A | A B ... for two), so that every name
    runs first, second, ... equally often and none always follows the same neighbour."""
    n = len(names)
    return [[names[(r + i) % n] for i in range(n)] for r in range(rounds)]


def interleaved(fns: dict[str, Callable[[], None]], rounds: int, warmup: int = 1) -> dict:
    """Run each callable once per round, the rounds in rotating order (``rotations``), after ``warmup`` untimed
    rounds; each call timed by wall clock (``time.perf_counter``) and by this thread's CPU time
    (``time.thread_time``: what torch's one intra-op thread, which is this one, spent; sleeping and waiting for
    another process's core do not count). Each callable should be a chunk of work of about 0.1 to 1 s.

    Returns ``wall`` and ``cpu``: per name, the median seconds of one call; ``ratio_wall`` and ``ratio_cpu``: per
    ordered pair ``"a/b"`` (both ways round), the median over rounds of that round's a / b; ``samples``: every
    round's seconds per name (wall, cpu); ``order``: each timed round's order; ``rounds``, ``warmup``.
    """
    if not fns:
        raise ValueError("interleaved needs at least one callable")
    if rounds < 1 or warmup < 0:
        raise ValueError(f"interleaved needs rounds >= 1 and warmup >= 0, got {rounds} and {warmup}")
    names = list(fns)
    for order in rotations(names, warmup):
        for name in order:
            fns[name]()
    wall: dict[str, list[float]] = {k: [] for k in names}
    cpu: dict[str, list[float]] = {k: [] for k in names}
    orders = rotations(names, rounds)
    for order in orders:
        for name in order:
            w0, c0 = time.perf_counter(), time.thread_time()
            fns[name]()
            c1, w1 = time.thread_time(), time.perf_counter()
            wall[name].append(w1 - w0)
            cpu[name].append(c1 - c0)
    pairs = list(itertools.permutations(names, 2))
    return {
        "rounds": rounds,
        "warmup": warmup,
        "order": orders,
        "wall": {k: statistics.median(v) for k, v in wall.items()},
        "cpu": {k: statistics.median(v) for k, v in cpu.items()},
        "ratio_wall": {f"{a}/{b}": _paired(wall[a], wall[b]) for a, b in pairs},
        "ratio_cpu": {f"{a}/{b}": _paired(cpu[a], cpu[b]) for a, b in pairs},
        "samples": {"wall": wall, "cpu": cpu},
    }


def _paired(a: Sequence[float], b: Sequence[float]) -> float:
    """The median of a[i] / b[i] over the rounds (inf where b's time is 0, which a real chunk of work never is)."""
    return statistics.median(x / y if y > 0 else float("inf") for x, y in zip(a, b, strict=True))


def _best_seconds(work: Callable[[], None], seconds: float, chunks: int = 10) -> float:
    """Seconds of one call of ``work``: after a warm-up, calls are timed in ``chunks`` chunks that fill ``seconds``
    together; the fastest chunk's mean (a peak is what the machine can reach, and a neighbour's load only ever
    slows a chunk down)."""
    work()
    t0 = time.perf_counter()
    work()
    once = max(time.perf_counter() - t0, 1e-6)
    per_chunk = max(1, round(seconds / chunks / once))
    best = float("inf")
    for _ in range(chunks):
        t0 = time.perf_counter()
        for _ in range(per_chunk):
            work()
        best = min(best, (time.perf_counter() - t0) / per_chunk)
    return best


def _products(shapes, dtype: torch.dtype, batch: int | None) -> tuple[Callable[[], None], float]:
    """(a callable running the products once each, their FLOPs); see ``matmul_peak`` for the arguments."""
    shapes = [shapes] if isinstance(shapes, tuple) and len(shapes) == 3 and isinstance(shapes[0], int) else list(shapes)
    if not shapes or any(len(s) != 3 or min(s) < 1 for s in shapes):
        raise ValueError(f"shapes must be (n, k, m) triples of positive sizes, got {shapes}")
    if batch is not None and batch < 1:
        raise ValueError(f"batch must be None or a positive number of products, got {batch}")
    lead = () if batch is None else (batch,)
    pairs = [(torch.randn(*lead, n, k).to(dtype), torch.randn(*lead, k, m).to(dtype)) for n, k, m in shapes]
    product = torch.mm if batch is None else torch.bmm

    def work() -> None:
        for a, b in pairs:
            product(a, b)

    return work, float(sum(2 * n * k * m for n, k, m in shapes) * (batch or 1))


def _chunk(work: Callable[[], None], seconds: float, matmul_precision: str | None) -> tuple[Callable[[], None], int]:
    """(a callable that repeats ``work`` enough times to take about ``seconds`` on one thread, the repeats)."""
    with one_thread(), precision(matmul_precision):
        work()
        t0 = time.perf_counter()
        work()
        once = max(time.perf_counter() - t0, 1e-6)
    repeats = max(1, round(seconds / once))

    def chunk() -> None:
        with precision(matmul_precision):
            for _ in range(repeats):
                work()

    return chunk, repeats


def matmul_chunk(shapes: Iterable[tuple[int, int, int]] | tuple[int, int, int], dtype: torch.dtype = torch.float32,
                 batch: int | None = None, seconds: float = 0.1,
                 matmul_precision: str | None = "highest") -> tuple[Callable[[], None], float]:
    """(a callable of about ``seconds`` of the products ``matmul_peak`` times, its FLOPs): to run in
    ``interleaved`` beside the work it is compared with, so that the peak and the work meet the same load. The
    callable sets ``matmul_precision`` itself; the thread count is the caller's (``one_thread``)."""
    work, flops = _products(shapes, dtype, batch)
    chunk, repeats = _chunk(work, seconds, matmul_precision)
    return chunk, flops * repeats


def matmul_peak(shapes: Iterable[tuple[int, int, int]] | tuple[int, int, int], dtype: torch.dtype = torch.float32,
                batch: int | None = None, seconds: float = 0.5, matmul_precision: str | None = "highest") -> float:
    """GFLOP/s of the products [n, k] @ [k, m] for each ``(n, k, m)`` in ``shapes`` (one triple or several, run
    back to back, each as often as it is listed), on one thread, with ``dtype`` operands (contiguous, random) and
    ``torch.set_float32_matmul_precision(matmul_precision)``; ``batch`` S: batched products [S, n, k] @ [S, k, m]
    (``torch.bmm``). FLOPs are 2 n k m (times S) per product. Measured over about ``seconds``: the fastest of 10
    chunks."""
    work, flops = _products(shapes, dtype, batch)
    with one_thread(), precision(matmul_precision):
        return flops / _best_seconds(work, seconds) / 1e9


def square_peak(size: int = 1024, dtype: torch.dtype = torch.float32, seconds: float = 0.5,
                matmul_precision: str | None = "highest") -> float:
    """GFLOP/s of one [size, size] @ [size, size] product on one thread (``matmul_peak`` of one square shape):
    the machine's best case for dense products."""
    return matmul_peak((size, size, size), dtype=dtype, seconds=seconds, matmul_precision=matmul_precision)


@dataclass(frozen=True)
class Call:
    """One recorded ATen call: the op and its arguments, tensors kept as (shape, stride, dtype) to be remade."""

    op: object
    args: tuple
    kwargs: dict

    def remake(self) -> tuple[tuple, dict]:
        """The arguments with fresh random tensors of the recorded shapes, strides (layouts) and dtypes."""

        def make(x):
            if isinstance(x, _TensorMeta):
                size = 1 + sum((n - 1) * st for n, st in zip(x.shape, x.stride, strict=True)) if all(x.shape) else 0
                base = torch.empty(size, dtype=x.dtype)  # then viewed with the recorded strides (0 for a broadcast)
                base = base.normal_() if base.is_floating_point() else base.zero_()
                return base.as_strided(x.shape, x.stride)
            if isinstance(x, (list, tuple)):
                return type(x)(make(v) for v in x)
            return x

        return make(self.args), {k: make(v) for k, v in self.kwargs.items()}


@dataclass(frozen=True)
class _TensorMeta:
    shape: tuple[int, ...]
    stride: tuple[int, ...]
    dtype: torch.dtype


def capture_calls(fn: Callable[[], object], keep: Callable[[object], bool]) -> list[Call]:
    """The ATen calls that ``fn()`` makes (forward and backward) for which ``keep(op)`` is true, in order, e.g.
    ``keep=lambda op: op.overloadpacket in (torch.ops.aten.mm, torch.ops.aten.addmm)``."""
    from torch.utils._python_dispatch import TorchDispatchMode

    def meta(x):
        if isinstance(x, torch.Tensor):
            return _TensorMeta(tuple(x.shape), tuple(x.stride()), x.dtype)
        if isinstance(x, (list, tuple)):
            return type(x)(meta(v) for v in x)
        return x

    calls: list[Call] = []

    class Recorder(TorchDispatchMode):
        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            if keep(func):
                calls.append(Call(func, meta(args), {k: meta(v) for k, v in kwargs.items()}))
            return func(*args, **kwargs)

    with Recorder():
        fn()
    return calls


def replay_seconds(calls: Sequence[Call], seconds: float = 0.5, matmul_precision: str | None = None) -> float:
    """Seconds for one pass over ``calls`` replayed back to back on fresh tensors of the recorded layouts, on one
    thread (the fastest of 10 chunks filling about ``seconds``): the time those ops take by themselves."""
    made = [(c.op, *c.remake()) for c in calls]

    def work() -> None:
        for op, args, kwargs in made:
            op(*args, **kwargs)

    with one_thread(), precision(matmul_precision):
        return _best_seconds(work, seconds)


def replay_chunk(calls: Sequence[Call], seconds: float = 0.1,
                 matmul_precision: str | None = None) -> tuple[Callable[[], None], int]:
    """(a callable of about ``seconds`` of ``calls`` replayed as ``replay_seconds`` does, the passes over
    ``calls`` it makes): to run in ``interleaved`` beside the step the calls came from."""
    made = [(c.op, *c.remake()) for c in calls]

    def work() -> None:
        for op, args, kwargs in made:
            op(*args, **kwargs)

    return _chunk(work, seconds, matmul_precision)
