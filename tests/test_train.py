import math
from dataclasses import replace

import pytest
import torch

from gan_course import callbacks, data, losses, metrics, models, runtime
from gan_course.synthetic import targets
from gan_course.train import TrainConfig, Trainer, TrainingDiverged


def make_trainer(config: TrainConfig, seed: int = 0, real=None) -> Trainer:
    runtime.seed_everything(seed)
    G = models.mlp_generator(1, (16, 16), 1, "elu")
    in_features = 2 * config.batch_size if config.d_features == "minibatch_diffs" else 1
    D = models.mlp_discriminator(in_features, (16, 16), "elu")
    real = real if real is not None else data.gaussian_sampler(4.0, 1.25)
    return Trainer(G, D, real, data.normal_noise(1), config)


FAST = TrainConfig(steps=300, batch_size=128, lr_d=2e-3, lr_g=2e-3, device="cpu")


def test_same_seed_gives_identical_samples():
    a = make_trainer(replace(FAST, steps=20))
    b = make_trainer(replace(FAST, steps=20))
    a.run()
    b.run()
    assert torch.equal(a.sample(100), b.sample(100))
    assert a.history.loss_d == b.history.loss_d


def test_different_seed_gives_different_samples():
    a = make_trainer(replace(FAST, steps=5), seed=0)
    b = make_trainer(replace(FAST, steps=5, seed=1), seed=1)
    a.run()
    b.run()
    assert not torch.equal(a.sample(100), b.sample(100))


def test_a_few_hundred_steps_move_the_mean_towards_4():
    trainer = make_trainer(FAST)
    before = trainer.sample(5000).mean().item()
    trainer.run()
    after = trainer.sample(5000).mean().item()
    assert abs(after - 4.0) < 0.5 * abs(before - 4.0)
    assert abs(after - 4.0) < 1.0


def test_history_and_callbacks():
    seen = []
    tracker = callbacks.Track1D(10, targets.normal(4.0, 1.25), n_samples=500)
    trainer = make_trainer(replace(FAST, steps=30))
    trainer.callbacks += [callbacks.Every(7, lambda t: seen.append(t.step)), tracker]
    trainer.run()
    assert len(trainer.history) == 30 and trainer.history.step[-1] == 30
    assert seen == [7, 14, 21, 28, 30]
    assert tracker.steps == [10, 20, 30] and len(tracker.ks) == 3
    assert all(0 < d < 1 for d in trainer.history.d_real + trainer.history.d_fake)


def test_run_in_chunks_equals_one_run():
    one = make_trainer(replace(FAST, steps=40))
    one.run()
    chunked = make_trainer(replace(FAST, steps=40))
    for _ in range(4):
        chunked.run(10)
    assert torch.equal(one.sample(50), chunked.sample(50))


def test_stop_ends_the_run():
    trainer = make_trainer(replace(FAST, steps=100))
    trainer.callbacks.append(callbacks.StopWhen(5, lambda t: t.step >= 15))
    trainer.run()
    assert trainer.step == 15


def test_minibatch_and_cosine_options_train():
    cfg = replace(FAST, steps=3, batch_size=16, d_features="minibatch_diffs", cosine_t_max=5, eta_min=1e-5)
    trainer = make_trainer(cfg)
    trainer.run()
    assert trainer.opt_d.param_groups[0]["lr"] < cfg.lr_d


def test_reuse_fake_trains_and_is_deterministic():
    a = make_trainer(replace(FAST, steps=20, reuse_fake=True))
    b = make_trainer(replace(FAST, steps=20, reuse_fake=True))
    a.run()
    b.run()
    assert torch.equal(a.sample(10), b.sample(10))


def test_nan_loss_stops_with_a_message():
    def poisoned(n, generator):
        return torch.full((n, 1), float("nan"))

    trainer = make_trainer(replace(FAST, steps=5), real=poisoned)
    with pytest.raises(TrainingDiverged, match="diverged at step 1.*Lower the learning rates"):
        trainer.run()


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("lr_d", -1e-3, "lr_d must be a finite number > 0"),
        ("lr_g", 0.0, "lr_g must be a finite number > 0"),
        ("lr_g", math.nan, "lr_g must be a finite number > 0"),
        ("batch_size", 0, "batch_size must be an integer >= 1"),
        ("steps", 2.5, "steps must be an integer >= 1"),
        ("d_steps", 0, "d_steps must be an integer >= 1"),
        ("g_loss", "hinge", r"g_loss must be one of \['non_saturating', 'saturating'\]"),
        ("d_features", "pixels", "d_features must be one of"),
        ("betas", (0.5, 1.5), "betas must be two numbers"),
        ("eta_min", 1.0, "eta_min must be in"),
        ("device", "tpu", "device must be"),
    ],
)
def test_config_validation_names_field_and_allowed_values(field, value, match):
    with pytest.raises(ValueError, match=match):
        replace(FAST, **{field: value})


def test_batch_larger_than_data_is_refused():
    sampler = data.TensorSampler(torch.randn(50, 1))
    with pytest.raises(ValueError, match="batch_size = 128 is larger than the data \\(50 rows\\)"):
        make_trainer(FAST, real=sampler)


def test_discriminator_with_wrong_input_size_is_explained():
    runtime.seed_everything(0)
    G = models.mlp_generator(1, (8,), 1)
    D = models.mlp_discriminator(1, (8,))
    cfg = replace(FAST, d_features="minibatch_diffs")
    with pytest.raises(ValueError, match="build D with that many inputs"):
        Trainer(G, D, data.gaussian_sampler(), data.normal_noise(1), cfg)


def test_tensor_sampler_walks_epochs():
    x = torch.arange(10.0).reshape(10, 1)
    sampler = data.TensorSampler(x)
    g = torch.Generator().manual_seed(0)
    seen = torch.cat([sampler(5, g), sampler(5, g)]).flatten().sort().values
    assert torch.equal(seen, torch.arange(10.0))
    sampler(5, g)
    assert sampler.epochs_done == 1


def test_metrics_on_known_samples():
    g = torch.Generator().manual_seed(0)
    x = 4 + 1.25 * torch.randn(20_000, generator=g)
    assert metrics.ks_statistic(x, 4, 1.25) < 0.015
    assert metrics.ks_statistic(x, 5, 1.25) > 0.25
    assert metrics.wasserstein1(x, 4, 1.25) < 0.03
    assert metrics.wasserstein1(x + 1.0, 4, 1.25) == pytest.approx(1.0, abs=0.03)
    m = metrics.sample_moments(x)
    assert m["mean"] == pytest.approx(4, abs=0.03) and m["std"] == pytest.approx(1.25, abs=0.03)


def test_update_reaches_the_optimisers_and_the_loop_in_one_call():
    t = make_trainer(replace(FAST, steps=10))
    t.run(3)
    state = t.opt_d.state[t.opt_d.param_groups[0]["params"][0]]["exp_avg"].clone()
    config = t.update(lr_d=1e-4, lr_g=5e-5, betas=(0.0, 0.99), g_loss="saturating", d_steps=2)
    assert config is t.config and (t.config.lr_d, t.config.lr_g, t.config.d_steps) == (1e-4, 5e-5, 2)
    assert [g["lr"] for g in t.opt_d.param_groups] == [1e-4] and [g["lr"] for g in t.opt_g.param_groups] == [5e-5]
    assert t.opt_g.param_groups[0]["betas"] == (0.0, 0.99)
    assert t.g_loss_fn is losses.generator_loss_saturating
    assert torch.equal(t.opt_d.state[t.opt_d.param_groups[0]["params"][0]]["exp_avg"], state)  # moments kept
    t.run(2)
    assert t.step == 5


@pytest.mark.parametrize(
    "changes, words",
    [({"lr_d": 0.0}, "lr_d"), ({"g_loss": "wasserstein"}, "g_loss"), ({"seed": 3}, "cannot change during a run"),
     ({"learning_rate": 1e-3}, "no field"), ({"d_features": "minibatch_diffs"}, "discriminator cannot take")],
)
def test_update_refuses_in_words_and_changes_nothing(changes, words):
    t = make_trainer(replace(FAST, steps=10))
    before = t.config
    with pytest.raises(ValueError, match=words):
        t.update(**changes)
    assert t.config == before and t.opt_d.param_groups[0]["lr"] == before.lr_d
    t.run(1)


def test_g_steps_zero_trains_d_alone_against_a_fixed_generator():
    runtime.seed_everything(0)
    D = models.mlp_discriminator(1, (8,), "elu")
    t = Trainer(torch.nn.Identity(), D, data.gaussian_sampler(4.0, 1.0), data.gaussian_sampler(0.0, 1.0),
                TrainConfig(steps=30, batch_size=64, g_steps=0, device="cpu"))
    assert t.opt_g is None
    t.run()
    assert t.step == 30 and math.isnan(t.history.loss_g[-1]) and t.history.d_real[-1] > t.history.d_fake[-1]
    with pytest.raises(ValueError, match="no parameters"):
        Trainer(torch.nn.Identity(), D, data.gaussian_sampler(), data.gaussian_sampler(0.0, 1.0),
                TrainConfig(steps=3, device="cpu"))
