"""The 1-D GAN dashboard driven without a browser: set .value (fires observers), click() the buttons."""

import asyncio
import html

import numpy as np
import pytest
import torch

from gan_course.synthetic import gaussian
from gan_course.widgets.gaussian import D_VIEWS, Dashboard, d_star_from_samples, generator_push_1d
from gan_course.widgets.live import LiveDashboard
from tests.helpers import answered_in_words

SMALL = gaussian.COURSE.replace(g_hidden=(8, 8), d_hidden=(8, 8), batch_size=64)


@pytest.fixture
def dash(monkeypatch):
    """A dashboard whose figure is a blank 1x1 inch (drawing six views is slow on a busy CPU; tested below)."""
    from matplotlib.figure import Figure

    monkeypatch.setattr(Dashboard, "figure", lambda self: Figure(figsize=(1, 1)))
    return Dashboard(SMALL.replace(ema=0.99), chunk=5, n_samples=500)


@pytest.mark.slow
@pytest.mark.parametrize("label", ["single samples", "moments of the batch"])
def test_the_six_views_are_drawn(label):
    d = Dashboard(SMALL.replace(d_features=D_VIEWS[label]), chunk=5, n_samples=300)
    png = d.image.value
    assert png[:4] == b"\x89PNG" and d.redraws == 1
    d.step_button.click()
    assert d.image.value != png and d.redraws == 2
    fig = d.figure()
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0].startswith("G's samples") and "dL_G/dx" in titles[2] and titles[5].startswith("KS")
    assert len(fig.axes[1].lines) == (3 if label == "single samples" else 2)  # D(x) only when D sees points
    assert all(ax.get_xlabel() for ax in fig.axes)  # every view says what its x axis is
    legend = [t.get_text() for t in fig.axes[3].get_legend().get_texts()]  # plotting.plot_history's words
    assert legend == ["loss of D", "loss of G"]


def test_step_button_trains_a_chunk_and_redraws(dash):
    redraws = dash.redraws
    dash.step_button.click()
    assert dash.built.trainer.step == 5 and dash.redraws == redraws + 1
    assert dash.track["step"] == [0, 5] and "step 5" in dash.status.value and dash.message.value == ""


def test_learning_rates_apply_live_without_restart(dash):
    dash.step_button.click()
    trainer = dash.built.trainer
    dash.lr_d.value = 3e-3
    dash.lr_g.value = 2e-4
    assert dash.built.trainer is trainer and trainer.step == 5
    assert trainer.opt_d.param_groups[0]["lr"] == pytest.approx(3e-3)
    assert trainer.opt_g.param_groups[0]["lr"] == pytest.approx(2e-4)


def test_the_sliders_own_the_learning_rates(dash):
    """The course recipe cools its rates along a cosine; the dashboard trains without one, at the sliders' rates."""
    assert SMALL.train.cosine_t_max is not None
    assert dash.built.trainer.schedulers == [] and dash.built.trainer.config.cosine_t_max is None


def test_steps_and_loss_apply_live(dash):
    trainer = dash.built.trainer
    dash.d_steps.value = 3
    dash.g_steps.value = 2
    dash.g_loss.value = next(k for k in dash.g_loss.options if k.startswith("saturating"))
    assert dash.built.trainer is trainer
    assert (trainer.config.d_steps, trainer.config.g_steps, trainer.config.g_loss) == (3, 2, "saturating")
    dash.run_chunk(2)
    assert trainer.history.loss_g[-1] < 0  # the saturating loss log(1 - D) is negative


@pytest.mark.parametrize(
    "control, value",
    [("g_hidden", 4), ("d_hidden", 4), ("noise", "uniform"), ("noise_dim", 3), ("batch_size", 32),
     ("standardise", False), ("average", False)],
)
def test_architecture_changes_restart(dash, control, value):
    dash.step_button.click()
    old = dash.built.trainer
    getattr(dash, control).value = value
    assert dash.built.trainer is not old and dash.built.trainer.step == 0
    r = dash.built.recipe
    assert (r.g_hidden, r.d_hidden, r.noise, r.noise_dim, r.train.batch_size, r.standardise, r.ema is not None) == (
        (dash.g_hidden.value,) * 2, (dash.d_hidden.value,) * 2, dash.noise.value, dash.noise_dim.value,
        dash.batch_size.value, dash.standardise.value, dash.average.value)
    dash.step_button.click()
    assert dash.built.trainer.step == 5


def _shows_data(ax) -> bool:
    """Something with data on ``ax`` beyond a flat reference line: a curve that varies, points, bars or an image."""
    curves = [line for line in ax.lines if np.ptp(np.asarray(line.get_ydata(), dtype=float)) > 0]
    points = [c for c in ax.collections if len(c.get_offsets())]
    bars = [p for p in ax.patches if p.get_height() > 0]
    return bool(curves or points or bars or ax.images)


@pytest.mark.slow
@pytest.mark.parametrize("label", list(D_VIEWS))
def test_every_d_view_trains_and_draws(dash, label, monkeypatch):
    dash.d_view.value = label
    assert dash.built.trainer.config.d_features == D_VIEWS[label]
    dash.step_button.click()
    assert dash.built.trainer.step == 5 and dash.message.value == ""
    monkeypatch.undo()  # the dashboard's own six views, not the fixture's blank inch
    fig = dash.figure()
    assert len(fig.axes) == 6
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() and _shows_data(ax), f"{ax.get_title()!r} shows no data"
    assert len(fig.axes[1].lines) == (3 if D_VIEWS[label] == "raw" else 2)  # D(x) only when D sees points


def test_invalid_batch_size_shows_a_message_and_recovers(dash):
    dash.d_view.value = "moments of the batch"
    dash.batch_size.value = 1  # a spread needs at least two samples
    assert dash.built is None and "batch_size must be >= 2" in html.unescape(dash.message.value)
    dash.step_button.click()  # nothing to train: a message, no exception
    assert "nothing to train" in dash.message.value
    dash.start_button.click()
    assert not dash.running
    dash.batch_size.value = 0
    assert dash.built is None and "batch_size" in dash.message.value
    dash.batch_size.value = 16
    assert dash.built is not None and dash.message.value == ""
    dash.step_button.click()
    assert dash.built.trainer.step == 5


def test_invalid_learning_rate_shows_a_message(dash):
    dash.lr_d.value = 0.0
    assert dash.lr_d.value == pytest.approx(1e-5)  # the slider clamps to [1e-5, 0.1]
    slider = dash.lr_d
    dash.lr_d = type("FakeText", (), {"value": 0.0})()  # a control that lets 0 through
    dash._on_lr(None)
    assert "Learning rate not changed" in dash.message.value and "lr_d" in dash.message.value
    assert dash.built.trainer.opt_d.param_groups[0]["lr"] == pytest.approx(1e-5)
    dash.lr_d = slider


def test_divergence_is_a_message_not_an_exception(dash, monkeypatch):
    from gan_course.train import TrainingDiverged

    def boom(n):
        raise TrainingDiverged("training diverged at step 1: loss_D = nan.")

    monkeypatch.setattr(dash.built.trainer, "run", boom)
    assert dash.step() is False
    assert "diverged" in dash.message.value and "Reset" in dash.message.value


@pytest.mark.parametrize("side", [1.0, -1.0], ids=["D prefers the right", "D prefers the left"])
@pytest.mark.parametrize("loss", ["non_saturating", "saturating"])
def test_the_push_is_where_gradient_descent_on_g_loss_moves_the_samples(dash, side, loss):
    """The sign convention (the 2-D dashboard's too): the push is -n dL_G/dx, towards the side D calls real.

    D's logit is a x with a = 2 side. Non-saturating L_G = mean softplus(-a x): -n dL_G/dx = a sigmoid(-a x);
    saturating L_G = mean log(1 - sigmoid(a x)): -n dL_G/dx = a sigmoid(a x). Both have the sign of a.
    """
    dash.g_loss.value = next(k for k in dash.g_loss.options if k.startswith(loss.replace("_", "-")))
    D = torch.nn.Linear(1, 1)
    with torch.no_grad():
        D.weight.fill_(2.0 * side)
        D.bias.zero_()
    dash.trainer.D = D
    x, push = generator_push_1d(dash.trainer, n=200)
    a = 2.0 * side
    expected = a / (1 + np.exp(a * x)) if loss == "non_saturating" else a / (1 + np.exp(-a * x))
    np.testing.assert_allclose(push, expected, rtol=1e-4, atol=1e-6)  # float32
    assert (np.sign(push) == side).all()
    fig = LiveDashboard.figure(dash)  # the real six views (the fixture blanks Dashboard.figure)
    drawn = fig.axes[2].collections[0].get_offsets()  # the push view's points: (x, push), as they are given
    np.testing.assert_array_equal(np.asarray(drawn), np.stack(generator_push_1d(dash.trainer), axis=1))


@pytest.mark.slow
def test_a_run_whose_g_is_nan_is_said_in_words_and_keeps_its_last_views():
    """G's weights NaN (what a far too fast learning rate ends in): a message, no exception from drawing NaN."""
    d = Dashboard(SMALL.replace(ema=None), chunk=5, n_samples=300)  # real views (no average of G to draw)
    png = d.image.value
    with torch.no_grad():
        next(d.trainer.G.parameters()).fill_(float("nan"))
    assert d.step() is False
    said = html.unescape(d.message.value)
    assert "Training stopped at step 0" in said and "NaN" in said and "Reset" in said
    assert d.image.value == png  # the last views stay
    d.reset_button.click()
    assert d.trainer.step == 0 and d.message.value == "" and d.step()


def test_reset_button_restarts(dash):
    dash.step_button.click()
    dash.reset_button.click()
    assert dash.built.trainer.step == 0 and dash.track["step"] == [0]


def test_chunk_slider_sets_steps_per_click(dash):
    dash.chunk.value = 3
    dash.step_button.click()
    assert dash.built.trainer.step == 3


def test_start_and_pause_buttons_run_chunks_in_an_asyncio_task(dash):
    async def scenario():
        dash.start_button.click()
        assert dash.running and dash._task is not None
        for _ in range(200):
            await asyncio.sleep(0.01)
            if dash.built.trainer.step >= 10:
                break
        dash.pause_button.click()
        await asyncio.sleep(0.05)
        return dash.built.trainer.step

    steps = asyncio.run(scenario())
    assert steps >= 10 and not dash.running and dash._task is None


def test_start_without_event_loop_trains_a_chunk_at_once(dash):
    dash.start_button.click()
    assert not dash.running and dash.built.trainer.step == 5 and dash.message.value == ""


def test_d_star_from_samples_is_half_where_g_matches():
    rng = np.random.default_rng(0)
    grid = np.linspace(2, 6, 9)
    d = d_star_from_samples(grid, rng.normal(4, 1.25, 20_000), 4, 1.25)
    assert np.allclose(d, 0.5, atol=0.05)
    d_far = d_star_from_samples(grid, rng.normal(-4, 0.5, 2000), 4, 1.25)
    assert np.allclose(d_far, 1.0, atol=1e-3)


@pytest.mark.slow
def test_a_target_beyond_the_bell_curve_can_be_chosen_and_drawn():
    """The target dropdown: two bumps restart the run on the mixture; its density and D* are drawn; back again."""
    from gan_course.synthetic import targets

    d = Dashboard(SMALL, chunk=5, n_samples=300)
    first = d.target
    label = "two bumps: N(-2, 0.5) + N(2, 0.5)"
    d.target_choice.value = label
    assert d.target.name == targets.parse(*targets.EXAMPLES[label]).name and d.built.trainer.step == 0
    assert d.built.target is d.target and "mixture" in d.title.value
    d.step_button.click()
    assert d.built.trainer.step == 5 and 0 <= d.track["ks"][-1] <= 1
    fig = d.figure()  # histogram against the mixture's density, D* from it
    assert any("mixture" in t.get_text() for t in fig.axes[0].get_legend().get_texts())
    d.target_choice.value = first.name
    assert d.target is first and d.built.trainer.step == 0


def test_the_dashboard_refuses_bad_arguments_and_says_why_a_target_cannot_train(monkeypatch):
    from matplotlib.figure import Figure

    from gan_course.widgets.gaussian import Dashboard

    monkeypatch.setattr(Dashboard, "figure", lambda self: Figure(figsize=(1, 1)))
    small = gaussian.COURSE.replace(g_hidden=(8, 8), d_hidden=(8, 8), batch_size=64, ema=None)
    answered_in_words(Dashboard, small, seed=2**70, match="seed must be a whole number")
    answered_in_words(Dashboard, small, mean="4", match="mean must be a finite number")
    answered_in_words(Dashboard, "course", match="recipe must be a GaussianRecipe")
    small_dash = Dashboard(small, mean=1e30, std=1.0, chunk=5, n_samples=300)
    assert small_dash.built is None and "cannot be trained in float32" in small_dash.message.value


@pytest.fixture
def small_dash(monkeypatch):
    from matplotlib.figure import Figure

    from gan_course.widgets.gaussian import Dashboard

    monkeypatch.setattr(Dashboard, "figure", lambda self: Figure(figsize=(1, 1)))
    small = gaussian.COURSE.replace(g_hidden=(8, 8), d_hidden=(8, 8), batch_size=64, ema=None)
    return Dashboard(small, chunk=5, n_samples=300)


@pytest.mark.slow
def test_the_dashboard_says_when_training_diverges(small_dash):
    small_dash.built.trainer.update(lr_d=10.0, lr_g=10.0)  # past the sliders: a loss explodes in a chunk or two
    for _ in range(20):
        if not small_dash.step():
            break
    said = html.unescape(small_dash.message.value)
    assert "diverged at step" in said and "Lower the learning rates" in said and "Reset" in said


def test_the_dashboard_says_when_g_runs_away(small_dash):
    small_dash.built.trainer.max_loss = None  # the loss check off: the runaway check alone
    small_dash.built.G[1].loc -= 3000.0  # G's samples 2400 target spreads below N(4, 1.25^2), as lr 0.1 once sent them
    assert small_dash.step() is False
    said = html.unescape(small_dash.message.value)
    assert "ran away at step 5" in said and "target spreads" in said and "press Reset" in said


def test_a_healthy_dashboard_chunk_says_nothing(small_dash):
    assert small_dash.step() and small_dash.message.value == ""


def test_start_without_an_event_loop_trains_without_a_stale_note(small_dash):
    small_dash.start_button.click()
    assert small_dash.built.trainer.step == 5 and "event loop" not in small_dash.message.value
    small_dash.step_button.click()
    assert small_dash.built.trainer.step == 10 and small_dash.message.value == ""
