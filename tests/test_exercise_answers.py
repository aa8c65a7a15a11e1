"""Every exercise check answers any input with one verdict line and never raises; True exactly for right answers.

For each check that ``gan_course.exercises`` exports: None (the prompt), wrong types (a string, a dict, a list, a
path, an array, a tensor, a network, a state dict, a function that raises, a bool, NaN, ...), wrong values, and the
right answer in every form a student may give (float, NumPy scalar, one-element array, tensor, string, ...).
A new check without cases here fails ``test_every_exported_check_has_cases``.
"""

from __future__ import annotations

import contextlib
import copy
import io
import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
import torch

from gan_course import exercises as E
from gan_course import theory
from gan_course.exercises.base import SAFETY_NET
from gan_course.exercises.ch06 import moment_tolerances
from gan_course.mnist import quality
from gan_course.mnist.recipes import CHAPTER_RECIPES


def _raises(*args, **kwargs):
    raise RuntimeError("a bug in the student's function")


WRONG_TYPES = [
    "abc",
    "",
    "  ",
    {"a": 1},
    [1, 2, 3],
    [],
    (),
    {1.0, 2.0},
    Path("outputs/ch07_G.pt"),
    "outputs/ch07_G.pt",
    np.arange(3.0),
    np.array([]),
    np.array([np.nan]),
    np.array(["x"]),
    torch.tensor([1.0, 2.0]),
    torch.zeros(0),
    torch.nn.Linear(1, 1),
    {"weight": torch.zeros(1, 1), "bias": torch.zeros(1)},  # a state dict
    _raises,
    lambda *a: None,
    True,
    False,
    np.bool_(True),
    object(),
    float("nan"),
    float("inf"),
    -float("inf"),
    1 + 2j,
    b"0.5",
]


def number_forms(x: float) -> list:
    """One number as a student may give it."""
    return [
        x,
        float(x),
        np.float64(x),
        np.float32(x),
        np.array(x),
        np.array([x]),
        np.array([[x]]),
        torch.tensor(x),
        torch.tensor([x], dtype=torch.float64),
        torch.tensor([[x]], requires_grad=True),
        [x],
        repr(float(x)),
        f" {x} ",
    ]


def count_forms(n: int) -> list:
    """A whole number as a student may give it."""
    return [n, np.int64(n), np.int32(n), float(n), np.float64(n), np.array([n]), torch.tensor(n), str(n), f" {n} \n"]


def numbers_forms(values: tuple[float, ...]) -> list:
    """Several numbers in order as a student may give them."""
    return [
        tuple(values),
        list(values),
        np.array(values),
        np.array([values]),
        torch.tensor(values),
        torch.tensor(values, dtype=torch.float64)[:, None],
        tuple(np.float64(v) for v in values),
        tuple(np.array([v]) for v in values),
        tuple(torch.tensor(v) for v in values),
        tuple(str(v) for v in values),
        "(" + ", ".join(str(v) for v in values) + ")",
        " ".join(str(v) for v in values),
        [np.array(values)],
    ]


def two_args(right: tuple, wrongs: list) -> list:
    """Each wrong input in the first argument, then the second, the other one right."""
    return [(w, right[1]) for w in wrongs] + [(right[0], w) for w in wrongs]


class _Reads7(torch.nn.Module):
    """A stand-in classifier that reads every image as a 7."""

    def features(self, x):
        return torch.zeros(len(x), 2)

    def fc2(self, f):
        return torch.nn.functional.one_hot(torch.full((len(f),), 7), 10).float()


def _conditional_g():
    from gan_course import mnist

    torch.manual_seed(0)
    return mnist.build_generator(mnist.GAN_MNIST.replace(conditional=True, g_hidden=(8,), noise_dim=8))


READS_7, COND_G = _Reads7(), _conditional_g()
ROWS_7 = torch.cat([torch.randn(5, 8), torch.nn.functional.one_hot(torch.full((5,), 7), 10).float()], 1)


@dataclass
class Cases:
    """The inputs for one check: ``call(answer)`` calls it (with the chapter's fixed arguments)."""

    call: Callable[[object], object]
    right: list
    wrong_values: list
    unanswered: list = field(default_factory=lambda: [None])
    wrong_types: list = field(default_factory=lambda: list(WRONG_TYPES))

    def inputs(self) -> list[tuple[str, object, str, bool]]:
        """(kind, answer, expected first symbol, expected result) for every input."""
        return (
            [("unanswered", a, "…", False) for a in self.unanswered]
            + [("wrong type", a, "✗", False) for a in self.wrong_types]
            + [("wrong value", a, "✗", False) for a in self.wrong_values]
            + [("right", a, "✓", True) for a in self.right]
        )


# ------------------------------------------------------------------------------------------ the right answers

RNG = np.random.default_rng(2024)
MODELS = {
    "logistic regression": "discriminative",
    "naive bayes": "generative",
    "gan generator": "generative",
    "gan discriminator": "discriminative",
    "gaussian mixture model": "generative",
    "support vector machine": "discriminative",
}
MOMENT_FACTS = {"same variance": True, "same median": False, "same CDF": False, "symmetric": False, "same E[x^4]": True}


class FakeTrainer:
    """A stand-in for a trained ``Trainer``: ``sample(n, seed)`` draws from N(mean, std^2) with its own generator."""

    def __init__(self, mean: float, std: float) -> None:
        self.mean, self.std = mean, std

    def sample(self, n: int, seed: int = 12345) -> torch.Tensor:
        g = torch.Generator().manual_seed(seed)
        return self.mean + self.std * torch.randn(n, 1, generator=g)


def three_point(n: int, rng: np.random.Generator, std: float = 1.25) -> np.ndarray:
    """The three-point law with N(4, std^2)'s four moments: 4 + std * {-sqrt 3, 0, sqrt 3}, p = 1/6, 2/3, 1/6."""
    return 4 + std * rng.choice([-math.sqrt(3), 0.0, math.sqrt(3)], p=[1 / 6, 2 / 3, 1 / 6], size=n)


def gaussian_mixture(n: int, rng: np.random.Generator, a: float = 1.7, q: float = 1 / 3) -> np.ndarray:
    """q/2 N(+-a, s^2) + (1 - q) N(0, s^2), s^2 = 1 - q a^2, scaled to N(4, 1.25^2)'s mean and std.

    Excess kurtosis (q a^2)^2 (1/q - 3): exactly 0 for q = 1/3, 0.52 for q = 1/4 and a = 1.7.
    """
    s = math.sqrt(1 - q * a * a)
    centres = rng.choice([-a, 0.0, a], p=[q / 2, 1 - q, q / 2], size=n)
    return 4 + 1.25 * (centres + s * rng.standard_normal(n))


def tiny_generator(seed: int) -> torch.nn.Module:
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 6), torch.nn.Tanh())


TRAINED_G = tiny_generator(0)
RELOADED_G = tiny_generator(1)
RELOADED_G.load_state_dict(TRAINED_G.state_dict())


class HasG:
    """A Trainer-like object holding a generator."""

    G = TRAINED_G


def steps_07() -> int:
    r = CHAPTER_RECIPES["ch07"]
    return r.epochs * (60_000 // r.train.batch_size)


P_DATA = theory.gaussian(4.0, 1.25)
THREE_POINT = three_point(10_000, RNG)
MIXTURE = gaussian_mixture(10_000, RNG)
FDS = [500.0, 300.0, 90.0, 80.0]

CASES: dict[str, Cases] = {
    "check_generative_or_discriminative": Cases(
        E.check_generative_or_discriminative,
        right=[
            MODELS,
            OrderedDict(MODELS),
            {k.title(): v.upper() for k, v in MODELS.items()},
            {f"  {k.replace(' ', '  ')} ": f" {v}\n" for k, v in MODELS.items()},
        ],
        wrong_values=[
            {**MODELS, "naive bayes": "discriminative"},
            {k: "generative" for k in MODELS},
            {k: v for k, v in MODELS.items() if k != "naive bayes"},
            {**MODELS, "gan generator": "gen"},
            {**MODELS, "gan generator": True},
            {**MODELS, "gan generator": None},
            list(MODELS.items()),
        ],
    ),
    "check_matches_target": Cases(
        lambda f: E.check_matches_target(f, mean=-2.0, std=0.5),
        right=[
            FakeTrainer(-2.0, 0.5).sample,
            FakeTrainer(-2.05, 0.55).sample,  # a chapter-1-quality fit: KS about 0.06
            lambda n: 0.5 * torch.randn(n, 1) - 2,  # the global generator: the check seeds it
            lambda n: np.random.default_rng(1).normal(-2, 0.5, n),
            lambda n: list(np.random.default_rng(2).normal(-2, 0.5, n)),
            lambda n: (0.5 * torch.randn(n, 1) - 2).requires_grad_(),
        ],
        wrong_values=[
            FakeTrainer(4.0, 1.25).sample,  # R not changed
            FakeTrainer(0.0, 0.1).sample,  # untrained
            FakeTrainer(-2.0, 1.0).sample,  # the wrong width, learned perfectly: KS 0.16
            FakeTrainer(-2.0, 0.15).sample,  # collapsed: KS 0.3
            FakeTrainer(-1.7, 0.5).sample,  # off-centre by 0.6 std
            lambda n: torch.full((n,), float("nan")),
            lambda n: torch.zeros(5),
            lambda n: "samples",
            lambda: torch.zeros(10_000),  # takes no n
            FakeTrainer(-2.0, 0.5),  # the trainer, not its sample method
            [FakeTrainer(-2.0, 0.5).sample],
        ],
    ),
    "check_value_of_coin_flip": Cases(
        E.check_value_of_coin_flip,
        right=number_forms(-math.log(4)) + ["-1.386", -1.3863],
        wrong_values=[math.log(4), -0.5, -1.38, 0, "-log 4"],
    ),
    "check_generator_gradients_at_001": Cases(
        E.check_generator_gradients_at_001,
        right=numbers_forms((-0.01, -0.99)) + [(torch.tensor(-0.0099999998), torch.tensor(-0.99000001))],
        wrong_values=[(0.01, 0.99), (-0.99, -0.01), (-0.01,), (-0.01, -0.99, 0.0), 0.5, (-0.01, "x"), "-0.01"],
    ),
    "check_equal_gradients_point": Cases(
        E.check_equal_gradients_point, right=number_forms(0.5) + ["0.5", ".5"], wrong_values=[0.0, 1.0, 0.25, "1/2"]
    ),
    "check_d_star_crossing": Cases(
        E.check_d_star_crossing, right=number_forms(2.0) + [2, "2"], wrong_values=[0.0, 4.0, 2.5, "two"]
    ),
    "check_d_star_at_data_mean": Cases(
        E.check_d_star_at_data_mean,
        right=number_forms(2 / 7)
        + [
            theory.optimal_discriminator(P_DATA, theory.gaussian(4.0, 0.5))(4.0),
            theory.optimal_discriminator(P_DATA, theory.gaussian(4.0, 0.5))(np.array([4.0])),
            "0.2857",
        ],
        wrong_values=[0.5, 5 / 7, 0.8, np.array([2 / 7, 2 / 7])],
    ),
    "check_d_star_crossings_narrow_g": Cases(
        E.check_d_star_crossings_narrow_g,
        right=numbers_forms((3.2615, 4.7385)) + [(4.7385, 3.2615), "[4.7385, 3.2615]"],
        wrong_values=[(3.5, 4.5), (4.0, 4.0), (1,), (3.2615, 4.7385, 4.0), {3.2615: 4.7385}],
    ),
    "check_kl_both_ways": Cases(
        E.check_kl_both_ways,
        right=numbers_forms((8.0581, 5.1631))
        + [
            (theory.kl_divergence(P_DATA, theory.gaussian(0, 1)), theory.kl_divergence(theory.gaussian(0, 1), P_DATA)),
            (np.float32(8.0581), torch.tensor([5.1631])),
        ],
        wrong_values=[(5.1631, 8.0581), (8.0581, 8.0581), "ab", (8.0581, None)],
    ),
    "check_c_of_disjoint": Cases(
        E.check_c_of_disjoint,
        right=number_forms(0.0) + [0, -0.0, "0", "-0.0", 1e-12],
        wrong_values=[-math.log(4), math.log(2), 1.0, 0.01],
    ),
    "check_best_sigma": Cases(
        E.check_best_sigma, right=number_forms(1.504) + ["1.50", 1.5], wrong_values=[1.25, 1.0, 2.0, 1.52]
    ),
    "check_collapsed_d_star": Cases(
        lambda a: E.check_collapsed_d_star(*a),
        right=[
            (0, 1),
            (0.0, 1.0),
            ("0", "1"),
            (np.float64(0), np.array([1.0])),
            (torch.tensor(0.0), torch.tensor([[1.0]])),
            (np.array(0.0), np.int64(1)),
        ],
        wrong_values=[(0.5, 0.5), (1, 0), (0, 0.5), (0, 0.99)],
        unanswered=[(None, None), (None, 1), (0, None)],
        wrong_types=two_args((0, 1), WRONG_TYPES),
    ),
    "check_standardise_source": Cases(
        E.check_standardise_source,
        right=["b", "B", " b ", "(b)", '"b"', "b.", np.str_("b")],
        wrong_values=["a", "c", "d", "ab", "A", "(c)", 2, ["b"]],
    ),
    "check_fits_gaussian": Cases(
        lambda f: E.check_fits_gaussian(f, mean=-7.0, std=0.2),
        right=[
            FakeTrainer(-7.0, 0.2).sample,
            lambda n: 0.2 * torch.randn(n, 1) - 7,
            lambda n: np.random.default_rng(3).normal(-7, 0.2, n),
            lambda n: (-7 + 0.2 * np.random.randn(n)).tolist(),  # noqa: NPY002 -- the global generator: seeded
        ],
        wrong_values=[
            FakeTrainer(-7.0, 0.3).sample,
            FakeTrainer(-6.95, 0.2).sample,  # off by a quarter std: KS 0.1
            FakeTrainer(4.0, 1.25).sample,
            lambda n: torch.full((n, 1), -7.0),
            lambda n: torch.full((n,), float("inf")),
            lambda n: None,
            FakeTrainer(-7.0, 0.2),
        ],
    ),
    "check_same_moments_not_gaussian": Cases(
        E.check_same_moments_not_gaussian,
        right=[
            THREE_POINT,
            torch.tensor(THREE_POINT),
            torch.tensor(THREE_POINT, dtype=torch.float32)[:, None],
            THREE_POINT.tolist(),
            MIXTURE,
            three_point(200_000, RNG),
        ],
        wrong_values=[
            RNG.normal(4, 1.25, 10_000),  # Gaussian: KS small
            RNG.uniform(0, 8, 10_000),  # moments differ
            three_point(5_000, RNG),  # too few numbers
            three_point(10_000, RNG, std=1.32),  # std off by 0.07
            gaussian_mixture(10_000, RNG, q=0.25),  # excess kurtosis 0.52
            RNG.laplace(4, 1.25 / math.sqrt(2), 10_000),  # excess kurtosis 3
            np.append(THREE_POINT, np.nan),
            lambda n: three_point(n, RNG),  # the function, not its numbers
        ],
    ),
    "check_moments_guarantee": Cases(
        E.check_moments_guarantee,
        right=[
            MOMENT_FACTS,
            {k: str(v) for k, v in MOMENT_FACTS.items()},
            {k.upper(): str(v).lower() for k, v in MOMENT_FACTS.items()},
            {k: ("yes" if v else "No") for k, v in MOMENT_FACTS.items()},
            {k: int(v) for k, v in MOMENT_FACTS.items()},
            {k: np.bool_(v) for k, v in MOMENT_FACTS.items()},
            {k: torch.tensor(v) for k, v in MOMENT_FACTS.items()},
            {f" {k} ": f" {v} " for k, v in MOMENT_FACTS.items()},
        ],
        wrong_values=[
            {**MOMENT_FACTS, "same CDF": True},
            {**MOMENT_FACTS, "same variance": "False"},  # the string "False" is False
            {k: not v for k, v in MOMENT_FACTS.items()},
            {**MOMENT_FACTS, "symmetric": "maybe"},
            {**MOMENT_FACTS, "symmetric": 2},
            {**MOMENT_FACTS, "symmetric": None},
            {**MOMENT_FACTS, "symmetric": [False]},
            {k: v for k, v in MOMENT_FACTS.items() if k != "symmetric"},
            list(MOMENT_FACTS.values()),
        ],
    ),
    "check_generator_updates": Cases(
        E.check_generator_updates,
        right=count_forms(steps_07()),
        wrong_values=[steps_07() + 1, steps_07() + 0.5, 937, -1, 0, str(steps_07() + 1)],
    ),
    "check_reloaded_generator": Cases(
        lambda g: E.check_reloaded_generator(g, TRAINED_G),
        right=[RELOADED_G, copy.deepcopy(TRAINED_G)],
        wrong_values=[
            tiny_generator(2),  # fresh weights
            TRAINED_G,  # the trained G itself
            torch.nn.Sequential(torch.nn.Linear(4, 6)),  # another architecture
            copy.deepcopy(TRAINED_G).double(),  # other dtype
            torch.nn.Linear(4, 6),  # another class
            TRAINED_G.state_dict(),
            HasG(),
        ],
    ),
    "check_normalised_pixels": Cases(
        E.check_normalised_pixels,
        right=numbers_forms((-1.0, 0.0, 1.0)) + [(-1, 0, 1), (torch.tensor([0.0, 0.5, 1.0]) - 0.5) / 0.5],
        wrong_values=[(0.0, 0.5, 1.0), (-1.0, 0.0), 0.5, (-1, 0, 1, 2), (1.0, 0.0, -1.0), "(-1, 0)"],
    ),
    "check_first_epoch_below": Cases(
        lambda a: E.check_first_epoch_below(a, FDS, target=100.0),
        right=count_forms(3),
        wrong_values=[4, 2, 0, 3.5, "third"],
    ),
    "check_fd_1d": Cases(
        E.check_fd_1d,
        right=number_forms(1.0625)
        + [
            quality.frechet_distance(quality.FeatureStats(4.0, 1.25**2, n=1), quality.FeatureStats(3.0, 1.0, n=1)),
            "1.0625",
            "1.062",
        ],
        wrong_values=[1.0, 1.25, 0.0625, "18740"],
    ),
    "check_collapsed_coverage": Cases(
        lambda a: E.check_collapsed_coverage(*a),
        right=[
            (1, 0.0),
            (1.0, 0),
            ("1", "0.0"),
            (np.int64(1), np.float64(0.0)),
            (torch.tensor(1), torch.tensor([0.0])),
            (quality.class_coverage(torch.full((10_000,), 7)), None),  # the Coverage itself
        ],
        wrong_values=[(10, 3.32), (1, 0.5), (2, 0.0), (1.5, 0.0), (quality.class_coverage(torch.arange(10)), None)],
        unanswered=[(None, None), (None, 0.0), (1, None)],
        wrong_types=two_args((1, 0.0), WRONG_TYPES),
    ),
    "check_quarter_ring": Cases(
        E.check_quarter_ring,
        right=numbers_forms((4.0, 1.0, math.log(2))) + [(4, 1, 0.693), ("4", "1.0", "0.6931")],
        wrong_values=[(4, 1.0, math.log(8)), (8, 1.0, 0.0), (4, 0.5, math.log(2)), (1, 1.0, 2.079), (4, 1.0), 0.693],
    ),
    "check_same_mode_pairs": Cases(
        E.check_same_mode_pairs,
        right=numbers_forms((0.125, 0.5)) + [(1 / 8, 1 / 2), ("0.125", "0.5")],
        wrong_values=[(0.5, 0.125), (0.125, 0.25), (1 / 64, 0.5), (1.0, 2.0), (8, 2), (0.125,)],
    ),
    "check_shift_distances": Cases(
        E.check_shift_distances,
        right=numbers_forms((3.0, math.log(2))) + [(3, 0.693), ("3", "0.6931")],
        wrong_values=[(3.0, 1.0), (3.0, 0.0), (0.693, 3.0), (9.0, 0.693), (3.0,)],
    ),
    "check_penalties": Cases(
        E.check_penalties,
        right=numbers_forms((2.5, 0.0)) + [(2.5, 0), ("2.5", "0")],
        wrong_values=[(0.25, 0.0), (2.5, 2.5), (0.0, 2.5), (40.0, 40.0), (2.5,)],
    ),
    "check_transposed_sizes": Cases(
        E.check_transposed_sizes,
        right=numbers_forms((28.0, 10.0)) + [(28, 10), ("28", "10")],
        wrong_values=[(10, 28), (26, 8), (28, 12), (14, 5), (28,), 28],
    ),
    "check_rows_depend_on_batch": Cases(
        E.check_rows_depend_on_batch,
        right=[torch.nn.Sequential(torch.nn.Linear(784, 8), torch.nn.BatchNorm1d(8), torch.nn.Linear(8, 1)),
               torch.nn.Sequential(torch.nn.Linear(784, 8), torch.nn.BatchNorm1d(8), torch.nn.Linear(8, 1)).eval()],
        wrong_values=[
            torch.nn.Linear(784, 1),  # rows on their own
            torch.nn.Sequential(torch.nn.Linear(784, 8), torch.nn.LayerNorm(8), torch.nn.Linear(8, 1)),
            torch.nn.Linear(10, 1),  # cannot take 784 columns
            torch.nn.Sequential(torch.nn.Linear(784, 8), torch.nn.BatchNorm1d(8)),  # 8 numbers per row, not one logit
            torch.nn.Identity(),
        ],
    ),
    "check_conditional_row_width": Cases(
        lambda a: E.check_conditional_row_width(a, 64),
        right=count_forms(74),
        wrong_values=[64, 80, 10, 73, 74.5, "seventy-four"],
    ),
    "check_rows_for_digit": Cases(
        lambda rows: E.check_rows_for_digit(rows, 7, COND_G, READS_7),
        right=[ROWS_7, ROWS_7[:1], ROWS_7.double()],
        wrong_values=[
            ROWS_7[:, :8],  # no label
            torch.cat([ROWS_7[:, :8], torch.zeros(5, 10)], 1),  # no digit at all
            torch.cat([ROWS_7[:, :8], torch.nn.functional.one_hot(torch.full((5,), 3), 10).float()], 1),
            torch.cat([ROWS_7[:, :8], torch.full((5, 10), 0.1)], 1),
            ROWS_7.long(),
            torch.cat([ROWS_7[:, :8] * float("nan"), ROWS_7[:, 8:]], 1),
            ROWS_7.numpy(),
            ROWS_7[0],
        ],
    ),
}

# The chapter passes these arguments, not the student; broken ones must still give a verdict.
BROKEN_FIXED_ARGUMENTS = [
    lambda: E.check_first_epoch_below(3, "abc", target=100.0),
    lambda: E.check_first_epoch_below(3, [500.0, 300.0], target=100.0),  # no epoch below
    lambda: E.check_first_epoch_below(3, FDS, target=None),
    lambda: E.check_first_epoch_below(3, [], target=100.0),
    lambda: E.check_reloaded_generator(RELOADED_G, "outputs/ch07_G.pt"),
    lambda: E.check_reloaded_generator(RELOADED_G, None),
    lambda: E.check_matches_target(FakeTrainer(-2.0, 0.5).sample, mean="x", std=0.5),
    lambda: E.check_matches_target(FakeTrainer(-2.0, 0.5).sample, mean=-2.0, std=-0.5),
    lambda: E.check_fits_gaussian(FakeTrainer(-7.0, 0.2).sample, mean=-7.0, std=0.2, bar="x"),
    lambda: E.check_same_moments_not_gaussian(THREE_POINT, mean=None),
    lambda: E.check_rows_for_digit(ROWS_7, 7, None, READS_7),
    lambda: E.check_rows_for_digit(ROWS_7, 7, COND_G, None),
    lambda: E.check_rows_for_digit(ROWS_7, 7, torch.nn.Linear(2, 2), READS_7),
    lambda: E.check_conditional_row_width(74, "64"),
]


def count_inputs() -> int:
    """How many inputs this module feeds the checks (the cases, the broken fixed arguments, the repeated draws)."""
    return sum(len(c.inputs()) for c in CASES.values()) + len(BROKEN_FIXED_ARGUMENTS) + len(DRAW_LAWS) * DRAWS


def run(call: Callable[[], object]) -> tuple[object, str]:
    """The check's result and what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = call()
    return result, out.getvalue()


def problems_with(result, printed: str, symbol: str, expected: bool) -> list[str]:
    lines = [line for line in printed.splitlines() if line.strip()]
    problems = []
    if result is not expected:
        problems.append(f"returned {result!r}, expected {expected}")
    if len(lines) != 1:
        problems.append(f"printed {len(lines)} lines, expected one verdict")
    elif not lines[0].startswith(symbol):
        problems.append(f"verdict starts with {lines[0][:1]!r}, expected {symbol!r}")
    if SAFETY_NET in printed:
        problems.append("reached the never_raises safety net: read this input explicitly")
    return problems


def test_every_exported_check_has_cases():
    # check_code is the coding exercises' check: tests/exercises/test_coding.py feeds it every kind of input
    exported = {name for name in E.__all__ if name.startswith("check_") and name != "check_code"}
    assert exported == set(CASES), (
        f"no cases for {sorted(exported - set(CASES))}; stale: {sorted(set(CASES) - exported)}"
    )
    assert all(c.right and c.wrong_values for c in CASES.values())


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_answers_every_input_with_one_verdict(name):
    failures = []
    for i, (kind, answer, symbol, expected) in enumerate(CASES[name].inputs()):
        try:
            result, printed = run(lambda answer=answer: CASES[name].call(answer))
        except Exception as e:  # noqa: BLE001 -- the point of the test
            failures.append(f"#{i} {kind} {type(answer).__name__}: raised {type(e).__name__}: {e}")
            continue
        for problem in problems_with(result, printed, symbol, expected):
            failures.append(f"#{i} {kind} {type(answer).__name__}: {problem} -- {printed.strip()[:150]!r}")
    assert not failures, f"{name}:\n" + "\n".join(failures)


@pytest.mark.parametrize("i", range(len(BROKEN_FIXED_ARGUMENTS)))
def test_broken_chapter_arguments_give_a_verdict(i):
    result, printed = run(BROKEN_FIXED_ARGUMENTS[i])
    assert not problems_with(result, printed, "✗", False)


DRAWS = 40
DRAW_LAWS = {
    "three-point law": (three_point, True),
    "three-Gaussian mixture": (gaussian_mixture, True),
    "mixture with excess kurtosis 0.52": (lambda n, rng: gaussian_mixture(n, rng, q=0.25), False),
    "Gaussian": (lambda n, rng: rng.normal(4, 1.25, n), False),
}


@pytest.mark.parametrize("law", sorted(DRAW_LAWS))
def test_moments_tolerance_passes_every_draw_of_a_right_law_and_no_draw_of_a_wrong_one(law):
    draw, right = DRAW_LAWS[law]
    rng = np.random.default_rng(6)
    verdicts = [run(lambda: E.check_same_moments_not_gaussian(draw(10_000, rng)))[0] for _ in range(DRAWS)]
    assert verdicts == [right] * DRAWS, f"{law}: {sum(v is True for v in verdicts)} of {DRAWS} draws passed"


def test_moment_tolerances_are_four_standard_errors():
    tol = moment_tolerances(10_000)
    assert tol["mean"] == pytest.approx(0.05) and tol["std"] == pytest.approx(0.0354, abs=1e-4)
    assert tol["skewness"] == pytest.approx(0.098, abs=1e-3) and tol["excess kurtosis"] == pytest.approx(
        0.196, abs=1e-3
    )


def test_sample_checks_are_reproducible_and_leave_the_global_generators_alone():
    def noisy(n):  # a sampler on the global generators, near the bar: only a seeded draw gives one verdict
        return -7 + 0.2 * torch.randn(n) * (1 + 0.02 * float(np.random.rand()))  # noqa: NPY002

    torch.manual_seed(5)
    np.random.seed(5)  # noqa: NPY002 -- the global state a student's function would use
    outputs = {run(lambda: E.check_fits_gaussian(noisy, -7.0, 0.2))[1] for _ in range(3)}
    after_torch, after_numpy = torch.rand(1), np.random.rand()  # noqa: NPY002
    torch.manual_seed(5)
    np.random.seed(5)  # noqa: NPY002
    assert len(outputs) == 1
    assert torch.equal(after_torch, torch.rand(1)) and after_numpy == np.random.rand()  # noqa: NPY002


@pytest.mark.parametrize(("check", "answer", "solution"), [
    (E.check_quarter_ring, (3, 0.5, 1.0), ["0.693", "log 2", "1/4"]),
    (E.check_quarter_ring, (4, 0.9, 1.0), ["0.693", "log 2", "1/4", " 1 "]),
    (E.check_quarter_ring, (4, 1.0, 2.0794), ["0.693", "log 2", "1/4"]),
    (E.check_quarter_ring, (4, 1.0, 1.0), ["0.693", "log 2", "1/4", "K = 8"]),
    (E.check_same_mode_pairs, (1 / 64, 0.3), ["0.125", "1/8", "0.5", "1/2"]),
    (E.check_same_mode_pairs, (0.3, 0.25), ["0.125", "1/8", "0.5", "1/2"]),
    (E.check_same_mode_pairs, (0.9, 0.9), ["0.125", "1/8", "0.5", "1/2"]),
    (E.check_shift_distances, (2.0, 0.5), ["log 2", "0.693"]),
    (E.check_shift_distances, (3.0, 0.5), ["log 2", "0.693"]),
    (E.check_penalties, (0.25, 0.1), ["2.5", "free", "nothing", "= 0"]),
    (E.check_penalties, (1.0, 1.0), ["2.5", "0.5", "free", "nothing", "= 0"]),
    (E.check_penalties, (2.5, 1.0), ["free", "nothing", "= 0", "below 1"]),
])
def test_a_wrong_try_at_exercises_10_and_11_gets_a_hint_not_the_answer(check, answer, solution):
    """Exercises 10.1, 10.2, 11.1 and 11.2: the hint after a wrong try names what to compute, never its value."""
    result, printed = run(lambda: check(answer))
    assert result is False
    assert not [s for s in solution if s in printed], f"{answer}: {printed!r} gives the answer away"


@pytest.mark.parametrize(("call", "solution"), [
    (lambda D: E.check_rows_depend_on_batch(D), ["BatchNorm", "batch norm", "LayerNorm"]),
    (lambda rows: E.check_rows_for_digit(rows, 7, COND_G, READS_7), ["torch.full", "codes(", "74", "one_hot("]),
    (lambda a: E.check_conditional_row_width(a, 64), ["74", "64 + 10"]),
])
def test_an_unanswered_or_first_wrong_try_gets_a_hint_not_the_solution(call, solution):
    """Exercises 12.2, 13.1 and 13.2: the prompt (None) and a first wrong try (a network or rows that miss, a
    wrong shape) must not print the code or the number that answers them."""
    tries = {
        "None": None,
        "a D without batch dependence": torch.nn.Linear(784, 1),
        "rows without a label": ROWS_7[:, :8],
    }
    for what, answer in tries.items():
        result, printed = run(lambda answer=answer: call(answer))
        assert result is False, what
        assert not [s for s in solution if s in printed], f"{what}: {printed!r} gives the answer away"


@pytest.mark.parametrize("sampler", [FakeTrainer(-7.0, 0.3).sample, FakeTrainer(-6.95, 0.2).sample,
                                     FakeTrainer(4.0, 1.25).sample])
def test_a_wrong_try_at_exercise_5_3_gets_a_hint_not_the_code(sampler):
    """Exercise 05.3: a sampler that misses the bar hears what to check, not the call that trains the answer."""
    result, printed = run(lambda: E.check_fits_gaussian(sampler, mean=-7.0, std=0.2))
    assert result is False
    assert not [s for s in ("gaussian.fit", "COURSE", "seed=") if s in printed], f"{printed!r} gives the code away"
