"""Checkpoints as plain state dicts, loaded with ``weights_only=True`` so a file cannot run code.

``torch.save(model)`` pickles the whole module and loading it executes arbitrary code from the file;
the course never does that. A checkpoint is ``{"format": ..., "models": {name: state_dict}, "meta": {...}}``.

Both directions answer in words: ``save_checkpoint`` turns ``meta`` into plain data (NumPy scalars become Python
numbers, dataclasses dicts) and refuses what ``weights_only=True`` could not load back (arrays, tensors, objects),
so every file it writes loads again, and writes atomically (``gan_course.files``: a failed write leaves the old file
whole); ``load_checkpoint`` raises ``CheckpointError`` for a file that is missing, not
a checkpoint, unsafe, not the course's, does not fit the models, or holds NaN or infinite weights. That last check
is an error, not a warning, and it runs before any weight is copied: a generator with NaN weights draws nothing,
and the models keep the weights they had. A flipped bit that leaves a weight finite cannot be seen this way; the
shipped files are checked against their SHA-256 for that (``gan_course.mnist.assets.verify``).
"""

from __future__ import annotations

import dataclasses
import os
import pickle
from pathlib import Path

import numpy as np
import torch
from torch import nn

from .files import replacing

__all__ = ["CheckpointError", "save_checkpoint", "load_checkpoint"]

FORMAT = "gan_course/1"


class CheckpointError(RuntimeError):
    """The checkpoint is missing, unsafe, not one of the course's, damaged, or does not fit the model."""


def _path(path: object) -> Path:
    if not isinstance(path, (str, os.PathLike)) or str(path) == "":
        raise ValueError(f"path must be a file name such as 'outputs/G.pt' (a str or pathlib.Path), got {path!r}")
    return Path(path)


def _models(models: object) -> dict[str, nn.Module]:
    example = "{'G': G} or {'G': G, 'D': D}"
    if not isinstance(models, dict) or not models:
        raise ValueError(f"models must be a dict naming each network, like {example}; got {type(models).__name__}")
    for name, model in models.items():
        if not isinstance(name, str):
            raise ValueError(f"the names in models must be strings, like {example}; got {name!r}")
        if not isinstance(model, nn.Module):
            raise ValueError(
                f"models[{name!r}] must be a torch.nn.Module (the network itself), got {type(model).__name__}: "
                f"pass {example}"
            )
    return models


def _plain(value: object, where: str) -> object:
    """``value`` as data ``torch.load(weights_only=True)`` reads back: None, bools, numbers, strings, and lists,
    tuples and dicts of them. NumPy scalars become Python numbers, dataclasses dicts; anything else is refused."""
    if isinstance(value, np.generic) and isinstance(value.item(), (bool, int, float, str)):
        return value.item()  # np.float32(0.5) -> 0.5 (np.float64 is a float subclass, but pickles as NumPy)
    if value is None or type(value) in (bool, int, float, str):
        return value
    for plain in (bool, int, float, str):  # a subclass (an IntEnum, a str enum) as its plain value
        if isinstance(value, plain):
            return plain(value) if plain is not str else str.__str__(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _plain(dataclasses.asdict(value), where)
    if isinstance(value, (list, tuple)):
        items = [_plain(v, f"{where}[{i}]") for i, v in enumerate(value)]
        return items if isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if not isinstance(k, (str, int)) or isinstance(k, bool):
                raise ValueError(f"meta keys must be strings, got {k!r} in {where}")
            out[k] = _plain(v, f"{where}[{k!r}]")
        return out
    hint = "x.tolist()" if isinstance(value, (np.ndarray, torch.Tensor)) else "str(x), float(x) or a list of numbers"
    raise ValueError(
        f"{where} is of type {type(value).__name__}, which a checkpoint cannot hold safely: meta takes plain data "
        f"(numbers, strings, None, and lists, tuples and dicts of them); pass {hint} instead"
    )


def save_checkpoint(path: str | Path, models: dict[str, nn.Module], meta: dict | None = None) -> Path:
    """Save the state dicts of ``models`` (e.g. ``{"G": G}``) and plain ``meta`` (numbers, strings) to ``path``.

    ``meta`` is made plain first (NumPy scalars -> numbers, dataclasses -> dicts); an array, a tensor or another
    object in it is refused with a ValueError saying what to pass, before anything is written.
    """
    path = _path(path)
    models = _models(models)
    if meta is not None and not isinstance(meta, dict):
        raise ValueError(f"meta must be a dict of plain values like {{'epochs': 5}}, or None; got {meta!r}")
    plain_meta = _plain(dict(meta or {}), "meta")
    if path.is_dir():
        raise ValueError(f"path {path} is a folder: give a file name inside it, e.g. {path / 'G.pt'}")
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "format": FORMAT,
        "models": {name: m.state_dict() for name, m in models.items()},
        "meta": plain_meta,
    }
    try:
        with replacing(path) as f:  # a temporary file beside path, then os.replace: never a half-written checkpoint
            torch.save(payload, f)
    except (OSError, RuntimeError) as err:  # torch's zip writer turns a failed write (a full disk) into RuntimeError
        cause = err if isinstance(err, OSError) else err.__context__
        if not isinstance(cause, OSError):
            raise
        raise OSError(cause.errno, f"the checkpoint {path} could not be written ({cause.strerror}); a file already "
                                   f"there is unchanged: free some space, or save to a folder you can write to"
                      ) from None
    return path


def _nonfinite(state: dict) -> list[str]:
    """'name (k of n)' for each floating tensor of ``state`` holding NaN or infinite values."""
    bad = []
    for key, t in state.items():
        if isinstance(t, torch.Tensor) and t.is_floating_point():
            k = int((~torch.isfinite(t)).sum())
            if k:
                bad.append(f"{key} ({k} of {t.numel()})")
    return bad


def load_checkpoint(path: str | Path, models: dict[str, nn.Module]) -> dict:
    """Load state dicts into ``models`` (same names as when saved); return the meta dict.

    Raises ``CheckpointError`` with a plain explanation when the file is missing, not a torch file, holds pickled
    code (refused by ``weights_only=True``), is not a course checkpoint, its tensors do not fit the models, or
    a weight is NaN or infinite (checked before anything is loaded: the models are unchanged then).
    """
    path = _path(path)
    models = _models(models)
    if not path.exists():
        raise CheckpointError(f"checkpoint {path} does not exist; train and save one first (save_checkpoint)")
    if path.is_dir():
        raise CheckpointError(f"{path} is a folder, not a checkpoint file: pass the .pt file inside it")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as err:
        raise CheckpointError(
            f"refused to load {path}: it is not a plain state-dict checkpoint (it would need to run code "
            f"from the file to load, which weights_only=True forbids). Only load checkpoints made with "
            f"gan_course.checkpoint.save_checkpoint. Details: {str(err).splitlines()[0]}"
        ) from None
    except Exception as err:  # noqa: BLE001 -- torch's reader fails on foreign bytes in many ways (KeyError: 101 ...)
        raise CheckpointError(
            f"{path} is not a readable torch checkpoint (truncated, damaged, or another format such as text): "
            f"{type(err).__name__}: {err}. Save checkpoints with gan_course.checkpoint.save_checkpoint."
        ) from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CheckpointError(
            f"{path} is not a gan_course checkpoint (no 'format': {FORMAT!r}); save with save_checkpoint"
        )
    saved, meta = payload.get("models"), payload.get("meta", {})
    shaped = isinstance(saved, dict) and all(isinstance(s, dict) for s in saved.values())
    if not shaped or not isinstance(meta, dict):
        raise CheckpointError(
            f"{path} says it is a gan_course checkpoint but has no 'models' dict of state dicts (or its 'meta' is "
            f"not a dict): it is damaged or was not written by save_checkpoint. Save it again with save_checkpoint."
        )
    for name in models:
        for key, value in saved.get(name, {}).items():
            if not isinstance(value, torch.Tensor):
                raise CheckpointError(
                    f"the field models[{name!r}][{key!r}] of {path} is a {type(value).__name__}, not a tensor: the "
                    f"file is damaged or was not written by save_checkpoint; nothing was loaded. Save it again."
                )
    missing = sorted(set(models) - set(saved))
    if missing:
        raise CheckpointError(f"{path} holds models {sorted(saved)}, not {missing}")
    for name in models:
        bad = _nonfinite(saved[name])
        if bad:
            raise CheckpointError(
                f"the weights for {name!r} in {path} hold NaN or infinite values: {', '.join(bad)}. The file is "
                f"damaged or was saved from a run that diverged; nothing was loaded. Use another checkpoint, or "
                f"train again (with lower learning rates if the run diverged)."
            )
    for name, model in models.items():
        try:
            model.load_state_dict(saved[name])
        except (RuntimeError, TypeError, AttributeError, KeyError, ValueError) as err:
            raise CheckpointError(
                f"the weights for {name!r} in {path} do not fit this model (different layer sizes?). "
                f"Build the model with the sizes in the checkpoint's meta: {meta}. torch said: "
                f"{str(err).splitlines()[0] if str(err) else type(err).__name__}"
            ) from None
    return meta
