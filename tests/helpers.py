"""Helpers that several test modules share: how a bad input must be answered, a write on a full disk, small runs.

The answer checks differ in how strict they are, as the tests that use them were written:

- ``answered_in_words``: a course error (``ValueError``, ``CheckpointError``, ``TrainingDiverged``) raised by a frame
  under ``gan_course/``, a sentence (over 30 characters), with ``match`` in it;
- ``raised_by_course``: a ``ValueError``/``TypeError`` from a ``raise`` statement in gan_course, a sentence (over 25
  characters), with ``match``;
- ``refused``: a ``ValueError``/``CheckpointError`` from a frame in gan_course with ``match`` (returns the message);
- ``refused_in_words``: a ``ValueError`` from a ``raise`` in gan_course, a sentence (over 30), ``match`` (the message).
"""

from __future__ import annotations

import linecache
import re
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
import torch

import gan_course
from gan_course import data, models, runtime
from gan_course.checkpoint import CheckpointError
from gan_course.synthetic import gaussian
from gan_course.train import TrainConfig, Trainer, TrainingDiverged

PACKAGE = Path(gan_course.__file__).resolve().parent
REPO = PACKAGE.parent
COURSE_ERRORS = (ValueError, CheckpointError, TrainingDiverged)


def _course_error(call, args, kwargs, match: str | None, errors, from_raise: bool, sentence: int) -> Exception:
    """Call; it must raise ``errors`` from a frame in gan_course (from a ``raise`` statement if ``from_raise``), with
    a message longer than ``sentence`` characters holding a space (if ``sentence``) that ``match`` is found in."""
    with pytest.raises(errors) as info:
        call(*args, **kwargs)
    err = info.value
    last = traceback.extract_tb(info.tb)[-1]
    where = Path(last.filename).resolve()
    text = str(err)
    assert where.is_relative_to(PACKAGE), f"{type(err).__name__} from {where}:{last.lineno}, not gan_course: {text}"
    if from_raise:
        line = linecache.getline(last.filename, last.lineno).strip()
        assert line.startswith("raise"), f"not a course answer but an error at {where.name}:{last.lineno}: {line!r}"
    if sentence:
        assert len(text) > sentence and " " in text, f"not a sentence: {text!r}"
    if match is not None:
        assert re.search(match, text), f"{match!r} not in {text!r}"
    return err


def answered_in_words(call, *args, match: str | None = None, errors=COURSE_ERRORS, **kwargs) -> Exception:
    """Call, and check that it raised a course error from a frame in gan_course/, in a sentence (and ``match``)."""
    return _course_error(call, args, kwargs, match, errors, from_raise=False, sentence=30)


def raised_by_course(call, match: str, errors=(ValueError, TypeError)) -> Exception:
    """Call; it must raise ``errors`` from a ``raise`` statement in a gan_course file, with ``match`` in a sentence."""
    return _course_error(call, (), {}, match, errors, from_raise=True, sentence=25)


def refused(call, *args, match: str, errors=(ValueError, CheckpointError), **kwargs) -> str:
    """Call; check it raised a course error from a frame in gan_course/, a message matching ``match``."""
    return str(_course_error(call, args, kwargs, match, errors, from_raise=False, sentence=0))


def refused_in_words(call, *args, match: str, **kwargs) -> str:
    """The ValueError ``call`` raises, checked to come from a ``raise`` in gan_course, in a sentence, with ``match``."""
    return str(_course_error(call, args, kwargs, match, ValueError, from_raise=True, sentence=30))


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in text, f"not one line: {text!r}"
    return lines[0]


# ---------------------------------------------------------------------------------------------- a full disk

CHILD = """
import resource, signal, sys
from pathlib import Path
path = Path(sys.argv[1])
{setup}
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing us
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
try:
{write}
except OSError as err:
    print("refused", err.errno)
    sys.exit(3)
print("written")
"""

LIMIT = 64 * 1024  # the "disk" holds 64 KiB per file; every new content the tests write is larger, every old smaller


def run_child(path: Path, setup: str, write: str, limit: int = LIMIT) -> subprocess.CompletedProcess:
    """Run ``write`` (indented code) in a child process whose files may not grow past ``limit`` bytes (``ulimit -f``,
    ``RLIMIT_FSIZE``, with ``SIGXFSZ`` ignored, so the write fails with ``EFBIG`` instead of killing the process);
    it exits with status 3 and prints ``refused <errno>`` when the write fails."""
    code = CHILD.format(setup=setup, limit=limit, write=write)
    return subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=REPO,
                          timeout=120)


# ---------------------------------------------------------------------------------------------- small runs

FAST = TrainConfig(steps=300, batch_size=128, lr_d=2e-3, lr_g=2e-3, device="cpu")


def make_trainer(config: TrainConfig, seed: int = 0, real=None) -> Trainer:
    """A 1-D GAN of two 16-unit layers, on N(4, 1.25^2) unless ``real`` is given."""
    runtime.seed_everything(seed)
    G = models.mlp_generator(1, (16, 16), 1, "elu")
    in_features = 2 * config.batch_size if config.d_features == "minibatch_diffs" else 1
    D = models.mlp_discriminator(in_features, (16, 16), "elu")
    real = real if real is not None else data.gaussian_sampler(4.0, 1.25)
    return Trainer(G, D, real, data.normal_noise(1), config)


F = data.gaussian_sampler(0.0, 1.0)  # a valid sampler, for the tables of wrong inputs
SMALL = gaussian.COURSE.replace(g_hidden=(8, 8), d_hidden=(8,), batch_size=32, steps=40, cosine_t_max=40)
MNIST_IMAGES = torch.rand(96, 784, generator=torch.Generator().manual_seed(0))


def bad_argument_cases(table: list[tuple]) -> list:
    """pytest parameters (main, argv, words) for a command's table of (name, main, argv, words), each case named by
    its command line."""
    return [pytest.param(main, argv, words, id=f"{name} {' '.join(argv)}") for name, main, argv, words in table]


def answers_bad_argument(capsys, main, argv: list[str], words: str) -> None:
    """``main(argv)`` returns 2 before any work and says ``words`` and the usage in one line on stderr, nothing on
    stdout."""
    assert main(argv) == 2  # returned before any training
    captured = capsys.readouterr()
    line = one_line(captured.err)
    assert words in line and "usage: python -m gan_course." in line and captured.out == ""
