"""Chapter 07's coding exercise: the *gan-mnist* generator, 100-256-256-784 with ReLU and a sigmoid output."""

from __future__ import annotations

import torch
from torch import nn

from ...mnist.recipes import CHAPTER_RECIPES, build_generator
from .base import CodeExercise, Mistake, register

__all__ = ["MAKE_GENERATOR", "make_generator", "observe_generator"]


def make_generator(noise_dim: int) -> nn.Sequential:
    """The chapter's G for noise of ``noise_dim`` numbers: ``mnist.build_generator`` of the ch07 recipe, whose
    layers are an ``nn.Sequential`` (``.net``): Linear(noise_dim, 256), ReLU, Linear(256, 256), ReLU,
    Linear(256, 784), Sigmoid."""
    return build_generator(CHAPTER_RECIPES["ch07"].replace(noise_dim=noise_dim)).net


def observe_generator(fn, case: tuple) -> dict[str, torch.Tensor]:
    """Build ``fn(noise_dim)`` (seeded by the caller, so that the same layers get the same weights) and look at it:
    the output's shape for a batch, the widths of its linear layers, its parameter count, the smallest and
    largest output for noise 30 times too large, to 2 decimals (the bounds of the output activation, whatever
    the weights), and its output itself."""
    noise_dim, batch = case
    G = fn(noise_dim)
    if not isinstance(G, nn.Module):
        raise TypeError(f"make_generator should return the network, an nn.Sequential, not {type(G).__name__}")
    z = torch.randn(batch, noise_dim, generator=torch.Generator().manual_seed(batch))
    with torch.no_grad():
        out, far = G(z), G(30.0 * z)
    return {
        "output shape": torch.tensor(list(out.shape)),
        "list of layer widths": torch.tensor([m.out_features for m in G.modules() if isinstance(m, nn.Linear)]),
        "parameter count": torch.tensor(sum(p.numel() for p in G.parameters())),
        "output range": torch.stack([far.min(), far.max()]).round(decimals=2),  # the activation's bounds
        "output": out,
    }


def _sizes(seed: int) -> list[tuple]:
    """The chapter's noise of 100 numbers, then a random noise size and batch."""
    g = torch.Generator().manual_seed(seed)
    return [(100, 16), (int(torch.randint(2, 50, (), generator=g)), int(torch.randint(1, 9, (), generator=g)))]


def _edge_sizes() -> list[tuple]:
    """One noise number and one image; mnist-tanh's 128 noise numbers."""
    return [(1, 1), (128, 5)]


MAKE_GENERATOR = register(
    CodeExercise(
        key="07a",
        title="The gan-mnist generator",
        signature="def make_generator(noise_dim):",
        solution="""\
return nn.Sequential(
    nn.Linear(noise_dim, 256), nn.ReLU(),
    nn.Linear(256, 256), nn.ReLU(),
    nn.Linear(256, 784), nn.Sigmoid(),
)""",
        reference=make_generator,
        course_name="gan_course.mnist.build_generator",
        cases=_sizes,
        hidden_cases=_edge_sizes,
        observe=observe_generator,
        namespace={"nn": nn},
        mistakes=(
            Mistake(
                "hidden width",
                "Your hidden layers are 128 wide: the gan-mnist generator is 100-256-256-784, two hidden layers "
                "of 256 (D is the small one, 784-64-64-1).",
                """\
return nn.Sequential(
    nn.Linear(noise_dim, 128), nn.ReLU(),
    nn.Linear(128, 128), nn.ReLU(),
    nn.Linear(128, 784), nn.Sigmoid(),
)""",
            ),
            Mistake(
                "no output activation",
                "Your generator ends with a Linear layer, so its pixels can be any number: the images it must "
                "imitate lie in [0, 1], and gan-mnist ends with nn.Sigmoid() to put G's pixels there too.",
                """\
return nn.Sequential(
    nn.Linear(noise_dim, 256), nn.ReLU(),
    nn.Linear(256, 256), nn.ReLU(),
    nn.Linear(256, 784),
)""",
            ),
            Mistake(
                "tanh output",
                "Your generator ends with tanh, whose outputs lie in [-1, 1]: that is mnist-tanh's choice "
                "(chapter 8), for images scaled to [-1, 1]. This chapter's images lie in [0, 1], and gan-mnist "
                "ends with nn.Sigmoid().",
                """\
return nn.Sequential(
    nn.Linear(noise_dim, 256), nn.ReLU(),
    nn.Linear(256, 256), nn.ReLU(),
    nn.Linear(256, 784), nn.Tanh(),
)""",
            ),
            Mistake(
                "28 outputs",
                "Your generator makes 28 numbers per image: an image is 28 x 28 = 784 pixels, and an MLP makes "
                "them as one vector, so the last Linear layer has 784 outputs.",
                """\
return nn.Sequential(
    nn.Linear(noise_dim, 256), nn.ReLU(),
    nn.Linear(256, 256), nn.ReLU(),
    nn.Linear(256, 28), nn.Sigmoid(),
)""",
            ),
            Mistake(
                "no hidden activation",
                "Your hidden layers have no activation: three Linear layers in a row are one linear map, so the "
                "hidden layers add nothing. Put nn.ReLU() after each hidden Linear layer.",
                """\
return nn.Sequential(
    nn.Linear(noise_dim, 256),
    nn.Linear(256, 256),
    nn.Linear(256, 784), nn.Sigmoid(),
)""",
            ),
        ),
    )
)
