"""The small references that chapters 05, 08 and 12's coding exercises fall back on compute what the course's own
code computes, in the chapters' terms (09a's reference is the course's quality.frechet_distance itself)."""

from __future__ import annotations

import copy

import pytest
import torch

from gan_course import data
from gan_course.exercises.coding import ch05, ch08, ch12
from gan_course.mnist.convnets import ConvGenerator
from gan_course.synthetic import gaussian
from gan_course.train import Trainer


def test_05a_train_step_is_the_trainers_step_batch_for_batch():
    """Stage 7 without the average, G's step on the fake batch D saw (reuse_fake): the same weights."""
    recipe = gaussian.FIFTY_LINES.replace(standardise=True, noise="normal", lr_d=1e-3, lr_g=1e-3,
                                          betas=(0.5, 0.999), d_features="raw", batch_size=64, g_activation="elu",
                                          reuse_fake=True)
    target = gaussian.as_target(4.0, 1.25)
    G, D = recipe.networks(target, 0)
    batches = []

    def R(n, generator):
        batches.append(("real", torch.randn(n, 1, generator=generator) * 1.25 + 4.0))
        return batches[-1][1]

    def I(n, generator):  # noqa: E743
        batches.append(("noise", torch.randn(n, 1, generator=generator)))
        return batches[-1][1]

    trainer = Trainer(copy.deepcopy(G), copy.deepcopy(D), R, I, recipe.train)
    opt_g = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.999))
    for _ in range(3):
        start = len(batches)
        trainer.train_step()
        drawn = dict(batches[start:])
        ch05.train_step(G, D, opt_g, opt_d, drawn["real"], drawn["noise"])
    for mine, theirs in ((G, trainer.G), (D, trainer.D)):
        for p, q in zip(mine.parameters(), theirs.parameters(), strict=True):
            torch.testing.assert_close(p, q, rtol=1e-4, atol=1e-5)


def test_08a_to_tanh_range_is_the_course_loading():
    raw, _ = data._verified_split(False, None)  # the test split's bytes, [10000, 28, 28] uint8
    loaded, _ = data.mnist_tensors(train=False, value_range=(-1.0, 1.0))
    assert torch.equal(ch08.to_tanh_range(raw).reshape(len(raw), 784), loaded)


def test_08b_from_tanh_range_is_the_course_unit_range_in_bytes():
    x = torch.rand(50, 784, generator=torch.Generator().manual_seed(0)) * 2 - 1
    course = (data.to_unit_range(x, (-1.0, 1.0)) * 255).round().to(torch.uint8)
    mine = ch08.from_tanh_range(x)
    assert mine.dtype == torch.uint8
    assert (mine.int() - course.int()).abs().max() <= 1  # rounding at exact halves may differ by one level
    assert (mine != course).float().mean() < 1e-3


@pytest.mark.parametrize("channels", [(32, 16), (64, 32)])
def test_12a_up_block_is_conv_generators_first_up_step(channels):
    G = ConvGenerator(16, channels)
    block = ch12.up_block(*channels)
    course = G.up[:3]
    assert [type(m) for m in block] == [type(m) for m in course]
    assert [p.shape for p in block.parameters()] == [p.shape for p in course.parameters()]
    block.load_state_dict(course.state_dict())
    maps = torch.randn(4, channels[0], 7, 7, generator=torch.Generator().manual_seed(1))
    torch.testing.assert_close(block(maps), course(maps))
    assert block(maps).shape == (4, channels[1], 14, 14)
