"""gan_course.mnist.classifier: the shipped classifier reads digits; predict and accuracy refuse what is not images,
labels or the classifier."""

import numpy as np
import pytest
import torch

from gan_course.mnist import assets
from gan_course.mnist.classifier import FEATURE_DIM, MnistCNN, accuracy, predict


def test_shipped_classifier_loads_and_classifies(tiny_images):
    model = assets.load_classifier()
    labels, feats = predict(model, tiny_images[0])
    assert feats.shape == (512, FEATURE_DIM)
    assert (labels == tiny_images[1]).float().mean() > 0.97


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
