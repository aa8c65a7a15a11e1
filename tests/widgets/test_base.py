"""What every widget shares (gan_course.widgets.base and .live), and the issue's promises checked on the real
widgets: a learning-rate change reaches Adam through one ``Trainer.update`` call, one learning-rate rule (TrainConfig's)
and one slider range for all three training widgets, and the MNIST panel reads its form once."""

import asyncio
import html
import math
from io import BytesIO

import pytest
import torch
from matplotlib.figure import Figure
from PIL import Image

from gan_course import mnist
from gan_course.data import mnist_tensors
from gan_course.synthetic import gaussian
from gan_course.train import TrainConfig, Trainer
from gan_course.widgets.base import LR_RANGE, ChunkedTraining, figure_png, images_png
from gan_course.widgets.gaussian import Dashboard
from gan_course.widgets.mixture2d import Dashboard2D
from gan_course.widgets.mnist import TrainingPanel


class Counter(ChunkedTraining):
    """A toy training widget: each chunk adds one, until ``limit`` chunks (then False: the run is over)."""

    def __init__(self, limit: int = 10**6) -> None:
        super().__init__()
        self.chunks, self.limit = 0, limit

    def run_chunk(self) -> bool:
        self.chunks += 1
        return self.chunks < self.limit


@pytest.fixture(scope="module")
def images():
    return mnist_tensors(train=False)[0][:128]  # 4 steps per epoch at batch 32


@pytest.fixture
def panel(images):
    p = TrainingPanel(mnist.GAN_MNIST.replace(num_threads=1), chunk_steps=2, images=images, device="cpu")
    p.batch_size.value, p.epochs.value, p.noise_dim.value = 32, 2, 8  # 8 steps, in 4 chunks
    return p


@pytest.fixture
def dash(monkeypatch):
    monkeypatch.setattr(Dashboard, "figure", lambda self: Figure(figsize=(1, 1)))  # the six views are tested elsewhere
    return Dashboard(gaussian.COURSE.replace(g_hidden=(8, 8), d_hidden=(8, 8), batch_size=64), chunk=5, n_samples=300)


@pytest.fixture
def dash2d(monkeypatch):
    monkeypatch.setattr(Dashboard2D, "figure", lambda self: Figure(figsize=(1, 1)))  # views: test_mixture2d
    return Dashboard2D(chunk=5, n_samples=200)


class Field:
    """A control that lets any value through (what no slider does): the value reaches the trainer as it is."""

    def __init__(self, value) -> None:
        self.value = value


def trainconfig_says(**fields) -> str:
    """TrainConfig's own refusal of ``fields``: the one learning-rate rule's words."""
    with pytest.raises(ValueError) as refused:
        TrainConfig(**fields)
    return str(refused.value)


@pytest.fixture
def update_calls(monkeypatch):
    """Every ``Trainer.update`` call's keyword arguments, in order (the call itself still happens)."""
    calls = []
    update = Trainer.update

    def counted(self, **changes):
        calls.append(changes)
        return update(self, **changes)

    monkeypatch.setattr(Trainer, "update", counted)
    return calls


# ---------------------------------------------------------------------------------------------- rendering


def test_figure_png_renders_a_figure_at_its_size():
    fig = Figure(figsize=(2, 1))
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1], label="a line")
    ax.set_xlabel("x")
    ax.legend()
    png = figure_png(fig, dpi=50)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert Image.open(BytesIO(png)).size == (100, 50)


def test_images_png_tiles_with_borders_and_scale():
    imgs = torch.zeros(3, 784)
    imgs[1] = 1.0
    png = Image.open(BytesIO(images_png(imgs, nrow=2, scale=2))).convert("L")
    assert png.size == ((2 * 29 + 1) * 2, (2 * 29 + 1) * 2)  # 2 columns, 2 rows, 1-pixel borders, doubled
    assert png.getpixel((10, 10)) == 0 and png.getpixel((2 * 30 + 10, 10)) == 255  # image 0 black, image 1 white
    assert png.getpixel((0, 0)) == 255  # the border
    assert png.getpixel((2 * 30 + 10, 2 * 30 + 10)) == 255  # the empty fourth place stays white


# ---------------------------------------------------------------------------------------------- the chunked runner


def test_start_without_an_event_loop_trains_one_chunk_at_once_and_clears_a_stale_message():
    c = Counter()
    c.say("an error fixed since")
    assert c.start() is False and not c.running and c.chunks == 1  # no task, no exception, no word about loops
    assert c.message.value == ""  # a chunk trained: what was said before no longer holds
    assert c.step() and c.chunks == 2 and c.message.value == ""


def test_the_next_chunk_keeps_a_message_it_wrote_itself():
    c = Counter()
    c.start()
    c.run_chunk = lambda: (c.say("chunk 1 done", error=False), True)[1]
    assert c.step() is True and "chunk 1 done" in c.message.value


def test_start_trains_chunks_in_a_task_and_stop_ends_them():
    c = Counter()

    async def scenario():
        assert c.start() and c.running
        assert not c.start()  # already running: no second task
        while c.chunks < 3:
            await asyncio.sleep(0.01)
        assert c.stop() is True
        done = c.chunks
        await asyncio.sleep(0.05)
        return done

    done = asyncio.run(scenario())
    assert c.chunks == done and not c.running and c._task is None


def test_a_run_that_ends_itself_or_fails_leaves_the_runner_idle():
    ends, fails = Counter(limit=3), Counter()
    fails.run_chunk = lambda: 1 / 0

    async def scenario():
        ends.start()
        fails.start()
        for _ in range(100):
            await asyncio.sleep(0.01)
            if not (ends.running or fails.running):
                break

    asyncio.run(scenario())
    assert ends.chunks == 3 and not ends.running and ends._task is None
    assert not fails.running and "training failed: division by zero" in fails.message.value


def test_stop_while_idle_says_nothing_stale(dash, panel):
    for widget in (Counter(), dash, panel):
        before = widget.message.value
        assert widget.stop() is False
        assert widget.message.value == before and "Stopping" not in widget.message.value
    dash.pause_button.click()
    panel.stop_button.click()
    assert "Stopping" not in dash.message.value + panel.message.value


# ---------------------------------------------------------------------------------------------- the promises


def test_a_dashboard_learning_rate_reaches_adam_through_one_update(dash, update_calls):
    dash.step()
    trainer = dash.built.trainer
    dash.lr_d.value = 3e-3
    assert update_calls == [{"lr_d": pytest.approx(3e-3), "lr_g": pytest.approx(dash.lr_g.value)}]
    dash.lr_g.value = 2e-4
    assert len(update_calls) == 2
    assert dash.built.trainer is trainer and trainer.step == 5  # the run goes on
    assert trainer.opt_d.param_groups[0]["lr"] == pytest.approx(3e-3)
    assert trainer.opt_g.param_groups[0]["lr"] == pytest.approx(2e-4)


def test_dashboard_steps_and_loss_are_one_update_each(dash, update_calls):
    dash.d_steps.value = 2
    dash.g_loss.value = next(k for k in dash.g_loss.options if k.startswith("saturating"))
    assert len(update_calls) == 2 and update_calls[-1]["g_loss"] == "saturating"
    assert dash.built.trainer.config.d_steps == 2


def test_an_mnist_learning_rate_reaches_adam_through_one_update(panel, update_calls):
    panel.lr_g.value = 3e-4  # no run yet: the next Train reads it
    assert update_calls == []
    panel.train_button.click()
    assert panel.step()
    trainer = panel.trainer
    assert trainer.opt_g.param_groups[0]["lr"] == pytest.approx(3e-4)
    panel.lr_d.value = 2e-4
    assert update_calls == [{"lr_d": 2e-4, "lr_g": 3e-4}]
    assert trainer.opt_d.param_groups[0]["lr"] == pytest.approx(2e-4)
    panel.lr_d, slider = Field(-1.0), panel.lr_d  # a rate no slider gives: TrainConfig refuses it, in its words
    panel._on_lr()
    panel.lr_d = slider
    assert len(update_calls) == 2 and update_calls[-1]["lr_d"] == -1.0  # one call, refused inside update
    said = html.unescape(panel.message.value)
    assert f"Learning rate not changed: {trainconfig_says(lr_d=-1.0)}" in said
    assert trainer.opt_d.param_groups[0]["lr"] == pytest.approx(2e-4) and trainer.config.lr_d == 2e-4  # unchanged
    while panel.step():
        pass
    assert trainer.step == 8 and "finished after 8 steps" in panel.message.value


def test_editing_the_mnist_form_mid_run_neither_stops_nor_changes_the_run(panel):
    panel.train_button.click()  # no event loop here: Train trains its first chunk at once
    recipe = panel.run_recipe
    assert panel.trainer.step == 2 and panel.message.value == ""
    # what used to abort the run ("training failed: batch size must be between 1 and 60000, got 0")
    panel.batch_size.value, panel.epochs.value, panel.noise_dim.value = 0, 50, 3
    chunks = 2  # Train's, and the next
    while panel.step():
        chunks += 1
    t = panel.trainer
    assert chunks == 4 and t.step == t.config.steps == recipe.train.steps == 8  # 2 epochs of 128 images at 32
    assert t.config.batch_size == 32 and t.G.sizes[0] == 8 and panel.run_recipe is recipe
    assert "finished after 8 steps" in panel.message.value and "failed" not in panel.message.value
    assert panel.progress.value == 8 and panel.samples.value[:4] == b"\x89PNG"
    panel.train_button.click()  # the next run reads the edited form, and answers its bad value
    assert "batch size must be between 1 and 60000, got 0" in panel.message.value


# ---------------------------------------------------------------------------------------------- one learning-rate rule


def test_every_training_widget_has_the_same_learning_rate_sliders(dash, dash2d, panel):
    for widget in (dash, dash2d, panel):
        for slider in (widget.lr_d, widget.lr_g):
            assert (slider.base ** slider.min, slider.base ** slider.max) == pytest.approx(LR_RANGE)
            assert type(slider) is type(dash.lr_d) and not slider.continuous_update
            slider.value = 1.0  # past the range: the slider keeps to it (no message: nothing was refused)
            assert slider.value == pytest.approx(LR_RANGE[1])


def test_a_recipe_rate_outside_the_usual_range_widens_the_slider_and_is_not_clamped():
    """The slider's range is not a second rule: a rate TrainConfig takes (0.5, 1e-6) is shown as it is."""
    from gan_course.widgets.base import learning_rate_slider

    for rate in (0.5, 1e-6):
        slider = learning_rate_slider(rate, "lr D")
        assert slider.value == pytest.approx(rate)
        assert slider.base ** slider.min <= rate <= slider.base ** slider.max


@pytest.mark.parametrize("which", ["1-D", "2-D", "MNIST"])
@pytest.mark.parametrize("rate", [0.0, -1e-3, math.nan, "1e-3"])
def test_a_refused_learning_rate_is_said_in_trainconfigs_words_and_changes_nothing(
        which, rate, dash, dash2d, panel, update_calls):
    """The one rule is TrainConfig's: what it refuses, every widget says in its words, and Adam keeps its rate."""
    widget = {"1-D": dash, "2-D": dash2d, "MNIST": panel}[which]
    if widget is panel:
        panel.train_button.click()  # a run in progress: the learning rates apply to it
    trainer = widget.trainer
    before = trainer.opt_d.param_groups[0]["lr"]
    widget.lr_d = Field(rate)
    widget._on_lr()
    said = html.unescape(widget.message.value)
    assert said.count("✗") == 1 and f"Learning rate not changed: {trainconfig_says(lr_d=rate)}" in said
    assert widget.trainer is trainer and trainer.opt_d.param_groups[0]["lr"] == before
    assert update_calls == [{"lr_d": rate, "lr_g": widget.lr_g.value}] or math.isnan(rate)  # nan != nan


def test_a_learning_rate_above_the_sliders_is_trainconfigs_to_judge(panel):
    """The MNIST panel once refused rates above 0.1 itself; now TrainConfig alone judges, and it takes 0.5."""
    panel.lr_g = Field(0.5)
    assert panel.prepare() and panel.trainer.config.lr_g == 0.5


def test_a_slider_position_trains_at_the_rate_its_readout_shows():
    """A tenth of a decade below 1e-3 is 10**-3.7 = 1.995e-4: the readout says 2.00e-04 and the run trains at 2.00e-4,
    while a recipe's own rate is kept as it is."""
    from gan_course.widgets.base import slider_rate

    assert slider_rate(10**-3.7) == 2e-4 and slider_rate(10**-4.1) == 7.94e-5
    assert slider_rate(1.234e-3) == 1.234e-3 and slider_rate("1e-3") == "1e-3"
