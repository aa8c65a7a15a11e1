"""Plotting helpers. Each takes ``ax=None`` (a new figure when None) and returns the Axes it drew on."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes
from scipy import stats

from . import metrics
from .metrics import to_numpy
from .train import History
from .validate import count, number, positive_number

__all__ = [
    "HISTORY_LABELS",
    "plot_histogram",
    "plot_history",
    "plot_duel",
    "plot_trajectories",
    "plot_seed_runs",
    "plot_image_grid",
    "tile_images",
    "plot_points_2d",
    "check_value_range",
]


def _axes(ax: Axes | None, figsize=(6, 3.5)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_histogram(
    samples,
    target=None,
    bins: int | Sequence[float] = 50,
    label: str = "G(z)",
    ax: Axes | None = None,
    **hist_kwargs,
) -> Axes:
    """Density histogram of 1-D samples, with the target's density when ``target`` is given: a pair (mean, std)
    for N(mean, std^2), or a ``gan_course.synthetic.targets.Target`` (any 1-D law)."""
    a = metrics.samples(samples, "samples", minimum=1)
    if not (isinstance(bins, int) and not isinstance(bins, bool) and 1 <= bins <= 10_000):
        edges = metrics.to_numpy(bins) if not isinstance(bins, (int, bool)) else np.array([])
        if edges.size < 2 or not np.isfinite(edges).all() or not (np.diff(edges) > 0).all():
            raise ValueError(f"bins must be a number of bins from 1 to 10,000 or increasing bin edges, got {bins!r}")
    ax = _axes(ax)
    ax.hist(a, bins=bins, density=True, alpha=0.6, label=label, **hist_kwargs)
    if target is not None:
        if hasattr(target, "pdf"):  # a Target
            m, s, pdf, name = target.mean, target.std, target.pdf, f"target {target.name}"
        else:
            m, s = target
            pdf, name = (lambda t: stats.norm.pdf(t, m, s)), f"target N({m:g}, {s:g}²)"
        lo, hi = min(a.min(), m - 4 * s), max(a.max(), m + 4 * s)
        t = np.linspace(lo, hi, 400)
        ax.plot(t, pdf(t), "k-", lw=2, label=name)
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    ax.legend()
    return ax


# What the History fields are, in words, for legends.
HISTORY_LABELS = {
    "loss_d": "loss of D",
    "loss_g": "loss of G",
    "d_real": "D(x) on real samples",
    "d_fake": "D(G(z)) on fakes",
}


def plot_history(
    history: History,
    keys: Sequence[str] = ("loss_d", "loss_g"),
    smooth: int = 1,
    ax: Axes | None = None,
) -> Axes:
    """Curves of ``history`` fields against the step, optionally smoothed by a running mean of ``smooth`` steps."""
    ax = _axes(ax)
    steps = np.asarray(history.step)
    for key in keys:
        y = np.asarray(getattr(history, key), dtype=float)
        if smooth > 1 and len(y) >= smooth:
            y = np.convolve(y, np.ones(smooth) / smooth, mode="valid")
            x = steps[smooth - 1 :]
        else:
            x = steps
        ax.plot(x, y, label=HISTORY_LABELS.get(key, key))
    ax.set_xlabel("step")
    ax.legend()
    return ax


def plot_duel(history: History, smooth: int = 1, axes: Sequence[Axes] | None = None) -> tuple[Axes, Axes]:
    """The duel in two panels: both losses, and D's mean verdicts on real and fake batches (0.5: D cannot tell).

    ``axes``: two Axes to draw on (e.g. a row of a larger figure); by default a new 1 x 2 figure.
    """
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(11, 3.5))
    ax_loss, ax_d = axes
    plot_history(history, ("loss_d", "loss_g"), smooth=smooth, ax=ax_loss)
    ax_loss.set_ylabel("loss")
    ax_loss.set_title("losses")
    plot_history(history, ("d_real", "d_fake"), smooth=smooth, ax=ax_d)
    ax_d.axhline(0.5, color="k", ls="--", lw=1)
    ax_d.set_ylim(0, 1)
    ax_d.set_ylabel("mean D output")
    ax_d.set_title("D's verdicts (0.5: cannot tell)")
    return ax_loss, ax_d


def plot_trajectories(
    steps: Sequence[int], values: Sequence[float], target: float | None = None, label: str = "",
    ax: Axes | None = None,
) -> Axes:
    """A statistic of G's samples over training (e.g. mean or std), with its target as a dashed line."""
    steps, values = metrics.samples(steps, "steps", 1), metrics.samples(values, "values", 1)
    if len(steps) != len(values):
        raise ValueError(f"steps and values must be as long as each other, got {len(steps)} and {len(values)}")
    if target is not None:
        target = number(target, "target", -1e300, 1e300, "4.0")
    ax = _axes(ax)
    ax.plot(steps, values, label=label or None)
    if target is not None:
        ax.axhline(target, color="k", ls="--", lw=1, label=f"target {target:g}")
    ax.set_xlabel("step")
    if label:
        ax.set_ylabel(label)
    ax.legend()
    return ax


def plot_seed_runs(
    steps: Sequence[int],
    series: dict[str, np.ndarray],
    reference: dict[str, float | None],
    seeds: Sequence[int],
    step_label: str = "step",
    axes: Sequence[Axes] | None = None,
) -> Sequence[Axes]:
    """Several seeds' runs side by side: one panel per statistic (e.g. mean, std, KS), one line per seed.

    ``series[name]`` is [checks, seeds] (``np.array(track.ks)`` of a stacked run); ``reference[name]`` is drawn as a
    dashed line when not None; a statistic called "KS" is drawn on a log scale.
    """
    steps = metrics.samples(steps, "steps", 1)
    if not isinstance(seeds, (tuple, list)) or not seeds or not all(
            isinstance(s, int) and not isinstance(s, bool) for s in seeds):
        raise ValueError(f"seeds must be a tuple of the runs' seeds, e.g. (0, 1, 2), got {seeds!r}")
    if not isinstance(series, dict) or not series or not isinstance(reference, dict):
        raise ValueError(f"series must be a dict {{statistic: values [checks, seeds]}} and reference a dict "
                         f"{{statistic: value or None}}, got {type(series).__name__} and {type(reference).__name__}")
    for name, values in series.items():
        shape = np.shape(values)
        if shape != (len(steps), len(seeds)):
            raise ValueError(f"series[{name!r}] must be [checks, seeds] = [{len(steps)}, {len(seeds)}] (one column "
                             f"per seed), got shape {shape}")
    if axes is None:
        _, axes = plt.subplots(1, len(series), figsize=(4.6 * len(series), 3.4), squeeze=False)
        axes = list(axes[0])
    for ax, (name, values) in zip(axes, series.items(), strict=True):
        values = np.asarray(values)
        for i, seed in enumerate(seeds):
            ax.plot(steps, values[:, i], lw=1, label=f"seed {seed}")
        if reference.get(name) is not None:
            ax.axhline(reference[name], color="k", ls="--", lw=1, label=f"target {reference[name]:g}")
        if name.startswith("KS"):
            ax.set_yscale("log")
        ax.set_xlabel(step_label)
        ax.set_ylabel(name)
        ax.legend(fontsize=7, loc="best")
    return axes


def plot_image_grid(
    images: torch.Tensor, nrow: int = 8, value_range: tuple[float, float] = (0.0, 1.0), ax: Axes | None = None
) -> Axes:
    """Images [n, 784] or [n, 28, 28] tiled in rows of ``nrow``, grey, with value_range mapped to black..white."""
    grid = tile_images(images, nrow, value_range)
    ax = _axes(ax, figsize=(nrow, max(1, (len(images) + nrow - 1) // nrow)))
    ax.imshow(grid, cmap="gray", vmin=0, vmax=1)
    ax.set_axis_off()
    return ax


def check_value_range(value_range: object, name: str = "value_range") -> tuple[float, float]:
    """``value_range`` as (lo, hi) if it is two finite numbers with lo < hi (an image's black and white), else a
    ValueError that says so, e.g. (0.0, 1.0) for a sigmoid G or (-1.0, 1.0) for a tanh G."""
    ok = isinstance(value_range, (tuple, list)) and len(value_range) == 2 and all(
        isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) and np.isfinite(v)
        for v in value_range)
    if not ok or not value_range[0] < value_range[1]:
        raise ValueError(f"{name} must be two finite numbers lo < hi, the pixel values drawn black and white, e.g. "
                         f"(0.0, 1.0) or (-1.0, 1.0), got {value_range!r}")
    return float(value_range[0]), float(value_range[1])


def _images(images: object) -> np.ndarray:
    """Images [n, 784] or [n, 28, 28] as float64 [n, 28, 28], or a ValueError naming the shape given."""
    shape = tuple(getattr(images, "shape", ()))
    if not isinstance(images, (torch.Tensor, np.ndarray)) or len(shape) not in (2, 3) or shape[0] < 1 \
            or shape[1:] not in ((784,), (28, 28)) or getattr(images, "dtype", None) in (torch.bool, np.bool_):
        raise ValueError(f"images must be a tensor or array [n, 784] or [n, 28, 28] with n >= 1, got "
                         f"{type(images).__name__}{' of shape ' + str(shape) if shape else ''}")
    return to_numpy(images).reshape(shape[0], 28, 28)


def tile_images(images, nrow: int = 8, value_range: tuple[float, float] = (0.0, 1.0)) -> np.ndarray:
    """Images [n, 784] or [n, 28, 28] as one grey array in [0, 1], ``nrow`` to a row, 1-pixel white borders."""
    imgs = _images(images)  # [n, 784] -> [n, 28, 28]
    count(nrow, "nrow (images in a row)", 10_000)
    lo, hi = check_value_range(value_range)
    imgs = np.clip((imgs - lo) / (hi - lo), 0, 1)
    ncol = min(nrow, len(imgs))
    rows = (len(imgs) + nrow - 1) // nrow
    grid = np.ones((rows * 29 + 1, ncol * 29 + 1), dtype=np.float32)
    for i, img in enumerate(imgs):
        r, c = divmod(i, nrow)
        grid[1 + r * 29 : 1 + r * 29 + 28, 1 + c * 29 : 1 + c * 29 + 28] = img
    return grid


def plot_points_2d(
    points, centres=None, std: float | None = None, ax: Axes | None = None, label: str = "generator samples",
    title: str | None = None, size: float = 6.0,
) -> Axes:
    """Samples in the plane [n, 2], over the target's mode centres (circles of 3 standard deviations)."""
    xy = metrics.samples(points, "points", 2)
    if not isinstance(points, (torch.Tensor, np.ndarray)) or points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"points must be a tensor or array of points in the plane [n, 2], got "
                         f"{metrics._got(points)}")
    xy = xy.reshape(-1, 2)
    if std is not None:
        positive_number(std, "std (of each mode)", "0.02")
    size = positive_number(size, "size (of a point)", "6.0")
    ax = _axes(ax, figsize=(4, 4))
    ax.scatter(xy[:, 0], xy[:, 1], s=size, alpha=0.35, lw=0, label=label)
    if centres is not None:
        c = to_numpy(torch.as_tensor(centres)).reshape(-1, 2)
        ax.scatter(c[:, 0], c[:, 1], marker="+", color="k", s=40, label="mode centres")
        if std is not None:
            for x, y in c:
                ax.add_patch(plt.Circle((x, y), 3 * std, fill=False, color="tab:red", lw=0.8))
    ax.set_aspect("equal")
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    if title:
        ax.set_title(title, fontsize=10)
    return ax
