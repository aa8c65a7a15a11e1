"""gan_course.mnist.recipes: the MNIST recipes, their networks and trainer (a step equals a straightforward one),
steps derived from epochs, the sample grid and epoch log, and bad inputs."""

import dataclasses
import math
from dataclasses import replace

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from gan_course import mnist
from gan_course.mnist import quality
from tests.helpers import MNIST_IMAGES, raised_by_course


def test_recipes_build_the_seed_networks():
    G1, D1 = mnist.build_generator(mnist.GAN_MNIST), mnist.build_discriminator(mnist.GAN_MNIST)
    G2, D2 = mnist.build_generator(mnist.MNIST_TANH), mnist.build_discriminator(mnist.MNIST_TANH)
    assert G1.sizes == (100, 256, 256, 784) and D1.sizes == (784, 64, 64, 1)
    assert G2.sizes == (128, 256, 512, 784) and D2.sizes == (784, 512, 256, 128, 1)
    assert [type(m).__name__ for m in G2.net] == ["Linear", "Tanh", "Linear", "ReLU", "Linear", "Tanh"]
    x = G1(torch.randn(5, 100))
    assert x.shape == (5, 784) and 0 <= x.min() and x.max() <= 1
    assert D2(G2(torch.randn(3, 128))).shape == (3, 1)
    assert mnist.MNIST_TANH.value_range == (-1.0, 1.0) and mnist.MNIST_TANH.steps_per_epoch == 937


def test_recipe_rejects_bad_values_with_a_message():
    with pytest.raises(ValueError, match="lr_d must be a finite number > 0"):
        mnist.GAN_MNIST.replace(lr_d=-1.0)
    with pytest.raises(ValueError, match="g_output must be 'sigmoid' or 'tanh'"):
        mnist.GAN_MNIST.replace(g_output="relu")
    with pytest.raises(ValueError, match="batch_size = 100000 is larger than n_images, the training images"):
        mnist.GAN_MNIST.replace(batch_size=100_000)


def test_steps_are_derived_from_epochs_in_one_place(tiny_images):
    r = mnist.MNIST_TANH.replace(epochs=3, batch_size=100)
    assert r.train.steps == 3 * 600 == r.epochs * r.steps_per_epoch
    assert r.replace(epochs=1).train.steps == 600 and r.replace(batch_size=60).train.steps == 3000
    trainer = mnist.make_trainer(r, images=tiny_images[0][:250] * 2 - 1, device="cpu")
    assert trainer.config.steps == 3 * (250 // 100)  # epochs over the images it is given


def _straightforward_step(recipe, images, seed):
    """Article-style step: separate D passes, Sigmoid + BCELoss, plain Adam, gradients into D during G's step."""
    torch.manual_seed(recipe.train.seed)
    G, D = mnist.build_generator(recipe), mnist.build_discriminator(recipe)
    opt_g = torch.optim.Adam(G.parameters(), lr=recipe.train.lr_g, betas=recipe.train.betas)
    opt_d = torch.optim.Adam(D.parameters(), lr=recipe.train.lr_d, betas=recipe.train.betas)
    rng = torch.Generator().manual_seed(seed)
    bs = recipe.train.batch_size
    fake = G(torch.randn(bs, recipe.noise_dim, generator=rng))  # the trainer draws the noise first,
    real = images[torch.randperm(len(images), generator=rng)[:bs]]  # then the real batch
    p_real, p_fake = torch.sigmoid(D(real)), torch.sigmoid(D(fake.detach()))
    loss_d = F.binary_cross_entropy(p_real, torch.ones_like(p_real)) + F.binary_cross_entropy(
        p_fake, torch.zeros_like(p_fake)
    )
    opt_d.zero_grad()
    loss_d.backward()
    opt_d.step()
    if not recipe.train.reuse_fake:
        fake = G(torch.randn(bs, recipe.noise_dim, generator=rng))
    p = torch.sigmoid(D(fake))
    loss_g = F.binary_cross_entropy(p, torch.ones_like(p))
    opt_g.zero_grad()
    loss_g.backward()
    opt_g.step()
    return G, D, loss_d.item(), loss_g.item()


@pytest.mark.parametrize("recipe", [mnist.GAN_MNIST, mnist.MNIST_TANH], ids=["seed001", "seed002"])
def test_fast_step_equals_a_straightforward_step(recipe, tiny_images):
    recipe = recipe.replace(batch_size=16, lr_d=1e-3, lr_g=1e-3)
    images = tiny_images[0][:64] * (recipe.value_range[1] - recipe.value_range[0]) + recipe.value_range[0]
    trainer = mnist.make_trainer(recipe, images=images, device="cpu")
    record = trainer.train_step()
    G, D, loss_d, loss_g = _straightforward_step(recipe, images, recipe.train.seed)
    assert record["loss_d"] == pytest.approx(loss_d, abs=1e-5)
    assert record["loss_g"] == pytest.approx(loss_g, abs=1e-5)
    for a, b in zip(trainer.G.parameters(), G.parameters(), strict=True):
        torch.testing.assert_close(a.grad, b.grad, atol=1e-7, rtol=1e-4)  # G's gradient: same up to round-off
    for fast, plain in ((trainer.G, G), (trainer.D, D)):
        for a, b in zip(fast.parameters(), plain.parameters(), strict=True):
            # Adam divides by sqrt(v): round-off in a near-zero gradient moves a weight by up to ~lr, so allow 1% of lr
            torch.testing.assert_close(a, b, atol=1e-5, rtol=0)


def test_matmul_precision_is_validated_and_restored(tiny_images):
    recipe = mnist.GAN_MNIST.replace(batch_size=32, epochs=1)
    trainer = mnist.make_trainer(recipe, images=tiny_images[0][:64], device="cpu")
    trainer.update(matmul_precision="medium")
    before = torch.get_float32_matmul_precision()
    trainer.run(1)
    assert torch.get_float32_matmul_precision() == before
    with pytest.raises(ValueError, match="matmul_precision must be"):
        replace(trainer.config, matmul_precision="bf16")


def test_sample_grid_and_epoch_log(tiny_images):
    recipe = mnist.MNIST_TANH.replace(batch_size=64, epochs=2)
    grid = mnist.SampleGrid(3, recipe.value_range, n_images=8)
    log = mnist.EpochLog(recipe, score=lambda t: quality.Score(1.0, quality.class_coverage([1, 2])))
    trainer = mnist.make_trainer(recipe, [grid, log], images=tiny_images[0][:128] * 2 - 1, device="cpu")
    trainer.run()
    assert trainer.step == 4 and [s for s, _ in grid.snapshots] == [3, 4]
    assert grid.snapshots[0][1].shape == (8, 784) and 0 <= grid.snapshots[0][1].min()
    assert log.epochs == [1, 2] and log.fd == [1.0, 1.0] and len(log.means["loss_d"]) == 2
    assert log.meta()["epochs_trained"] == 2


def test_an_mnist_recipe_refuses_steps_and_says_which_fields_set_it():
    raised_by_course(lambda: mnist.GAN_MNIST.replace(steps=100), r"steps cannot be set.*derived from epochs")
    raised_by_course(lambda: mnist.MnistRecipe.make(**_MNIST_FIELDS, steps=100), r"steps cannot be set.*epochs")
    stale = dataclasses.replace(mnist.GAN_MNIST.train, steps=100)
    raised_by_course(lambda: dataclasses.replace(mnist.GAN_MNIST, train=stale), r"derived from epochs.*= 18740")
    raised_by_course(lambda: dataclasses.replace(mnist.GAN_MNIST, epochs=5), r"epochs x .* = 5 x 937 = 4685")
    assert mnist.GAN_MNIST.train.steps == 20 * (60_000 // 64)
    r = mnist.GAN_MNIST.replace(epochs=2, n_images=640, batch_size=32)
    assert r.train.steps == 2 * 20 and r.replace(batch_size=64).train.steps == 2 * 10


_MNIST_FIELDS = dict(name="t", noise_dim=4, g_hidden=(8,), g_activation="relu", g_output="sigmoid", d_hidden=(8,),
                     d_activation="relu", epochs=2, n_images=640, batch_size=64)


# ---------------------------------------------------------------------------------- the table of wrong inputs


WRONG_INPUTS = [  # (case, a call with one wrong input, the argument its message must name)
    ("MnistRecipe.make(noise_dim=0)", lambda: mnist.MnistRecipe.make(**{**_MNIST_FIELDS, "noise_dim": 0}),
     "noise_dim"),
    ("MnistRecipe.make(arch='x')", lambda: mnist.MnistRecipe.make(**_MNIST_FIELDS, arch="x"), "arch"),
    ("MnistRecipe.make(g_output='relu')", lambda: mnist.MnistRecipe.make(**{**_MNIST_FIELDS, "g_output": "relu"}),
     "g_output"),
    ("MnistRecipe.make(epochs=0)", lambda: mnist.MnistRecipe.make(**{**_MNIST_FIELDS, "epochs": 0}), "epochs"),
    ("MnistRecipe.make(epochs='2')", lambda: mnist.MnistRecipe.make(**{**_MNIST_FIELDS, "epochs": "2"}), "epochs"),
    ("MnistRecipe.make(n_images=0)", lambda: mnist.MnistRecipe.make(**{**_MNIST_FIELDS, "n_images": 0}), "n_images"),
    ("MnistRecipe.make(batch_size > n_images)", lambda: mnist.MnistRecipe.make(**{**_MNIST_FIELDS,
                                                                                  "batch_size": 1000}), "batch_size"),
    ("MnistRecipe.make(embed_dim=0)", lambda: mnist.MnistRecipe.make(**_MNIST_FIELDS, embed_dim=0), "embed_dim"),
    ("MnistRecipe.make(name=None)", lambda: mnist.MnistRecipe.make(**{**_MNIST_FIELDS, "name": None}), "name"),
    ("MnistRecipe.make(bogus=1)", lambda: mnist.MnistRecipe.make(**_MNIST_FIELDS, bogus=1), "bogus"),
    ("MnistRecipe.make(dcgan, 3 maps)", lambda: mnist.MnistRecipe.make(**{**_MNIST_FIELDS, "g_hidden": (8, 8, 8)},
                                                                       arch="dcgan"), "g_hidden"),
    ("GAN_MNIST.replace(lr_d=0)", lambda: mnist.GAN_MNIST.replace(lr_d=0), "lr_d"),
    ("GAN_MNIST.replace(epochs=-1)", lambda: mnist.GAN_MNIST.replace(epochs=-1), "epochs"),
    ("build_generator(str)", lambda: mnist.build_generator("gan-mnist"), "recipe"),
    ("build_discriminator(3)", lambda: mnist.build_discriminator(3), "recipe"),
    ("make_trainer(str)", lambda: mnist.make_trainer("gan-mnist"), "recipe"),
    ("make_trainer(images=ndarray)", lambda: mnist.make_trainer(mnist.GAN_MNIST, images=np.zeros((64, 784))),
     "images"),
    ("make_trainer(images [64, 783])", lambda: mnist.make_trainer(mnist.GAN_MNIST, images=torch.zeros(64, 783)),
     "images"),
    ("make_trainer(device='tpu')", lambda: mnist.make_trainer(mnist.GAN_MNIST, images=MNIST_IMAGES, device="tpu"),
     "device"),
    ("make_trainer(callbacks=[3])", lambda: mnist.make_trainer(mnist.GAN_MNIST.replace(batch_size=32),
                                                               images=MNIST_IMAGES, device="cpu", callbacks=[3]),
     "callbacks"),
    ("SampleGrid(0)", lambda: mnist.SampleGrid(0, (0.0, 1.0)), r"^n "),
    ("SampleGrid(value_range=(1, 0))", lambda: mnist.SampleGrid(5, (1.0, 0.0)), "value_range"),
    ("SampleGrid(value_range='ab')", lambda: mnist.SampleGrid(5, "ab"), "value_range"),
    ("SampleGrid(value_range=(0, nan))", lambda: mnist.SampleGrid(5, (0.0, math.nan)), "value_range"),
    ("SampleGrid(n_images=0)", lambda: mnist.SampleGrid(5, (0.0, 1.0), n_images=0), "n_images"),
    ("SampleGrid(seed=-1)", lambda: mnist.SampleGrid(5, (0.0, 1.0), seed=-1), "seed"),
    ("SampleGrid(show='no')", lambda: mnist.SampleGrid(5, (0.0, 1.0), show="no"), "show"),
    ("EpochLog(recipe=str)", lambda: mnist.EpochLog("gan-mnist"), "recipe"),
    ("EpochLog(score=3)", lambda: mnist.EpochLog(mnist.GAN_MNIST, score=3), "score"),
]


@pytest.mark.parametrize("case", WRONG_INPUTS, ids=[c[0] for c in WRONG_INPUTS])
def test_wrong_input_is_answered_by_the_course(case):
    _, call, name = case
    raised_by_course(call, name)


TOO_LARGE = [  # (case, call, the message: the argument, its bound and why)
    ("MnistRecipe.replace(epochs=2**70)", lambda: mnist.GAN_MNIST.replace(epochs=2**70),
     r"^epochs x \(n_images // batch_size\) = .* steps is more than 1,000,000,000 .*: pass fewer epochs"),
]


@pytest.mark.parametrize("case", TOO_LARGE, ids=[c[0] for c in TOO_LARGE])
def test_a_count_past_its_maximum_is_answered_with_the_bound(case):
    _, call, match = case
    raised_by_course(call, match)


def test_a_sample_grid_shown_during_training_draws_each_snapshot(monkeypatch):
    """SampleGrid(show=True) draws each grid as it is taken (it imported a module that does not exist before)."""
    import matplotlib.pyplot as plt

    shown = []
    monkeypatch.setattr(plt, "show", lambda: shown.append(plt.gca().get_title()))
    recipe = mnist.GAN_MNIST.replace(g_hidden=(8,), d_hidden=(8,), noise_dim=4, epochs=1)
    grid = mnist.SampleGrid(2, recipe.value_range, n_images=4, show=True)
    trainer = mnist.make_trainer(recipe, callbacks=[grid], images=torch.rand(64, 784))
    trainer.run(4)
    assert shown == ["step 2", "step 4"] and len(grid.snapshots) == 2
    plt.close("all")
