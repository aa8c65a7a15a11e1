"""The conditional GAN's plumbing (gan_course.mnist.conditional): rows that carry their label through one Trainer."""

import pytest
import torch

from gan_course import mnist
from gan_course.mnist import conditional as C


def _tiny(arch: str) -> mnist.MnistRecipe:
    if arch == "dcgan":
        return mnist.DCGAN.replace(conditional=True, g_hidden=(8, 4), d_hidden=(4, 8), noise_dim=6, embed_dim=3,
                                   epochs=1, batch_size=8)
    return mnist.GAN_MNIST.replace(conditional=True, g_hidden=(16,), d_hidden=(8,), noise_dim=6, embed_dim=3,
                                   epochs=1, batch_size=8)


@pytest.mark.parametrize("arch", ["mlp", "dcgan"])
def test_a_conditional_gan_trains_on_labelled_rows_and_keeps_the_requested_digit(arch):
    recipe = _tiny(arch)
    rows = C.labelled(torch.rand(32, 784), torch.arange(32) % 10)
    assert rows.shape == (32, 794) and torch.equal(rows[:, 784:].argmax(1), torch.arange(32) % 10)
    trainer = mnist.make_trainer(recipe, images=rows, device="cpu")
    trainer.run(3)
    assert trainer.step == 3 and C.is_conditional(trainer.G)
    z = torch.randn(10, 6)
    out = trainer.G.eval()(C.codes(z, torch.arange(10)))
    assert out.shape == (10, 794) and torch.equal(out[:, 784:].argmax(1), torch.arange(10))
    assert C.images_of(out).shape == (10, 784)


def test_the_noise_sampler_draws_every_digit_and_is_seeded():
    sample = C.labelled_noise(5)
    a, b = sample(2000, torch.Generator().manual_seed(3)), sample(2000, torch.Generator().manual_seed(3))
    assert torch.equal(a, b) and a.shape == (2000, 15)
    counts = torch.bincount(a[:, 5:].argmax(1), minlength=10)
    assert (a[:, 5:].sum(1) == 1).all() and counts.min() > 150  # uniform: 200 each expected


def test_a_soft_label_mixes_the_two_digits_embeddings_linearly():
    G = mnist.build_generator(_tiny("mlp"))
    soft = 0.3 * C.one_hot(torch.tensor([2])) + 0.7 * C.one_hot(torch.tensor([7]))
    mixed = G.embed(soft)
    assert torch.allclose(mixed, 0.3 * G.embed.weight[:, 2] + 0.7 * G.embed.weight[:, 7], atol=1e-6)


@pytest.mark.parametrize("arch", ["mlp", "dcgan"])
def test_the_projection_discriminator_scores_rows_independently_and_reads_the_label(arch):
    D = mnist.build_discriminator(_tiny(arch))
    rows = C.labelled(torch.rand(5, 784), torch.tensor([0, 1, 2, 3, 4]))
    other = torch.cat([rows[:2], C.labelled(torch.rand(3, 784), torch.tensor([9, 9, 9]))])
    assert torch.allclose(D(rows)[:2], D(other)[:2], atol=1e-6)
    with torch.no_grad():
        D.embed.weight.normal_()
    relabelled = C.labelled(rows[:, :784], torch.tensor([5, 6, 7, 8, 9]))
    assert not torch.allclose(D(rows), D(relabelled))  # same images, other digits: another logit
    # logit = psi(phi(x)) + (V y) . phi(x)
    h = D.features(rows[:, :784])
    expected = D.score(h) + (h * D.embed.weight.T[[0, 1, 2, 3, 4]]).sum(1, keepdim=True)
    assert torch.allclose(D(rows), expected, atol=1e-5)


def test_requested_accuracy_counts_the_digits_the_classifier_reads():
    class Fixed(torch.nn.Module):  # a stand-in classifier that always reads the digit 3
        def features(self, x):
            return torch.zeros(len(x), 2)

        def fc2(self, f):
            return torch.nn.functional.one_hot(torch.full((len(f),), 3), 10).float()

    G = mnist.build_generator(_tiny("mlp"))
    acc = C.requested_accuracy(G, (0.0, 1.0), Fixed(), n_per_class=4)
    assert acc.shape == (10,) and acc[3] == 1 and acc.sum() == 1
    with pytest.raises(ValueError, match="needs a conditional generator"):
        C.requested_accuracy(mnist.build_generator(mnist.GAN_MNIST), (0.0, 1.0), Fixed())


def test_bad_conditional_inputs_are_answered_in_words():
    recipe = _tiny("mlp")
    with pytest.raises(ValueError, match=r"images must be a float tensor \[n, 794\].*one-hot label"):
        mnist.make_trainer(recipe, images=torch.rand(32, 784), device="cpu")
    with pytest.raises(ValueError, match="conditional must be True or False"):
        recipe.replace(conditional="yes")
    G = mnist.build_generator(recipe)
    with pytest.raises(ValueError, match=r"rows \[z \(6\), label \(10\)\] of width 16"):
        G(torch.randn(2, 6))


def test_the_walks_move_the_noise_or_the_label_and_keep_the_other():
    za, zb, ts = torch.zeros(6), torch.ones(6), torch.tensor([0.0, 0.25, 1.0])
    by_noise = C.noise_walk(za, zb, 4, ts)
    assert torch.allclose(by_noise[:, :6], ts[:, None].expand(3, 6)) and (by_noise[:, 6:].argmax(1) == 4).all()
    by_label = C.label_walk(za, 2, 9, ts)
    assert (by_label[:, :6] == 0).all() and torch.allclose(by_label[:, 6 + 9], ts)
    assert torch.allclose(by_label[:, 6 + 2], 1 - ts) and torch.allclose(by_label[:, 6:].sum(1), torch.ones(3))
