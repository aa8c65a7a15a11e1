"""Chapters 10, 11 and 13's coding exercises: the references written for them are the course's own code."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from gan_course import features, losses
from gan_course.exercises import coding as C
from gan_course.exercises.coding import ch10, ch11, ch13
from gan_course.mnist import conditional
from gan_course.synthetic import mixture2d


def test_pack_is_pack2_for_pairs_and_joins_consecutive_samples():
    x = torch.arange(24.0).reshape(8, 3)
    assert torch.equal(ch10.pack(x), features.pack2(x))
    assert ch10.pack(x, 4)[1].tolist() == list(range(12, 24))  # samples 4-7 side by side, in order
    solution = C.from_body(C.EXERCISES["10b"], C.EXERCISES["10b"].solution)
    for k in (1, 2, 4):
        assert torch.equal(solution(x, k), ch10.pack(x, k))
    for fn in (ch10.pack, features.pack2, solution):
        with pytest.raises(ValueError):
            fn(torch.zeros(5, 3))


def test_mode_scores_are_assess_on_the_chapter_targets():
    for target in (mixture2d.ring(), mixture2d.grid()):
        x = target.sample(2500, seed=3)
        x[:300] = 0.5 * x[:300]  # some samples off the modes
        found = mixture2d.assess(x, target)
        assert ch10.mode_scores(x, target.centre_tensor(), target.std) == (found.modes_covered, found.hq_share)


def test_the_penalty_is_losses_at_interpolates_drawn_from_the_global_generator():
    critic = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))
    real, fake = torch.randn(16, 2), torch.randn(16, 2) + 3
    torch.manual_seed(7)
    x_hat = losses.interpolate(real, fake)
    torch.manual_seed(7)
    assert torch.equal(ch11.gradient_penalty(critic, real, fake), losses.gradient_penalty(critic, x_hat))


def test_the_projection_logit_is_the_projection_discriminator_with_its_v_as_an_embedding():
    torch.manual_seed(0)
    width = 32
    features = nn.Sequential(nn.Linear(784, width), nn.LeakyReLU(0.2))
    D = conditional.ProjectionDiscriminator(features, nn.Linear(width, 1))
    images, digits = torch.rand(6, 784), torch.tensor([0, 3, 3, 7, 9, 1])
    rows = conditional.labelled(images, digits)
    embed = nn.Embedding.from_pretrained(D.embed.weight.T)  # V's column for digit d is the embedding of d
    by_exercise = ch13.projection_logit(D.features(images), digits, embed, D.score)
    assert torch.allclose(by_exercise, D(rows), atol=1e-6)
