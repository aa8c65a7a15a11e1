"""Fixtures the tests of gan_course.mnist share."""

import pytest

from gan_course.data import mnist_tensors


@pytest.fixture(scope="module")
def tiny_images():
    images, labels = mnist_tensors(train=False)
    return images[:512], labels[:512]
