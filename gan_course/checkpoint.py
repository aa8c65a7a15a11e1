"""Checkpoints as plain state dicts, loaded with ``weights_only=True`` so a file cannot run code.

``torch.save(model)`` pickles the whole module and loading it executes arbitrary code from the file;
the course never does that. A checkpoint is ``{"format": ..., "models": {name: state_dict}, "meta": {...}}``.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import torch
from torch import nn

__all__ = ["CheckpointError", "save_checkpoint", "load_checkpoint"]

FORMAT = "gan_course/1"


class CheckpointError(RuntimeError):
    """The checkpoint is missing, unsafe, not one of the course's, or does not fit the model."""


def save_checkpoint(path: str | Path, models: dict[str, nn.Module], meta: dict | None = None) -> Path:
    """Save the state dicts of ``models`` (e.g. ``{"G": G}``) and plain ``meta`` (numbers, strings) to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "format": FORMAT,
        "models": {name: m.state_dict() for name, m in models.items()},
        "meta": dict(meta or {}),
    }
    torch.save(payload, path)
    return path


def load_checkpoint(path: str | Path, models: dict[str, nn.Module]) -> dict:
    """Load state dicts into ``models`` (same names as when saved); return the meta dict.

    Raises ``CheckpointError`` with a plain explanation when the file is missing, holds pickled code
    (refused by ``weights_only=True``), is not a course checkpoint, or its tensors do not fit the models.
    """
    path = Path(path)
    if not path.exists():
        raise CheckpointError(f"checkpoint {path} does not exist; train and save one first (save_checkpoint)")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as err:
        raise CheckpointError(
            f"refused to load {path}: it is not a plain state-dict checkpoint (it would need to run code "
            f"from the file to load, which weights_only=True forbids). Only load checkpoints made with "
            f"gan_course.checkpoint.save_checkpoint. Details: {str(err).splitlines()[0]}"
        ) from None
    except (RuntimeError, EOFError, OSError) as err:
        raise CheckpointError(
            f"{path} is not a readable torch checkpoint (truncated or another format): {err}"
        ) from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CheckpointError(
            f"{path} is not a gan_course checkpoint (no 'format': {FORMAT!r}); save with save_checkpoint"
        )
    saved = payload["models"]
    missing = sorted(set(models) - set(saved))
    if missing:
        raise CheckpointError(f"{path} holds models {sorted(saved)}, not {missing}")
    for name, model in models.items():
        try:
            model.load_state_dict(saved[name])
        except RuntimeError as err:
            raise CheckpointError(
                f"the weights for {name!r} in {path} do not fit this model (different layer sizes?). "
                f"Build the model with the sizes in the checkpoint's meta: {payload['meta']}. torch said: "
                f"{str(err).splitlines()[0]}"
            ) from None
    return payload["meta"]
