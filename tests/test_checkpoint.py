import pickle

import pytest
import torch

from gan_course import models
from gan_course.checkpoint import CheckpointError, load_checkpoint, save_checkpoint


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
