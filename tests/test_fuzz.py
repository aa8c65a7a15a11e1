"""A fuzz test of the whole package (issue 24): every public callable of every module's ``__all__``, fed wrong types and
out-of-range values one argument slot at a time, must answer in the course's own words or accept only what is valid.

How it works. ``TABLE`` gives each callable a valid call (keyword arguments) and, for each argument slot, a *kind*
(a size, a seed, a real number, a tensor, a name, ...). Each case puts every value of ``BAD`` (None, a string, a
list, a dict, NaN, inf, -1, 0, 2**70, True, a NumPy -1, a NumPy NaN, a tensor of the wrong shape) into one slot, the
others valid, and calls. A case passes when every call either

- raises a ``ValueError``/``TypeError`` or a course exception from a ``raise`` statement in a gan_course file, with a
  sentence for a message, or
- returns, for a value the slot's kind allows (``KINDS``: a real number may be -1 or 0, a seed 0, free text any
  string, an optional slot None).

Anything else fails: an exception from torch, numpy or Python's operators, a bad value silently accepted, or a call
that runs past ``LIMIT_S`` (a bad value that started a training run). Exercise checks (which never raise, and must say
"Not yet" to garbage) and the commands (which must exit with status 2 and one line) have their own tests below.
Callables with no row are listed in ``EXCUSED`` with the reason; ``test_every_public_callable_is_covered`` keeps the
table whole.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import linecache
import math
import pkgutil
import signal
import traceback
from pathlib import Path

import numpy as np
import pytest
import torch

import gan_course

PACKAGE = Path(gan_course.__file__).resolve().parent
LIMIT_S = 3.0  # a valid call in the table takes milliseconds; past this a bad value was taken and work began

BAD = {
    "None": None,
    "str": "x",
    "list": [1],
    "dict": {"a": 1},
    "nan": math.nan,
    "inf": math.inf,
    "-1": -1,
    "0": 0,
    "2**70": 2**70,
    "True": True,
    "np.int64(-1)": np.int64(-1),
    "np.nan": np.float64("nan"),
    "tensor[2,3,4]": torch.zeros(2, 3, 4),
}

# The bad values a slot of each kind may accept (a value outside must be refused in words).
KINDS: dict[str, set[str]] = {
    "real": {"-1", "0", "2**70", "np.int64(-1)"},  # any finite real number
    "nonneg": {"0", "2**70"},  # a finite number >= 0
    "pos": {"2**70"},  # a finite number > 0
    "prob": {"0"},  # a number in [0, 1]
    "size": set(),  # a whole number >= 1 with a sensible maximum (2**70 neurons is a typo)
    "count0": {"0"},  # a whole number >= 0 with a maximum
    "seed": {"0"},
    "digit": {"0", "list"},  # one digit 0-9 ([1]: digits for one row, where a slot takes digits [m])
    "text": {"str"},  # free text: a label, a title, a description
    "name": set(),  # a key of a table (a recipe, a loss, an activation)
    "bool": {"True"},
    "path": {"str"},  # a file or folder (the test runs in an empty temporary folder)
    "object": set(),  # a tensor, a module, a density, a recipe, a record: the wrong type is refused
    "any": set(BAD),  # not fuzzed: the slot takes anything (a student's answer, a callable)
}


SAMPLE = {"list", "-1", "0", "2**70", "np.int64(-1)", "tensor[2,3,4]"}  # numbers, flattened: one number is a sample
NUMBERS = {"list", "nan", "inf", "-1", "0", "2**70", "np.int64(-1)", "np.nan", "tensor[2,3,4]"}  # any numbers
AFFINE = {"-1", "0", "2**70", "np.int64(-1)", "tensor[2,3,4]"}
SIGMA = {"0"}  # the explorers' sigma slider starts at 0 on purpose (a point mass: the message says why)
STACKED = {"tensor[2,3,4]"}  # a batch slot also takes a stacked run's batches [S, n, d] (gan_course.batched)


def kind_accepts(kind: str | set[str], bad: str) -> bool:
    if isinstance(kind, set):  # the bad values this one slot may take
        return bad in kind
    optional = kind.startswith("?")
    return (optional and bad == "None") or bad in KINDS[kind.lstrip("?")]


class Overran(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float):
    def stop(signum, frame):
        raise Overran

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def course_exception(err: BaseException) -> str | None:
    """None when ``err`` is a course answer: raised by a ``raise`` in gan_course, a ValueError/TypeError or a course
    exception, with a sentence; else what is wrong with it."""
    frames = traceback.extract_tb(err.__traceback__)
    if not frames:
        return f"{type(err).__name__} without a traceback: {err}"
    last = frames[-1]
    where = Path(last.filename).resolve()
    text = str(err)
    if not where.is_relative_to(PACKAGE):
        return f"{type(err).__name__} from {where.name}:{last.lineno} (not gan_course): {text[:120]}"
    line = (linecache.getline(last.filename, last.lineno) or "").strip()
    if not line.startswith("raise"):
        return f"{type(err).__name__} from an operation in {where.name}:{last.lineno} ({line[:60]}): {text[:120]}"
    own = type(err).__module__.startswith("gan_course")
    if not (own or isinstance(err, (ValueError, TypeError))):
        return f"{type(err).__name__} raised in {where.name}:{last.lineno}: {text[:120]}"
    if len(text) < 20 or " " not in text:
        return f"not a sentence: {text!r}"
    return None


def same(value: object, valid: object) -> bool:
    """True when a bad value is the slot's valid value itself (a plain number, string or None of the same type):
    that call is the valid call, already made and known to return, so it is not made again."""
    return type(value) is type(valid) and isinstance(value, (int, float, str, type(None))) and value == valid


def probe(call, kwargs: dict, slot: str, kind: str) -> list[str]:
    """Every bad value in ``slot``: the problems found, as lines."""
    problems = []
    for bad, value in BAD.items():
        args = dict(kwargs)
        args[slot] = value
        if same(value, kwargs[slot]):  # e.g. seed=0 where the valid call has seed 0: it returned
            if not kind_accepts(kind, bad):
                problems.append(f"{slot}={bad}: the valid value itself is refused by the slot's kind (fix the table)")
            continue
        try:
            with time_limit(LIMIT_S), contextlib.redirect_stdout(io.StringIO()), \
                    contextlib.redirect_stderr(io.StringIO()):
                call(**args)
        except Overran:
            problems.append(f"{slot}={bad}: still running after {LIMIT_S} s (the value was taken)")
            continue
        except Exception as err:  # noqa: BLE001 -- judged below
            why = course_exception(err)
            if why is not None:
                problems.append(f"{slot}={bad}: {why}")
            continue
        if not kind_accepts(kind, bad):
            problems.append(f"{slot}={bad}: accepted silently")
    return problems


# ---------------------------------------------------------------------------------------------- valid objects


def _lazy(fn):
    """A valid value built when a case runs (a model, a density, a trainer), cached."""
    cache = {}

    def get():
        if "v" not in cache:
            cache["v"] = fn()
        return cache["v"]

    get.lazy = True
    return get


def _mlp_g():
    from gan_course import models

    return models.mlp_generator(2, (8,), 1)


def _mlp_d():
    from gan_course import models

    return models.mlp_discriminator(1, (8,))


def _stacked_d():
    from gan_course import batched

    return batched.stack([_mlp_d(), _mlp_d()])


def _cond_g():
    from gan_course import mnist

    torch.manual_seed(0)
    return mnist.build_generator(mnist.GAN_MNIST.replace(conditional=True, g_hidden=(8,), noise_dim=6, embed_dim=3))


def _mnist_g():
    from gan_course import mnist

    torch.manual_seed(0)
    return mnist.build_generator(mnist.GAN_MNIST.replace(g_hidden=(8,), noise_dim=6))


def _gauss(mu=0.0, sigma=1.0):
    from gan_course import theory

    return theory.gaussian(mu, sigma)


def _trainer():
    from gan_course import data, models
    from gan_course.train import TrainConfig, Trainer

    return Trainer(models.mlp_generator(1, (4,), 1), models.mlp_discriminator(1, (4,)), data.gaussian_sampler(),
                   data.normal_noise(1), TrainConfig(steps=4, batch_size=8, device="cpu"))


def _classifier():
    from gan_course.mnist.classifier import MnistCNN

    torch.manual_seed(0)
    return MnistCNN()


MLP_G, MLP_D, COND_G, MNIST_G = _lazy(_mlp_g), _lazy(_mlp_d), _lazy(_cond_g), _lazy(_mnist_g)
P, Q = _lazy(lambda: _gauss(0.0, 1.0)), _lazy(lambda: _gauss(1.0, 2.0))
TRAINER, CLASSIFIER = _lazy(_trainer), _lazy(_classifier)
RACE = _lazy(lambda: __import__("gan_course.mnist.race", fromlist=["x"]).load_race())  # the shipped race record
X1 = _lazy(lambda: torch.randn(16, 1))
IMAGES = _lazy(lambda: torch.rand(4, 784))
NORMAL = _lazy(lambda: __import__("gan_course.synthetic.targets", fromlist=["x"]).normal())
SAMPLER = _lazy(lambda: __import__("gan_course.data", fromlist=["x"]).gaussian_sampler())

# name -> ({slot: (valid value, kind)}, owner of the module): one valid call per callable, every slot fuzzed
TABLE: dict[str, dict[str, tuple[object, str]]] = {
    # ---- targets, metrics, features, losses, theory, plotting, models (part 3)
    "synthetic.targets.normal": {"mean": (4.0, "real"), "std": (1.25, "pos")},
    "synthetic.targets.scipy_target": {"name": ("gamma", "name"), "a": (2.0, "pos")},
    "synthetic.targets.mixture": {"means": ((-2.0, 2.0), "object"), "stds": ((0.5, 0.5), "object")},
    "synthetic.targets.parse": {"name": ("normal", "name"), "params": ("4,1.25", "object")},
    "metrics.to_numpy": {"x": ([1.0, 2.0], NUMBERS)},
    "synthetic.gaps.misses": {"share": (_lazy(lambda: importlib.import_module("gan_course.synthetic.gaps")
                                              .target_shares()), "object"),
                    "target": (None, "?object"), "gap_ratio": (3.0, "pos"), "min_bump": (0.1, "prob")},
    "synthetic.gaps.shares": {"x": ([-5.0, 0.0, 5.0], SAMPLE), "centres": ((-5.0, 5.0), "object"), "std": (0.2, "pos"),
                    "k": (3.0, "pos")},
    "synthetic.gaps.target_shares": {"target": (_lazy(lambda: importlib.import_module("gan_course.synthetic.gaps")
                                                      .FAR_BUMPS), "object"),
                           "centres": ((-5.0, 5.0), "object"), "std": (0.2, "pos"), "k": (3.0, "pos")},
    "synthetic.gaps.two_piece_noise": {"dim": (2, "size")},
    "metrics.sample_moments": {"x": ([1.0, 2.0, 4.0], {"tensor[2,3,4]"})},
    "metrics.ks_statistic": {"x": ([1.0, 2.0], SAMPLE), "mean": (0.0, "real"), "std": (1.0, "pos")},
    "metrics.wasserstein1": {"x": ([1.0, 2.0], SAMPLE), "mean": (0.0, "real"), "std": (1.0, "pos")},
    "features.raw": {"x": (X1, STACKED)},
    "features.minibatch_diffs": {"x": (X1, STACKED)},
    "features.moments": {"x": (X1, STACKED)},
    "features.pack2": {"x": (X1, STACKED)},
    "features.batch_moments": {"x": (X1, STACKED)},
    "features.feature_map": {"name": ("raw", "name")},
    "features.feature_dim": {"name": ("raw", "name"), "batch_size": (8, "size"), "data_dim": (1, "size")},
    "losses.discriminator_loss": {"real_logits": (X1, STACKED), "fake_logits": (X1, STACKED)},
    "losses.generator_loss_saturating": {"fake_logits": (X1, STACKED)},
    "losses.generator_loss_non_saturating": {"fake_logits": (X1, STACKED)},
    "losses.generator_loss": {"name": ("saturating", "name")},
    "losses.critic_loss_wasserstein": {"real_scores": (X1, STACKED), "fake_scores": (X1, STACKED)},
    "losses.generator_loss_critic": {"fake_scores": (X1, STACKED)},
    "losses.critic_loss_hinge": {"real_scores": (X1, STACKED), "fake_scores": (X1, STACKED)},
    "losses.critic_loss_least_squares": {"real_scores": (X1, STACKED), "fake_scores": (X1, STACKED)},
    "losses.generator_loss_least_squares": {"fake_scores": (X1, STACKED)},
    "losses.loss_pair": {"loss": ("gan", "name"), "g_loss": ("non_saturating", "name")},
    "losses.interpolate": {"real": (X1, "object"), "fake": (X1, "object"), "generator": (None, "?object")},
    "losses.gradient_penalty": {"critic": (MLP_D, "object"), "x_hat": (X1, "object"), "one_sided": (False, "bool")},
    "regularisers.R1": {"gamma": (10.0, "real")},
    "regularisers.GradientPenalty": {"lam": (10.0, "real"), "one_sided": (False, "bool")},
    "regularisers.WeightClip": {"c": (0.01, "pos")},
    "regularisers.Unrolled": {"k": (5, "size")},
    # a 1-D mean and variance may be plain numbers or one-element lists ([1])
    "mnist.quality.FeatureStats": {"mean": (4.0, {"-1", "0", "2**70", "np.int64(-1)", "list"}),
                                   "cov": (1.5625, {"0", "2**70", "list"}), "n": (1, "size")},
    "theory.Density": {"pdf": (np.exp, "object"), "lo": (0.0, "real"), "hi": (1.0, "real"), "label": ("", "any")},
    "theory.density": {"pdf": (np.exp, "object"), "lo": (0.0, "real"), "hi": (1.0, "real"), "label": ("", "any")},
    "theory.gaussian": {"mu": (0.0, "real"), "sigma": (1.0, "pos")},
    "theory.mixture": {"p": (P, "object"), "q": (Q, "object"), "weight": (0.5, "prob")},
    "theory.optimal_discriminator": {"p_data": (P, "object"), "p_g": (Q, "object")},
    "theory.optimal_logit": {"p_data": (P, "object"), "p_g": (Q, "object")},
    "theory.kl_divergence": {"p": (P, "object"), "q": (Q, "object")},
    "theory.js_divergence": {"p": (P, "object"), "q": (Q, "object")},
    "theory.value_function": {"p_data": (P, "object"), "p_g": (Q, "object"), "d_logit": (np.zeros_like, "object")},
    "theory.value_at_optimum": {"p_data": (P, "object"), "p_g": (Q, "object")},
    "theory.virtual_training_criterion": {"p_data": (P, "object"), "p_g": (Q, "object")},
    "theory.central_interval": {"p": (P, "object"), "mass": (0.95, "object")},
    "theory.gaussian_generator_gradients": {"data_mu": (0.0, "real"), "data_sigma": (1.0, "pos"),
                                            "mu": (1.0, "real"), "sigma": (1.0, "pos")},
    "plotting.tile_images": {"images": (IMAGES, "object"), "nrow": (2, "size"), "value_range": ((0.0, 1.0), "object")},
    "plotting.check_value_range": {"value_range": ((0.0, 1.0), "object"), "name": ("value_range", "any")},
    "plotting.plot_histogram": {"samples": ([1.0, 2.0, 3.0], SAMPLE), "bins": (5, "size"), "label": ("G", "any")},
    "plotting.plot_trajectories": {"steps": ([0, 1], "object"), "values": ([1.0, 2.0], "object"),
                                   "target": (None, "?real"), "label": ("", "any")},
    "plotting.plot_image_grid": {"images": (IMAGES, "object"), "nrow": (2, "size"),
                                 "value_range": ((0.0, 1.0), "object")},
    "plotting.plot_points_2d": {"points": (_lazy(lambda: torch.randn(5, 2)), "object"), "std": (None, "?pos"),
                                "size": (6.0, "pos")},
    "models.MLP": {"sizes": ((1, 4, 1), "object"), "activation": ("relu", "name"),
                   "output_activation": (None, "?name")},
    "models.mlp_generator": {"noise_dim": (2, "size"), "hidden": ((4,), {"list"}), "data_dim": (1, "size"),
                             "activation": ("relu", "name"), "output_activation": (None, "?name")},
    "models.mlp_discriminator": {"in_features": (2, "size"), "hidden": ((4,), {"list"}),
                                 "activation": ("relu", "name")},
    "models.Affine": {"loc": (0.0, AFFINE), "scale": (1.0, AFFINE)},  # a number, or a tensor (stacked: [S, 1, d])
    "models.AveragedGenerator": {"net": (MLP_G, "object"), "decay": (0.99, "prob")},
    "mnist.convnets.ConvGenerator": {"noise_dim": (4, "size"), "channels": ((4, 2), "object"),
                                     "output": ("sigmoid", "name"), "channels_last": (True, "bool")},
    "mnist.convnets.ConvFeatures": {"channels": ((2, 4), "object"), "channels_last": (True, "bool")},
    "mnist.convnets.ConvDiscriminator": {"channels": ((2, 4), "object"), "channels_last": (True, "bool")},
    "mnist.convnets.set_channels_last": {"on": (True, "bool")},
    "mnist.convnets.batch_dependence": {"net": (_lazy(lambda: __import__("gan_course.mnist.convnets", fromlist=["x"])
                                                      .ConvDiscriminator((2, 4))), "object"), "seed": (0, "seed")},
    "mnist.conditional.check_digit": {"value": (3, "digit"), "name": ("digit", "any")},
    "mnist.conditional.label_rows": {"labels": (3, "digit"), "n": (None, "?size")},
    "mnist.conditional.one_hot": {"labels": (_lazy(lambda: torch.tensor([1, 2])), "digit"), "n": (10, "size")},
    "mnist.conditional.labelled": {"images": (IMAGES, "object"),
                                   "labels": (_lazy(lambda: torch.tensor([0, 1, 2, 3])), {"0"})},
    "mnist.conditional.labelled_noise": {"noise_dim": (4, "size")},
    "mnist.conditional.codes": {"z": (_lazy(lambda: torch.zeros(2, 6)), "object"), "labels": (3, {"0"})},
    "mnist.conditional.images_of": {"rows": (IMAGES, "object")},
    "mnist.conditional.noise_walk": {"za": (_lazy(lambda: torch.zeros(6)), "object"),
                                     "zb": (_lazy(lambda: torch.ones(6)), "object"), "digit": (3, {"0"}),
                                     "ts": (_lazy(lambda: torch.linspace(0, 1, 3)), "object")},
    "mnist.conditional.label_walk": {"z": (_lazy(lambda: torch.zeros(6)), "object"), "a": (3, {"0"}),
                                     "b": (8, {"0"}), "ts": (_lazy(lambda: torch.linspace(0, 1, 3)), "object")},
    "mnist.conditional.ConditionalGenerator": {"base": (_lazy(lambda: torch.nn.Linear(9, 784)), "object"),
                                               "noise_dim": (6, "size"), "embed_dim": (3, "size")},
    "mnist.conditional.ProjectionDiscriminator": {"features": (_lazy(lambda: torch.nn.Linear(784, 4)), "object"),
                                                  "score": (_lazy(lambda: torch.nn.Linear(4, 1)), "object")},
    "mnist.conditional.requested_accuracy": {"generator": (COND_G, "object"), "value_range": ((0.0, 1.0), "object"),
                                             "classifier": (CLASSIFIER, "object"), "n_per_class": (1, "size"),
                                             "seed": (0, "seed")},
    "widgets.mnist.LatentExplorer": {"generator": (MNIST_G, "object"), "noise_dim": (6, "size"),
                                     "value_range": ((0.0, 1.0), "object"), "n_sliders": (2, "size"),
                                     "steps": (3, "size")},
    "widgets.base.images_png": {"images": (IMAGES, "object"), "nrow": (2, "size"), "scale": (1, "size"),
                                "value_range": ((0.0, 1.0), "object")},
    "widgets.base.learning_rate_slider": {"value": (1e-3, "pos"), "description": ("lr", "any")},
    "widgets.theory.OptimalDiscriminatorExplorer": {"data_mean": (4.0, "real"), "data_std": (1.25, "pos"),
                                                    "mu": (0.0, "real"), "sigma": (1.0, SIGMA)},
    "widgets.theory.JSDivergenceExplorer": {"data_mean": (4.0, "real"), "data_std": (1.25, "pos"),
                                            "mu": (0.0, "real"), "sigma": (1.0, SIGMA)},
    "metrics.samples": {"x": ([1.0, 2.0], SAMPLE), "minimum": (2, "size")},
    "mnist.conditional.is_conditional": {"generator": (MNIST_G, "any")},
    "plotting.plot_seed_runs": {"steps": ([0, 1], "object"), "series": ({"KS": np.ones((2, 1))}, "object"),
                                "reference": ({"KS": None}, {"dict"}), "seeds": ((0,), {"list"})},
    "widgets.base.figure_png": {"fig": (_lazy(lambda: __import__("matplotlib.figure", fromlist=["x"]).Figure()),
                                        "object"), "dpi": (20, "pos")},
    "widgets.mnist.TrainingPanel": {"recipe": (_lazy(lambda: _mnist_recipe()), "object"),
                                    "chunk_steps": (5, "size"),
                                    "images": (IMAGES, "?object"),
                                    "device": ("cpu", {"None", "str"})},  # a device name is checked at Train
    # ---- the engine and the recipes (part 1)
    "validate.count": {"value": (3, "size"), "name": ("n", "any"), "maximum": (10, "any")},
    "validate.number": {"value": (0.5, "prob"), "name": ("x", "any"), "low": (0.0, "any"), "high": (1.0, "any"),
                        "example": ("0.5", "any")},
    "validate.boolean": {"value": (True, "bool"), "name": ("x", "any")},
    "validate.device_name": {"value": ("cpu", "?text"), "name": ("device", "any")},
    "validate.widths": {"value": ((4,), "object"), "name": ("hidden", "any")},
    "validate.seed_tuple": {"value": ((0, 1), {"list"}), "name": ("seeds", "any")},
    "runtime.chapter_seed": {"default": (0, "seed")},
    "claims.claim": {"text": ("a claim", "any"), "value": (0.5, "real"), "at_least": (0.0, "?real")},
    "synthetic.gaussian.sets_for": {"recipe": (_lazy(lambda: _g_recipe()), "object"), "n": (10, "size")},
    "synthetic.mixture2d.modes_summary": {"assessments": (_lazy(lambda: [_assessment()]), "object")},
    "widgets.mixture2d.Dashboard2D": {"target": ("ring", "name"), "seed": (0, "seed"), "chunk": (5, "size"),
                                      "n_samples": (100, "size")},
    "data.gaussian_sampler": {"mean": (4.0, "real"), "std": (1.25, "pos"), "dim": (1, "size")},
    "data.uniform_noise": {"dim": (1, "size")},
    "data.normal_noise": {"dim": (1, "size")},
    "data.noise_sampler": {"kind": ("normal", "name"), "dim": (1, "size")},
    "data.TensorSampler": {"data": (X1, {"tensor[2,3,4]"})},  # rows of any shape: [N, 784], [N, 28, 28], [N]
    "data.data_root": {"root": (None, "?path"), "name": ("root", "any")},
    "data.to_unit_range": {"images": (IMAGES, "object"), "value_range": ((0.0, 1.0), "object")},
    "batched.stack": {"mods": (_lazy(lambda: [_mlp_d(), _mlp_d()]), "object")},
    "batched.spectral_normalise": {"module": (_lazy(_stacked_d), "object")},
    "batched.PerSeed": {"sampler": (SAMPLER, "object"), "n": (2, "size")},
    "batched.n_seeds": {"module": (MLP_D, "object")},
    "callbacks.ProgressBar": {"every": (50, "size")},
    "callbacks.Every": {"n": (10, "size"), "fn": (print, "object"), "at_end": (True, "bool")},
    "callbacks.Track1D": {"n": (10, "size"), "target": (NORMAL, "object"), "n_samples": (100, "size")},
    "callbacks.StopWhen": {"n": (10, "size"), "predicate": (bool, "object")},
    "train.TrainConfig": {"steps": (10, "size"), "batch_size": (8, "size"), "lr_d": (1e-3, "pos"),
                          "lr_g": (1e-3, "pos"), "gp": (0.0, "nonneg"), "gp_one_sided": (False, "bool"),
                          "clip": (None, "?pos"), "unroll": (0, "count0"), "reuse_fake": (False, "bool"),
                          "seed": (0, "seed"), "device": (None, "?name"), "num_threads": (None, "?size")},
    "train.Trainer": {"generator": (MLP_G, "object"), "discriminator": (MLP_D, "object"),
                      "real": (SAMPLER, "object"), "noise": (_lazy(lambda: _noise(2)), "object"),
                      "config": (_lazy(lambda: _config()), "object")},
    "synthetic.gaussian.get_recipe": {"name": ("fifty-lines", "name")},
    "synthetic.gaussian.as_target": {"mean": (4.0, "real"), "std": (1.25, "pos")},
    "synthetic.gaussian.estimate_scale": {"real": (SAMPLER, "object"), "n": (100, "size"), "seed": (0, "seed")},
    "synthetic.gaussian.build": {"recipe": (_lazy(lambda: _g_recipe()), "object"), "mean": (4.0, "real"),
                       "std": (1.25, "pos"), "seed": (0, "seed"), "device": ("cpu", "?name")},
    "synthetic.gaussian.fit": {"recipe": (_lazy(lambda: _g_recipe(steps=10)), "object"), "mean": (4.0, "real"),
                     "std": (1.25, "pos"),
                     "seed": (0, "seed"), "every": (5, "size"), "stop_at": (None, {"None", "0", "2**70"}),
                     "steps": (10, "?size")},
    "synthetic.mixture2d.ring": {"k": (8, "size"), "radius": (2.0, "pos"), "std": (0.02, "pos")},
    "synthetic.mixture2d.grid": {"side": (5, "size"), "spacing": (2.0, "pos"), "std": (0.05, "pos")},
    "synthetic.mixture2d.assess": {"samples": (_lazy(lambda: torch.randn(50, 2)), "object"),
                         "target": (_lazy(lambda: _ring()), "object"), "min_count": (None, "?size")},
    "synthetic.mixture2d.TrackModes": {"n": (10, "size"), "target": (_lazy(lambda: _ring()), "object"),
                             "n_samples": (100, "size"), "seed": (0, "seed")},
    "synthetic.wgan.shift_divergences": {"shifts": ((0.0, 1.0), {"list"}), "std": (0.1, "pos")},
    "synthetic.wgan.critic_estimate": {"critic": (MLP_D, "object"), "real": (X1, "object"), "fake": (X1, "object")},
    "synthetic.wgan.CriticW1": {"n": (10, "size"), "mean": (4.0, "real"), "std": (1.25, "pos"),
                                "n_samples": (100, "size"), "seed": (0, "seed")},
    "fit_d.FitDConfig": {"hidden": ((4,), "object"), "activation": ("elu", "name")},
    "fit_d.logit_function": {"D": (MLP_D, "object")},
    "mnist.recipes.build_generator": {"recipe": (_lazy(lambda: _mnist_recipe()), "object")},
    "mnist.recipes.build_discriminator": {"recipe": (_lazy(lambda: _mnist_recipe()), "object")},
    "mnist.recipes.SampleGrid": {"n": (10, "size"), "value_range": ((0.0, 1.0), "object"), "n_images": (4, "size"),
                                 "seed": (1, "seed"), "show": (False, "bool")},
    "mnist.recipes.EpochLog": {"recipe": (_lazy(lambda: _mnist_recipe()), "object"), "score": (None, "?object")},
    "runtime.seed_everything": {"seed": (0, "seed")},
    "runtime.pick_device": {"prefer": (None, "?name")},
    "validate.integer": {"value": (3, "size"), "name": ("n", "any")},
    "validate.step_count": {"value": (3, "size"), "name": ("steps", "any")},
    "validate.seed": {"value": (3, "seed"), "name": ("seed", "any")},
    "validate.positive_number": {"value": (3.0, "pos"), "name": ("x", "any")},
    # ---- files and commands (part 2)
    "checkpoint.save_checkpoint": {"path": ("g.pt", "path"), "models": (_lazy(lambda: {"G": _mlp_g()}), "object"),
                                   "meta": (None, {"None", "dict"})},
    "synthetic.records.record_path": {"name": ("fifty-lines", "name"), "root": (None, "?path")},
    "synthetic.records2d.record_path": {"target": ("ring", "name"), "root": (None, "?path")},
    "mnist.assets.asset_path": {"name": ("ch07", "name"), "root": (None, "?path")},
    "mnist.assets.recipe_of": {"chapter": ("ch07", "name")},
    "mnist.quality.feature_stats": {"features": (_lazy(lambda: torch.randn(20, 3)), "object")},
    "mnist.quality.frechet_distance": {"a": (_lazy(lambda: torch.randn(20, 3)), "object"),
                                       "b": (_lazy(lambda: torch.randn(20, 3)), "object")},
    "widgets.gaussian.d_star_from_samples": {"grid": (_lazy(lambda: np.linspace(0.0, 8.0, 9)), "object"),
                                             "fake": (_lazy(lambda: np.random.default_rng(0).normal(4, 1, 50)),
                                                      "object"),
                                             "mean": (4.0, "real"), "std": (1.25, "pos")},
    "mnist.quality.class_coverage": {"labels": (_lazy(lambda: torch.arange(20) % 10), {"list"}),  # [1]: one digit
                                     "min_share": (0.02, "prob")},
    "mnist.classifier.predict": {"model": (CLASSIFIER, "object"), "images": (IMAGES, "object"),
                                 "batch_size": (10, "size")},
    "mnist.classifier.accuracy": {"model": (CLASSIFIER, "object"), "images": (IMAGES, "object"),
                                  "labels": (_lazy(lambda: torch.tensor([0, 1, 2, 3])), "object")},
    "mnist.classifier.digit_labels": {"labels": (_lazy(lambda: torch.tensor([0, 1, 2, 3])), {"list"})},  # [1]
    "mnist.sample.sample_images": {"generator": ("ch07", "name"), "n": (4, "size"), "seed": (0, "seed"),
                                   "digit": (None, "?object")},
    "mnist.race.comparison_table": {"rows": ([], "object"), "mlp_label": ("MLP", "any")},
    "mnist.race.compare": {"race": (RACE, "object"), "mlp": ("ch07", "name"), "recipe_epochs": (None, "?size")},
    "mnist.race.Race.at_epoch": {"self": (RACE, "any"), "name": ("ch07", "name"), "seed_index": (0, "count0"),
                                 "epoch": (20, "size")},  # a method: self is the shipped race, not fuzzed
    "mnist.race.Race.best_epoch": {"self": (RACE, "any"), "name": ("ch07", "name"), "seed_index": (0, "count0")},
    "mnist.runs.record_path": {"name": ("tanh-100", "name"), "root": (None, "?path")},
}


def _noise(dim):
    from gan_course import data

    return data.normal_noise(dim)


def _config():
    from gan_course.train import TrainConfig

    return TrainConfig(steps=4, batch_size=8, device="cpu")


def _g_recipe(steps=None):
    """fifty-lines; with ``steps``, its train.steps set (fit(steps=None) trains the recipe's steps: a short run)."""
    from gan_course.synthetic import gaussian

    recipe = gaussian.get_recipe("fifty-lines")
    return recipe if steps is None else recipe.replace(steps=steps)


def _assessment():
    from gan_course.synthetic import mixture2d

    return mixture2d.assess(torch.randn(50, 2), mixture2d.ring())


def _ring():
    from gan_course.synthetic import mixture2d

    return mixture2d.ring()


def _mnist_recipe():
    from gan_course import mnist

    return mnist.GAN_MNIST.replace(g_hidden=(8,), d_hidden=(8,), noise_dim=4)


def _resolve(name: str):
    """'module.name', or 'module.Class.method' (called unbound, with ``self`` a slot)."""
    module, _, attr = name.rpartition(".")
    try:
        owner = importlib.import_module(f"gan_course.{module}")
    except ModuleNotFoundError:
        owner = _resolve(module)
    return getattr(owner, attr)


def _value(v):
    return v() if getattr(v, "lazy", False) else v


def _cases():
    for name, slots in TABLE.items():
        for slot, (_, kind) in slots.items():
            if kind == "any":
                continue
            yield pytest.param(name, slot, id=f"{name}:{slot}")


@pytest.fixture(scope="module", autouse=True)
def _one_thread():
    """Torch on one CPU thread while the fuzz runs (restored after): the calls are tiny, and on a busy machine
    torch's default threads spin and wait for each other (a 1-image conv2d: 50 ms on 2 threads, 25 us on one)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def _folders(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz"), iter(range(10**9))


@pytest.fixture(autouse=True)
def _in_an_empty_folder(_folders, monkeypatch):
    top, numbers = _folders
    folder = top / f"case{next(numbers)}"  # a fresh empty folder per case, cheaper than tmp_path's
    folder.mkdir()
    monkeypatch.chdir(folder)  # a path slot given "x" writes there, never in the repository
    import matplotlib

    matplotlib.use("Agg")
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


VALID_CALLED: set[str] = set()


@pytest.mark.parametrize("name, slot", list(_cases()))
def test_a_bad_value_in_any_slot_is_answered_in_words(name, slot):
    call = _resolve(name)
    kwargs = {s: _value(v) for s, (v, _) in TABLE[name].items()}
    if name not in VALID_CALLED:  # the valid call works (once per callable): the bad values are what is refused
        with time_limit(30):
            call(**kwargs)
        VALID_CALLED.add(name)
    problems = probe(call, kwargs, slot, TABLE[name][slot][1])
    assert not problems, f"{name}: " + "; ".join(problems)


# ---------------------------------------------------------------------------------------------- commands

COMMANDS = ["synthetic.records", "synthetic.records2d", "mnist.race", "mnist.assets", "mnist.runs", "mnist.sample"]
BAD_ARGV = [["nope"], ["--nope"], ["-1"], ["", ""], ["nope", "nope", "nope"], ["--generator", "ch07", "-n", "-1",
                                                                                "--out", "x.npz"]]


@pytest.mark.parametrize("module", COMMANDS)
def test_a_command_answers_bad_arguments_with_status_2_and_one_line(module):
    main = importlib.import_module(f"gan_course.{module}").main
    problems = []
    for argv in BAD_ARGV:
        err = io.StringIO()
        try:
            with time_limit(LIMIT_S), contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                status = main(list(argv))
        except SystemExit as stop:
            status = stop.code
        except Overran:
            problems.append(f"{argv}: still running after {LIMIT_S} s (the arguments were taken)")
            continue
        except Exception as e:  # noqa: BLE001
            problems.append(f"{argv}: {type(e).__name__}: {str(e)[:100]}")
            continue
        lines = [line for line in err.getvalue().splitlines() if line.strip()]
        if status != 2 or not lines or "Traceback" in err.getvalue():
            problems.append(f"{argv}: status {status}, stderr {err.getvalue()[:100]!r}")
    assert not problems, f"{module}: " + "; ".join(problems)


# ---------------------------------------------------------------------------------------------- exercise checks


def _exercise_checks():
    from gan_course import exercises

    for name in exercises.__all__:
        check = getattr(exercises, name)
        params = list(inspect.signature(check).parameters.values())
        if name.startswith("check_") and all(p.default is not p.empty for p in params[1:]):
            yield name


RIGHT_ANSWERS = {("check_c_of_disjoint", "0")}  # C(G) of disjoint supports is -log 4 + 2 log 2 = 0: no garbage


@pytest.mark.parametrize("name", list(_exercise_checks()))
def test_an_exercise_check_says_not_yet_to_garbage_and_never_raises(name):
    from gan_course import exercises

    check = getattr(exercises, name)
    for bad, value in BAD.items():
        if (name, bad) in RIGHT_ANSWERS:
            continue
        out = io.StringIO()
        with time_limit(10), contextlib.redirect_stdout(out):
            verdict = check(value)
        assert verdict is False, f"{name}({bad}) gave {verdict!r}"
        said = out.getvalue()
        assert "✗" in said or "Not yet" in said or "Not answered" in said, f"{name}({bad}) said {said!r}"


# ---------------------------------------------------------------------------------------------- coverage


def public_callables() -> dict[str, object]:
    """Every callable of every module's ``__all__``, once, as 'module.name' (the module that defines it)."""
    found = {}
    for info in pkgutil.walk_packages(gan_course.__path__, "gan_course."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr, None)
            if callable(obj) and not isinstance(obj, dict) and getattr(obj, "__module__", "").startswith("gan_course"):
                where = obj.__module__.removeprefix("gan_course.")
                found.setdefault(f"{where}.{attr}", obj)
    return found


EXCUSED = {
    "models.ELU": "takes no arguments",
    "widgets.gaussian.Dashboard": "trains and draws a 1-D GAN per call: tests/widgets/test_gaussian.py",
    "theory.integrate_density": "takes its densities positionally; kl/js/value_function fuzz them",
    "mnist.classifier.MnistCNN": "takes no arguments",
    "mnist.classifier.as_array": "takes anything: its callers (digit_labels, feature_stats) refuse what it returns",
    "train.Callback": "takes no arguments (a base class)", "callbacks.AverageWeights": "takes no arguments",
    "plotting.plot_history": "takes a History the Trainer made (plot_duel too); its fields are the Trainer's",
    "plotting.plot_duel": "takes a History the Trainer made",
    "validate.lookup": "its table argument is the caller's; every lookup slot in the table fuzzes it",
    "batched.SeedLinear": "built by batched.stack from checked modules",
    "engine.Engine": "built by the Trainer from its own checked models and config: tests/test_engine.py",
    "engine.why_not": "takes a Trainer (built from checked parts): tests/test_engine.py",
    "engine.adam_step": "takes the Trainer's own optimiser (tests/test_engine.py); anything else: False, nothing done",
    "engine.describe": "takes a Trainer (built from checked parts): tests/test_engine.py",
    "data.sha256_of": "reads a file: tests/mnist/test_runs.py, tests/mnist/test_sample.py",
    "files.replacing": "a context manager for writes: tests/test_files.py (a full disk)",
    "synthetic.gaps.Shares": "a NamedTuple of three arrays that shares() and target_shares() make",
    "synthetic.gaussian.Built": "what gaussian.build returns",
    "synthetic.gaussian.differences": "takes two recipes (checked by their own classes)",
    "mnist.assets.check_log": "reads a shipped log: tests/mnist/test_assets.py",
    "mnist.race.Stopwatch": "a race callback (the race command)",
    "synthetic.records.largest_ks_difference": "takes a record and a track that the chapter made",
    "files.check_fields": "the records' own field check: tests/test_files.py",
    "tables.Table": "rows, columns and formats refused in words: tests/test_tables.py",
    "tables.format_value": "takes any value (text for one table cell): tests/test_tables.py",
    "synthetic.records2d.plot_samples": "takes loaded records",
    "runtime.num_threads": "a context manager: tests/test_environment.py",
    "regularisers.Regularisers": "a NamedTuple of the regularisers the Trainer composes from a checked TrainConfig",
    "widgets.gaussian.generator_push_1d": "takes a trainer the dashboard built: tests/widgets/test_gaussian.py",
}


def excused(name: str, obj: object) -> str | None:
    """Why a callable has no row in ``TABLE`` (None: it needs one)."""
    if name in EXCUSED:
        return EXCUSED[name]
    module, _, attr = name.rpartition(".")
    if isinstance(obj, type) and issubclass(obj, BaseException):
        return "an exception class"
    if module.startswith("exercises"):
        return "an exercise check or its helpers: test_an_exercise_check_says_not_yet_to_garbage_and_never_raises"
    if attr == "main":
        return "a command: test_a_command_answers_bad_arguments_with_status_2_and_one_line"
    if attr.startswith(("make", "train_", "fit_", "ensure_", "mnist_", "replay", "load", "save", "read_", "write_",
                        "epoch_score", "score", "train_seeds", "build_seeds", "compare", "untrained", "verify",
                        "default_", "machine", "generator_names", "conditional_names", "race_path")):
        return "trains, reads or writes the shipped files for seconds to minutes: its module's own tests"
    bases = {"Panel", "ChunkedTraining", "Recipe"}
    if isinstance(obj, type) and (hasattr(obj, "__dataclass_fields__") or attr in bases):
        return "a dataclass or base class: its fields are checked where it is made (its module's own tests)"
    return None


def test_every_public_callable_is_covered():
    callables = public_callables()
    missing = [n for n, obj in callables.items() if n not in TABLE and excused(n, obj) is None]
    methods = [n for n in TABLE if n.rpartition(".")[0] in callables]  # 'module.Class.method' rows
    stale = [n for n in TABLE if n not in callables and n not in methods]
    stale += [n for n in methods if not callable(getattr(callables[n.rpartition(".")[0]], n.rpartition(".")[2], 0))]
    cases = sum(len(BAD) for slots in TABLE.values() for kind in (k for _, k in slots.values()) if kind != "any")
    print(f"fuzz coverage: {len(callables)} public callables, {len(TABLE)} in the table with "
          f"{sum(len(s) for s in TABLE.values())} slots and {cases} bad-value calls; "
          f"{len(callables) - len(TABLE) + len(methods)} excused; "
          f"{len(list(_exercise_checks()))} exercise checks x {len(BAD)}; "
          f"{len(COMMANDS)} commands x {len(BAD_ARGV)} argument lists")
    assert not stale, f"rows for callables that no longer exist: {stale}"
    assert not missing, f"public callables with no fuzz row and no reason: {missing}"
