"""benchmarks/: the scripts' arguments (defaults, bad numbers answered in one line before any work) and a short run
of the 1-D benchmark."""

import importlib.util
import re

import pytest

from tests.helpers import REPO, one_line


def benchmark(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_arguments():
    bench = benchmark("gaussian_1d")
    a = bench.parse_args([])
    assert (a.recipe, a.seeds, a.bar, a.full) == ("course", [0, 1, 2, 3, 4], 0.03, False)
    assert a.target_obj.name == "N(4, 1.25)"
    a = bench.parse_args(["--recipe", "fifty-lines", "--seeds", "3", "--mean", "-3", "--std", "0.5", "--full"])
    assert (a.recipe, a.seeds, a.target_obj.mean, a.target_obj.std, a.full) == ("fifty-lines", [3], -3.0, 0.5, True)
    assert bench.parse_args(["--target", "gamma", "--params", "a=2"]).target_obj.name == "gamma(a=2)"
    bad_args = (["--std", "0"], ["--recipe", "nope"], ["--seeds", "1", "1"], ["--steps", "0"], ["--target", "gamm"],
                ["--target", "mixture", "--params", "1,2,3"])
    for bad in bad_args:
        with pytest.raises(SystemExit):
            bench.parse_args(bad)


def test_benchmark_runs_and_reports(capsys):
    bench = benchmark("gaussian_1d")
    summary = bench.main(["--seeds", "0", "1", "--steps", "10", "--target", "mixture", "--params=-2,0.5,2,0.5"])
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].startswith("{") and '"recipe": "course"' in out[-1]
    assert summary["steps"] == 10 and len(summary["final_ks"]) == 2 and summary["us_per_update"] > 0
    assert summary["n_final_below"] == sum(ks <= 0.03 for ks in summary["final_ks"])


BAD_BENCHMARKS = [
    ("gaussian_1d", ["--seeds", "1", "1"], "--seeds must name each value once"),
    ("gaussian_1d", ["--seeds", "-1"], "--seeds must be whole numbers from 0"),
    ("gaussian_1d", ["--seeds", str(2**63)], "--seeds must be whole numbers from 0"),
    ("gaussian_1d", ["--seeds", *map(str, range(101))], "at most 100 seeds"),
    ("gaussian_1d", ["--steps", "0"], "--steps must be a whole number from 1"),
    ("gaussian_1d", ["--steps", "10000000"], "--steps must be a whole number from 1"),
    ("gaussian_1d", ["--steps", "ten"], "invalid int value"),
    ("gaussian_1d", ["--bar", "nan"], "--bar must be a number in"),
    ("gaussian_1d", ["--mean", "nan"], "mean must be a finite number"),
    ("gaussian_1d", ["--mean", "1e30"], "cannot be trained in float32"),
    ("gaussian_1d", ["--std", "inf"], "std"),
    ("mixture_2d", ["--seeds", "0", "0"], "--seeds must name each value once"),
    ("mixture_2d", ["--seeds", "-3"], "--seeds must be whole numbers from 0"),
    ("mixture_2d", ["--steps", "0"], "--steps must be a whole number from 1"),
    ("mixture_2d", ["--targets", "ring", "ring"], "--targets must name each value once"),
    ("mixture_2d", ["--remedies", "plain", "plain"], "--remedies must name each value once"),
    ("mixture_2d", ["--remedies", "magic"], "invalid choice"),
    ("mnist", ["--threads", "0"], "--threads must be a whole number from 1"),
    ("mnist", ["--threads", "100000"], "--threads must be a whole number from 1"),
    ("mnist", ["--fraction", "0"], r"--fraction must be a number in \(0, 1\]"),
    ("mnist", ["--fraction", "nan"], r"--fraction must be a number in \(0, 1\]"),
    ("mnist", ["--fraction", "1.5"], r"--fraction must be a number in \(0, 1\]"),
]


@pytest.mark.parametrize(("name", "argv", "words"), BAD_BENCHMARKS,
                         ids=[f"{c[0]} {' '.join(c[1])[:30]}" for c in BAD_BENCHMARKS])
def test_benchmarks_answer_a_bad_number_in_one_line_before_any_work(capsys, monkeypatch, name, argv, words):
    bench = benchmark(name)

    def no_work(*args, **kwargs):
        raise AssertionError("the benchmark started working before checking its arguments")

    for attr in ("mnist_tensors", "build_seeds", "run", "article_style_epoch"):  # whatever each one would do first
        if hasattr(bench, attr):
            monkeypatch.setattr(bench, attr, no_work)
    if hasattr(bench, "gaussian"):
        monkeypatch.setattr(bench.gaussian, "build_seeds", no_work)
    with pytest.raises(SystemExit) as info:
        bench.main(argv)
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert re.search(words, one_line(captured.err)) and captured.out == ""
