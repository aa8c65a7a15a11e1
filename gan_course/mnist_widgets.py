"""Widgets for the MNIST chapters: a training panel and a latent-space explorer.

The logic lives here and is tested in plain pytest by setting ``.value`` and calling ``.click()``; a
notebook only builds a panel and displays ``panel.widget``. Images are PNG bytes in ``ipywidgets.Image``
(rendered without pyplot, so a background training thread can update them).
"""

from __future__ import annotations

import io
import math
import threading
from dataclasses import replace

import ipywidgets as w
import numpy as np
import torch
from matplotlib.figure import Figure
from PIL import Image

from .mnist import SEED_001, MnistRecipe, make_trainer, to_unit_range

__all__ = ["images_png", "TrainingPanel", "LatentExplorer"]


def images_png(images: torch.Tensor, nrow: int = 8, scale: int = 3) -> bytes:
    """PNG bytes of images [n, 784] in [0, 1], tiled ``nrow`` to a row with a 1-pixel border, enlarged ``scale``x."""
    imgs = images.detach().cpu().clamp(0, 1).reshape(-1, 28, 28).numpy()  # [n, 784] -> [n, 28, 28]
    rows = math.ceil(len(imgs) / nrow)
    grid = np.ones((rows * 29 + 1, min(nrow, len(imgs)) * 29 + 1), dtype=np.float32)
    for i, img in enumerate(imgs):
        r, c = divmod(i, nrow)
        grid[1 + 29 * r : 29 * (r + 1), 1 + 29 * c : 29 * (c + 1)] = img
    pil = Image.fromarray((grid * 255).astype(np.uint8)).resize(
        (grid.shape[1] * scale, grid.shape[0] * scale), Image.NEAREST
    )
    buf = io.BytesIO()
    pil.save(buf, format="png")
    return buf.getvalue()


def _curves_png(history) -> bytes:
    fig = Figure(figsize=(8, 2.6))
    ax1, ax2 = fig.subplots(1, 2)
    smooth = max(1, len(history) // 50)
    for ax, keys in ((ax1, ("loss_d", "loss_g")), (ax2, ("d_real", "d_fake"))):
        for key in keys:
            y = np.asarray(getattr(history, key), dtype=float)
            if len(y) >= smooth > 1:
                y = np.convolve(y, np.ones(smooth) / smooth, mode="valid")
            ax.plot(np.arange(len(y)) + smooth, y, label=key)
        ax.set_xlabel("step")
        ax.legend(loc="upper right")
    ax2.set_ylim(0, 1)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    return buf.getvalue()


class TrainingPanel:
    """Pick learning rates, batch size, latent size and epochs; train in chunks with the samples and curves updating.

    ``background=True`` (notebooks) trains in a thread so that Stop stays responsive; ``False`` (tests)
    trains synchronously inside the click. ``images`` replaces the training set (e.g. a subset in tests).
    """

    LIMITS = {"batch_size": (1, 60_000), "noise_dim": (1, 1024), "epochs": (1, 200)}
    LABELS = {"batch_size": "batch size", "noise_dim": "latent size", "epochs": "epochs"}

    def __init__(
        self,
        recipe: MnistRecipe = SEED_001,
        chunk_steps: int = 200,
        background: bool = True,
        images: torch.Tensor | None = None,
        device: str | None = None,
    ) -> None:
        self.recipe, self.chunk_steps, self.background = recipe, chunk_steps, background
        self.images, self.device = images, device
        self.trainer = None
        self._thread: threading.Thread | None = None
        self._stop_requested = False
        style = {"description_width": "110px"}
        self.lr_d = w.FloatText(value=recipe.lr_d, description="lr of D", style=style)
        self.lr_g = w.FloatText(value=recipe.lr_g, description="lr of G", style=style)
        self.batch_size = w.IntText(value=recipe.batch_size, description="batch size", style=style)
        self.noise_dim = w.IntText(value=recipe.noise_dim, description="latent size", style=style)
        self.epochs = w.IntText(value=min(recipe.epochs, 5), description="epochs", style=style)
        self.train_button = w.Button(description="Train", button_style="success", icon="play")
        self.stop_button = w.Button(description="Stop", button_style="danger", icon="stop", disabled=True)
        self.progress = w.IntProgress(value=0, min=0, max=1, description="step 0")
        self.message = w.HTML("Set the values and press Train.")
        # hidden until the first refresh: an Image with no PNG shows as a broken-image icon (found in a browser)
        self.samples = w.Image(format="png", layout=w.Layout(display="none"))
        self.curves = w.Image(format="png", layout=w.Layout(display="none"))
        self.train_button.on_click(lambda _: self.start())
        self.stop_button.on_click(lambda _: self.stop())
        fields = w.VBox([self.lr_d, self.lr_g, self.batch_size, self.noise_dim, self.epochs])
        buttons = w.VBox([self.train_button, self.stop_button, self.progress])
        self.widget = w.VBox([w.HBox([fields, buttons]), self.message, self.samples, self.curves])

    def read_recipe(self) -> MnistRecipe:
        """The recipe the fields describe; ``ValueError`` with a sentence saying which value to change."""
        for name, (lo, hi) in self.LIMITS.items():
            v = getattr(self, name).value
            if not lo <= v <= hi:
                raise ValueError(f"{self.LABELS[name]} must be between {lo} and {hi}, got {v}")
        for name in ("lr_d", "lr_g"):
            v = getattr(self, name).value
            if not (math.isfinite(v) and 0 < v <= 0.1):
                raise ValueError(f"{name.replace('_', ' of ').replace('lr', 'learning rate')} must be in (0, 0.1], "
                                 f"got {v}; GAN learning rates are usually 1e-4 to 1e-3")
        n_images = len(self.images) if self.images is not None else 60_000
        if self.batch_size.value > n_images:
            raise ValueError(f"batch size must be at most {n_images} (the training images), "
                             f"got {self.batch_size.value}")
        return replace(
            self.recipe, lr_d=float(self.lr_d.value), lr_g=float(self.lr_g.value), batch_size=self.batch_size.value,
            noise_dim=self.noise_dim.value, epochs=self.epochs.value,
        )

    def start(self) -> None:
        """Train button: validate, build a fresh GAN, train it chunk by chunk."""
        if self._thread is not None and self._thread.is_alive():
            self.message.value = "Already training: press Stop first."
            return
        try:
            recipe = self.read_recipe()
        except ValueError as err:
            self.message.value = f"<b>✗ {err}</b>"
            return
        images = None
        if self.images is not None:
            images = self.images if recipe.value_range == (0.0, 1.0) else self.images * 2 - 1
        self.trainer = make_trainer(recipe, device=self.device, images=images)
        self.progress.max, self.progress.value = self.trainer.config.steps, 0
        self._stop_requested = False
        self.train_button.disabled, self.stop_button.disabled = True, False
        self.message.value = f"Training {recipe.epochs} epochs ({self.trainer.config.steps} steps) ..."
        if self.background:
            self._thread = threading.Thread(target=self._loop, daemon=True)
            self._thread.start()
        else:
            self._loop()

    def _loop(self) -> None:
        t = self.trainer
        try:
            while t.step < t.config.steps and not self._stop_requested:
                t.run(min(self.chunk_steps, t.config.steps - t.step))
                self.refresh()
            done = "stopped" if self._stop_requested else "finished"
            self.message.value = f"✓ {done} after {t.step} steps; press Train to start again."
        except Exception as err:  # shown in the panel: a thread's exception would otherwise vanish
            self.message.value = f"<b>✗ training failed: {err}</b>"
        finally:
            self.train_button.disabled, self.stop_button.disabled = False, True

    def refresh(self) -> None:
        """Redraw the sample grid (fixed noise) and the loss and D curves."""
        t = self.trainer
        self.progress.value, self.progress.description = t.step, f"step {t.step}"
        self.samples.value = images_png(to_unit_range(t.sample(32, seed=1), self.read_recipe().value_range), 16, 2)
        self.curves.value = _curves_png(t.history)
        self.samples.layout.display = self.curves.layout.display = None

    def stop(self) -> None:
        """Stop button: end training after the current step."""
        self._stop_requested = True
        if self.trainer is not None:
            self.trainer.stop()
        self.message.value = "Stopping ..."

    def wait(self, timeout: float | None = None) -> None:
        """Block until a background run ends (for scripts and tests)."""
        if self._thread is not None:
            self._thread.join(timeout)


class LatentExplorer:
    """Move a few coordinates of one latent code, and walk the straight line between two codes.

    Args:
        generator: a trained G, z [n, noise_dim] -> images [n, 784] in ``value_range``.
        noise_dim: the size of z.
        value_range: G's output range, mapped to [0, 1] for display.
        n_sliders: how many coordinates z[0..n_sliders-1] get a slider.
        steps: images in the interpolation strip.
    """

    def __init__(
        self, generator: torch.nn.Module, noise_dim: int, value_range=(0.0, 1.0), n_sliders: int = 4, steps: int = 9
    ) -> None:
        if not 1 <= n_sliders <= noise_dim:
            raise ValueError(f"n_sliders must be between 1 and noise_dim = {noise_dim}, got {n_sliders}")
        self.G, self.noise_dim, self.value_range, self.steps = generator.eval(), noise_dim, value_range, steps
        self.code_a = w.IntText(value=0, description="code A (seed)")
        self.code_b = w.IntText(value=1, description="code B (seed)")
        self.t = w.FloatSlider(value=0.0, min=0.0, max=1.0, step=0.05, description="A → B")
        self.sliders = [
            w.FloatSlider(value=0.0, min=-3.0, max=3.0, step=0.1, description=f"z[{i}]") for i in range(n_sliders)
        ]
        self.message = w.HTML()
        self.image = w.Image(format="png")
        self.strip = w.Image(format="png")
        self._syncing = False
        for s in self.sliders:
            s.observe(lambda _: self.draw(), "value")
        self.t.observe(lambda _: self.draw(), "value")
        self.code_a.observe(lambda _: self._load_code(), "value")
        self.code_b.observe(lambda _: self.draw(), "value")
        self._load_code()
        self.widget = w.HBox(
            [w.VBox([self.code_a, self.code_b, self.t, *self.sliders, self.message]), w.VBox([self.image, self.strip])]
        )

    def _code(self, seed: int) -> torch.Tensor:
        if not isinstance(seed, int) or seed < 0:
            raise ValueError(f"a code's seed must be an integer >= 0, got {seed!r}")
        return torch.randn(self.noise_dim, generator=torch.Generator().manual_seed(seed))

    def _load_code(self) -> None:
        """Put code A's first coordinates on the sliders (without redrawing once per slider)."""
        try:
            z = self._code(self.code_a.value)
        except ValueError as err:
            self.message.value = f"<b>✗ {err}</b>"
            return
        self._syncing = True
        try:
            for i, s in enumerate(self.sliders):
                s.value = float(max(-3.0, min(3.0, z[i].item())))
        finally:
            self._syncing = False
        self.draw()

    def current_code(self) -> torch.Tensor:
        """z = (1 - t) z_A + t z_B, with the slider coordinates of z_A replaced by the sliders' values."""
        za, zb = self._code(self.code_a.value), self._code(self.code_b.value)
        za[: len(self.sliders)] = torch.tensor([s.value for s in self.sliders])
        return (1 - self.t.value) * za + self.t.value * zb

    @torch.no_grad()
    def draw(self) -> None:
        if self._syncing:
            return
        try:
            z = self.current_code()
            za, zb = self._code(self.code_a.value), self._code(self.code_b.value)
        except ValueError as err:
            self.message.value = f"<b>✗ {err}</b>"
            return
        self.message.value = ""
        za[: len(self.sliders)] = torch.tensor([s.value for s in self.sliders])
        ts = torch.linspace(0, 1, self.steps).unsqueeze(1)  # [steps, 1]
        path = (1 - ts) * za + ts * zb  # [steps, noise_dim]: the straight line from A to B
        out = to_unit_range(self.G(torch.cat([z.unsqueeze(0), path])), self.value_range)
        self.image.value = images_png(out[:1], 1, 6)
        self.strip.value = images_png(out[1:], self.steps, 2)
