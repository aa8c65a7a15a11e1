"""gan_course.widgets.mnist: the latent explorer answers a wrong noise size, seed, digit or setting in words, and says
when the generator gives NaN pixels (the MNIST panels: tests/test_mnist_widgets.py)."""

import html

import numpy as np
import pytest
import torch

from gan_course import mnist, models
from gan_course.widgets.mnist import LatentExplorer
from tests.helpers import answered_in_words, refused_in_words


@pytest.fixture
def mnist_G():
    torch.manual_seed(0)
    return models.mlp_generator(8, (16,), 784, "relu", "sigmoid")


def test_latent_explorer_with_the_wrong_noise_dim_says_which_it_takes(mnist_G):
    from gan_course.widgets.mnist import LatentExplorer

    answered_in_words(LatentExplorer, mnist_G, 128, match="cannot take codes of noise_dim = 128: this generator takes "
                                                          "noise_dim = 8")
    answered_in_words(LatentExplorer, mnist_G, "8", match="noise_dim .* must be an integer")
    answered_in_words(LatentExplorer, mnist_G, 8, n_sliders=9, match="n_sliders must be between 1 and noise_dim = 8")
    answered_in_words(LatentExplorer, None, 8, match="generator must be a torch.nn.Module")
    answered_in_words(LatentExplorer, models.mlp_generator(8, (4,), 10), 8, match="images \\[n, 784\\]")


@pytest.mark.parametrize("seed", [2**63, 2**70, -1], ids=["2**63", "2**70", "-1"])
@pytest.mark.parametrize("field", ["code_a", "code_b"])
def test_latent_explorer_seed_fields_are_answered_in_the_message_line(mnist_G, field, seed):
    from gan_course.widgets.mnist import LatentExplorer

    ex = LatentExplorer(mnist_G, 8, n_sliders=2, steps=3)
    getattr(ex, field).value = seed  # fires the observers: no exception may reach the notebook
    said = html.unescape(ex.message.value)
    assert "seed must be an integer >= 0 and at most 2**63 - 1" in said and "Overflow" not in said
    getattr(ex, field).value = 3
    assert ex.message.value == ""


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
    refused_in_words(LatentExplorer, G, 8, match=match, **kwargs)
