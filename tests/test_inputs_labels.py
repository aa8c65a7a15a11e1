"""Conditional labels (chapter 13) and the latent explorer answer bad input in words (issue 24).

Every entry that takes digits or labels (``conditional.one_hot``, ``labelled``, ``codes``, ``noise_walk``,
``label_walk``, a conditional G's rows in eval mode, the latent explorer) goes through ``conditional.label_rows`` or
``conditional.check_digit``: a digit 10, -1, 3.7 or True, a soft label of 2.0, a row summing to 0.5, an all-zero row,
a NaN or a wrong count is a ``ValueError`` raised in gan_course before torch sees it; ``3``, ``np.int64(3)`` and
``torch.tensor(3)`` are digits.
"""

from __future__ import annotations

import html
import traceback
from pathlib import Path

import numpy as np
import pytest
import torch

import gan_course
from gan_course import mnist
from gan_course.mnist import conditional as C
from gan_course.widgets.mnist import LatentExplorer

PACKAGE = Path(gan_course.__file__).resolve().parent


def refused(call, *args, match: str, **kwargs) -> str:
    """The ValueError ``call`` raises, checked to come from a ``raise`` in gan_course, in a sentence, with ``match``."""
    with pytest.raises(ValueError, match=match) as info:
        call(*args, **kwargs)
    last = traceback.extract_tb(info.tb)[-1]
    assert Path(last.filename).resolve().is_relative_to(PACKAGE), f"raised in {last.filename}: {info.value}"
    assert last.line.lstrip().startswith("raise"), f"not the course's own raise: {last.line}"
    text = str(info.value)
    assert len(text) > 30 and " " in text
    return text


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
    refused(C.codes, torch.randn(3, 6), labels, match=match)
    refused(C.labelled, torch.rand(3, 784), labels, match=match)


@pytest.mark.parametrize("digit", BAD_DIGITS, ids=repr)
def test_bad_digits_are_refused_by_the_walks(digit):
    za, zb, ts = torch.zeros(6), torch.ones(6), torch.linspace(0, 1, 3)
    refused(C.noise_walk, za, zb, digit, ts, match=r"digit must be one of the digits 0 to 9 \(a whole number")
    refused(C.label_walk, za, digit, 8, ts, match=r"^a \(the first digit\) must be one of the digits 0 to 9")
    refused(C.label_walk, za, 3, digit, ts, match=r"^b \(the second digit\) must be one of the digits 0 to 9")
    refused(C.check_digit, digit, match="digit must be one of the digits")


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
    refused(C.one_hot, torch.tensor([5]), n=5, match="digits 0 to 4, got 5")
    refused(C.one_hot, torch.tensor([1]), n=True,
            match=r"n \(the number of classes\) must be a whole number from 2 to .*, got True")


def test_bad_noise_and_points_of_the_walks_are_refused():
    za = torch.zeros(6)
    refused(C.codes, torch.zeros(3), 3, match=r"z \(the noise part of the rows\) must be a float tensor \[m, k\]")
    refused(C.codes, torch.full((2, 6), float("nan")), 3, match="must be finite numbers")
    refused(C.labelled, torch.rand(3, 28, 28), torch.tensor([1, 2, 3]), match=r"images .* \[m, 784\]")
    refused(C.noise_walk, za, torch.zeros(5), 3, torch.tensor([0.5]), match="codes of one size, got 6 and 5")
    refused(C.noise_walk, za, za, 3, [0.0, 1.0], match="ts must be a float tensor")
    refused(C.noise_walk, za, za, 3, torch.tensor([float("nan")]), match="ts must be finite")
    refused(C.label_walk, za, 3, 8, torch.tensor([1.5]), match=r"ts must lie in \[0, 1\] on a label walk")
    refused(C.label_walk, torch.zeros(2, 6), 3, 8, torch.tensor([0.5]), match=r"one code, a float tensor \[noise_dim\]")
    refused(C.images_of, torch.zeros(3, 10), match=r"images \[m, 784\] or conditional rows \[m, 794\]")


def test_a_wrong_label_part_of_gs_rows_is_named_not_the_noise():
    recipe = mnist.GAN_MNIST.replace(conditional=True, g_hidden=(16,), noise_dim=6, embed_dim=3)
    G = mnist.build_generator(recipe).eval()
    z = torch.randn(2, 6)
    for label, what in [(torch.full((2, 10), 0.3), "does not sum to 1"), (torch.zeros(2, 10), "does not sum to 1"),
                        (torch.eye(10)[:2] * 2, r"outside \[0, 1\]")]:
        text = refused(G, torch.cat([z, label], 1), match=f"the label part of G's input rows .*{what}")
        assert "N(0, I)" not in text and "noise" not in text
    assert G(C.codes(z, torch.tensor([1, 2]))).shape == (2, 794)  # valid rows are drawn as before
    G.train()  # training rows come from labelled_noise: not checked on every step
    assert G(C.labelled_noise(6)(4, torch.Generator().manual_seed(0))).shape == (4, 794)


def test_requested_accuracy_refuses_a_bad_value_range_or_classifier():
    G = mnist.build_generator(mnist.GAN_MNIST.replace(conditional=True, g_hidden=(16,), noise_dim=6, embed_dim=3))
    refused(C.requested_accuracy, G, (1.0, 1.0), torch.nn.Linear(2, 2), match="value_range must be two finite")
    refused(C.requested_accuracy, G, (0.0, 1.0), "classifier", match="classifier must be a torch.nn.Module")


# ---------------------------------------------------------------------------------------------- the latent explorer


def test_the_explorer_says_when_the_generator_gives_nan_pixels():
    torch.manual_seed(0)
    G = mnist.build_generator(mnist.GAN_MNIST.replace(g_hidden=(16,), noise_dim=8))
    ex = LatentExplorer(G, 8, n_sliders=2, steps=3)
    assert ex.message.value == "" and ex.image.value[:4] == b"\x89PNG"
    with torch.no_grad():
        next(G.parameters()).fill_(float("nan"))  # the weights of a run that diverged
    ex.sliders[0].value = 1.0  # any change redraws
    said = html.unescape(ex.message.value)
    assert "non-finite pixels (NaN or infinity) in 4 of 4 images" in said and "load a trained generator" in said
    assert ex.image.value[:4] == b"\x89PNG"  # still drawn (black), with the sentence beside it
    with torch.no_grad():
        next(G.parameters()).normal_(0, 0.1)
    ex.sliders[0].value = 0.5
    assert ex.message.value == ""  # a finite G again: the sentence goes


def test_the_conditional_explorer_routes_its_digits_through_the_check(monkeypatch):
    torch.manual_seed(0)
    G = mnist.build_generator(mnist.GAN_MNIST.replace(conditional=True, g_hidden=(16,), noise_dim=8))
    ex = LatentExplorer(G, 8, n_sliders=2, steps=3)
    image = ex.image.value
    ex.digit.value = np.int64(5)  # a NumPy digit from a student's code is a digit
    assert ex.message.value == "" and ex.image.value != image
    monkeypatch.setattr(ex.digit, "options", (*range(10), 12))  # a dropdown given a wrong option
    ex.digit.value = 12
    assert "digit must be one of the digits 0 to 9 (a whole number, e.g. 3), got 12" in html.unescape(ex.message.value)
    ex.digit.value = 3
    assert ex.message.value == ""


@pytest.mark.parametrize("kwargs, match", [
    ({"value_range": (1.0, 1.0)}, "value_range must be two finite numbers lo < hi"),
    ({"value_range": (0.0, float("nan"))}, "value_range must be two finite numbers"),
    ({"value_range": "01"}, "value_range must be two finite numbers"),
    ({"steps": True}, "steps"),
    ({"steps": 10**9}, "steps"),
    ({"n_sliders": True}, "n_sliders must be between 1 and noise_dim"),
])
def test_the_explorer_refuses_bad_settings(kwargs, match):
    G = mnist.build_generator(mnist.GAN_MNIST.replace(g_hidden=(16,), noise_dim=8))
    refused(LatentExplorer, G, 8, match=match, **kwargs)
