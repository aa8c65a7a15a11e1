"""The 2-D GAN dashboard driven without a browser: set .value (fires observers), click() the buttons."""

import html

import numpy as np
import pytest
import torch

from gan_course.widgets.mixture2d import LOSSES, REMEDY_CHANGES, Dashboard2D


@pytest.fixture(scope="module")
def drawn():
    """One dashboard drawn for real (the four views), trained two chunks."""
    d = Dashboard2D(chunk=10, n_samples=500)
    d.step_button.click()
    d.step_button.click()
    return d


def test_the_four_views_are_drawn_and_labelled(drawn):
    assert drawn.image.value[:4] == b"\x89PNG" and drawn.redraws == 3
    fig = drawn.figure()
    titles = [ax.get_title() for ax in fig.axes[:4]]
    assert "G's samples" in titles[0] and titles[1] == "the discriminator over the plane"
    assert titles[2].startswith("mode histogram") and titles[3] == "coverage and quality"
    assert all(ax.get_xlabel() and ax.get_ylabel() for ax in fig.axes[:4])
    assert len(fig.axes[0].collections) == 3  # samples, mode centres, the arrows of G's gradient
    assert drawn.track.steps == [0, 10, 20] and "step 20" in drawn.status.value


def test_generator_gradient_points_where_g_s_loss_falls(drawn):
    x, push = drawn.generator_push(n=51)
    assert x.shape == push.shape == (50, 2) and abs(push).sum() > 0  # rounded to an even number for pairs
    t = drawn.trainer

    def loss(points: np.ndarray) -> float:
        with torch.no_grad():
            return t.g_loss_fn(t.D(t.phi(torch.as_tensor(points, dtype=torch.float32)[None]))).item()

    h = 1e-3 / np.abs(push).max()  # each sample moves by at most 1e-3
    assert loss(x + h * push) < loss(x) < loss(x - h * push)  # along the push G's loss falls, against it it rises


@pytest.mark.parametrize("side", [1.0, -1.0], ids=["D prefers x1 > 0", "D prefers x1 < 0"])
def test_the_arrows_point_where_gradient_descent_on_g_loss_moves_the_samples(side):
    """The sign convention (the 1-D dashboard's too): the arrows are -dL_G/dx, towards the side D calls real.

    D's logit is 2 * side * x1: L_G = mean softplus(-2 side x1) (non-saturating), so -n dL_G/dx1 =
    2 side sigmoid(-2 side x1), on the side D prefers, and nothing along x2.
    """
    d = Dashboard2D(chunk=3, n_samples=200)
    D = torch.nn.Linear(2, 1)
    with torch.no_grad():
        D.weight.copy_(torch.tensor([[2.0 * side, 0.0]]))
        D.bias.zero_()
    d.trainer.D = D
    x, push = d.generator_push(n=40)
    expected = 2 * side / (1 + np.exp(2 * side * x[:, 0]))
    np.testing.assert_allclose(push[:, 0], expected, rtol=1e-4, atol=1e-6)  # float32
    assert (np.sign(push[:, 0]) == side).all() and (push[:, 1] == 0).all()
    arrows = d.figure().axes[0].collections[2]  # the quiver: drawn as generator_push gives them
    assert (np.sign(arrows.U) == side).all() and (arrows.V == 0).all()


def test_learning_rates_and_d_steps_apply_live():
    d = Dashboard2D(chunk=5, n_samples=200)
    d.step()
    trainer = d.trainer
    d.lr_d.value, d.lr_g.value, d.d_steps.value = 3e-3, 2e-4, 3
    assert d.trainer is trainer and trainer.step == 5
    assert trainer.opt_d.param_groups[0]["lr"] == pytest.approx(3e-3) and trainer.config.d_steps == 3
    assert trainer.opt_g.param_groups[0]["lr"] == pytest.approx(2e-4)


@pytest.mark.slow
@pytest.mark.parametrize("loss", list(LOSSES))
def test_each_loss_restarts_and_trains(loss):
    d = Dashboard2D(chunk=3, n_samples=200)
    d.loss_choice.value = loss
    assert d.trainer.step == 0 and d.trainer.config.loss == LOSSES[loss]["loss"]
    assert d.step() and d.trainer.step == 3 and d.message.value == ""


@pytest.mark.slow
@pytest.mark.parametrize("remedy", list(REMEDY_CHANGES))
def test_each_remedy_restarts_and_trains(remedy):
    d = Dashboard2D(chunk=3, n_samples=200)
    d.remedy.value = remedy
    assert d.step() and d.trainer.step == 3 and d.message.value == ""
    fig = d.figure()
    heat = fig.axes[1]
    assert bool(heat.images) == (remedy != "packing (D sees pairs)")  # D of one point is undefined for pairs


@pytest.mark.parametrize(
    ("batch", "words"),
    [(0, "whole number from 2 to 2048"), (100_000, "whole number from 2 to 2048"), (-4, "from 2")],
)
def test_bad_batch_sizes_are_answered_in_words(batch, words):
    d = Dashboard2D(chunk=3, n_samples=200)
    d.batch_size.value = batch
    assert d.trainer is None and words in html.unescape(d.message.value)
    assert not d.step() and "Fix the settings" in d.message.value
    d.batch_size.value = 128  # fixed: a run again, the message cleared
    assert d.trainer is not None and d.message.value == ""


def test_an_odd_batch_with_packing_is_refused_in_words():
    d = Dashboard2D(chunk=3, n_samples=200)
    d.remedy.value = "packing (D sees pairs)"
    d.batch_size.value = 255
    assert d.trainer is None and "must be even" in d.message.value


@pytest.mark.slow
def test_a_run_that_blows_up_stops_with_a_message():
    import torch

    d = Dashboard2D(chunk=3, n_samples=200)
    with torch.no_grad():
        next(d.trainer.G.parameters()).fill_(float("nan"))  # what a far too fast learning rate ends in
    assert not d.step()
    assert "Training stopped at step" in d.message.value and "Lower the learning rates" in d.message.value
    d.reset_button.click()  # Reset: new networks, the message cleared
    assert d.trainer.step == 0 and d.message.value == "" and d.step()


def test_bad_constructor_arguments_are_refused_in_words():
    with pytest.raises(ValueError, match="target must be one of"):
        Dashboard2D(target="spiral")
    with pytest.raises(ValueError, match="chunk"):
        Dashboard2D(chunk=0)


def test_drawing_the_arrows_does_not_change_a_spectrally_normalised_d():
    """The arrows are drawn with D in eval mode: its power-iteration vector is not refined by drawing, so a run is the
    same whether or not (or how often) the dashboard draws."""
    import torch

    from gan_course.synthetic import mixture2d
    from gan_course.widgets.live import generator_push

    t = mixture2d.build_seeds(mixture2d.REMEDIES["spectral norm"].replace(steps=3), mixture2d.ring(), seeds=(0,))
    t.run(2)
    before = [b.clone() for b in t.D.buffers()]
    generator_push(t, 50)
    assert all(torch.equal(a, b) for a, b in zip(before, t.D.buffers(), strict=True))
    assert t.D.training
