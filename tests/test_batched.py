"""gan_course.batched: a stacked run of several seeds follows each seed's single run, update for update; stacked
layers, spectral normalisation per seed, and bad inputs."""

from dataclasses import replace

import numpy as np
import pytest
import torch
from torch import nn

from gan_course import batched, data, models
from gan_course.synthetic import gaussian, mixture2d, targets
from gan_course.train import TrainConfig
from tests.helpers import F, raised_by_course

# Each article recipe exercises another part: one sample per row, a whole minibatch as one row (minibatch_diffs),
# sets of 500 with moments, and the course recipe's standardisation and weight averaging.
RECIPES = {
    "fifty-lines": gaussian.FIFTY_LINES,
    "small": gaussian.GAN_REPRODUCTION.replace(d_steps=3, g_steps=3),
    "moments": gaussian.SIMPLE_GAUSSIAN.replace(d_steps=3, g_steps=3),
    "course": gaussian.COURSE,
}


# fifty-lines (a D of 200 inputs, layers of 50) takes over a second
@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if n == "fifty-lines" else n
                                  for n in RECIPES])
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


@pytest.mark.parametrize("changes", [{"unroll": 2}, {"loss": "wasserstein", "gp": 0.1, "d_steps": 3}])
def test_stacked_runs_follow_the_single_runs(changes):
    ring = mixture2d.ring()
    recipe = mixture2d.PLAIN.replace(steps=4, g_hidden=(16,), d_hidden=(16,), num_threads=1, **changes)
    stacked = mixture2d.build_seeds(recipe, ring, seeds=(3, 4))
    single = mixture2d.build_seeds(recipe, ring, seeds=(4,))
    stacked.run()
    single.run()
    z = torch.randn(1, 50, 2, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        assert torch.allclose(stacked.G(z.expand(2, -1, -1))[1], single.G(z)[0], rtol=1e-4, atol=1e-5)


def test_spectral_normalisation_divides_each_seed_by_its_largest_singular_value():
    stacked = batched.spectral_normalise(batched.stack([nn.Linear(5, 7) for _ in range(3)]))
    for _ in range(30):  # power iteration converges as training runs
        stacked(torch.randn(3, 4, 5))
    assert torch.allclose(torch.linalg.matrix_norm(stacked.normalised_weight(), ord=2), torch.ones(3), atol=1e-3)
    with pytest.raises(ValueError, match="stacked model"):
        batched.spectral_normalise(nn.ReLU())


# ---------------------------------------------------------------------------------- the table of wrong inputs

WRONG_INPUTS = [  # (case, a call with one wrong input, the argument its message must name)
    ("SeedLinear(str)", lambda: batched.SeedLinear("w", torch.zeros(2, 1, 3)), "weight"),
    ("SeedLinear(int bias)", lambda: batched.SeedLinear(torch.zeros(2, 1, 3), torch.zeros(2, 1, 3).long()), "bias"),
    ("SeedLinear(2-D weight)", lambda: batched.SeedLinear(torch.zeros(1, 3), torch.zeros(2, 1, 3)), "weight"),
    ("stack([])", lambda: batched.stack([]), "stack needs"),
    ("stack(5)", lambda: batched.stack(5), "stack needs"),
    ("stack(['a'])", lambda: batched.stack(["a"]), "stack needs"),
    ("stack(two shapes)", lambda: batched.stack([nn.Linear(1, 2), nn.Linear(2, 2)]), "one shape"),
    ("stack(two kinds)", lambda: batched.stack([nn.Linear(1, 2), nn.Tanh()]), "one kind"),
    ("stack(Conv2d)", lambda: batched.stack([nn.Conv2d(1, 1, 1)]), "Conv2d"),
    ("spectral_normalise(str)", lambda: batched.spectral_normalise("x"), "module"),
    ("spectral_normalise(plain)", lambda: batched.spectral_normalise(nn.Linear(1, 1)), "stacked model"),
    ("n_seeds(3)", lambda: batched.n_seeds(3), "module"),
    ("PerSeed(3)", lambda: batched.PerSeed(3, 2), "sampler"),
    ("PerSeed(n=0)", lambda: batched.PerSeed(F, 0), r"^n "),
    ("PerSeed(n='2')", lambda: batched.PerSeed(F, "2"), r"^n "),
    ("PerSeed(TensorSampler)", lambda: batched.PerSeed(data.TensorSampler(torch.zeros(4, 1)), 2), "stateless"),
    ("PerSeed()(generator='g')", lambda: batched.PerSeed(F, 2)(4, "g"), "generator"),
    ("PerSeed()(one of two)", lambda: batched.PerSeed(F, 2)(4, [torch.Generator()]), "2 generators"),
]


@pytest.mark.parametrize("case", WRONG_INPUTS, ids=[c[0] for c in WRONG_INPUTS])
def test_wrong_input_is_answered_by_the_course(case):
    _, call, name = case
    raised_by_course(call, name)


TOO_LARGE = [  # (case, call, the message: the argument, its bound and why)
    ("PerSeed(n=10_001)", lambda: batched.PerSeed(F, 10_001), r"^n \(how many seeds\) .* at most 10,000"),
]


@pytest.mark.parametrize("case", TOO_LARGE, ids=[c[0] for c in TOO_LARGE])
def test_a_count_past_its_maximum_is_answered_with_the_bound(case):
    _, call, match = case
    raised_by_course(call, match)
