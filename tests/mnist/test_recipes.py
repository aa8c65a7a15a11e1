import math
import shutil
from dataclasses import replace

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from gan_course import mnist
from gan_course.checkpoint import CheckpointError
from gan_course.data import mnist_tensors
from gan_course.mnist import assets, quality
from gan_course.mnist.classifier import FEATURE_DIM, MnistCNN, accuracy, predict


@pytest.fixture(scope="module")
def tiny_images():
    images, labels = mnist_tensors(train=False)
    return images[:512], labels[:512]


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
    with pytest.raises(ValueError, match="batch_size must be at most 60000"):
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


def test_frechet_distance_of_a_set_with_itself_is_zero_and_grows_with_a_shift():
    g = torch.Generator().manual_seed(0)
    f = torch.randn(2000, 8, generator=g) @ torch.randn(8, 8, generator=g)
    s = quality.feature_stats(f)
    assert abs(quality.frechet_distance(s, s)) < 1e-6
    shifted = quality.feature_stats(f + 1.0)
    assert quality.frechet_distance(s, shifted) == pytest.approx(8.0, rel=1e-6)  # |mu_a - mu_b|^2 = 8 * 1


def test_frechet_distance_in_1d_is_the_gaussian_w2_squared():
    a = quality.FeatureStats(np.array([4.0]), np.array([[1.25**2]]), 100)
    b = quality.FeatureStats(np.array([3.0]), np.array([[1.0]]), 100)
    assert quality.frechet_distance(a, b) == pytest.approx((4 - 3) ** 2 + (1.25 - 1) ** 2)


def test_frechet_distance_takes_1d_numbers_and_flat_or_column_features():
    exact = (4 - 3) ** 2 + (1.25 - 1) ** 2
    a, b = quality.FeatureStats(4.0, 1.25**2, n=1), quality.FeatureStats(3.0, 1.0, n=1)  # plain numbers in 1-D
    assert a.mean.shape == (1,) and a.cov.shape == (1, 1)
    assert quality.frechet_distance(a, b) == pytest.approx(exact, abs=1e-12)
    g = torch.Generator().manual_seed(0)
    x, y = 4 + 1.25 * torch.randn(4000, generator=g), 3 + torch.randn(4000, generator=g)
    flat = quality.frechet_distance(x, y)  # raw features [n]
    column = quality.frechet_distance(quality.feature_stats(x[:, None]), quality.feature_stats(y[:, None].numpy()))
    by_formula = (x.double().mean() - y.double().mean()) ** 2 + (x.double().std() - y.double().std()) ** 2
    assert flat == pytest.approx(column, rel=1e-12) and flat == pytest.approx(by_formula.item(), rel=1e-9)
    assert flat == pytest.approx(exact, abs=0.1)  # 4,000 samples: within sampling noise of the exact value
    with pytest.raises(ValueError, match="mean"):
        quality.FeatureStats(np.zeros(2), np.eye(3), n=1)


def test_class_coverage_on_known_labels():
    uniform = quality.class_coverage(torch.arange(10).repeat(50))
    assert uniform.classes == 10 and uniform.entropy == pytest.approx(math.log2(10))
    collapsed = quality.class_coverage(torch.tensor([7] * 990 + [1] * 10))
    assert collapsed.classes == 1 and collapsed.counts[7] == 990 and collapsed.entropy < 0.1
    two = quality.class_coverage(np.array([3, 5] * 100))
    assert two.classes == 2 and two.entropy == pytest.approx(1.0)
    with pytest.raises(ValueError, match="digits 0..9"):
        quality.class_coverage([12])


def test_shipped_classifier_loads_and_classifies(tiny_images):
    model = assets.load_classifier()
    labels, feats = predict(model, tiny_images[0])
    assert feats.shape == (512, FEATURE_DIM)
    assert (labels == tiny_images[1]).float().mean() > 0.97


def test_corrupted_classifier_is_refused(tmp_path):
    bad = tmp_path / "mnist_cnn.pt"
    shutil.copy(assets.asset_path("classifier"), bad)
    raw = bytearray(bad.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    bad.write_bytes(bytes(raw))
    with pytest.raises(CheckpointError, match="damaged or not the shipped file.*train-classifier"):
        assets.load_classifier(bad)
    with pytest.raises(CheckpointError, match="is missing"):
        assets.load_classifier(tmp_path / "absent.pt")


def test_shipped_generators_load():
    for chapter in ("ch07", "ch08_article", "ch08"):
        G, recipe, meta = assets.load_generator(chapter)
        assert G(torch.zeros(2, recipe.noise_dim)).shape == (2, 784)
        assert meta["epochs_trained"] == recipe.epochs and len(meta["fd"]) == recipe.epochs


def test_score_images_of_real_digits_beats_noise(tiny_images):
    model = MnistCNN()  # untrained weights are enough to tell the two sets apart
    ref = quality.feature_stats(predict(model, tiny_images[0][:256])[1])
    real = quality.score_images(tiny_images[0][256:], model, ref)
    noise = quality.score_images(torch.rand(256, 784), model, ref)
    assert real.fd < noise.fd


def test_exercise_checks_07_to_09(capsys):
    from gan_course import exercises

    r = mnist.CHAPTER_RECIPES["ch07"]
    assert exercises.check_generator_updates(r.epochs * (60_000 // r.train.batch_size))
    assert not exercises.check_generator_updates(r.epochs * 60_000 // r.train.batch_size + 1)
    assert not exercises.check_generator_updates(None)
    torch.manual_seed(0)
    G = mnist.build_generator(r)
    G_copy = mnist.build_generator(r)
    G_copy.load_state_dict(G.state_dict())
    assert exercises.check_reloaded_generator(G_copy, G)
    assert not exercises.check_reloaded_generator(mnist.build_generator(r), G)  # fresh weights differ
    assert not exercises.check_reloaded_generator(G, G)
    assert exercises.check_normalised_pixels((-1.0, 0.0, 1.0))
    assert not exercises.check_normalised_pixels((0.0, 0.5, 1.0))
    assert exercises.check_first_epoch_below(3, [500.0, 300.0, 90.0, 80.0], target=100.0)
    assert not exercises.check_first_epoch_below(4, [500.0, 300.0, 90.0, 80.0], target=100.0)
    assert exercises.check_fd_1d(1.0625)
    assert not exercises.check_fd_1d(1.0)
    assert exercises.check_collapsed_coverage(1, 0.0)
    assert not exercises.check_collapsed_coverage(10, 3.32)
    assert not exercises.check_collapsed_coverage(None, None)
    assert "Not answered yet" in capsys.readouterr().out


def test_the_dcgan_networks_shape_and_score_rows_independently():
    import torch

    from gan_course import mnist
    from gan_course.mnist.convnets import ConvDiscriminator, ConvGenerator

    G, D = ConvGenerator(16, (8, 4)), ConvDiscriminator((4, 8))
    x = G(torch.randn(5, 16))
    assert x.shape == (5, 784) and 0 <= x.min() and x.max() <= 1
    logits = D(x)
    other = D(torch.cat([x[:2], torch.rand(3, 784)]))  # the other rows changed: rows 0-1 must not
    assert logits.shape == (5, 1) and torch.allclose(logits[:2], other[:2], atol=1e-6)
    recipe = mnist.DCGAN.replace(g_hidden=(8, 4), d_hidden=(4, 8), noise_dim=16, epochs=1, batch_size=16)
    trainer = mnist.make_trainer(recipe, images=torch.rand(64, 784), device="cpu")
    trainer.run(2)
    assert trainer.step == 2 and isinstance(trainer.G, ConvGenerator)
    with pytest.raises(ValueError, match="two feature maps"):
        mnist.DCGAN.replace(g_hidden=(64, 32, 16))
    with pytest.raises(ValueError, match="arch must be"):
        mnist.DCGAN.replace(arch="resnet")


@pytest.mark.parametrize("labels", [None, "x", {"a": 1}, float("nan"), 3, True, torch.zeros(2, 3, dtype=torch.long),
                                    torch.tensor([0.0, 1.0]), torch.tensor([True]), np.array([], dtype=int),
                                    [[1], [2, 3]]])
def test_class_coverage_refuses_labels_that_are_not_digits_in_a_row(labels):
    with pytest.raises(ValueError, match=r"labels must be digits 0..9 as a 1-D tensor of whole numbers"):
        quality.class_coverage(labels)


@pytest.mark.parametrize("labels", [[-1], torch.tensor([3, 10]), np.array([2**40])])
def test_class_coverage_refuses_labels_outside_0_to_9(labels):
    with pytest.raises(ValueError, match=r"labels must be digits 0..9, got values from"):
        quality.class_coverage(labels)


@pytest.mark.parametrize("min_share", [None, "0.02", [0.02], float("nan"), float("inf"), -1, 1.5, True,
                                       torch.tensor(0.02)])
def test_class_coverage_refuses_a_min_share_outside_0_to_1(min_share):
    with pytest.raises(ValueError, match=r"min_share \(of the samples for a class to count\) must be a number in \[0,"):
        quality.class_coverage(torch.arange(10), min_share)


@pytest.mark.parametrize("features", ["x", {"a": 1}, None, 3.0, np.array(["a", "b"]),
                                      torch.zeros(3, 2, dtype=torch.bool)])
def test_feature_stats_refuses_what_is_not_real_numbers(features):
    with pytest.raises(ValueError, match=r"features must be real numbers \[n, d\]"):
        quality.feature_stats(features)


@pytest.fixture(scope="module")
def cnn():
    torch.manual_seed(0)
    return MnistCNN()


@pytest.mark.parametrize("model", [None, "cnn", torch.nn.Linear(784, 10), torch.zeros(2)])
def test_predict_and_accuracy_refuse_a_model_that_is_not_the_classifier(model):
    images = torch.rand(4, 784)
    for call in (lambda: predict(model, images), lambda: accuracy(model, images, torch.arange(4))):
        with pytest.raises(ValueError, match="model must be the course's classifier, an MnistCNN"):
            call()


@pytest.mark.parametrize("images", [None, [0.5] * 784, np.zeros((2, 784)), torch.zeros(2, 3, 4), torch.zeros(0, 784),
                                    torch.zeros(784), torch.zeros(2, 784, dtype=torch.uint8)])
def test_predict_and_accuracy_refuse_what_is_not_images(cnn, images):
    for call in (lambda: predict(cnn, images), lambda: accuracy(cnn, images, torch.arange(2))):
        with pytest.raises(ValueError, match=r"images must be a float tensor \[n, 784\] or \[n, 28, 28\] in \[0, 1\]"):
            call()


@pytest.mark.parametrize("batch_size", [None, "10", 1.0, 0, -1, 2**70, True])
def test_predict_refuses_a_batch_size_that_is_not_a_whole_number_in_range(cnn, batch_size):
    with pytest.raises(ValueError, match="batch_size .* must be a whole number from 1 to"):
        predict(cnn, torch.rand(4, 784), batch_size)


@pytest.mark.parametrize(("labels", "words"), [(None, "digits 0..9 as a 1-D tensor"), (torch.tensor([0, 1, 2]),
                         "one digit per image \\(4\\), got 3"), (torch.zeros(2, 3, 4, dtype=torch.long), "1-D tensor"),
                         (torch.tensor([0, 1, 2, 12]), "digits 0..9, got values from 0 to 12"),
                         (torch.tensor([0.0, 1.0, 2.0, 3.0]), "whole numbers")])
def test_accuracy_refuses_labels_that_are_not_one_digit_per_image(cnn, labels, words):
    with pytest.raises(ValueError, match=words):
        accuracy(cnn, torch.rand(4, 784), labels)


def test_predict_and_accuracy_give_the_same_numbers_for_valid_input(cnn):
    images = torch.rand(6, 784, generator=torch.Generator().manual_seed(0))
    labels, feats = predict(cnn, images, batch_size=4)
    assert torch.equal(labels, cnn(images).argmax(1)) and torch.allclose(feats, cnn.features(images))
    assert accuracy(cnn, images, labels) == 1.0 and accuracy(cnn, images.reshape(6, 28, 28), labels.numpy()) == 1.0
    assert accuracy(cnn, images, (labels + 1) % 10) == 0.0
