"""gan_course.widgets.gaussian: the 1-D dashboard refuses bad arguments in words and says, in its message line, why a
target cannot train, when a run diverges or G runs away (the dashboard itself: tests/test_dashboard.py)."""

import html

import pytest

from gan_course.synthetic import gaussian
from tests.helpers import answered_in_words


def test_the_dashboard_refuses_bad_arguments_and_says_why_a_target_cannot_train(monkeypatch):
    from matplotlib.figure import Figure

    from gan_course.widgets.gaussian import Dashboard

    monkeypatch.setattr(Dashboard, "figure", lambda self: Figure(figsize=(1, 1)))
    small = gaussian.COURSE.replace(g_hidden=(8, 8), d_hidden=(8, 8), batch_size=64, ema=None)
    answered_in_words(Dashboard, small, seed=2**70, match="seed must be a whole number")
    answered_in_words(Dashboard, small, mean="4", match="mean must be a finite number")
    answered_in_words(Dashboard, "course", match="recipe must be a GaussianRecipe")
    dash = Dashboard(small, mean=1e30, std=1.0, chunk=5, n_samples=300)
    assert dash.built is None and "cannot be trained in float32" in dash.message.value


@pytest.fixture
def dash(monkeypatch):
    from matplotlib.figure import Figure

    from gan_course.widgets.gaussian import Dashboard

    monkeypatch.setattr(Dashboard, "figure", lambda self: Figure(figsize=(1, 1)))
    small = gaussian.COURSE.replace(g_hidden=(8, 8), d_hidden=(8, 8), batch_size=64, ema=None)
    return Dashboard(small, chunk=5, n_samples=300)


def test_the_dashboard_says_when_training_diverges(dash):
    dash.built.trainer.update(lr_d=10.0, lr_g=10.0)  # past the sliders' 0.1: a loss explodes within a chunk or two
    for _ in range(20):
        if not dash.step():
            break
    said = html.unescape(dash.message.value)
    assert "diverged at step" in said and "Lower the learning rates" in said and "Reset" in said


def test_the_dashboard_says_when_g_runs_away(dash):
    dash.built.trainer.max_loss = None  # the loss check off: the runaway check alone
    dash.built.G[1].loc -= 3000.0  # G's samples 2400 target spreads below N(4, 1.25^2), as lr 0.1 once sent them
    assert dash.step() is False
    said = html.unescape(dash.message.value)
    assert "ran away at step 5" in said and "target spreads" in said and "press Reset" in said


def test_a_healthy_dashboard_chunk_says_nothing(dash):
    assert dash.step() and dash.message.value == ""


def test_start_without_an_event_loop_trains_without_a_stale_note(dash):
    dash.start_button.click()
    assert dash.built.trainer.step == 5 and "event loop" not in dash.message.value
    dash.step_button.click()
    assert dash.built.trainer.step == 10 and dash.message.value == ""
