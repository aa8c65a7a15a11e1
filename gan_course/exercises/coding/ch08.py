"""Chapter 08's coding exercises: MNIST's pixels 0..255 scaled to [-1, 1] for a tanh generator, and back."""

from __future__ import annotations

import torch

from .base import CodeExercise, Mistake, register

__all__ = ["TO_TANH_RANGE", "FROM_TANH_RANGE", "to_tanh_range", "from_tanh_range"]


def to_tanh_range(pixels: torch.Tensor) -> torch.Tensor:
    """uint8 pixels 0..255 -> float32 in [-1, 1]: x / 255 * 2 - 1, the arithmetic of
    ``data.mnist_tensors(value_range=(-1.0, 1.0))`` (0 -> -1, 255 -> 1)."""
    return pixels.to(torch.float32) / 255.0 * 2.0 - 1.0


def from_tanh_range(x: torch.Tensor) -> torch.Tensor:
    """Floats in [-1, 1] (a tanh G's images) -> uint8 pixels 0..255: round((x + 1) * 127.5), clamped to 0..255;
    ``(data.to_unit_range(x, (-1, 1)) * 255).round().to(torch.uint8)`` in the course's terms."""
    return ((x + 1.0) * 127.5).round().clamp(0, 255).to(torch.uint8)


def _pixels(seed: int) -> list[tuple]:
    """Four flat MNIST-sized images of uint8 pixels, with black (0) and white (255) among them."""
    g = torch.Generator().manual_seed(seed)
    p = torch.randint(0, 256, (4, 784), generator=g, dtype=torch.uint8)
    p[0, :2] = torch.tensor([0, 255], dtype=torch.uint8)
    return [(p,)]


def _pixel_edges() -> list[tuple]:
    """All black, all white, one [28, 28] image, and a flat row of three."""
    g = torch.Generator().manual_seed(8)
    return [
        (torch.zeros(2, 784, dtype=torch.uint8),),
        (torch.full((1, 784), 255, dtype=torch.uint8),),
        (torch.randint(0, 256, (28, 28), generator=g, dtype=torch.uint8),),
        (torch.tensor([0, 128, 255], dtype=torch.uint8),),
    ]


TO_TANH_RANGE = register(
    CodeExercise(
        key="08a",
        title="pixels to [-1, 1]",
        signature="def to_tanh_range(pixels):",
        solution="return pixels.float() / 255 * 2 - 1",
        reference=to_tanh_range,
        course_name="gan_course.exercises.coding.ch08.to_tanh_range",
        cases=_pixels,
        hidden_cases=_pixel_edges,
        mistakes=(
            Mistake(
                "only /255",
                "Your pixels end in [0, 1]: dividing by 255 is ToTensor's half of the job. The tanh range needs "
                "Normalize(0.5, 0.5) too, x -> 2x - 1, so that black is -1 and white is 1.",
                "return pixels / 255",
            ),
            Mistake(
                "2x - 1 on 0..255",
                "You applied x -> 2x - 1 to the pixels 0..255, which gives -1..509: that map is for values already "
                "in [0, 1]. Divide by 255 first, then 2x - 1.",
                "return pixels.float() * 2 - 1",
            ),
            Mistake(
                "integer division",
                "Your // is floor division: it rounds every quotient down to a whole number, so only -1, 0 and 1 "
                "remain of 256 grey levels. Use true division, /.",
                "return pixels // 127.5 - 1",
            ),
            Mistake(
                "no float conversion",
                "Your arithmetic runs on uint8 before anything becomes a float: 2 * pixels wraps around at 256 (200 "
                "* 2 is 144 in uint8), and so does a subtraction below 0. Convert first, pixels.float(), then "
                "compute.",
                "return (2 * pixels - 255) / 255",
            ),
            Mistake(
                "divided by 128",
                "Your white does not reach 1: dividing by 128 (or 256 / 2) maps 255 to 255 / 128 - 1, just under 1. "
                "The largest pixel is 255, so x / 127.5 - 1 (or x / 255 * 2 - 1) sends it to exactly 1.",
                "return pixels / 128 - 1",
            ),
        ),
    )
)


def _observe_pixels(fn, case: tuple) -> dict:
    """The pixels returned, and whether they are uint8 (what an image file or a PIL image holds)."""
    out = fn(*case)
    is_uint8 = isinstance(out, torch.Tensor) and out.dtype == torch.uint8
    return {"output": out, "uint8 (1 = yes)": torch.tensor(float(is_uint8))}


def _tanh_images(seed: int) -> list[tuple]:
    """Four flat images of a tanh G: values in (-1, 1), each a pixel level plus an offset well inside (0.1, 0.9)
    and away from 0.5, so that every correct rounding gives the same pixel."""
    g = torch.Generator().manual_seed(seed)
    level = torch.randint(0, 255, (4, 784), generator=g).double()
    offset = 0.1 + 0.3 * torch.rand(4, 784, generator=g, dtype=torch.float64)
    offset = torch.where(torch.rand(4, 784, generator=g) < 0.5, offset, offset + 0.5)  # in (0.1, 0.4) or (0.6, 0.9)
    return [(((level + offset) / 127.5 - 1.0).float(),)]


def _tanh_edges() -> list[tuple]:
    """Exactly -1 and 1 (black and white), and one [28, 28] image."""
    return [
        (torch.tensor([[-1.0, 1.0, -1.0, 1.0]]).repeat(1, 196),),
        (_tanh_images(9)[0][0][0].reshape(28, 28),),
    ]


FROM_TANH_RANGE = register(
    CodeExercise(
        key="08b",
        title="[-1, 1] back to pixels",
        signature="def from_tanh_range(x):",
        solution="return ((x + 1) * 127.5).round().clamp(0, 255).to(torch.uint8)",
        reference=from_tanh_range,
        course_name="gan_course.exercises.coding.ch08.from_tanh_range",
        cases=_tanh_images,
        hidden_cases=_tanh_edges,
        observe=_observe_pixels,
        mistakes=(
            Mistake(
                "no rounding",
                "Your pixels are one level too dark about half of the time: .to(torch.uint8) cuts the fraction off "
                "(200.7 becomes 200). Round to the nearest level first: .round(), then .to(torch.uint8).",
                "return ((x + 1) * 127.5).to(torch.uint8)",
            ),
            Mistake(
                "stops at [0, 1]",
                "Your function undoes only the shift, (x + 1) / 2, and returns floats in [0, 1]: pixels are the "
                "whole numbers 0..255. Multiply by 255, round, and convert with .to(torch.uint8).",
                "return (x + 1) / 2",
            ),
            Mistake(
                "no shift",
                "Your function treats x as if it were in [0, 1] (x * 255): every value below 0, the darker half of "
                "the grey levels, turns black. x is in [-1, 1]: first (x + 1) / 2, then * 255, or (x + 1) * 127.5.",
                "return (x * 255).round().clamp(0, 255).to(torch.uint8)",
            ),
            Mistake(
                "not uint8",
                "Your values are right but stay floats: pixels are stored as uint8, the type an image file, a PIL "
                "image and to_tanh_range's input hold. End with .to(torch.uint8).",
                "return ((x + 1) * 127.5).round().clamp(0, 255)",
            ),
        ),
    )
)
