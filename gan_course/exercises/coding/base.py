"""Coding exercises: the student writes a function, the checks run it and name the mistake.

A :class:`CodeExercise` knows the course's own implementation (``reference``), the inputs it is tried on
(``cases(seed)``), what is compared (``observe``: the output, or the parameters after a training step), and the
typical wrong versions (:class:`Mistake`, each with the sentence that names it and the wrong code itself). A
student's function is judged case by case: it must give what the reference gives within ``tol``; where it does
not, the first mistake whose wrong code gives what the student's gives is named in a sentence, else the check
says on which input the answers part and by how much.

Three calls, one per cell, all of which print and never raise (nbgrader zeroes a grade cell that writes to
stderr or raises, and a student's "Run all" must not stop):

- ``check_code(key, fn)``: the visible tests, seed 0. ✓, ✗ with the sentence, or "… Not written yet".
- ``grade(key, fn, seeds)``: the hidden tests (more seeds, edge cases); returns the points earned as a float, the
  value nbgrader reads from a grade cell's output as partial credit (all or nothing here).
- ``use(key, fn)``: the function the rest of the chapter runs on: the student's once it passes, else the course's,
  saying which.

The wrong code of each mistake is kept as source text (``Mistake.body``), so the autograding tests write exactly
that text into a submission and require the mistake's points lost and its sentence shown.
"""

from __future__ import annotations

import contextlib
import io
import math
import sys
import textwrap
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import torch

from ..base import _seeded, _short, describe

__all__ = [
    "Mistake", "CodeExercise", "Unwritten", "register", "EXERCISES", "exercise", "assess", "from_body", "normal_pdf",
]

Observation = dict[str, torch.Tensor]


class Unwritten(Exception):
    """The student's function is still the release's stub (it raised NotImplementedError)."""


class StudentProblem(Exception):
    """What the student's function returned cannot be compared at all; the message says why, in a sentence."""


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: its name, the sentence that teaches, and the wrong function body (source text)."""

    name: str
    sentence: str
    body: str  # the body of the student's function with this mistake, indented by 4 spaces or not at all


@dataclass(frozen=True)
class CodeExercise:
    """One coding exercise: what the student writes, how it is tried, and what typically goes wrong.

    ``signature`` is the line ``def name(args):`` the solution cell starts with; ``solution`` its reference body
    (the text between nbgrader's BEGIN/END SOLUTION markers); ``reference`` the course's implementation that the
    chapter falls back on (``course_name`` names it for the student).
    """

    key: str
    title: str
    signature: str
    solution: str
    reference: Callable
    course_name: str
    cases: Callable[[int], Sequence[tuple]]
    points: int = 2
    observe: Callable[[Callable, tuple], Observation] | None = None
    mistakes: tuple[Mistake, ...] = ()
    tol: float = 1e-5
    hidden_cases: Callable[[], Sequence[tuple]] | None = None  # edge cases only the grade cell tries
    # A loss or a feature map that training backpropagates through: the float tensors of each case require grad,
    # and the result must be a tensor on autograd's graph whose gradients match the reference's (no .item(),
    # .detach() or NumPy inside). Only with the default observe.
    differentiable: bool = False
    namespace: Mapping[str, object] = field(default_factory=dict)  # names the bodies use (torch, F, nn, ...)

    @property
    def name(self) -> str:
        return self.signature.split("def ", 1)[1].split("(", 1)[0].strip()


EXERCISES: dict[str, CodeExercise] = {}


def register(ex: CodeExercise) -> CodeExercise:
    """Add ``ex`` to the course's table of coding exercises (keys like "02a" are unique)."""
    if ex.key in EXERCISES:
        raise ValueError(f"two coding exercises share the key {ex.key!r}")
    EXERCISES[ex.key] = ex
    return ex


def exercise(key: object) -> CodeExercise | None:
    """The exercise called ``key``, or None (after printing which keys exist)."""
    if isinstance(key, str) and key in EXERCISES:
        return EXERCISES[key]
    print(f"✗ There is no coding exercise {_short(repr(key))}; the course's are {', '.join(sorted(EXERCISES))}.")
    return None


def from_body(ex: CodeExercise, body: str) -> Callable:
    """The function ``ex.signature`` + ``body`` compiled in the exercise's namespace (how mistakes become code)."""
    source = ex.signature + "\n" + textwrap.indent(textwrap.dedent(body).strip("\n"), "    ") + "\n"
    scope: dict[str, object] = {"torch": torch, **ex.namespace}
    exec(compile(source, f"<{ex.key}: {ex.name}>", "exec"), scope)  # noqa: S102 -- the course's own text
    return scope[ex.name]  # type: ignore[return-value]


def normal_pdf(x: torch.Tensor, mu: float, sigma: float) -> torch.Tensor:
    """N(mu, sigma^2)'s density at x, in x's dtype (test inputs on a grid): in float32 it underflows to exactly 0
    beyond about 14 sigma."""
    return torch.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))


# ------------------------------------------------------------------------------------------------ running


@contextlib.contextmanager
def _quiet() -> Iterator[io.StringIO]:
    """Catch what the student's code prints and warns (nbgrader zeroes a grade cell with stderr output)."""
    buffer = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
            yield buffer


def _default_observe(fn: Callable, case: tuple) -> Observation:
    out = fn(*case)
    if isinstance(out, Mapping):
        return dict(out)
    return {"output": out}


def _gradient_observe(fn: Callable, args: tuple) -> Observation:
    """The output of ``fn(*args)`` and its gradients: d(sum of the output) / d(each float tensor argument)."""
    name = getattr(fn, "__name__", "your function")
    out = fn(*args)
    if not isinstance(out, torch.Tensor):
        raise StudentProblem(
            f"{name} returned {describe(out)}: return a torch tensor (no .item(), float() or NumPy), so that the "
            "chapter's backward() can reach the networks"
        )
    inputs = [a for a in args if isinstance(a, torch.Tensor) and a.requires_grad]
    if not out.requires_grad:
        raise StudentProblem(
            f"{name}'s result is cut off from its inputs' gradients (.detach(), torch.no_grad(), or a trip through "
            "NumPy): training backpropagates through it, so keep every step in torch on autograd's graph"
        )
    grads = torch.autograd.grad(out.sum(), inputs, allow_unused=True)
    obs: Observation = {"output": out.detach()}
    for i, (a, g) in enumerate(zip(inputs, grads, strict=True)):
        obs[f"gradient with respect to its input {i + 1}"] = torch.zeros_like(a) if g is None else g
    return obs


def _run(ex: CodeExercise, fn: Callable, case: tuple, seed: int) -> Observation:
    """``observe(fn, case)`` under seeded generators, on fresh copies of the case's tensors (a student may edit them).

    A case holds tensors and plain values only: an exercise that needs networks or optimisers builds them in its
    ``observe``, afresh for each call, so the reference, the student and each mistake start from the same state.
    """
    args = tuple(a.detach().clone() if isinstance(a, torch.Tensor) else a for a in case)
    observe = ex.observe or _default_observe
    if ex.differentiable and ex.observe is None:
        args = tuple(a.requires_grad_() if isinstance(a, torch.Tensor) and a.is_floating_point() else a for a in args)
        observe = _gradient_observe
    with _seeded(seed), _quiet():
        try:
            return observe(fn, args)
        except NotImplementedError as e:
            raise Unwritten from e


def _show(case: tuple) -> str:
    parts = []
    for a in case:
        if isinstance(a, torch.Tensor):
            parts.append(f"a tensor of shape {list(a.shape)}" if a.numel() > 4 else f"tensor({a.tolist()})")
        elif isinstance(a, torch.nn.Module):
            parts.append(f"a {type(a).__name__}")
        else:
            parts.append(_short(repr(a), 40))
    return "(" + ", ".join(parts) + ")"


def _differs(got: Observation, want: Observation, tol: float) -> str:
    """"" when ``got`` matches ``want`` (every key, same shape, within tol relative), else what differs, in words."""
    for key, w in want.items():
        if key not in got:
            return f"it gave no {key}"
        g = got[key]
        if not isinstance(g, torch.Tensor):
            number = isinstance(g, (int, float)) and not isinstance(g, bool)
            if isinstance(w, torch.Tensor) and w.numel() == 1 and number:
                g = torch.tensor(float(g))
            else:
                return f"its {key} is {describe(g)}, expected a tensor of shape {list(w.shape)}"
        if g.shape != w.shape:
            if g.numel() == w.numel() == 1:
                g = g.reshape(w.shape)
            elif w.ndim == 0:
                return f"its {key} has shape {list(g.shape)}, expected one number (shape [], as .mean() gives)"
            else:
                return f"its {key} has shape {list(g.shape)}, expected {list(w.shape)}"
        g = g.detach().double()
        w = w.detach().double()
        if not torch.isfinite(g).all() and torch.isfinite(w).all():
            return f"its {key} holds inf or NaN where the right answer is finite"
        same = (g == w) | (g.isnan() & w.isnan())  # equal infinities, and NaN where NaN is expected, are equal
        gap = (g - w).abs().masked_fill(same, 0.0).max().item() if g.numel() else 0.0
        scale = max(1.0, w.abs().max().item() if w.numel() else 0.0)
        if not gap <= tol * scale:
            shown = f"{g.item():.6g}, expected {w.item():.6g}" if w.numel() == 1 else f"off by up to {gap:.3g}"
            return f"its {key} is {shown}"
    return ""


@dataclass
class Verdict:
    """The outcome of trying a function on some cases: passed, unwritten, or the sentence of the first failure."""

    passed: bool
    unwritten: bool = False
    message: str = ""
    mistake: str = ""  # the name of the mistake recognised, if any


def _diagnose(ex: CodeExercise, got: Observation, case: tuple, seed: int) -> tuple[str, str]:
    for m in ex.mistakes:
        try:
            wrong = _run(ex, from_body(ex, m.body), case, seed)
        except Exception:  # noqa: BLE001 -- a mistake that raises on this case cannot be the one made
            continue
        if not _differs(got, wrong, ex.tol):
            return m.name, m.sentence
    return "", ""


def assess(ex: CodeExercise, fn: object, cases: Sequence[tuple], seed: int = 0) -> Verdict:
    """Try ``fn`` on each case against the reference; the first failure becomes the verdict's sentence."""
    if not callable(fn) or isinstance(fn, (type, torch.nn.Module)):
        return Verdict(False, message=f"expected your function {ex.name}, got {describe(fn)}: pass {ex.name} itself")
    for i, case in enumerate(cases):
        want = _run(ex, ex.reference, case, seed + i)
        try:
            got = _run(ex, fn, case, seed + i)
        except Unwritten:
            unwritten = f"{ex.name} is not written yet (it raises NotImplementedError)"
            return Verdict(False, unwritten=True, message=unwritten)
        except StudentProblem as e:
            return Verdict(False, message=f"on the input {_show(case)}, {e}")
        except Exception as e:  # noqa: BLE001 -- the student's code failed: that is the verdict
            where = _traceback_line(e)
            return Verdict(
                False,
                message=f"on the input {_show(case)}, {ex.name} raised {type(e).__name__}: {_short(str(e), 160)}"
                + where,
            )
        problem = _differs(got, want, ex.tol)
        if problem:
            name, sentence = _diagnose(ex, got, case, seed + i)
            if sentence:
                return Verdict(False, message=sentence, mistake=name)
            return Verdict(False, message=f"on the input {_show(case)}, {problem}.")
    return Verdict(True)


def _traceback_line(e: BaseException) -> str:
    """" (in your line N: ...)" for the deepest frame of the student's own cell, if there is one."""
    tb, line = e.__traceback__, ""
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.startswith("<ipython-input") or "ipykernel" in name or name.startswith("/tmp/ipykernel"):
            line = f" (in your cell, line {tb.tb_lineno})"
        tb = tb.tb_next
    return line


def _print(text: str) -> None:
    sys.stdout.write(text + "\n")
