"""Chapter 10's coding exercises: the mode-collapse scores (modes covered, high-quality share) and packing."""

from __future__ import annotations

import math
import numbers

import torch
import torch.nn.functional as F

from ...features import pack2
from ...synthetic import mixture2d
from .base import CodeExercise, Mistake, register

__all__ = ["MODE_SCORES", "PACK", "mode_scores", "pack"]

NAMESPACE = {"F": F, "math": math}


# ------------------------------------------------------------------------------------------ 10a: mode scores


def mode_scores(samples: torch.Tensor, centres: torch.Tensor, std: float) -> tuple[int, float]:
    """(modes covered, high-quality share) of ``samples`` [n, 2] on the mixture of ``centres`` [K, 2] and ``std``:
    ``mixture2d.assess`` with its default bar, max(1, round(0.008 n)) high-quality samples per covered mode."""
    target = mixture2d.Mixture2D("exercise 10a", tuple(tuple(c) for c in centres.tolist()), float(std))
    found = mixture2d.assess(samples, target)
    return found.modes_covered, found.hq_share


def _number(v: object) -> object:
    """A number (Python's or NumPy's) as a tensor (so that it compares with a tensor); anything else as it came."""
    if isinstance(v, numbers.Real) and not isinstance(v, bool):
        return torch.tensor(float(v))
    return v


MODES, SHARE = "modes covered (the first number returned)", "high-quality share (the second number returned)"


def _observe_scores(fn, case: tuple) -> dict:
    """The two numbers, each under its own name; anything but a pair is shown as it came."""
    out = fn(*case)
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        return {"answer": out}  # compared, it reads "it gave no modes covered (...)": the pair is missing
    modes, share = out
    return {MODES: _number(modes), SHARE: _number(share)}


def _around(g: torch.Generator, centre: torch.Tensor, m: int, low: float, high: float) -> torch.Tensor:
    """``m`` points at distances drawn uniformly in [low, high] from ``centre``, in random directions."""
    r = low + (high - low) * torch.rand(m, 1, generator=g)
    angle = 2 * math.pi * torch.rand(m, 1, generator=g)
    return centre + r * torch.cat([angle.cos(), angle.sin()], dim=1)


def _scene(g: torch.Generator, target: mixture2d.Mixture2D, n: int, plan: list[tuple[int, int]]) -> torch.Tensor:
    """``n`` samples [n, 2]: for the i-th mode of a random order, ``plan[i]`` = (high-quality samples, within
    2.7 std; near misses, 3.3 to 6 std away); the rest far from every mode (0.4 to 0.7 from a random one).

    No sample lies near the 3-std bar, so every correct way of measuring distances agrees; a near miss is within
    the bar when the squared distance is compared with 3 std, and far samples are not."""
    centres, s = target.centre_tensor(), target.std
    order = torch.randperm(target.k, generator=g)
    parts = []
    for mode, (good, near) in zip(order.tolist(), plan, strict=False):  # modes beyond the plan get no sample
        parts.append(_around(g, centres[mode], good, 0.0, 2.7 * s))
        parts.append(_around(g, centres[mode], near, 3.3 * s, 6.0 * s))
    rest = n - sum(len(p) for p in parts)
    which = torch.randint(0, target.k, (rest,), generator=g)
    parts.append(_around(g, centres[which], rest, 0.4, 0.7))
    x = torch.cat(parts)
    return x[torch.randperm(n, generator=g)]


def _score_cases(seed: int) -> list[tuple]:
    """The ring (500 samples, bar 4) and the grid (1,000 samples, bar 8), each with covered modes, one mode between
    the bar and 20 samples, one with a few high-quality samples and more near misses, and far samples."""
    g = torch.Generator().manual_seed(seed)
    ring, grid = mixture2d.ring(), mixture2d.grid()
    ring_plan = [(int(torch.randint(30, 60, (1,), generator=g)), 3) for _ in range(4)] + [(10, 2), (2, 6), (0, 3)]
    grid_plan = [(int(torch.randint(25, 45, (1,), generator=g)), 2) for _ in range(10)] + [(12, 2), (3, 6), (0, 4)]
    return [
        (_scene(g, ring, 500, ring_plan), ring.centre_tensor(), ring.std),
        (_scene(g, grid, 1000, grid_plan), grid.centre_tensor(), grid.std),
    ]


def _score_edges() -> list[tuple]:
    """60 samples on one mode (the bar is max(1, round(0.48)) = 1), none near any mode, and the chapter's 2,500."""
    g = torch.Generator().manual_seed(1010)
    ring = mixture2d.ring()
    one_mode = _scene(g, ring, 60, [(60, 0)])
    nowhere = _scene(g, ring, 200, [])
    chapter = _scene(g, ring, 2500, [(300, 40)] * 5 + [(19, 30), (20, 0)])
    return [(x, ring.centre_tensor(), ring.std) for x in (one_mode, nowhere, chapter)]


MODE_SCORES = register(
    CodeExercise(
        key="10a",
        title="modes covered and the high-quality share",
        signature="def mode_scores(samples, centres, std):",
        solution="""\
dist = torch.cdist(samples, centres)  # [n, K]: each sample's distance to each mode
nearest_dist, nearest = dist.min(dim=1)
high_quality = nearest_dist <= 3 * std
counts = torch.bincount(nearest[high_quality], minlength=len(centres))  # high-quality samples per mode
bar = max(1, round(0.008 * len(samples)))
return int((counts >= bar).sum()), high_quality.float().mean().item()""",
        reference=mode_scores,
        course_name="gan_course.synthetic.mixture2d.assess",
        cases=_score_cases,
        hidden_cases=_score_edges,
        observe=_observe_scores,
        namespace=NAMESPACE,
        mistakes=(
            Mistake(
                "covered regardless of quality",
                "Your count of covered modes takes every sample's nearest mode, however far the sample is: a "
                "generator that scatters its samples everywhere would cover every mode. Count only the high-quality "
                "samples (within 3 std) at each mode, then compare those counts with the bar.",
                """\
dist = torch.cdist(samples, centres)
nearest_dist, nearest = dist.min(dim=1)
high_quality = nearest_dist <= 3 * std
counts = torch.bincount(nearest, minlength=len(centres))
bar = max(1, round(0.008 * len(samples)))
return int((counts >= bar).sum()), high_quality.float().mean().item()""",
            ),
            Mistake(
                "squared distance",
                "You compare a squared distance with 3 std, which is not squared: on the ring that accepts samples "
                "up to sqrt(0.06) = 0.24 from a mode, four times 3 std. Compare the distance itself with 3 * std "
                "(torch.cdist gives distances), or the squared distance with (3 * std) ** 2.",
                """\
sq = ((samples[:, None, :] - centres[None, :, :]) ** 2).sum(dim=2)
nearest_sq, nearest = sq.min(dim=1)
high_quality = nearest_sq <= 3 * std
counts = torch.bincount(nearest[high_quality], minlength=len(centres))
bar = max(1, round(0.008 * len(samples)))
return int((counts >= bar).sum()), high_quality.float().mean().item()""",
            ),
            Mistake(
                "share over covered modes",
                "Your high-quality share counts only the samples of covered modes. The share is over all n samples "
                "and counts every sample within 3 std of its nearest mode, covered or not: the two measurements are "
                "separate, so that each sees what the other misses.",
                """\
dist = torch.cdist(samples, centres)
nearest_dist, nearest = dist.min(dim=1)
high_quality = nearest_dist <= 3 * std
counts = torch.bincount(nearest[high_quality], minlength=len(centres))
bar = max(1, round(0.008 * len(samples)))
covered = counts >= bar
return int(covered.sum()), (counts[covered].sum() / len(samples)).item()""",
            ),
            Mistake(
                "a fixed bar of 20",
                "Your bar is 20 samples whatever n is: 20 is PacGAN's bar for 2,500 samples, that is 0.8% of them. "
                "The bar scales with the number of samples: max(1, round(0.008 * n)).",
                """\
dist = torch.cdist(samples, centres)
nearest_dist, nearest = dist.min(dim=1)
high_quality = nearest_dist <= 3 * std
counts = torch.bincount(nearest[high_quality], minlength=len(centres))
return int((counts >= 20).sum()), high_quality.float().mean().item()""",
            ),
            Mistake(
                "one sample covers",
                "You count a mode as covered as soon as one high-quality sample lands on it: a generator that "
                "strays near a mode now and then would cover it. A mode needs at least 0.8% of the samples, "
                "max(1, round(0.008 * n)) high-quality samples.",
                """\
dist = torch.cdist(samples, centres)
nearest_dist, nearest = dist.min(dim=1)
high_quality = nearest_dist <= 3 * std
counts = torch.bincount(nearest[high_quality], minlength=len(centres))
return int((counts > 0).sum()), high_quality.float().mean().item()""",
            ),
        ),
    )
)


# ------------------------------------------------------------------------------------------------ 10b: packing


def pack(x: torch.Tensor, k: int = 2) -> torch.Tensor:
    """PacGAN's packing of a batch [n, d] into [n / k, k d]: rows k i .. k i + k - 1 side by side, in order (for
    k = 2 what ``features.pack2`` gives); n not a multiple of k is a ValueError, as in ``pack2``."""
    if k == 2:
        return pack2(x)
    n, d = x.shape
    if n % k:
        raise ValueError(f"pack joins samples in packs of k = {k}: the batch size must be a multiple of k, got {n}")
    return x.reshape(n // k, k * d)


REFUSED = "error for a batch size that is not a multiple of k (1 yes, 0 no)"


def _observe_pack(fn, case: tuple) -> dict:
    """The packed batch; for a batch size that is not a multiple of k, whether the function refused it."""
    x, k = case
    if x.shape[0] % k == 0:
        return {"packed batch": fn(x, k)}
    try:
        fn(x, k)
    except NotImplementedError:
        raise
    except Exception:  # noqa: BLE001 -- refusing the batch is the right answer here, with any error
        return {REFUSED: torch.tensor(1.0)}
    return {REFUSED: torch.tensor(0.0)}


def _pack_cases(seed: int) -> list[tuple]:
    g = torch.Generator().manual_seed(seed)
    return [(torch.randn(6, 3, generator=g), 2), (torch.randn(12, 2, generator=g), 3),
            (torch.randn(5, 3, generator=g), 2)]


def _pack_edges() -> list[tuple]:
    """One pair, packs of 4 one-number samples, k = 1 (nothing to join), 7 samples in packs of 3."""
    g = torch.Generator().manual_seed(1020)
    return [(torch.randn(2, 5, generator=g), 2), (torch.randn(8, 1, generator=g), 4),
            (torch.randn(3, 2, generator=g), 1), (torch.randn(7, 2, generator=g), 3)]


PACK = register(
    CodeExercise(
        key="10b",
        title="packing samples for D",
        signature="def pack(x, k=2):",
        solution="""\
n, d = x.shape
if n % k:
    raise ValueError(f"pack joins k = {k} samples at a time: n = {n} is not a multiple of k")
return x.reshape(n // k, k * d)  # row i: samples k i, ..., k i + k - 1, side by side""",
        reference=pack,
        course_name="gan_course.features.pack2",
        cases=_pack_cases,
        hidden_cases=_pack_edges,
        observe=_observe_pack,
        namespace=NAMESPACE,
        mistakes=(
            Mistake(
                "halves side by side",
                "Your packs join sample i with sample i + n/k (the batch cut into k blocks, put side by side). A "
                "pack is k consecutive samples: row i of the result is samples k i, ..., k i + k - 1, which is what "
                "x.reshape(n // k, k * d) gives.",
                "return torch.cat(x.chunk(k), dim=1)",
            ),
            Mistake(
                "coordinates interleaved",
                "Your packs hold the right samples with their coordinates interleaved (first coordinates of the "
                "pack, then second ones, ...). Each sample must stay whole: the first d numbers of a row are one "
                "sample, the next d the next one, which is what x.reshape(n // k, k * d) gives.",
                """\
n, d = x.shape
return torch.stack([x[i::k] for i in range(k)], dim=2).reshape(n // k, k * d)""",
            ),
            Mistake(
                "always pairs",
                "Your function always joins pairs, whatever k is: its rows are 2 d wide. A pack holds k samples, "
                "so the result is [n / k, k * d].",
                "return x.reshape(-1, 2 * x.shape[1])",
            ),
            Mistake(
                "a pack dimension left",
                "Your result has three dimensions, [n / k, k, d]: D takes one flat row per pack, so join the k "
                "samples of each pack into one row of k * d numbers.",
                """\
n, d = x.shape
return x.reshape(n // k, k, d)""",
            ),
            Mistake(
                "rows dropped",
                "Your function drops the last samples when n is not a multiple of k, so D would silently see fewer "
                "samples than G made. Refuse such a batch as the course does: raise a ValueError that says n must "
                "be a multiple of k.",
                """\
n, d = x.shape
m = n - n % k
return x[:m].reshape(m // k, k * d)""",
            ),
        ),
    )
)
