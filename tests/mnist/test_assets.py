"""gan_course.mnist.assets: the shipped classifier and generators load, a damaged file, path or training log is
refused naming it, and the command answers a bad argument in one line."""

import shutil

import pytest
import torch

from gan_course.checkpoint import CheckpointError
from gan_course.mnist import assets
from tests.helpers import answers_bad_argument, bad_argument_cases, refused


def test_corrupted_classifier_is_refused(tmp_path):
    bad = tmp_path / "mnist_cnn.pt"
    shutil.copy(assets.asset_path("classifier"), bad)
    raw = bytearray(bad.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    bad.write_bytes(bytes(raw))
    with pytest.raises(CheckpointError, match="damaged or not the shipped file.*train-classifier"):
        assets.load_classifier(bad)
    with pytest.raises(CheckpointError, match="is missing"):
        assets.load_classifier(tmp_path / "absent.pt")


def test_shipped_generators_load():
    for chapter in ("ch07", "ch08_article", "ch08"):
        G, recipe, meta = assets.load_generator(chapter)
        assert G(torch.zeros(2, recipe.noise_dim)).shape == (2, 784)
        assert meta["epochs_trained"] == recipe.epochs and len(meta["fd"]) == recipe.epochs


@pytest.mark.parametrize("loader", ["classifier", "generator"])
@pytest.mark.parametrize("what", ["a folder", "an int", "empty text", "a missing file"])
def test_weight_loaders_refuse_a_path_that_is_not_their_file(tmp_path, loader, what):
    path = {"a folder": tmp_path, "an int": 3, "empty text": "", "a missing file": tmp_path / "G.pt"}[what]
    load = assets.load_classifier if loader == "classifier" else (lambda p: assets.load_generator("ch07", p))
    words = {"a folder": "is a folder", "an int": "path must be a file name", "empty text": "path must be a file",
             "a missing file": "is missing"}[what]
    refused(load, path, match=words)


def shipped_log() -> dict:
    return assets.load_generator("ch07")[2]


NAN = float("nan")


BAD_LOGS = [
    ("fd", lambda m: m["fd"][:-1] + [NAN], "'fd' must be a list of finite numbers"),
    ("fd", lambda m: m["fd"][:-1], "'fd' must be a list of finite numbers, one per epoch"),
    ("loss_d", lambda m: ["0.5"] * len(m["epoch"]), "'loss_d' must be a list of finite numbers"),
    ("d_real", lambda m: None, "'d_real' must be a list"),
    ("classes", lambda m: [9.5] * len(m["epoch"]), "'classes' must be a list of whole numbers"),
    ("epoch", lambda m: [True] * len(m["epoch"]), "'epoch' must be a list of whole numbers"),
    ("epochs_trained", lambda m: 3, "epochs_trained is 3"),
]


@pytest.mark.parametrize(("field", "change", "words"), BAD_LOGS, ids=[f"{b[0]} {b[2][:20]}" for b in BAD_LOGS])
def test_a_damaged_training_log_is_refused_naming_the_file_and_field(field, change, words):
    meta = shipped_log()
    assert assets.check_log(meta, "ch07_G.pt") is meta
    bad = {**meta, field: change(meta)}
    assert "ch07_G.pt" in refused(assets.check_log, bad, "ch07_G.pt", match=words)


# ------------------------------------------------------------------------------------------------ the command


BAD_COMMANDS = [
    ("assets", assets.main, [], "train-classifier or train-generators"),
    ("assets", assets.main, ["train"], "train-classifier or train-generators"),
    ("assets", assets.main, ["train-classifier", "ch07"], "takes no more arguments"),
    ("assets", assets.main, ["train-generators", "ch99"], "got 'ch99'"),
    ("assets", assets.main, ["train-generators", "ch07", "ch07"], "name each generator once"),
]


@pytest.mark.parametrize(("main", "argv", "words"), bad_argument_cases(BAD_COMMANDS))
def test_the_command_answers_a_bad_argument_in_one_line(capsys, main, argv, words):
    answers_bad_argument(capsys, main, argv, words)
