"""gan_course.models: MLP generators and discriminators, their checks, the averaged generator."""

import pytest
import torch

from gan_course import models


def test_generator_and_discriminator_shapes():
    G = models.mlp_generator(100, (256, 256), 784, "relu", "sigmoid")
    D = models.mlp_discriminator(784, (64, 64))
    z = torch.randn(7, 100)
    x = G(z)
    assert x.shape == (7, 784)
    assert 0 <= x.min() and x.max() <= 1
    assert D(x).shape == (7, 1)


def test_per_layer_activations():
    G = models.MLP((128, 256, 512, 784), ("tanh", "relu"), "tanh")
    kinds = [type(m).__name__ for m in G.net]
    assert kinds == ["Linear", "Tanh", "Linear", "ReLU", "Linear", "Tanh"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"sizes": (1, 0, 1)}, r"sizes\[1\].*whole number from 1 to 1,048,576, got 0"),
        ({"sizes": (1,)}, "at least an input"),
        ({"sizes": (1, 5, 1), "activation": "swish"}, "activation must be one of"),
        ({"sizes": (1, 5, 5, 1), "activation": ("relu",)}, "2 hidden layers need 2"),
        ({"sizes": (1, 5, 1), "output_activation": "softmax"}, "output_activation must be one of"),
    ],
)
def test_model_validation(kwargs, match):
    with pytest.raises(ValueError, match=match):
        models.MLP(**kwargs)


def test_the_averaged_generator_copies_batch_norm_statistics():
    import torch

    from gan_course.models import AveragedGenerator

    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4))
    G = AveragedGenerator(net, decay=0.9)
    net.train()
    net(torch.randn(64, 3) * 5 + 2)  # moves the trained net's running statistics
    G.update_average()
    bn_avg, bn = G.average[1], net[1]
    assert torch.equal(bn_avg.running_mean, bn.running_mean) and torch.equal(bn_avg.running_var, bn.running_var)
    assert not torch.equal(bn.running_mean, torch.zeros(4))
