"""Widgets for the MNIST chapters: a training panel and a latent-space explorer.

The logic lives here and is tested in plain pytest by setting ``.value``, calling ``.click()`` and, for training,
``step()``; a notebook only builds a panel and displays ``panel.widget``. Images are PNG bytes in
``ipywidgets.Image`` (``base.images_png``, ``base.figure_png``: no pyplot).
"""

from __future__ import annotations

import ipywidgets as w
import torch
from matplotlib.figure import Figure

from ..data import fits_data
from ..mnist.conditional import codes, images_of, is_conditional, label_walk, noise_walk
from ..mnist.recipes import GAN_MNIST, MnistRecipe, make_trainer
from ..plotting import check_value_range, plot_duel
from ..train import History
from ..validate import count, device_name, integer
from ..validate import seed as validate_seed
from .base import Panel, figure_png, images_png
from .live import LiveTraining

__all__ = ["images_png", "TrainingPanel", "LatentExplorer"]


def _curves_png(history: History) -> bytes:
    """The duel so far: both losses, and D's mean verdicts on real and fake batches, smoothed to about 50 points."""
    fig = Figure(figsize=(9, 2.8))
    fig.subplots_adjust(left=0.07, right=0.99, bottom=0.17, top=0.9, wspace=0.25)  # fixed: one pass per render
    ax_loss, ax_d = fig.subplots(1, 2)
    plot_duel(history, smooth=max(1, len(history) // 50), axes=(ax_loss, ax_d))
    for ax in (ax_loss, ax_d):
        ax.legend(loc="upper right", fontsize=8)  # a fixed place: "best" searches every point at every render
    return figure_png(fig, dpi=80)


class TrainingPanel(LiveTraining):
    """Pick learning rates, batch size, latent size and epochs; train in chunks with the samples and curves updating.

    Train reads the form once into a recipe (``run_recipe``) and the run follows that recipe alone: editing batch
    size, latent size or epochs during a run changes the next run, never this one. The learning rates are the
    dashboards' sliders (``base.learning_rate_slider``) and apply to a run in progress too, through the same live
    switch (``live.LiveTraining``: one ``Trainer.update`` call per change, a refused value said in TrainConfig's
    words). Training goes chunk by chunk the way every course widget trains (``base.ChunkedTraining``); ``step()``
    trains one chunk by hand (scripts, tests). ``images`` replaces the training set (e.g. a subset in tests).
    """

    LIMITS = {"batch_size": (1, 60_000), "noise_dim": (1, 1024), "epochs": (1, 200)}
    LABELS = {"batch_size": "batch size", "noise_dim": "latent size", "epochs": "epochs"}

    def __init__(
        self,
        recipe: MnistRecipe = GAN_MNIST,
        chunk_steps: int = 100,
        images: torch.Tensor | None = None,
        device: str | None = None,
    ) -> None:
        if not isinstance(recipe, MnistRecipe):
            raise ValueError(f"recipe must be an MnistRecipe (e.g. gan_course.mnist.GAN_MNIST), got "
                             f"{type(recipe).__name__}")
        count(chunk_steps, "chunk_steps (training steps between two redraws)", 100_000)
        if images is not None and not (isinstance(images, torch.Tensor) and images.is_floating_point()
                                       and images.ndim == 2 and len(images) >= 1):
            raise ValueError(f"images must be None (MNIST's training set) or a float tensor of images [n, 784] or "
                             f"rows [n, 794], got {type(images).__name__}")
        device_name(device)
        super().__init__()
        self.recipe, self.chunk_steps = recipe, chunk_steps  # the form's starting values
        self.images, self.device = images, device
        self.run_recipe: MnistRecipe | None = None  # what Train read from the form: the run follows it alone
        self.in_progress = False  # a run was prepared by Train and has not finished, failed or been stopped
        style = {"description_width": "110px"}
        self.learning_rate_sliders(recipe.train.lr_d, recipe.train.lr_g, ("lr of D", "lr of G"), style=style,
                                   continuous_update=False)  # live: a move reaches a run in progress
        self.batch_size = w.IntText(value=recipe.train.batch_size, description="batch size", style=style)
        self.noise_dim = w.IntText(value=recipe.noise_dim, description="latent size", style=style)
        self.epochs = w.IntText(value=min(recipe.epochs, 5), description="epochs", style=style)
        self.train_button = w.Button(description="Train", button_style="success", icon="play")
        self.stop_button = w.Button(description="Stop", button_style="danger", icon="stop", disabled=True)
        self.progress = w.IntProgress(value=0, min=0, max=1, description="step 0")
        self.say("Set the values and press Train.", error=False)
        # hidden until the first refresh: an Image with no PNG shows as a broken-image icon (found in a browser)
        self.samples = w.Image(format="png", layout=w.Layout(display="none"))
        self.curves = w.Image(format="png", layout=w.Layout(display="none"))
        self.train_button.on_click(lambda _: self.start())
        self.stop_button.on_click(lambda _: self.stop())
        fields = w.VBox([
            self.lr_d, self.lr_g, self.batch_size, self.noise_dim, self.epochs,
            w.HTML("<small>learning rates apply at once; the rest at the next Train</small>"),
        ])
        buttons = w.VBox([self.train_button, self.stop_button, self.progress])
        self.widget = w.VBox([w.HBox([fields, buttons]), self.message, self.samples, self.curves])

    # ------------------------------------------------------------------ the form
    def has_run(self) -> bool:
        """True while a run Train prepared goes on: the learning-rate sliders apply to it (else to the next)."""
        return self.in_progress

    def read_recipe(self) -> MnistRecipe:
        """The recipe the fields describe; ``ValueError`` with a sentence saying which value to change (the
        learning rates are checked by the recipe's ``TrainConfig``, the one rule for them)."""
        for name, (lo, hi) in self.LIMITS.items():
            v = getattr(self, name).value
            if not lo <= v <= hi:
                raise ValueError(f"{self.LABELS[name]} must be between {lo} and {hi}, got {v}")
        n_images = len(self.images) if self.images is not None else self.recipe.n_images
        fits_data(self.batch_size.value, n_images, "batch size", "the training images")
        return self.recipe.replace(
            **self.learning_rates(), batch_size=self.batch_size.value, noise_dim=self.noise_dim.value,
            epochs=self.epochs.value, n_images=n_images,
        )

    # ------------------------------------------------------------------ training (base.ChunkedTraining drives it)
    def prepare(self) -> bool:
        """Read the form, once, and build a fresh GAN for it; False, with a message, for a bad value."""
        try:
            recipe = self.read_recipe()
            images = None
            if self.images is not None:
                images = self.images if recipe.value_range == (0.0, 1.0) else self.images * 2 - 1
            self.trainer = make_trainer(recipe, device=self.device, images=images)
        except (ValueError, RuntimeError, OSError) as err:  # bad values; no MNIST files; no such device
            self.say(str(err))
            return False
        self.run_recipe, self.in_progress = recipe, True
        steps = self.trainer.config.steps
        self.progress.max, self.progress.value, self.progress.description = steps, 0, "step 0"
        self.say(f"Training {recipe.epochs} epochs ({steps} steps) ...", error=False)
        return True

    def start(self) -> bool:
        """Train button: read the form, build a fresh GAN and train it chunk by chunk until its epochs end or Stop."""
        if self.running:
            self.say("Already training: press Stop first.", error=False)
            return False
        started = super().start()
        self.train_button.disabled, self.stop_button.disabled = started, not started
        return started

    def run_chunk(self) -> bool:
        """Train up to ``chunk_steps`` steps of the run Train prepared, then redraw; False once the run is over."""
        t = self.trainer
        if not self.in_progress:
            self.say("Nothing to train: press Train.", error=False)
            return False
        try:
            t.run(min(self.chunk_steps, t.config.steps - t.step))
            self.refresh()
        except Exception as err:  # shown in the panel: an exception in a widget callback is easy to miss
            self._end(f"training failed: {err}", error=True)
            return False
        if t.step >= t.config.steps:
            self._end(f"✓ finished after {t.step} steps; press Train to start again.")
            return False
        return True

    def stop(self) -> bool:
        """Stop button: end the run before its next chunk. While idle it does nothing and says nothing."""
        stopped = super().stop()
        if stopped:
            self._end(f"✓ stopped after {self.trainer.step} steps; press Train to start again.")
        return stopped

    def _end(self, text: str, error: bool = False) -> None:
        """The run is over (finished, failed or stopped): say how, and enable Train again."""
        self.in_progress = False
        self.say(text, error)
        self.train_button.disabled, self.stop_button.disabled = False, True

    def refresh(self) -> None:
        """Redraw the sample grid (fixed noise) and the loss and D curves of the run in progress."""
        t = self.trainer
        self.progress.value, self.progress.description = t.step, f"step {t.step}"
        self.samples.value = images_png(images_of(t.sample(32, seed=1)), 16, 2, self.run_recipe.value_range)
        self.curves.value = _curves_png(t.history)
        self.samples.layout.display = self.curves.layout.display = None


@torch.no_grad()
def _check_generator(generator: torch.nn.Module, noise_dim: int) -> None:
    """One forward pass of two codes, so that a G built for another latent size is reported here, in words."""
    was_training = generator.training
    generator.eval()
    try:
        z = torch.zeros(2, noise_dim, device=next(iter(generator.parameters()), torch.zeros(())).device)
        out = generator(codes(z, torch.tensor([0, 1])) if is_conditional(generator) else z)
    except (RuntimeError, ValueError, TypeError, IndexError) as err:
        takes = getattr(generator, "noise_dim", None) or next(
            (m.in_features for m in generator.modules() if isinstance(m, torch.nn.Linear)), None)
        hint = f"this generator takes noise_dim = {takes}" if takes is not None else "check G's input size"
        raise ValueError(
            f"the generator cannot take codes of noise_dim = {noise_dim}: {hint} (the recipe's noise_dim, e.g. "
            f"LatentExplorer(G, recipe.noise_dim)). torch said: {str(err).splitlines()[0]}"
        ) from None
    finally:
        generator.train(was_training)
    made = tuple(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__
    try:
        out = images_of(out)  # a conditional G's rows carry their label: [n, 794] -> images [n, 784]
    except ValueError:
        out = None
    if out is None or out.ndim != 2 or out.shape[1] != 784:
        raise ValueError(f"the generator must make images [n, 784] (flattened 28x28, or [n, 794] with the label "
                         f"for a conditional G), got {made}: give the explorer an MNIST generator")


class LatentExplorer(Panel):
    """Move a few coordinates of one latent code, and walk the straight line between two codes.

    For a conditional G (chapter 13) it also has a class selector (``digit``: the digit drawn) and a second digit
    (``to_digit``), and ``path`` chooses what the A -> B slider walks: the noise, from code A to code B with the
    digit fixed, or the label, from ``digit`` to ``to_digit`` through the label embedding (1 - t) E_a + t E_b with
    code A fixed.

    Args:
        generator: a trained G, z [n, noise_dim] -> images [n, 784] in ``value_range`` (or a conditional one).
        noise_dim: the size of z.
        value_range: G's output range, mapped to black..white for display.
        n_sliders: how many coordinates z[0..n_sliders-1] get a slider.
        steps: images in the interpolation strip.
    """

    PATHS = ("noise", "label")

    def __init__(
        self, generator: torch.nn.Module, noise_dim: int, value_range=(0.0, 1.0), n_sliders: int = 4, steps: int = 9
    ) -> None:
        if not isinstance(generator, torch.nn.Module):
            raise ValueError(f"generator must be a torch.nn.Module (a trained G), got {type(generator).__name__}")
        integer(noise_dim, "noise_dim (the size of G's input z)")
        if not (isinstance(n_sliders, int) and not isinstance(n_sliders, bool) and 1 <= n_sliders <= noise_dim):
            raise ValueError(f"n_sliders must be between 1 and noise_dim = {noise_dim}, got {n_sliders}")
        count(steps, "steps (images in the interpolation strip)", 100, minimum=2)
        check_value_range(value_range)
        _check_generator(generator, noise_dim)
        super().__init__()
        self.G, self.noise_dim, self.value_range, self.steps = generator.eval(), noise_dim, value_range, steps
        self.conditional = is_conditional(generator)
        self.code_a = w.IntText(value=0, description="code A (seed)")
        self.code_b = w.IntText(value=1, description="code B (seed)")
        self.t = w.FloatSlider(value=0.0, min=0.0, max=1.0, step=0.05, description="A → B")
        self.sliders = [
            w.FloatSlider(value=0.0, min=-3.0, max=3.0, step=0.1, description=f"z[{i}]") for i in range(n_sliders)
        ]
        self.digit = w.Dropdown(options=list(range(10)), value=3, description="digit")
        self.to_digit = w.Dropdown(options=list(range(10)), value=8, description="to digit")
        self.path = w.ToggleButtons(options=list(self.PATHS), value="noise", description="A → B walks",
                                    tooltips=["code A to code B, same digit", "digit to 'to digit', same code A"])
        self.image = w.Image(format="png")
        self.strip = w.Image(format="png")
        self._syncing = False
        for control in (*self.sliders, self.t, self.code_b, self.digit, self.to_digit, self.path):
            control.observe(lambda _: self.draw(), "value")
        self.code_a.observe(lambda _: self._load_code(), "value")
        self._load_code()
        labels = [self.digit, self.to_digit, self.path] if self.conditional else []
        self.widget = w.HBox([
            w.VBox([*labels, self.code_a, self.code_b, self.t, *self.sliders, self.message]),
            w.VBox([self.image, self.strip]),
        ])

    def _code(self, seed: int) -> torch.Tensor:
        validate_seed(seed, "a code's seed")
        return torch.randn(self.noise_dim, generator=torch.Generator().manual_seed(seed))

    def _load_code(self) -> None:
        """Put code A's first coordinates on the sliders (without redrawing once per slider)."""
        try:
            z = self._code(self.code_a.value)
        except ValueError as err:
            self.say(str(err))
            return
        self._syncing = True
        try:
            for i, s in enumerate(self.sliders):
                s.value = float(max(-3.0, min(3.0, z[i].item())))
        finally:
            self._syncing = False
        self.draw()

    def current_code(self) -> torch.Tensor:
        """z = (1 - t) z_A + t z_B, with the slider coordinates of z_A replaced by the sliders' values (for a
        conditional G walking the label, z_A itself)."""
        za, zb = self._codes()
        t = 0.0 if self.conditional and self.path.value == "label" else self.t.value
        return (1 - t) * za + t * zb

    def _codes(self) -> tuple[torch.Tensor, torch.Tensor]:
        za, zb = self._code(self.code_a.value), self._code(self.code_b.value)
        za[: len(self.sliders)] = torch.tensor([s.value for s in self.sliders])
        return za, zb

    def _rows(self, ts: torch.Tensor) -> torch.Tensor:
        """G's input rows along the A -> B path at the points ``ts`` [m]: codes, or codes with their labels."""
        za, zb = self._codes()
        ts = ts.unsqueeze(1)
        if not self.conditional:
            return (1 - ts) * za + ts * zb  # the straight line from A to B
        if self.path.value == "noise":
            return noise_walk(za, zb, self.digit.value, ts)
        return label_walk(za, self.digit.value, self.to_digit.value, ts)  # the embedding from one digit to another

    @torch.no_grad()
    def draw(self) -> None:
        """G's image at the slider's point of the path, and the strip of images along the whole path. A generator
        that gives NaN or infinite pixels (weights of a diverged run) is said so in the message line: its images
        are drawn black there, which would otherwise pass for a dark digit."""
        if self._syncing:
            return
        try:
            rows = self._rows(torch.cat([torch.tensor([self.t.value]), torch.linspace(0, 1, self.steps)]))
            out = images_of(self.G(rows))
        except (ValueError, RuntimeError) as err:
            self.say(str(err))
            return
        bad = ~torch.isfinite(out)
        if bad.any():
            self.say(
                f"the generator produced non-finite pixels (NaN or infinity) in {int(bad.any(dim=1).sum())} of "
                f"{len(out)} images, drawn black: its weights are probably NaN (a run that diverged); load a "
                "trained generator (e.g. the shipped one) or train again with lower learning rates"
            )
            out = torch.where(bad, torch.full_like(out, float(self.value_range[0])), out)
        else:
            self.clear()
        self.image.value = images_png(out[:1], 1, 6, self.value_range)
        self.strip.value = images_png(out[1:], self.steps, 2, self.value_range)
