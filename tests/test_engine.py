"""gan_course.engine: the written-out forward and backward give autograd's losses and gradients, seed by seed."""

from __future__ import annotations

import pytest
import torch

from gan_course import engine
from gan_course.synthetic import gaussian, mixture2d, wgan
from gan_course.train import TrainConfig

SEEDS = (0, 1, 2)


def _1d(recipe):
    return lambda r: gaussian.build_seeds(r, 4.0, 1.25, seeds=SEEDS).trainer


def _2d(recipe):
    return lambda r: r.for_run(seed=SEEDS[0], seeds=SEEDS).build(mixture2d.ring())


# every recipe the engine takes, and the regimes around them (losses, penalties, feature maps, the clip)
CASES = {
    "course": (gaussian.COURSE, _1d),
    "fifty-lines": (gaussian.FIFTY_LINES, _1d),
    "gan-reproduction": (gaussian.GAN_REPRODUCTION, _1d),
    "simple-gaussian (moments)": (gaussian.SIMPLE_GAUSSIAN, _1d),
    "course, saturating G loss": (gaussian.COURSE.replace(g_loss="saturating"), _1d),
    "WGAN-GP 1-D, one-sided": (wgan.WGAN_1D, _1d),
    "WGAN-GP 1-D, two-sided": (wgan.WGAN_1D_TWO_SIDED, _1d),
    "course, hinge": (gaussian.COURSE.replace(loss="hinge", r1=0.0), _1d),
    "course, least squares": (gaussian.COURSE.replace(loss="least_squares", r1=0.0), _1d),
    "course, relu D": (gaussian.COURSE.replace(d_activation="relu"), _1d),
    **{f"2-D {k}": (mixture2d.REMEDIES[k], _2d) for k in
       ("plain", "cool-down", "packing", "penalty", "packing + penalty", "WGAN-GP", "unrolled")},
    "2-D clipped critic": (mixture2d.PLAIN.replace(loss="wasserstein", clip=0.05), _2d),
}


def _one_step_grads(trainer):
    """One D update and one G update; the gradients they set (D's, then G's trained weights) and the losses."""
    with torch.no_grad():
        fake = trainer.G(trainer.noise_batch())
    loss_d = trainer.d_update(fake)[0]
    d_grads = [p.grad.detach().clone() for p in trainer.D.parameters()]
    if trainer.engine is None:
        trainer.D.requires_grad_(False)
        loss_g = trainer.g_update(trainer.G(trainer.noise_batch()))
        trainer.D.requires_grad_(True)
    else:
        loss_g = trainer._g_step_done(trainer.engine.g_grads(trainer.noise_batch()))
    g_grads = [p.grad.detach().clone() for p in trainer.G.parameters() if p.requires_grad]
    return float(loss_d), float(loss_g), d_grads + g_grads


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_written_out_gradients_are_autograds(case):
    recipe, builder = CASES[case]
    results = {}
    for which in ("autograd", "auto"):
        trainer = builder(recipe)(recipe.replace(engine=which))
        assert (trainer.engine is not None) == (which == "auto"), engine.why_not(trainer)
        results[which] = _one_step_grads(trainer)
    (ld_a, lg_a, grads_a), (ld_e, lg_e, grads_e) = results["autograd"], results["auto"]
    assert ld_e == pytest.approx(ld_a, rel=1e-5, abs=1e-6) and lg_e == pytest.approx(lg_a, rel=1e-5, abs=1e-6)
    assert len(grads_a) == len(grads_e)
    for a, e in zip(grads_a, grads_e, strict=True):
        assert a.shape == e.shape
        scale = a.abs().max().clamp(min=1e-6)  # each tensor's error relative to its own size
        assert float((a - e).abs().max() / scale) < 1e-4, case


def test_each_seed_gets_its_own_gradient():
    """Seed 1's gradient in a stack of (0, 1, 2) is seed 1's gradient in a stack of (1,) alone."""
    recipe = gaussian.COURSE
    stack3 = gaussian.build_seeds(recipe, 4.0, 1.25, seeds=(0, 1, 2)).trainer
    alone = gaussian.build_seeds(recipe, 4.0, 1.25, seeds=(1,)).trainer
    grads3, grads1 = _one_step_grads(stack3)[2], _one_step_grads(alone)[2]
    for g3, g1 in zip(grads3, grads1, strict=True):
        assert torch.allclose(g3[1:2], g1, rtol=1e-4, atol=1e-7)


@pytest.mark.parametrize("name, make, words", [
    ("a single run", lambda: gaussian.build(gaussian.COURSE, 4.0, 1.25, seed=0).trainer, "single run"),
    ("batch moments", lambda: gaussian.build_seeds(gaussian.COURSE.replace(d_features="batch_moments", r1=0.0),
                                                   4.0, 1.25, seeds=SEEDS).trainer, "d_features='batch_moments'"),
    ("spectral norm", lambda: _2d(None)(mixture2d.REMEDIES["spectral norm"]), "spectral normalisation"),
    ("the reference", lambda: gaussian.build_seeds(gaussian.COURSE.replace(engine="autograd"), 4.0, 1.25,
                                                   seeds=SEEDS).trainer, "'autograd'"),
    ("R1 through ELU", lambda: gaussian.build_seeds(gaussian.COURSE.replace(d_activation="elu"), 4.0, 1.25,
                                                    seeds=SEEDS).trainer, "curved activation"),
])
def test_where_the_engine_does_not_apply_autograd_trains_and_says_why(name, make, words):
    trainer = make()
    assert trainer.engine is None
    assert words in engine.why_not(trainer)
    trainer.run(2)  # and autograd trains it


def test_a_live_change_picks_the_engine_again():
    trainer = gaussian.build_seeds(gaussian.COURSE, 4.0, 1.25, seeds=SEEDS).trainer
    assert trainer.engine is not None
    trainer.update(engine="autograd")
    assert trainer.engine is None
    trainer.update(engine="auto")
    assert trainer.engine is not None


def test_a_bad_engine_name_is_refused_in_words():
    with pytest.raises(ValueError, match="engine must be one of"):
        TrainConfig(engine="fast")


@pytest.mark.parametrize("recipe", [gaussian.COURSE, gaussian.FIFTY_LINES, gaussian.GAN_REPRODUCTION,
                                    gaussian.SIMPLE_GAUSSIAN],
                         ids=lambda r: r.name)
def test_seed_k_of_a_stacked_run_follows_its_single_autograd_run(recipe):
    """Over the first hundred updates, seed k of the engine's stack stays with seed k trained alone by autograd (a
    plain run, nn.Linear layers), to float rounding: samples from fixed noise agree to 1e-4 of the data's scale."""
    updates = 100
    stack = gaussian.build_seeds(recipe, 4.0, 1.25, seeds=(3, 4)).trainer
    singles = [gaussian.build(recipe, 4.0, 1.25, seed=k).trainer for k in (3, 4)]
    assert stack.engine is not None and all(s.engine is None for s in singles)
    steps = max(1, updates // (recipe.train.d_steps + recipe.train.g_steps))
    for t in (stack, *singles):
        t.run(steps)
    x = stack.sample(500, seed=99)
    for k, single in enumerate(singles):
        assert float((x[k] - single.sample(500, seed=99).reshape(x[k].shape)).abs().max()) < 1e-4 * 1.25


def test_2d_seed_k_follows_autograds_stack_and_its_own_run():
    """The 2-D runs are stacks even for one seed, 128 units wide, and Adam turns a rounding difference in a gradient
    near 0 into a step of the learning rate's size: autograd's own stack of (3, 4) and its run of seed 3 alone part
    by 1e-2 within 20 steps (measured here). The engine's stack of (3, 4) follows autograd's to 1e-5 of the ring's
    radius over the first 10 updates; and seed k of the engine's stack IS the engine's run of seed k alone, over
    100 updates (its seeds share no product)."""
    recipe, ring = mixture2d.REMEDIES["penalty"], mixture2d.ring()

    def run(which, seeds, steps):
        trainer = recipe.for_run(seed=seeds[0], seeds=seeds).replace(engine=which).build(ring)
        assert (trainer.engine is not None) == (which == "auto")
        trainer.run(steps)
        return trainer.sample(500, seed=99)

    assert float((run("auto", (3, 4), 5) - run("autograd", (3, 4), 5)).abs().max()) < 2e-5
    x = run("auto", (3, 4), 50)
    for k, seed in enumerate((3, 4)):
        assert float((x[k] - run("auto", (seed,), 50)[0]).abs().max()) < 1e-6


def test_the_direct_adam_step_is_the_optimisers_own():
    """engine.adam_step makes the step opt.step() makes, bit for bit, on the same state; the first step (no state
    yet) is left to opt.step()."""
    torch.manual_seed(0)
    params = [torch.nn.Parameter(torch.randn(5, 3, 4)), torch.nn.Parameter(torch.randn(5, 1, 4))]
    twins = [torch.nn.Parameter(p.detach().clone()) for p in params]
    opts = [torch.optim.Adam(ps, lr=1e-3, betas=(0.5, 0.999), fused=True) for ps in (params, twins)]
    for step in range(4):
        grads = [torch.randn_like(p) for p in params]
        for ps in (params, twins):
            for p, g in zip(ps, grads, strict=True):
                p.grad = g.clone()
        opts[0].step()
        assert engine.adam_step(opts[1]) == (step > 0)
        if step == 0:
            opts[1].step()
        for a, b in zip(params, twins, strict=True):
            assert torch.equal(a, b)
    assert engine.adam_step(torch.optim.SGD(params, lr=0.1)) is False
