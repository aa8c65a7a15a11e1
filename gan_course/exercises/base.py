"""The helpers every chapter's checks share: print a verdict, spot an unanswered exercise, read answers safely.

A check must answer *any* input with a verdict and never raise. The readers (``read_number``, ``read_numbers``,
``read_count``, ``read_bool``, ``read_samples``, ``read_module``) therefore never raise either: each returns
``(value, problem)``, the value (or None) and a sentence saying what was given and what to give instead.
``call_student`` runs a function the student passed, with seeded random generators (a reproducible verdict)
and its exceptions caught. ``never_raises`` wraps every check as the last safety net.
"""

from __future__ import annotations

import contextlib
import functools
import math
import numbers
import os
import random
import re
import sys
from collections.abc import Callable, Iterator, Mapping

import numpy as np

from .. import metrics

__all__ = [
    "verdict",
    "unanswered",
    "never_raises",
    "describe",
    "read_number",
    "read_numbers",
    "read_count",
    "read_bool",
    "read_samples",
    "read_module",
    "call_student",
    "student_ks",
    "read_target",
    "pair_answer",
    "exact_tolerance",
    "number_check",
]

SAFETY_NET = "the check could not read this answer"  # the safety net's words: tests assert no case reaches it


def verdict(ok: bool, success: str, hint: str) -> bool:
    """Print ✓ with ``success`` or ✗ with ``hint``; return ``ok`` as a plain bool."""
    ok = bool(ok)
    print(f"✓ {success}" if ok else f"✗ Not yet. {hint}")
    return ok


def unanswered(answer, what: str) -> bool:
    """Return True (after printing "… Not answered yet: ``what``") when ``answer`` is None."""
    if answer is None:
        print(f"… Not answered yet: {what}")
        return True
    return False


def never_raises(check: Callable[..., bool]) -> Callable[..., bool]:
    """Wrap a check so that an unexpected exception becomes a ✗ verdict (and False) instead of stopping the notebook."""

    @functools.wraps(check)
    def safe(*args, **kwargs) -> bool:
        try:
            return check(*args, **kwargs) is True
        except Exception as e:  # noqa: BLE001 -- a check must never stop a student's notebook
            return verdict(
                False,
                "",
                f"{SAFETY_NET} ({type(e).__name__}: {_short(str(e))}): give what the comment in the cell asks for.",
            )

    return safe


# ------------------------------------------------------------------------------------------- describing input


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _count(k: int, noun: str) -> str:
    return f"{k:,} {noun}" if k == 1 else f"{k:,} {noun}s"


def _torch():
    """The torch module if it is imported (a tensor cannot exist otherwise), else None."""
    return sys.modules.get("torch")


def _is_tensor(x) -> bool:
    torch = _torch()
    return torch is not None and isinstance(x, torch.Tensor)


def _is_module(x) -> bool:
    torch = _torch()
    return torch is not None and isinstance(x, torch.nn.Module)


def describe(x) -> str:
    """A short phrase naming what ``x`` is, for hints: "the string 'abc'", "an array of shape (3,)", ..."""
    try:
        if x is None:
            return "None"
        if isinstance(x, (bool, np.bool_)):
            return f"the bool {bool(x)}"
        if isinstance(x, str):
            return f"the string {_short(repr(str(x)))}"
        if isinstance(x, os.PathLike):
            return f"a path ({_short(os.fspath(x))!r})"
        if isinstance(x, np.ndarray):
            return f"an array of shape {x.shape}"
        if _is_tensor(x):
            return f"a tensor of shape {list(x.shape)}"
        if _is_module(x):
            return _a(f"{type(x).__name__} network")
        if isinstance(x, Mapping):
            return f"{_a(type(x).__name__)} with {_count(len(x), 'key')}"
        if isinstance(x, (list, tuple, set, frozenset)):
            return f"{_a(type(x).__name__)} of {_count(len(x), 'item')}"
        if isinstance(x, (numbers.Number, np.number)):
            return f"the number {_short(repr(x))}"
        if callable(x):
            return f"the function {getattr(x, '__qualname__', type(x).__name__)}"
        return _a(type(x).__name__)
    except Exception:  # noqa: BLE001 -- a broken __len__ or __repr__ must not stop the hint
        return _a(type(x).__name__)


# ---------------------------------------------------------------------------------------------- numbers

_ONE_NUMBER = "give one number (float(x) or x.item() turns a one-element array or tensor into one)"


def _one_item(x):
    """The single element of a one-element array, tensor, list or tuple (else ``x`` itself), and a problem."""
    if _is_tensor(x):
        if x.numel() != 1:
            return None, f"got a tensor of shape {list(x.shape)}: {_ONE_NUMBER}"
        return x.detach().cpu().reshape(-1)[0].item(), ""
    if isinstance(x, np.ndarray):
        if x.size != 1:
            return None, f"got {'an empty array' if x.size == 0 else describe(x)}: {_ONE_NUMBER}"
        return x.reshape(-1)[0], ""
    if isinstance(x, (list, tuple)):
        if len(x) != 1:
            return None, f"got {describe(x)}: {_ONE_NUMBER}"
        return x[0], ""
    return x, ""


def read_number(answer) -> tuple[float | None, str]:
    """``answer`` as one finite float, or (None, why not).

    Accepts an int, a float, a NumPy scalar, a one-element array (any shape) or tensor, a one-element list and a
    numeric string (" 0.5 ", "18740"); refuses bools, complex numbers, NaN, infinities and anything with more or
    fewer than one element.
    """
    x = answer
    for _ in range(3):  # unwrap [np.array([[0.5]])]-like nestings, but never loop forever
        if isinstance(x, (bool, np.bool_)):
            return None, f"got the bool {bool(x)}: give a number, not True or False"
        if isinstance(x, str):
            try:
                value = float(x.strip())
            except ValueError:
                return None, f"got {describe(x)}, which is not a number: {_ONE_NUMBER}"
            break
        if isinstance(x, (numbers.Real, np.integer, np.floating)):
            value = float(x)
            break
        if isinstance(x, (numbers.Complex, np.complexfloating)):
            return None, f"got the complex number {x}: give a real number"
        if _is_tensor(x) or isinstance(x, (np.ndarray, list, tuple)):
            x, problem = _one_item(x)
            if problem:
                return None, problem
            continue
        if isinstance(x, (Mapping, set, frozenset, os.PathLike)) or callable(x) or not hasattr(type(x), "__float__"):
            return None, f"got {describe(x)}: {_ONE_NUMBER}"
        try:  # e.g. decimal.Decimal
            value = float(x)
        except Exception:  # noqa: BLE001
            return None, f"got {describe(x)}: {_ONE_NUMBER}"
        break
    else:
        return None, f"got {describe(answer)}, nested too deep: {_ONE_NUMBER}"
    if not math.isfinite(value):
        return None, f"got {value}: give a finite number"
    return value, ""


def read_count(answer) -> tuple[int | None, str]:
    """``answer`` as a whole number (18740, 18740.0, "18740", np.int64(18740), ...), or (None, why not)."""
    value, problem = read_number(answer)
    if value is None:
        return None, problem.replace("give one number", "give one whole number")
    if abs(value - round(value)) > 1e-9:
        return None, f"got {value:g}: give a whole number"
    return int(round(value)), ""


def read_numbers(answer, n: int, example: str = "") -> tuple[tuple[float, ...] | None, str]:
    """``answer`` as exactly ``n`` finite floats in order, or (None, why not).

    Accepts a tuple or list (of anything ``read_number`` reads), an array or tensor with ``n`` elements (any
    shape) and a string such as "(-1, 0, 1)"; refuses one number, sets and dicts (no order), and other counts.
    ``example`` shows the order in the hint (default "(x1, x2, ...)").
    """
    example = example or f"({', '.join('x' + str(i + 1) for i in range(n))})"
    want = f"give {n} numbers in order, e.g. {example}"
    if isinstance(answer, (bool, np.bool_)):
        return None, f"got the bool {bool(answer)}: {want}"
    if isinstance(answer, str):
        parts = [p for p in re.split(r"[\s,;]+", answer.strip().strip("()[]").strip()) if p]
        if len(parts) != n:
            return None, f"got {describe(answer)}: {want}"
        items = parts
    elif isinstance(answer, (Mapping, set, frozenset)):
        return None, f"got {describe(answer)}, which has no order: {want}"
    elif _is_tensor(answer) or isinstance(answer, np.ndarray):
        flat = answer.detach().cpu().reshape(-1).tolist() if _is_tensor(answer) else list(answer.reshape(-1))
        if len(flat) != n:
            return None, f"got {describe(answer)} ({_count(len(flat), 'number')}): {want}"
        items = flat
    elif isinstance(answer, (numbers.Number, np.number)):
        return None, f"got one number ({answer!r}): {want}"
    elif isinstance(answer, (list, tuple)):
        items = list(answer)
        if len(items) != n:
            try:  # e.g. [np.array([-1, 0, 1])]: one array holding the n numbers
                flat = np.asarray(answer, dtype=np.float64).reshape(-1)
            except Exception:  # noqa: BLE001
                flat = None
            if flat is None or len(flat) != n:
                return None, f"got {describe(answer)}: {want}"
            items = list(flat)
    else:
        return None, f"got {describe(answer)}: {want}"
    values = []
    for i, item in enumerate(items):
        value, problem = read_number(item)
        if value is None:
            return None, f"number {i + 1} of {n}: {problem}"
        values.append(value)
    return tuple(values), ""


# -------------------------------------------------------------------------------------------- True / False

_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}


def read_bool(answer) -> tuple[bool | None, str]:
    """``answer`` as True or False, or (None, why not).

    Accepts bools, 0 and 1, and the strings true/false, yes/no, 1/0 in any capitals (and a one-element array or
    tensor of those); everything else gets a problem saying to give True or False.
    """
    want = "give True or False"
    x = answer
    if _is_tensor(x) or isinstance(x, np.ndarray):
        x, problem = _one_item(x)
        if problem:
            return None, f"got {describe(answer)}: {want}"
    if isinstance(x, (bool, np.bool_)):
        return bool(x), ""
    if isinstance(x, str):
        word = x.strip().lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE, ""
        return None, f"got {describe(x)}: {want} (or the strings 'true'/'false', 'yes'/'no')"
    if isinstance(x, (numbers.Real, np.integer, np.floating)) and x in (0, 1):
        return bool(x), ""
    return None, f"got {describe(x)}: {want}"


# ---------------------------------------------------------------------------------------------- samples


def read_samples(x, min_n: int = 1) -> tuple[np.ndarray | None, str]:
    """``x`` (a tensor, an array or a list of numbers) as a flat float64 array of >= ``min_n`` finite numbers."""
    if x is None:
        return None, "got None: give the numbers"
    if isinstance(x, (str, bytes, Mapping, set, frozenset, os.PathLike, bool, np.bool_)):
        return None, f"got {describe(x)}: give numbers as a tensor, an array or a list"
    if isinstance(x, (numbers.Number, np.number)):
        return None, f"got one number ({x!r}): give at least {min_n:,} of them, as a tensor or an array"
    if callable(x) and not (_is_tensor(x) or isinstance(x, np.ndarray)):
        return None, f"got {describe(x)}: give the numbers it makes, not the function (call it first)"
    try:
        if _is_tensor(x):
            a = x.detach().cpu().to(dtype=_torch().float64).numpy()
        else:
            a = np.asarray(x, dtype=np.float64)
    except Exception as e:  # noqa: BLE001 -- ragged lists, complex numbers, strings inside a list, ...
        return None, f"got {describe(x)}, which is not a set of numbers ({type(e).__name__}: {_short(str(e))})"
    a = a.reshape(-1)
    if len(a) < min_n:
        return None, f"got {_count(len(a), 'number')}: give at least {min_n:,}"
    bad = int((~np.isfinite(a)).sum())
    if bad:
        return None, f"{bad:,} of the {len(a):,} numbers are NaN or infinite (did training diverge?)"
    return a, ""


# ---------------------------------------------------------------------------------------- networks, functions


def read_module(x, role: str, how: str) -> tuple[object | None, str]:
    """``x`` if it is a ``torch.nn.Module``, else (None, what it is and ``how`` to make the ``role`` network)."""
    if _is_module(x):
        return x, ""
    if isinstance(x, (str, os.PathLike)):
        return None, f"expected {role}, a torch.nn.Module, got {describe(x)} (a path?): {how}"
    if isinstance(x, Mapping):
        kind = "a state dict" if x and all(_is_tensor(v) for v in x.values()) else describe(x)
        return None, f"expected {role}, a torch.nn.Module, got {kind}: {how}"
    if _is_module(getattr(x, "G", None)):
        return None, f"expected {role}, a torch.nn.Module, got {describe(x)}: pass its generator (.G), or {how}"
    return None, f"expected {role}, a torch.nn.Module, got {describe(x)}: {how}"


@contextlib.contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """Seed torch's, NumPy's and Python's global generators for the block, then restore their states."""
    py_state, np_state = random.getstate(), np.random.get_state()  # noqa: NPY002 -- the global state a student uses
    torch = _torch()
    fork = torch.random.fork_rng(devices=[]) if torch is not None else contextlib.nullcontext()  # CPU stream only
    with fork:
        random.seed(seed)
        np.random.seed(seed)  # noqa: NPY002
        if torch is not None:
            torch.random.default_generator.manual_seed(seed)
        try:
            yield
        finally:
            random.setstate(py_state)
            np.random.set_state(np_state)  # noqa: NPY002


def call_student(fn, *args, what: str, seed: int = 0) -> tuple[object, str]:
    """``fn(*args)`` with seeded global generators (a reproducible draw), or (None, what went wrong).

    ``what`` describes the function expected (e.g. "a function n -> n samples, such as trainer.sample").
    """
    name = getattr(fn, "__qualname__", type(fn).__name__)
    shown = ", ".join(repr(a) for a in args)
    if _is_module(fn):
        return None, f"expected {what}, got {describe(fn)}: pass a function that calls it, not the network"
    if not callable(fn):
        method = callable(getattr(fn, "sample", None))
        return None, f"expected {what}, got {describe(fn)}" + (": pass its .sample method" if method else "")
    try:
        with _seeded(seed):
            return fn(*args), ""
    except Exception as e:  # noqa: BLE001 -- the student's function failed: that is the verdict
        return None, f"calling {name}({shown}) raised {type(e).__name__}: {_short(str(e), 120)}; expected {what}"


# -------------------------------------------------------------------------- the common shapes of an answer



def student_ks(samples_fn, mean: float, std: float, what: str, n: int = 10_000) -> tuple[np.ndarray | None, float, str]:
    """Call the student's ``samples_fn(n)`` and measure KS = sup |F_n - F| against N(mean, std^2) on what it returns.

    Returns (samples, KS, "") or (None, nan, what went wrong, in words).
    """
    out, problem = call_student(samples_fn, n, what=what)
    if problem:
        return None, math.nan, problem
    x, problem = read_samples(out, min_n=1000)
    if x is None:
        return None, math.nan, f"its output is not samples: {problem}"
    return x, metrics.ks_statistic(x, mean, std), ""

def read_target(mean, std) -> tuple[float | None, float | None, str]:
    """The target N(mean, std^2) a check was called with, as (mean, std) with std > 0, or (None, None, why)."""
    m, problem_m = read_number(mean)
    s, problem_s = read_number(std)
    if m is None or s is None or s <= 0:
        return None, None, problem_m or problem_s or f"got std {s:g}"
    return m, s, ""


def pair_answer(answer, what: str, shape: str = "") -> tuple[float, float] | None:
    """The answer as two floats, or None after printing why there is no verdict yet (unanswered, not a pair).

    ``what`` says what is asked (shown when unanswered); ``shape`` how to write it, e.g. "(saturating,
    non_saturating)" (shown for a wrong shape; default "(x1, x2)").
    """
    if unanswered(answer, what):
        return None
    pair, problem = read_numbers(answer, 2, shape)
    if pair is None:
        verdict(False, "", f"{problem} — {what}")
    return pair


def exact_tolerance(tol: float) -> str:
    """The sentence a hint ends with when the answer is an exact number and ``tol`` only allows for rounding."""
    return f"(Accepted within ±{tol:g} of the exact value: the answer has no randomness, ±{tol:g} allows rounding.)"


def number_check(answer, what: str, target: float, tol: float, success: str, hint: str) -> bool:
    """The common numeric exercise: a prompt when unanswered, else ✓ when ``|answer - target| < tol``.

    ``what`` says what is asked; ``success`` and ``hint`` are the two verdicts' texts (the hint gets the
    ``exact_tolerance`` sentence appended: ``target`` is exact, ``tol`` allows for rounding).
    """
    if unanswered(answer, what):
        return False
    a, problem = read_number(answer)
    if a is None:
        return verdict(False, "", f"{problem} — {what}")
    return verdict(abs(a - target) < tol, success, f"{hint} {exact_tolerance(tol)}")
