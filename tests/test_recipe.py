"""gan_course.recipe: one recipe shape; a learning rate goes downhill to Adam, checked by TrainConfig alone."""

import pytest
import torch

from gan_course import train
from gan_course.fit_d import FitDConfig
from gan_course.mnist import recipes as mnist_recipes
from gan_course.recipe import Recipe
from gan_course.synthetic import gaussian, mixture2d


@pytest.fixture
def configs_made(monkeypatch):
    """How many TrainConfigs are made (each one runs the one validator of its fields, TrainConfig.__post_init__)."""
    made = []
    check = train.TrainConfig.__post_init__

    def counted(self):
        made.append(self.lr_d)
        check(self)

    monkeypatch.setattr(train.TrainConfig, "__post_init__", counted)
    return made


def _lr_of(trainer) -> float:
    return trainer.opt_d.param_groups[0]["lr"]


def test_every_recipe_family_has_the_one_shape():
    for family in (gaussian.GaussianRecipe, mixture2d.Recipe2D, mnist_recipes.MnistRecipe, FitDConfig):
        assert issubclass(family, Recipe)
        assert family.replace is Recipe.replace and family.make.__func__ is Recipe.make.__func__  # one router
        assert family.build is not Recipe.build  # each family says how to build its run


def test_a_1d_learning_rate_is_checked_once_on_its_way_to_adam(configs_made):
    recipe = gaussian.COURSE.replace(lr_d=5e-4)  # chapter -> Recipe.replace -> TrainConfig (checked here)
    built = gaussian.build(recipe, seed=0)  # the recipe's seed and device: recipe.train goes to the Trainer as it is
    assert configs_made == [5e-4] and built.trainer.config is recipe.train and _lr_of(built.trainer) == 5e-4
    stacked = gaussian.COURSE.replace(lr_d=2e-4, seeds=(0, 1))
    assert _lr_of(stacked.build()) == 2e-4 and configs_made == [5e-4, 2e-4]


def test_a_2d_and_an_mnist_learning_rate_are_checked_once_on_their_way_to_adam(configs_made):
    recipe = mixture2d.PLAIN.replace(lr_d=5e-4, seeds=(0, 1))
    assert _lr_of(recipe.build(mixture2d.ring())) == 5e-4 and configs_made == [5e-4]
    small = mnist_recipes.GAN_MNIST.replace(g_hidden=(8,), d_hidden=(8,), noise_dim=4, epochs=1, n_images=128)
    configs_made.clear()
    recipe = small.replace(lr_d=3e-4)  # the derived steps stay as they are: no second config
    trainer = recipe.build(torch.rand(128, 784))
    assert configs_made == [3e-4] and trainer.config is recipe.train and _lr_of(trainer) == 3e-4


def test_a_live_learning_rate_is_checked_once_and_reaches_adam(configs_made):
    trainer = gaussian.COURSE.replace(steps=5).build()
    configs_made.clear()
    trainer.update(lr_d=7e-4)  # a dashboard's slider: Trainer.update -> TrainConfig (checked) -> Adam
    assert configs_made == [7e-4] and _lr_of(trainer) == 7e-4


@pytest.mark.parametrize("make", [
    lambda: gaussian.COURSE.replace(lr_d=-1.0),
    lambda: mixture2d.PLAIN.replace(lr_d=-1.0),
    lambda: mnist_recipes.GAN_MNIST.replace(lr_d=-1.0),
    lambda: gaussian.COURSE.replace(steps=5).build().update(lr_d=-1.0),
])
def test_every_path_refuses_a_bad_learning_rate_in_trainconfigs_words(make):
    with pytest.raises(ValueError, match=r"TrainConfig\.lr_d"):
        make()


def test_a_build_never_rewrites_a_field_and_for_run_changes_only_what_differs():
    recipe = gaussian.COURSE
    assert recipe.for_run(seed=0, device="cpu") is recipe  # the same run: the same recipe
    other = recipe.for_run(seed=3)
    assert other.train.seed == 3 and other.train.lr_d == recipe.train.lr_d and recipe.train.seed == 0


def test_make_refuses_a_derived_field_and_an_unknown_one_naming_the_fields():
    with pytest.raises(ValueError, match=r"steps cannot be set.*epochs"):
        mnist_recipes.MnistRecipe.make(name="x", noise_dim=4, g_hidden=(8,), g_activation="relu", g_output="sigmoid",
                                       d_hidden=(8,), d_activation="relu", epochs=1, steps=10)
    with pytest.raises(ValueError, match=r"no field \['bogus'\]"):
        gaussian.GaussianRecipe.make(bogus=1)


def test_make_starts_from_the_familys_own_loop():
    assert gaussian.GaussianRecipe.make(name="x").train == gaussian.GaussianRecipe(name="x").train
    assert mixture2d.Recipe2D.make(name="x").train == mixture2d.Recipe2D("x").train
    assert FitDConfig.make() == FitDConfig()
    assert FitDConfig.make(steps=80).train.cosine_t_max == 80  # annealing over the whole run follows the steps


def test_for_run_refuses_a_field_that_is_not_a_runs_and_replace_lists_only_settable_loop_fields():
    with pytest.raises(ValueError, match=r"for_run takes the loop fields of one run.*\['sed'\]"):
        gaussian.COURSE.for_run(sed=3)
    with pytest.raises(ValueError, match="no field") as err:
        mnist_recipes.GAN_MNIST.replace(bogus=1)
    assert "'steps'" not in str(err.value) and "'lr_d'" in str(err.value)  # steps is derived: not offered


@pytest.mark.parametrize(("make", "match"), [
    (lambda: gaussian.COURSE.build(lambda n, g: torch.zeros(n, 1)), "data must be the target, a gan_course"),
    (lambda: mixture2d.PLAIN.build("ring"), "data must be the target, a Mixture2D"),
    (lambda: FitDConfig().build(lambda n, g: torch.zeros(n, 1)), r"data must be a pair \(real, fake\)"),
])
def test_a_build_names_its_data_argument_when_it_is_wrong(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_the_2d_runs_are_made_on_the_cpu_whatever_the_recipes_device():
    own = mixture2d.Recipe2D("mine", train=train.TrainConfig(steps=5, batch_size=16))  # device None: the GPU if any
    assert mixture2d.build_seeds(own, mixture2d.ring(), seeds=(0,)).config.device == "cpu"
