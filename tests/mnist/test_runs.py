"""The recorded MNIST runs (gan_course.mnist.runs): shipped whole, read back, and refused in words when broken."""

import json

import pytest

from gan_course import mnist
from gan_course.data import sha256_of
from gan_course.mnist import assets, runs
from tests.helpers import answers_bad_argument, bad_argument_cases


def test_the_shipped_full_run_is_the_article_recipe_for_all_its_epochs():
    run = runs.load_full_run()
    recipe = mnist.FULL_RECIPES["ch08_100"]
    assert run.recipe == recipe.name and run.epochs == recipe.epochs == 100 == len(run.fd)
    assert run.epoch == list(range(1, 101)) and (run.lr, run.betas) == (1e-4, [0.9, 0.999])
    assert sorted(map(int, run.grids)) == list(runs.GRID_EPOCHS)
    images = run.grid(100)
    assert images.shape == (16, 784) and 0 <= images.min() and images.max() <= 1
    # the record names the generator it saved, and that is the shipped, checksummed file
    assert run.generator == f"{assets.FILES['ch08_100']} sha256 {assets.SHA256['ch08_100']}"
    assert sha256_of(assets.verify("ch08_100")) == assets.SHA256["ch08_100"]
    G, loaded_recipe, meta = assets.load_generator("ch08_100")
    assert loaded_recipe == recipe and meta["fd"] == pytest.approx(run.fd, rel=1e-6, abs=0.01)


def test_the_shipped_ablation_changes_one_thing_at_a_time():
    ab = runs.load_ablation()
    assert ab.settings == list(runs.ABLATION) and ab.seeds == [0, 1, 2] and ab.epochs == 8
    fds, classes = ab.final("both (lr 2e-4, beta1 0.5)")
    assert len(fds) == len(classes) == 3
    with pytest.raises(ValueError, match="setting must be one of"):
        ab.final("lr 3e-4")


def test_missing_or_broken_records_say_how_to_remake_them(tmp_path):
    with pytest.raises(ValueError, match="python -m gan_course.mnist.runs tanh-100"):
        runs.load_full_run(tmp_path / "absent.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ValueError, match="damaged"):
        runs.load_ablation(bad)
    raw = json.loads(runs.record_path("tanh-100").read_text())
    raw["fd"] = raw["fd"][:3]
    bad.write_text(json.dumps(raw))
    with pytest.raises(ValueError, match="one value per epoch"):
        runs.load_full_run(bad)
    with pytest.raises(ValueError, match="record must be one of"):
        runs.record_path("tanh-50")
    with pytest.raises(ValueError, match="keeps samples after epochs"):
        runs.load_full_run().grid(7)


# ------------------------------------------------------------------------------------------------ the command

BAD_COMMANDS = [
    ("runs", runs.main, [], "give one record"),
    ("runs", runs.main, ["tanh-50"], "got 'tanh-50'"),
    ("runs", runs.main, ["tanh-100", "adam-ablation"], "got 2 arguments"),
]


@pytest.mark.parametrize(("main", "argv", "words"), bad_argument_cases(BAD_COMMANDS))
def test_the_command_answers_a_bad_argument_in_one_line(capsys, main, argv, words):
    answers_bad_argument(capsys, main, argv, words)
