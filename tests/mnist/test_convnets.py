"""gan_course.mnist.convnets: the DCGAN networks shape images and score rows independently, and train."""

import pytest
import torch

from gan_course import mnist
from gan_course.mnist.convnets import ConvDiscriminator, ConvGenerator


def test_the_dcgan_networks_shape_and_score_rows_independently():
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
