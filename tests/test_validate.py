"""gan_course.validate: the checks behind every argument. Boolean fields take True and False only; counts are refused
past their stated maximum and kept up to it; the wrong-input tables of the modules' tests, counted."""

import dataclasses

import numpy as np
import pytest
import torch

import gan_course
from gan_course import batched, fit_d, mnist, validate
from gan_course.mnist import recipes as mnist_recipes
from gan_course.synthetic import gaussian, mixture2d, wgan
from gan_course.train import TrainConfig
from tests.helpers import F, raised_by_course

# --------------------------------------------------------------------------------------------------- booleans


BOOLEAN_FIELDS = {
    (TrainConfig, "gp_one_sided"): lambda v: TrainConfig(gp_one_sided=v),
    (TrainConfig, "reuse_fake"): lambda v: TrainConfig(reuse_fake=v),
    (gaussian.GaussianRecipe, "standardise"): lambda v: gaussian.COURSE.replace(standardise=v),
    (mixture2d.Recipe2D, "standardise"): lambda v: mixture2d.PLAIN.replace(standardise=v),
    (mixture2d.Recipe2D, "spectral_norm"): lambda v: mixture2d.PLAIN.replace(spectral_norm=v),
    (mnist.MnistRecipe, "conditional"): lambda v: mnist.DCGAN.replace(conditional=v),
}


NOT_BOOLEANS = ["no", "False", "", 1, 0, 1.0, None, np.bool_(True), torch.tensor(True), [True]]


def test_every_boolean_field_is_in_the_table():
    found = set()
    for module in (gan_course.train, fit_d, gaussian, mixture2d, wgan, mnist_recipes):
        for obj in vars(module).values():
            if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == module.__name__:
                found |= {(obj, f.name) for f in dataclasses.fields(obj) if f.type in (bool, "bool")}
    assert found == set(BOOLEAN_FIELDS)


@pytest.mark.parametrize("field", list(BOOLEAN_FIELDS), ids=lambda f: f"{f[0].__name__}.{f[1]}")
@pytest.mark.parametrize("value", NOT_BOOLEANS, ids=repr)
def test_boolean_fields_take_booleans_only(field, value):
    make = BOOLEAN_FIELDS[field]
    raised_by_course(lambda: make(value), rf"{field[1]} must be True or False.*got")


@pytest.mark.parametrize("field", list(BOOLEAN_FIELDS), ids=lambda f: f"{f[0].__name__}.{f[1]}")
def test_boolean_fields_take_true_and_false(field):
    for value in (True, False):
        made = BOOLEAN_FIELDS[field](value)
        owner = made.train if isinstance(made, (gaussian.GaussianRecipe, mixture2d.Recipe2D)) and field[0] is \
            TrainConfig else made
        assert getattr(owner, field[1]) is value


# --------------------------------------------------------------- counts with a stated maximum (the fuzz test)


TOO_LARGE = [  # (case, call, the message: the argument, its bound and why)
    ("integer(2**63)", lambda: validate.integer(2**63, "n"), r"^n .* at most 2\*\*63 - 1, the largest integer torch"),
]


@pytest.mark.parametrize("case", TOO_LARGE, ids=[c[0] for c in TOO_LARGE])
def test_a_count_past_its_maximum_is_answered_with_the_bound(case):
    _, call, match = case
    raised_by_course(call, match)


def test_counts_up_to_their_maximum_are_kept():
    assert validate.integer(2**63 - 1, "n") == 2**63 - 1 == validate.MAX_INT
    assert validate.step_count(10**9, "steps") == 10**9 and validate.step_count(0, "steps", minimum=0) == 0
    assert TrainConfig(steps=10**9, cosine_t_max=10**9, num_threads=1024).steps == 10**9
    assert batched.PerSeed(F, 10_000).n == 10_000
    assert mnist.GAN_MNIST.replace(epochs=1000).train.steps == 1000 * mnist.GAN_MNIST.steps_per_epoch


# --------------------------------------------------------------------------------- the tables of wrong inputs


def test_table_size():
    """How many wrong inputs the modules' tables hold (the issue asks for the count), each case named once."""
    from tests import test_batched, test_callbacks, test_fit_d, test_train
    from tests.mnist import test_recipes
    from tests.synthetic import test_gaussian, test_mixture2d, test_wgan

    tables = [m.WRONG_INPUTS for m in (test_train, test_callbacks, test_batched, test_gaussian, test_mixture2d,
                                       test_recipes, test_wgan, test_fit_d)]
    names = [name for table in tables for name, _, _ in table]
    assert len(names) == len(set(names)) == 286
