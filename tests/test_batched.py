"""A stacked run of several seeds (gan_course.batched) follows each seed's single run, update for update."""

from dataclasses import replace

import numpy as np
import pytest
import torch

from gan_course import batched, models
from gan_course.synthetic import gaussian, targets
from gan_course.train import TrainConfig

# Each article recipe exercises another part: one sample per row, a whole minibatch as one row (minibatch_diffs),
# sets of 500 with moments, and the course recipe's standardisation and weight averaging.
RECIPES = {
    "fifty-lines": gaussian.FIFTY_LINES,
    "small": gaussian.GAN_REPRODUCTION.replace(d_steps=3, g_steps=3),
    "moments": gaussian.SIMPLE_GAUSSIAN.replace(d_steps=3, g_steps=3),
    "course": gaussian.COURSE,
}


@pytest.mark.parametrize("name", RECIPES)
def test_seed_k_of_a_stacked_run_follows_the_single_run_with_seed_k(name):
    recipe = RECIPES[name].replace(num_threads=1)
    seeds = (3, 0, 7)
    stacked = gaussian.build_seeds(recipe, 4.0, 1.25, seeds=seeds)
    singles = [gaussian.build(recipe, 4.0, 1.25, seed=k) for k in seeds]
    steps = 100 // (recipe.train.d_steps + recipe.train.g_steps)  # about a hundred updates in all
    stacked.trainer.run(steps)
    x_stacked = stacked.sample(2000)
    assert x_stacked.shape == (3, 2000)
    for k, single in enumerate(singles):
        single.trainer.run(steps)
        x = single.sample(2000)
        assert not torch.equal(x, singles[0].sample(2000)) or k == 0  # the seeds really differ
        # float tolerance: batched and plain matrix products may round differently
        torch.testing.assert_close(x_stacked[k], x, rtol=1e-4, atol=1e-4 * float(x.abs().max()))
    losses = np.array([s.trainer.history.loss_d for s in singles]).mean(axis=0)
    np.testing.assert_allclose(stacked.trainer.history.loss_d, losses, rtol=1e-4)


def test_stacked_layers_compute_each_models_output():
    torch.manual_seed(0)
    nets = [models.mlp_generator(2, (5, 4), 3, ("elu", "tanh")) for _ in range(4)]
    stack = batched.stack(nets)
    assert batched.n_seeds(stack) == 4 and batched.n_seeds(nets[0]) is None
    x = torch.randn(4, 6, 2)
    y = stack(x)
    for k, net in enumerate(nets):
        torch.testing.assert_close(y[k], net(x[k]))


def test_stack_refuses_mixed_models_in_words():
    with pytest.raises(ValueError, match="one shape"):
        batched.stack([models.mlp_generator(1, (5,), 1), models.mlp_generator(1, (6,), 1)])
    with pytest.raises(ValueError, match="one kind"):
        batched.stack([models.mlp_generator(1, (5,), 1), torch.nn.Linear(1, 1)])
    with pytest.raises(ValueError, match="stacked run needs a stateless sampler"):
        from gan_course.data import TensorSampler

        batched.PerSeed(TensorSampler(torch.zeros(10, 1)), 2)


@pytest.mark.parametrize("seeds", [(), (1, 1), (1, -2), [0, 1]])
def test_seeds_field_is_checked(seeds):
    with pytest.raises(ValueError, match="seeds"):
        replace(TrainConfig(), seeds=seeds)


def test_stacked_tracking_records_one_number_per_seed():
    recipe = gaussian.COURSE.replace(steps=20)
    _, track = gaussian.fit_seeds(recipe, targets.parse("gamma", "a=2"), seeds=(0, 1), every=10)
    assert np.array(track.ks).shape == (2, 2)
    assert np.array(track.means).shape == (2, 2)
