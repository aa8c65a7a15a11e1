"""gan_course.checkpoint: state-dict checkpoints that load back, refuse pickles that run code, and answer a bad file,
meta or weight in words."""

import math
import pickle

import numpy as np
import pytest
import torch

from gan_course import models
from gan_course.checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from gan_course.train import TrainConfig
from tests.helpers import answered_in_words, refused


def test_round_trip(tmp_path):
    G = models.mlp_generator(4, (8,), 2)
    path = save_checkpoint(tmp_path / "g.pt", {"G": G}, meta={"noise_dim": 4, "hidden": [8]})
    G2 = models.mlp_generator(4, (8,), 2)
    meta = load_checkpoint(path, {"G": G2})
    assert meta == {"noise_dim": 4, "hidden": [8]}
    z = torch.randn(3, 4)
    assert torch.equal(G(z), G2(z))


class RunsCode:
    def __reduce__(self):
        return (print, ("this pickle ran code",))


def test_pickle_that_would_run_code_is_refused(tmp_path, capsys):
    path = tmp_path / "evil.pt"
    with open(path, "wb") as f:
        pickle.dump({"format": "gan_course/1", "models": {"G": RunsCode()}}, f)
    with pytest.raises(CheckpointError, match="refused to load"):
        load_checkpoint(path, {"G": models.mlp_generator(4, (8,), 2)})
    assert "this pickle ran code" not in capsys.readouterr().out


def test_whole_module_pickle_is_refused(tmp_path):
    path = tmp_path / "module.pt"
    torch.save(models.mlp_generator(4, (8,), 2), path)  # the habit the course avoids
    with pytest.raises(CheckpointError, match="refused to load"):
        load_checkpoint(path, {"G": models.mlp_generator(4, (8,), 2)})


def test_missing_and_mismatched_checkpoints(tmp_path):
    with pytest.raises(CheckpointError, match="does not exist"):
        load_checkpoint(tmp_path / "nope.pt", {"G": models.mlp_generator(4, (8,), 2)})
    path = save_checkpoint(tmp_path / "g.pt", {"G": models.mlp_generator(4, (8,), 2)}, meta={"hidden": [8]})
    with pytest.raises(CheckpointError, match="do not fit this model"):
        load_checkpoint(path, {"G": models.mlp_generator(4, (16,), 2)})
    with pytest.raises(CheckpointError, match=r"holds models \['G'\], not \['D'\]"):
        load_checkpoint(path, {"D": models.mlp_generator(4, (8,), 2)})
    plain = tmp_path / "plain.pt"
    torch.save({"weight": torch.zeros(2)}, plain)
    with pytest.raises(CheckpointError, match="not a gan_course checkpoint"):
        load_checkpoint(plain, {"G": models.mlp_generator(4, (8,), 2)})
    truncated = tmp_path / "truncated.pt"
    truncated.write_bytes(path.read_bytes()[:100])
    with pytest.raises(CheckpointError, match="not a readable torch checkpoint"):
        load_checkpoint(truncated, {"G": models.mlp_generator(4, (8,), 2)})


# -------------------------------------------------------------------------------- bad files, meta and weights


@pytest.fixture
def G():
    torch.manual_seed(0)
    return models.mlp_generator(2, (4,), 1)


@pytest.fixture
def saved(tmp_path, G):
    return save_checkpoint(tmp_path / "g.pt", {"G": G}, meta={"noise_dim": 2})


def test_checkpoint_inputs_are_answered_in_words(tmp_path, G, saved):
    text = tmp_path / "notes.txt"
    text.write_text("these are my notes, not weights\n")
    answered_in_words(load_checkpoint, text, {"G": G}, match="not a readable torch checkpoint")
    empty = tmp_path / "empty.pt"
    empty.write_bytes(b"")
    answered_in_words(load_checkpoint, empty, {"G": G}, match="not a readable torch checkpoint")
    no_models = tmp_path / "no_models.pt"
    torch.save({"format": "gan_course/1", "meta": {}}, no_models)
    answered_in_words(load_checkpoint, no_models, {"G": G}, match="no 'models' dict")
    list_models = tmp_path / "list_models.pt"
    torch.save({"format": "gan_course/1", "models": [1, 2]}, list_models)
    answered_in_words(load_checkpoint, list_models, {"G": G}, match="no 'models' dict")
    answered_in_words(load_checkpoint, saved, {"G": "weights"}, match=r"models\['G'\] must be a torch.nn.Module")
    answered_in_words(load_checkpoint, None, {"G": G}, match="path must be a file name")
    answered_in_words(load_checkpoint, saved, G, match="models must be a dict naming each network")
    answered_in_words(load_checkpoint, tmp_path, {"G": G}, match="is a folder")
    answered_in_words(save_checkpoint, tmp_path / "x.pt", G, match="models must be a dict naming each network")
    answered_in_words(save_checkpoint, tmp_path / "x.pt", {"G": "weights"}, match="must be a torch.nn.Module")
    answered_in_words(save_checkpoint, None, {"G": G}, match="path must be a file name")
    answered_in_words(save_checkpoint, tmp_path, {"G": G}, match="is a folder")
    answered_in_words(save_checkpoint, tmp_path / "x.pt", {"G": G}, meta=[1, 2], match="meta must be a dict")


@pytest.mark.parametrize(
    "value", [np.zeros(3), torch.zeros(2), object(), {1.5: "x"}], ids=["array", "tensor", "object", "float key"]
)
def test_meta_a_checkpoint_cannot_hold_is_refused_before_writing(tmp_path, G, value):
    answered_in_words(save_checkpoint, tmp_path / "x.pt", {"G": G}, meta={"x": value}, match="meta")
    assert not (tmp_path / "x.pt").exists()


def test_every_meta_save_checkpoint_accepts_loads_back(tmp_path, G):
    meta = {"lr": np.float32(0.5), "epochs": np.int64(3), "ok": np.bool_(True), "config": TrainConfig(),
            "betas": (0.5, 0.999), "nested": {"a": [np.float64(1.0), None, "s"]}}
    path = save_checkpoint(tmp_path / "meta.pt", {"G": G}, meta=meta)
    back = load_checkpoint(path, {"G": models.mlp_generator(2, (4,), 1)})
    assert back["lr"] == 0.5 and back["epochs"] == 3 and back["ok"] is True and back["betas"] == (0.5, 0.999)
    assert back["config"]["lr_d"] == TrainConfig().lr_d and back["nested"] == {"a": [1.0, None, "s"]}
    assert type(back["lr"]) is float and type(back["epochs"]) is int


@pytest.mark.parametrize("bad", [math.nan, math.inf], ids=["nan", "inf"])
def test_nonfinite_weights_are_refused_and_nothing_is_loaded(tmp_path, G, bad):
    with torch.no_grad():
        G.net[0].weight.fill_(bad)
    path = save_checkpoint(tmp_path / "bad.pt", {"G": G})
    target = models.mlp_generator(2, (4,), 1)
    before = {k: v.clone() for k, v in target.state_dict().items()}
    answered_in_words(load_checkpoint, path, {"G": target}, match=r"NaN or infinite values: net.0.weight \(8 of 8\)")
    assert all(torch.equal(before[k], v) for k, v in target.state_dict().items())


def test_a_flipped_byte_that_makes_a_weight_nan_is_caught(tmp_path, G):
    with torch.no_grad():
        G.net[0].weight[0, 0] = 1.5  # float32 bytes 00 00 c0 3f; one flipped bit in the last makes 7f: NaN
    path = save_checkpoint(tmp_path / "g.pt", {"G": G})
    raw = bytearray(path.read_bytes())
    at = raw.find(bytes([0, 0, 0xC0, 0x3F]))
    assert at > 0
    raw[at + 3] = 0x7F
    path.write_bytes(bytes(raw))
    answered_in_words(load_checkpoint, path, {"G": models.mlp_generator(2, (4,), 1)}, match="NaN or infinite")


def test_checkpoint_fields_that_are_not_tensors_are_refused_before_loading(tmp_path):
    G = models.mlp_generator(2, (4,), 1)
    path = save_checkpoint(tmp_path / "g.pt", {"G": G})
    payload = torch.load(path, weights_only=True)
    before = {k: v.clone() for k, v in G.state_dict().items()}
    for bad in ("0.weight", [1.0, 2.0], None):
        payload["models"]["G"]["0.weight"] = bad
        torch.save(payload, path)
        refused(load_checkpoint, path, {"G": G}, match=r"field models\['G'\]\['0.weight'\] of .*g.pt is a")
    assert all(torch.equal(v, before[k]) for k, v in G.state_dict().items())  # nothing was loaded
    folder = tmp_path / "folder.pt"
    folder.mkdir()
    refused(load_checkpoint, folder, {"G": G}, match="is a folder, not a checkpoint file")
