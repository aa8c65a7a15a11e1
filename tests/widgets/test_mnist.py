"""The MNIST panel and latent explorer driven without a browser: set .value, click(), and step() through a run."""

import asyncio
import html

import numpy as np
import pytest
import torch

from gan_course import mnist, models
from gan_course.data import mnist_tensors
from gan_course.train import TrainConfig
from gan_course.widgets.base import LR_RANGE
from gan_course.widgets.mnist import LatentExplorer, TrainingPanel, images_png
from tests.helpers import answered_in_words, refused_in_words


@pytest.fixture(scope="module")
def images():
    return mnist_tensors(train=False)[0][:256]


def small_panel(images, **kw) -> TrainingPanel:
    # one thread: two threads spin against each other on a busy 2-core machine
    panel = TrainingPanel(mnist.GAN_MNIST.replace(num_threads=1), chunk_steps=2, images=images, device="cpu", **kw)
    panel.batch_size.value, panel.epochs.value = 64, 2
    return panel


def train_by_hand(panel: TrainingPanel) -> int:
    """Train, then step() chunk after chunk to the end (no event loop here); returns the number of chunks."""
    panel.train_button.click()
    chunks = 2  # Train's first chunk (no event loop here: it trains at once), and the last, which answers False
    while panel.step():
        chunks += 1
    return chunks


def test_panel_trains_in_chunks_and_draws(images):
    panel = small_panel(images)
    assert panel.samples.layout.display == "none"  # no empty (broken-looking) image before the first draw
    panel.lr_d.value, panel.noise_dim.value = 5e-4, 16
    assert train_by_hand(panel) == 4  # 8 steps in chunks of 2
    assert panel.samples.layout.display is None and panel.curves.layout.display is None
    t = panel.trainer
    assert t.step == t.config.steps == 8  # 2 epochs of 256 images at batch 64
    assert t.config.lr_d == 5e-4 and t.G.sizes[0] == 16
    assert panel.progress.value == 8 and panel.samples.value[:4] == b"\x89PNG" and panel.curves.value
    assert "finished after 8 steps" in panel.message.value
    assert not panel.train_button.disabled and panel.stop_button.disabled


def test_the_panel_trains_a_conditional_recipe_and_shows_its_images():
    from gan_course.mnist import conditional

    rows = conditional.labelled(torch.rand(256, 784), torch.arange(256) % 10)
    recipe = mnist.GAN_MNIST.replace(conditional=True, g_hidden=(16,), d_hidden=(8,), num_threads=1)
    panel = TrainingPanel(recipe, chunk_steps=2, images=rows, device="cpu")
    panel.batch_size.value, panel.epochs.value = 64, 1
    train_by_hand(panel)
    assert panel.trainer.step == 4 and panel.samples.value[:4] == b"\x89PNG"
    assert "finished after 4 steps" in panel.message.value


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("batch_size", 0, "batch size must be between 1 and 60000"),
        ("batch_size", 1000, "batch size = 1000 is larger than the training images (256 rows)"),
        ("noise_dim", 0, "latent size must be between"),
        ("epochs", 0, "epochs must be between 1 and 200"),
    ],
)
def test_panel_answers_bad_values_with_a_message(images, field, value, match):
    panel = small_panel(images)
    getattr(panel, field).value = value
    panel.train_button.click()
    assert panel.trainer is None
    assert match in panel.message.value and "✗" in panel.message.value


def test_panel_learning_rates_are_sliders_and_trainconfig_judges_them(images):
    """The dashboards' learning-rate sliders (base.LR_RANGE); a rate that reaches Train some other way is judged by
    TrainConfig alone, and refused in its words."""
    panel = small_panel(images)
    panel.lr_d.value, panel.lr_g.value = -1.0, 5.0  # a slider keeps to its range: nothing to refuse
    assert (panel.lr_d.value, panel.lr_g.value) == pytest.approx(LR_RANGE)
    panel.lr_d = type("Field", (), {"value": 0.0})()  # a control that lets 0 through
    panel.train_button.click()
    with pytest.raises(ValueError) as refused:
        TrainConfig(lr_d=0.0)
    assert panel.trainer is None and str(refused.value) in html.unescape(panel.message.value)
    assert "✗" in panel.message.value


def test_panel_trains_in_an_asyncio_task_until_stop(images):
    panel = small_panel(images)
    panel.epochs.value = 200  # 800 steps: far more than run before Stop arrives

    async def scenario():
        panel.train_button.click()
        assert panel.running and panel.train_button.disabled and not panel.stop_button.disabled
        for _ in range(500):
            await asyncio.sleep(0.01)
            if panel.trainer.step >= 4:
                break
        panel.stop_button.click()
        step = panel.trainer.step
        await asyncio.sleep(0.05)
        return step

    step = asyncio.run(scenario())
    assert 4 <= step == panel.trainer.step < panel.trainer.config.steps  # no chunk after Stop
    assert not panel.running and panel._task is None
    assert f"stopped after {step} steps" in panel.message.value and not panel.train_button.disabled


def test_latent_explorer_follows_sliders_and_interpolates():
    torch.manual_seed(0)
    G = mnist.build_generator(mnist.MNIST_TANH)
    ex = LatentExplorer(G, 128, (-1.0, 1.0), n_sliders=3, steps=5)
    first = ex.image.value
    assert first[:4] == b"\x89PNG" and ex.strip.value
    ex.sliders[0].value = 2.5
    assert ex.current_code()[0].item() == pytest.approx(2.5) and ex.image.value != first
    ex.t.value = 1.0  # at t = 1 the code is exactly code B
    zb = torch.randn(128, generator=torch.Generator().manual_seed(1))
    torch.testing.assert_close(ex.current_code(), zb)
    ex.code_a.value = -3
    assert "seed must be a whole number from 0 to 2**63 - 1" in html.unescape(ex.message.value)
    ex.code_a.value = 4
    assert ex.message.value == ""
    with pytest.raises(ValueError, match="n_sliders must be between 1 and noise_dim"):
        LatentExplorer(G, 128, n_sliders=0)


def test_the_latent_explorer_of_a_conditional_generator_follows_the_digit_the_noise_and_the_label_path():
    from gan_course.mnist import conditional

    torch.manual_seed(0)
    recipe = mnist.GAN_MNIST.replace(conditional=True, g_hidden=(32,), noise_dim=8)
    G = mnist.build_generator(recipe)
    ex = LatentExplorer(G, 8, n_sliders=2, steps=4)
    assert ex.digit in ex.widget.children[0].children and ex.path.options == ("noise", "label")
    seen = {ex.image.value}
    ex.digit.value = 7  # the class selector: another digit, same noise
    assert ex.image.value not in seen and ex.message.value == ""
    seen.add(ex.image.value)
    ex.sliders[1].value = -2.0  # a noise slider
    assert ex.image.value not in seen
    seen.add(ex.image.value)
    ex.path.value, ex.to_digit.value = "label", 1
    ex.t.value = 1.0  # at t = 1 the label is exactly "to digit", the code A (the sliders') is kept
    rows = ex._rows(torch.tensor([1.0]))
    za = ex.current_code()
    torch.testing.assert_close(rows, conditional.codes(za.unsqueeze(0), torch.tensor([1])))
    ex.t.value = 0.5  # halfway: the mean of the two digits' embeddings
    half = ex._rows(torch.tensor([0.5]))[0, 8:]
    assert half[7] == half[1] == 0.5
    strip = ex.strip.value
    ex.to_digit.value = 2
    assert ex.strip.value != strip
    ex.path.value = "noise"  # the slider now walks from code A to code B with the digit fixed
    rows = ex._rows(torch.tensor([1.0]))
    zb = torch.randn(8, generator=torch.Generator().manual_seed(1))
    torch.testing.assert_close(rows, conditional.codes(zb.unsqueeze(0), torch.tensor([7])))


def test_images_png_is_a_png_of_the_right_size():
    from io import BytesIO

    from PIL import Image

    png = images_png(torch.rand(10, 784), nrow=5, scale=2)
    assert Image.open(BytesIO(png)).size == ((5 * 29 + 1) * 2, (2 * 29 + 1) * 2)
    black = Image.open(BytesIO(images_png(-torch.ones(1, 784), 1, 1, value_range=(-1, 1)))).convert("L")
    assert black.getpixel((14, 14)) == 0 and black.getpixel((0, 0)) == 255  # -1 is black, the border white


@pytest.fixture
def mnist_G():
    torch.manual_seed(0)
    return models.mlp_generator(8, (16,), 784, "relu", "sigmoid")


def test_latent_explorer_with_the_wrong_noise_dim_says_which_it_takes(mnist_G):
    from gan_course.widgets.mnist import LatentExplorer

    answered_in_words(LatentExplorer, mnist_G, 128, match="cannot take codes of noise_dim = 128: this generator takes "
                                                          "noise_dim = 8")
    answered_in_words(LatentExplorer, mnist_G, "8", match="noise_dim .* must be an integer")
    answered_in_words(LatentExplorer, mnist_G, 8, n_sliders=9, match="n_sliders must be between 1 and noise_dim = 8")
    answered_in_words(LatentExplorer, None, 8, match="generator must be a torch.nn.Module")
    answered_in_words(LatentExplorer, models.mlp_generator(8, (4,), 10), 8, match="images \\[n, 784\\]")


@pytest.mark.parametrize("seed", [2**63, 2**70, -1], ids=["2**63", "2**70", "-1"])
@pytest.mark.parametrize("field", ["code_a", "code_b"])
def test_latent_explorer_seed_fields_are_answered_in_the_message_line(mnist_G, field, seed):
    from gan_course.widgets.mnist import LatentExplorer

    ex = LatentExplorer(mnist_G, 8, n_sliders=2, steps=3)
    getattr(ex, field).value = seed  # fires the observers: no exception may reach the notebook
    said = html.unescape(ex.message.value)
    assert "seed must be a whole number from 0 to 2**63 - 1" in said and "Overflow" not in said
    getattr(ex, field).value = 3
    assert ex.message.value == ""


def test_the_explorer_says_when_the_generator_gives_nan_pixels():
    torch.manual_seed(0)
    G = mnist.build_generator(mnist.GAN_MNIST.replace(g_hidden=(16,), noise_dim=8))
    ex = LatentExplorer(G, 8, n_sliders=2, steps=3)
    assert ex.message.value == "" and ex.image.value[:4] == b"\x89PNG"
    with torch.no_grad():
        next(G.parameters()).fill_(float("nan"))  # the weights of a run that diverged
    ex.sliders[0].value = 1.0  # any change redraws
    said = html.unescape(ex.message.value)
    assert "non-finite pixels (NaN or infinity) in 4 of 4 images" in said and "load a trained generator" in said
    assert ex.image.value[:4] == b"\x89PNG"  # still drawn (black), with the sentence beside it
    with torch.no_grad():
        next(G.parameters()).normal_(0, 0.1)
    ex.sliders[0].value = 0.5
    assert ex.message.value == ""  # a finite G again: the sentence goes


def test_the_conditional_explorer_routes_its_digits_through_the_check(monkeypatch):
    torch.manual_seed(0)
    G = mnist.build_generator(mnist.GAN_MNIST.replace(conditional=True, g_hidden=(16,), noise_dim=8))
    ex = LatentExplorer(G, 8, n_sliders=2, steps=3)
    image = ex.image.value
    ex.digit.value = np.int64(5)  # a NumPy digit from a student's code is a digit
    assert ex.message.value == "" and ex.image.value != image
    monkeypatch.setattr(ex.digit, "options", (*range(10), 12))  # a dropdown given a wrong option
    ex.digit.value = 12
    assert "digit must be one of the digits 0 to 9 (a whole number, e.g. 3), got 12" in html.unescape(ex.message.value)
    ex.digit.value = 3
    assert ex.message.value == ""


@pytest.mark.parametrize("kwargs, match", [
    ({"value_range": (1.0, 1.0)}, "value_range must be two finite numbers lo < hi"),
    ({"value_range": (0.0, float("nan"))}, "value_range must be two finite numbers"),
    ({"value_range": "01"}, "value_range must be two finite numbers"),
    ({"steps": True}, "steps"),
    ({"steps": 10**9}, "steps"),
    ({"n_sliders": True}, "n_sliders must be between 1 and noise_dim"),
])
def test_the_explorer_refuses_bad_settings(kwargs, match):
    G = mnist.build_generator(mnist.GAN_MNIST.replace(g_hidden=(16,), noise_dim=8))
    refused_in_words(LatentExplorer, G, 8, match=match, **kwargs)
