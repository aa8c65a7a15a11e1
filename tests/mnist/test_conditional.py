"""gan_course.mnist.conditional: rows that carry their label through one Trainer, and bad input answered in words.

Every entry that takes digits or labels (``conditional.one_hot``, ``labelled``, ``codes``, ``noise_walk``,
``label_walk``, a conditional G's rows in eval mode, the latent explorer) goes through ``conditional.label_rows`` or
``conditional.check_digit``: a digit 10, -1, 3.7 or True, a soft label of 2.0, a row summing to 0.5, an all-zero row,
a NaN or a wrong count is a ``ValueError`` raised in gan_course before torch sees it; ``3``, ``np.int64(3)`` and
``torch.tensor(3)`` are digits.
"""

import numpy as np
import pytest
import torch

from gan_course import mnist
from gan_course.mnist import conditional as C
from tests.helpers import refused_in_words


def _tiny(arch: str) -> mnist.MnistRecipe:
    if arch == "dcgan":
        return mnist.DCGAN.replace(conditional=True, g_hidden=(8, 4), d_hidden=(4, 8), noise_dim=6, embed_dim=3,
                                   epochs=1, batch_size=8)
    return mnist.GAN_MNIST.replace(conditional=True, g_hidden=(16,), d_hidden=(8,), noise_dim=6, embed_dim=3,
                                   epochs=1, batch_size=8)


@pytest.mark.slow
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


# -------------------------------------------------------------------------------------- bad digits and labels


def soft(values: list[float]) -> torch.Tensor:
    return torch.tensor([values], dtype=torch.float32)


ONE_HOT_3 = [0.0, 0.0, 0.0, 1.0, 0, 0, 0, 0, 0, 0]


BAD_DIGITS = [10, -1, 3.7, 3.0, True, False, "3", None, float("nan"), np.float64(3.0), torch.tensor(3.0),
              torch.tensor(True), torch.tensor([3, 4]), 2**70, np.int64(12)]


BAD_LABELS = [  # (labels for 3 rows, a word the message must hold)
    (torch.tensor([10, 1, 2]), "digits 0 to 9, got 10"),
    (torch.tensor([-1, 1, 2]), "digits 0 to 9, got -1"),
    (torch.tensor([3.7, 1.0, 2.0]), r"whole numbers 0 to 9 .* got floats \[3.7"),
    (torch.tensor([3.0, 1.0, 2.0]), "whole numbers"),
    (torch.tensor([True, False, True]), "torch.bool"),
    (True, r"one of the digits 0 to 9 .* got True"),
    (10, "got 10"),
    (3.7, "got 3.7"),
    (torch.tensor([float("nan")] * 3), "got floats"),
    (soft([2.0] + [0.0] * 9).expand(3, 10), r"row 0 holds a number outside \[0, 1\]"),
    (soft([-0.5, 1.5] + [0.0] * 8).expand(3, 10), r"outside \[0, 1\]"),
    (torch.zeros(3, 10), "row 0 does not sum to 1"),
    (torch.full((3, 10), 0.05), "does not sum to 1"),
    (torch.cat([soft(ONE_HOT_3), soft([float("nan")] * 10), soft(ONE_HOT_3)]), "row 1 holds a NaN"),
    (torch.cat([soft(ONE_HOT_3), soft(ONE_HOT_3), soft([float("inf")] + [0.0] * 9)]), "row 2 holds a NaN or an inf"),
    (torch.tensor([1, 2]), "hold 2 labels for 3 rows"),
    (torch.tensor([1, 2, 3, 4]), "hold 4 labels for 3 rows"),
    (torch.eye(10)[:2], "hold 2 labels for 3 rows"),
    (torch.zeros(3, 9), r"got shape \(3, 9\)"),
    (torch.zeros(3, 10, 1), r"got shape \(3, 10, 1\)"),
    ("3", "must be digits"),
    (None, "must be digits"),
    ({"digit": 3}, "must be digits"),
    (["a", "b", "c"], "must be digits"),
]


@pytest.mark.parametrize("labels, match", BAD_LABELS, ids=lambda v: repr(v)[:25] if not isinstance(v, str) else None)
def test_bad_labels_are_refused_before_torch_by_codes_and_labelled(labels, match):
    refused_in_words(C.codes, torch.randn(3, 6), labels, match=match)
    refused_in_words(C.labelled, torch.rand(3, 784), labels, match=match)


@pytest.mark.parametrize("digit", BAD_DIGITS, ids=repr)
def test_bad_digits_are_refused_by_the_walks(digit):
    za, zb, ts = torch.zeros(6), torch.ones(6), torch.linspace(0, 1, 3)
    refused_in_words(C.noise_walk, za, zb, digit, ts, match=r"digit must be one of the digits 0 to 9 \(a whole number")
    refused_in_words(C.label_walk, za, digit, 8, ts, match=r"^a \(the first digit\) must be one of the digits 0 to 9")
    refused_in_words(C.label_walk, za, 3, digit, ts, match=r"^b \(the second digit\) must be one of the digits 0 to 9")
    refused_in_words(C.check_digit, digit, match="digit must be one of the digits")


@pytest.mark.parametrize("digit", [3, np.int64(3), np.int32(3), np.uint8(3), torch.tensor(3), torch.tensor([3]),
                                   torch.tensor(3, dtype=torch.int16)], ids=repr)
def test_every_integer_type_is_a_digit(digit):
    expected = C.codes(torch.zeros(2, 6), torch.tensor([3, 3]))
    assert C.check_digit(digit) == 3 and type(C.check_digit(digit)) is int
    torch.testing.assert_close(C.noise_walk(torch.zeros(6), torch.zeros(6), digit, torch.tensor([0.0, 1.0])), expected)
    if not (isinstance(digit, torch.Tensor) and digit.ndim == 1):  # a tensor [1] is digits for one row
        torch.testing.assert_close(C.codes(torch.zeros(2, 6), digit), expected)  # one digit for every row
    assert C.label_walk(torch.zeros(6), digit, digit, torch.tensor([0.5]))[0, 6 + 3] == 1


def test_valid_labels_give_the_same_rows_as_before():
    z = torch.randn(4, 6)
    digits = torch.tensor([0, 3, 9, 3])
    rows = C.codes(z, digits)
    assert torch.equal(rows, torch.cat([z, torch.nn.functional.one_hot(digits, 10).float()], 1))
    assert torch.equal(C.codes(z, digits.numpy()), rows) and torch.equal(C.codes(z, digits.tolist()), rows)
    mix = 0.25 * C.one_hot(torch.tensor([2] * 4)) + 0.75 * C.one_hot(torch.tensor([7] * 4))
    assert torch.equal(C.codes(z, mix)[:, 6:], mix)  # soft labels pass as they are
    assert torch.equal(C.one_hot(torch.tensor([4]), n=5), torch.tensor([[0.0, 0, 0, 0, 1]]))
    refused_in_words(C.one_hot, torch.tensor([5]), n=5, match="digits 0 to 4, got 5")
    refused_in_words(C.one_hot, torch.tensor([1]), n=True,
            match=r"n \(the number of classes\) must be a whole number from 2 to .*, got True")


def test_bad_noise_and_points_of_the_walks_are_refused():
    za = torch.zeros(6)
    refused_in_words(C.codes, torch.zeros(3), 3,
                     match=r"z \(the noise part of the rows\) must be a float tensor \[m, k\]")
    refused_in_words(C.codes, torch.full((2, 6), float("nan")), 3, match="must be finite numbers")
    refused_in_words(C.labelled, torch.rand(3, 28, 28), torch.tensor([1, 2, 3]), match=r"images .* \[m, 784\]")
    refused_in_words(C.noise_walk, za, torch.zeros(5), 3, torch.tensor([0.5]), match="codes of one size, got 6 and 5")
    refused_in_words(C.noise_walk, za, za, 3, [0.0, 1.0], match="ts must be a float tensor")
    refused_in_words(C.noise_walk, za, za, 3, torch.tensor([float("nan")]), match="ts must be finite")
    refused_in_words(C.label_walk, za, 3, 8, torch.tensor([1.5]), match=r"ts must lie in \[0, 1\] on a label walk")
    refused_in_words(C.label_walk, torch.zeros(2, 6), 3, 8, torch.tensor([0.5]),
                     match=r"one code, a float tensor \[noise_dim\]")
    refused_in_words(C.images_of, torch.zeros(3, 10), match=r"images \[m, 784\] or conditional rows \[m, 794\]")


def test_a_wrong_label_part_of_gs_rows_is_named_not_the_noise():
    recipe = mnist.GAN_MNIST.replace(conditional=True, g_hidden=(16,), noise_dim=6, embed_dim=3)
    G = mnist.build_generator(recipe).eval()
    z = torch.randn(2, 6)
    for label, what in [(torch.full((2, 10), 0.3), "does not sum to 1"), (torch.zeros(2, 10), "does not sum to 1"),
                        (torch.eye(10)[:2] * 2, r"outside \[0, 1\]")]:
        text = refused_in_words(G, torch.cat([z, label], 1), match=f"the label part of G's input rows .*{what}")
        assert "N(0, I)" not in text and "noise" not in text
    assert G(C.codes(z, torch.tensor([1, 2]))).shape == (2, 794)  # valid rows are drawn as before
    G.train()  # training rows come from labelled_noise: not checked on every step
    assert G(C.labelled_noise(6)(4, torch.Generator().manual_seed(0))).shape == (4, 794)


def test_requested_accuracy_refuses_a_bad_value_range_or_classifier():
    G = mnist.build_generator(mnist.GAN_MNIST.replace(conditional=True, g_hidden=(16,), noise_dim=6, embed_dim=3))
    refused_in_words(C.requested_accuracy, G, (1.0, 1.0), torch.nn.Linear(2, 2), match="value_range must be two finite")
    refused_in_words(C.requested_accuracy, G, (0.0, 1.0), "classifier", match="classifier must be a torch.nn.Module")
