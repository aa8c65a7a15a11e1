"""The losses beyond cross-entropy (Wasserstein, hinge, least squares), the gradient penalty, weight clipping and
unrolled D steps, each through the one Trainer (TrainConfig.loss, gp, clip, unroll)."""

from dataclasses import replace

import pytest
import torch

from gan_course import data, losses, models, runtime
from gan_course.synthetic import mixture2d
from gan_course.train import TrainConfig, Trainer


def test_critic_losses_match_their_formulas():
    r, f = torch.tensor([[2.0], [0.5]]), torch.tensor([[-3.0], [0.25]])
    assert losses.critic_loss_wasserstein(r, f).item() == pytest.approx((-3 + 0.25) / 2 - (2 + 0.5) / 2)
    assert losses.generator_loss_critic(f).item() == pytest.approx(-(-3 + 0.25) / 2)
    # hinge: real 2 is past its margin (0), real 0.5 costs 0.5; fake -3 is past (0), fake 0.25 costs 1.25
    assert losses.critic_loss_hinge(r, f).item() == pytest.approx(0.5 / 2 + 1.25 / 2)
    assert losses.critic_loss_least_squares(r, f).item() == pytest.approx(0.5 * ((1 + 0.25) / 2 + (9 + 1 / 16) / 2))
    assert losses.generator_loss_least_squares(f).item() == pytest.approx(0.5 * (16 + 0.5625) / 2)


def test_interpolates_lie_on_the_segment_between_each_pair():
    real, fake = torch.randn(64, 5), torch.randn(64, 5)
    x_hat = losses.interpolate(real, fake, torch.Generator().manual_seed(0))
    # x_hat - fake = alpha (real - fake) with one alpha per row: the same ratio in every coordinate
    ratio = (x_hat - fake) / (real - fake)
    assert torch.allclose(ratio, ratio[:, :1].expand_as(ratio), atol=1e-4)
    assert ((ratio >= 0) & (ratio <= 1)).all()
    stacked = losses.interpolate(real.expand(3, 64, 5), fake.expand(3, 64, 5), [torch.Generator().manual_seed(k)
                                                                                for k in range(3)])
    assert stacked.shape == (3, 64, 5) and not torch.equal(stacked[0], stacked[1])


def test_gradient_penalty_is_zero_for_a_unit_slope_and_counts_the_excess():
    x = torch.randn(100, 2)
    slope_one = lambda t: t @ torch.tensor([[0.6], [0.8]])  # noqa: E731 |grad| = 1 everywhere
    slope_three = lambda t: 3 * slope_one(t)  # noqa: E731 |grad| = 3: penalty (3 - 1)^2 = 4
    assert losses.gradient_penalty(slope_one, x).item() == pytest.approx(0.0, abs=1e-10)
    assert losses.gradient_penalty(slope_three, x).item() == pytest.approx(4.0)


def _trainer(config: TrainConfig, seed: int = 0) -> Trainer:
    runtime.seed_everything(seed)
    G = models.mlp_generator(1, (16, 16), 1, "elu")
    D = models.mlp_discriminator(1, (16, 16), "elu")
    return Trainer(G, D, data.gaussian_sampler(4.0, 1.25), data.normal_noise(1), config)


WGAN_GP = TrainConfig(steps=400, batch_size=128, d_steps=5, lr_d=3e-3, lr_g=3e-3, betas=(0.5, 0.9), loss="wasserstein",
                      gp=0.1, device="cpu", num_threads=1)


@pytest.mark.parametrize("changes", [{}, {"loss": "hinge", "gp": 0.0}, {"loss": "least_squares", "gp": 0.0}])
def test_each_loss_moves_g_towards_the_target(changes):
    trainer = _trainer(replace(WGAN_GP, **changes))
    before = trainer.sample(4000).mean().item()
    trainer.run()
    after = trainer.sample(4000).mean().item()
    assert abs(after - 4.0) < 0.3 * abs(before - 4.0), (before, after)


def test_the_critic_records_raw_scores_and_its_w1_estimate():
    trainer = _trainer(replace(WGAN_GP, steps=30))
    trainer.run()
    h = trainer.history
    # the critic's loss is -(its estimate of W1): mean f(x) - mean f(G(z)) = -loss_D (no penalty in the record)
    assert h.loss_d[-1] == pytest.approx(h.d_fake[-1] - h.d_real[-1], rel=1e-5)
    assert max(h.d_real) > 1.0 or min(h.d_fake) < 0.0  # scores, not probabilities


def test_weight_clipping_keeps_every_weight_in_the_box():
    trainer = _trainer(replace(WGAN_GP, gp=0.0, clip=0.01, lr_d=5e-3, steps=20))
    trainer.run()
    weights = torch.cat([p.detach().flatten() for p in trainer.D.parameters()])
    assert weights.abs().max() <= 0.01 + 1e-9
    assert (weights.abs() > 0.0099).float().mean() > 0.3  # Adam drives many of them to the walls


def test_unrolling_leaves_d_as_it_was_and_changes_g_updates():
    plain = _trainer(replace(WGAN_GP, loss="gan", gp=0.0, d_steps=1, steps=10))
    unrolled = _trainer(replace(plain.config, unroll=3))
    plain.run()
    unrolled.run()
    # the look-ahead draws batches of its own, so the streams part; D's own updates are the same count
    assert not torch.equal(plain.sample(100), unrolled.sample(100))
    assert unrolled.opt_d.state_dict()["state"][0]["step"].item() == 10  # 10 D updates kept, 30 look-aheads undone
    assert len(unrolled.history) == 10


@pytest.mark.parametrize("changes", [{"unroll": 2}, {"loss": "wasserstein", "gp": 0.1, "d_steps": 3}])
def test_stacked_runs_follow_the_single_runs(changes):
    ring = mixture2d.ring()
    recipe = mixture2d.PLAIN.replace(steps=4, g_hidden=(16,), d_hidden=(16,), num_threads=1, **changes)
    stacked = mixture2d.build_seeds(recipe, ring, seeds=(3, 4))
    single = mixture2d.build_seeds(recipe, ring, seeds=(4,))
    stacked.run()
    single.run()
    z = torch.randn(1, 50, 2, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        assert torch.allclose(stacked.G(z.expand(2, -1, -1))[1], single.G(z)[0], rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"loss": "earth mover"}, r"loss must be one of \['gan', 'hinge', 'least_squares', 'wasserstein'\]"),
        ({"loss": "hinge", "g_loss": "saturating"}, "g_loss is for loss='gan'"),
        ({"gp": -1.0}, "gp"),
        ({"clip": 0.0}, "clip"),
        ({"unroll": -1}, "unroll"),
        ({"unroll": 1000}, "too many"),
    ],
)
def test_bad_loss_settings_are_answered_in_words(changes, words):
    with pytest.raises(ValueError, match=words):
        replace(WGAN_GP, **changes)


@pytest.mark.parametrize("seeds", [(0,), (0, 1)])
def test_critic_w1_tracks_single_and_stacked_runs(seeds):
    from gan_course.synthetic import gaussian, wgan

    track = wgan.CriticW1(5, 4.0, 1.25, n_samples=500)
    built = gaussian.build_seeds(wgan.WGAN_1D.replace(steps=10), 4.0, 1.25, seeds=seeds, callbacks=(track,))
    built.trainer.run()
    assert track.steps == [5, 10] and all(len(row) == len(seeds) for row in track.estimate + track.exact)
    assert all(w > 1.0 for row in track.exact for w in row)  # G starts near 0, four away from the target


def test_shift_divergences_and_a_critic_alone():
    import math

    from gan_course.synthetic import wgan

    d = wgan.shift_divergences([0.0, 5.0], std=0.1)
    assert d["jsd"][0] == 0.0 and d["jsd"][1] == pytest.approx(math.log(2), abs=1e-9) and list(d["w1"]) == [0, 5]
    f = wgan.fit_critic(data.gaussian_sampler(2.0, 0.5), data.gaussian_sampler(0.0, 0.5),
                        replace(wgan.CRITIC_ALONE, steps=200))
    x, y = 2.0 + 0.5 * torch.randn(4000, 1), 0.5 * torch.randn(4000, 1)
    assert 1.6 < wgan.critic_estimate(f, x, y).item() < 2.6  # W1 = 2, up to the soft penalty's excess
    with pytest.raises(ValueError, match="loss='wasserstein'"):
        wgan.fit_critic(data.gaussian_sampler(), data.gaussian_sampler(), replace(wgan.CRITIC_ALONE, loss="gan"))
