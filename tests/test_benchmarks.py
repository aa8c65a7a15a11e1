"""benchmarks/: the scripts' arguments (defaults, bad numbers answered in one line before any work), a short run
of the 1-D benchmark and of the MNIST one, and the shared timing helpers (benchmarks/_timing.py)."""

import importlib.util
import json
import re
import sys
import time

import pytest
import torch

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
    ("mnist", ["--rounds", "0"], "--rounds must be a whole number from 1"),
    ("mnist", ["--rounds", "1000"], "--rounds must be a whole number from 1"),
    ("mnist", ["--batches", "0"], "--batches must be a whole number from 1"),
    ("mnist", ["--batches", "ten"], "invalid int value"),
    ("mnist", ["--dcgan-batches", "100000"], "--dcgan-batches must be a whole number from 1"),
    ("mnist", ["--threads", "2"], "unrecognized arguments"),
]


@pytest.mark.parametrize(("name", "argv", "words"), BAD_BENCHMARKS,
                         ids=[f"{c[0]} {' '.join(c[1])[:30]}" for c in BAD_BENCHMARKS])
def test_benchmarks_answer_a_bad_number_in_one_line_before_any_work(capsys, monkeypatch, name, argv, words):
    bench = benchmark(name)

    def no_work(*args, **kwargs):
        raise AssertionError("the benchmark started working before checking its arguments")

    for attr in ("mnist_tensors", "build_seeds", "run", "mlp_speed", "cpu_info"):  # whatever each one would do first
        if hasattr(bench, attr):
            monkeypatch.setattr(bench, attr, no_work)
    if hasattr(bench, "gaussian"):
        monkeypatch.setattr(bench.gaussian, "build_seeds", no_work)
    with pytest.raises(SystemExit) as info:
        bench.main(argv)
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert re.search(words, one_line(captured.err)) and captured.out == ""


def test_mnist_arguments():
    a = benchmark("mnist").parse_args([])
    assert (a.rounds, a.batches, a.dcgan_batches, a.skip_quality, a.retrain) == (15, 20, 5, False, False)


@pytest.mark.slow  # loads MNIST, builds six trainers, times one round of each: about 10 s
def test_mnist_timing_parts_run_and_report(capsys, monkeypatch):
    bench = benchmark("mnist")
    monkeypatch.setattr(bench, "CHUNK_SECONDS", 0.01)
    result = bench.main(["--rounds", "1", "--batches", "2", "--dcgan-batches", "1", "--skip-quality"])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(last) == result and "quality" not in result
    assert result["machine"]["amx_tile"] in (True, False) and result["speedup"] > 0 and result["speedup_cpu"] > 0
    mlp = result["mlp"]
    assert set(mlp["fraction_of_peak"]) == {"article_style", "course", "course_lesson"}
    assert set(mlp["peak_gflops"]["float32"]) == {"square_1024", "step_shapes"}
    assert mlp["step_mflop"]["course"] > 100 and result["dcgan"]["conv_mflop_per_step"] > 100
    assert 0 < result["dcgan"]["fraction_of_peak"]["convolutions_replayed"]


# ---------------------------------------------------------------- benchmarks/_timing.py

@pytest.fixture(scope="module")
def timing():
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import _timing
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    return _timing


def spin(seconds: float) -> None:
    """Busy this thread for ``seconds`` of its own CPU time."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def test_rotations_give_every_name_every_place(timing):
    assert timing.rotations(["a", "b"], 4) == [["a", "b"], ["b", "a"], ["a", "b"], ["b", "a"]]
    assert timing.rotations(["a", "b", "c"], 3) == [["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]]


def test_interleaved_runs_in_rounds_after_warmup(timing):
    log = []
    fns = {k: (lambda k=k: log.append(k)) for k in "abc"}
    result = timing.interleaved(fns, rounds=3, warmup=1)
    assert log == ["a", "b", "c"] + ["a", "b", "c", "b", "c", "a", "c", "a", "b"]
    assert result["order"] == timing.rotations(list("abc"), 3)
    assert set(result["ratio_wall"]) == {"a/b", "a/c", "b/c", "b/a", "c/a", "c/b"}
    assert all(len(v) == 3 for v in result["samples"]["wall"].values())
    with pytest.raises(ValueError, match="rounds"):
        timing.interleaved(fns, rounds=0)


def test_interleaved_separates_wall_from_cpu_time(timing):
    # a: 12 ms of CPU; b: 12 ms asleep + 4 ms of CPU. Wall a/b ~ 0.75, CPU a/b ~ 3.
    fns = {"a": lambda: spin(0.012), "b": lambda: (time.sleep(0.012), spin(0.004))}
    result = timing.interleaved(fns, rounds=3, warmup=0)
    assert result["cpu"]["a"] >= 0.011 and result["wall"]["b"] >= 0.015
    assert 0.4 < result["ratio_wall"]["a/b"] < 1.0
    assert 2.0 < result["ratio_cpu"]["a/b"] < 4.0


def test_the_ratio_is_the_median_of_paired_ratios(timing):
    # per-round ratios 4, 1, 3: median 3, where the ratio of the medians would say 4
    assert timing._paired([4.0, 1.0, 9.0], [1.0, 1.0, 3.0]) == 3.0


def test_cpu_info_reads_the_flags(timing):
    text = "processor\t: 0\nmodel name\t: Some CPU\nflags\t\t: fpu avx2 fma avx512f avx512_bf16\n"
    info = timing.cpu_info(text)
    assert info["model"] == "Some CPU" and info["flags"] == ["avx2", "fma", "avx512f", "avx512_bf16"]
    assert info["avx512_bf16"] and not info["amx_bf16"] and not info["amx_tile"]
    assert set(timing.FLAGS) <= set(timing.cpu_info()) and {"model", "logical_cores"} <= set(timing.cpu_info())


def test_one_thread_and_precision_restore_the_settings(timing):
    threads, prec = torch.get_num_threads(), torch.get_float32_matmul_precision()
    with timing.one_thread(), timing.precision("medium"):
        assert torch.get_num_threads() == 1 and torch.get_float32_matmul_precision() == "medium"
    assert (torch.get_num_threads(), torch.get_float32_matmul_precision()) == (threads, prec)


def test_matmul_peak_and_replay(timing):
    assert timing.matmul_peak((32, 32, 32), seconds=0.01) > 0
    assert timing.matmul_peak([(8, 16, 8), (16, 8, 4)], batch=3, seconds=0.01) > 0
    assert timing.square_peak(size=64, seconds=0.01) > 0
    with pytest.raises(ValueError, match="triples"):
        timing.matmul_peak([(0, 1, 2)])
    net = torch.nn.Linear(8, 4)
    x = torch.randn(5, 8)
    calls = timing.capture_calls(lambda: net(x).sum().backward(), lambda op: "mm" in str(op))
    assert [str(c.op) for c in calls][0] == "aten.addmm.default" and len(calls) >= 2
    assert 0 < timing.replay_seconds(calls, seconds=0.01) < 0.01
    chunk, flops = timing.matmul_chunk((16, 16, 16), seconds=0.005)
    assert flops >= 2 * 16**3 and flops % (2 * 16**3) == 0 and chunk() is None
    chunk, passes = timing.replay_chunk(calls, seconds=0.005)
    assert passes >= 1 and chunk() is None


def test_speed_comparison_stays_within_the_runs_budget_and_reports_both_clocks():
    """_speed.compare trains the stacked run no further than its budget, and gives CPU and wall figures."""
    benchmark("gaussian_1d")  # puts benchmarks/ on the path for _speed and _timing
    import _speed

    from gan_course.synthetic import gaussian

    recipe = gaussian.COURSE.replace(num_threads=1)
    stacked = gaussian.build_seeds(recipe, 4.0, 1.25, seeds=(0, 1)).trainer
    reference = gaussian.build(recipe, 4.0, 1.25, seed=0).trainer
    speed = _speed.compare(stacked, reference, rounds=3, seconds=0.02, budget=12)
    assert stacked.step <= 12 and speed["timed"] and speed["engine"] == "written out"
    for key in ("us_per_update", "us_per_update_reference", "speedup_per_seed", "fraction_of_square_peak"):
        assert speed[key] > 0 and speed[f"{key}_wall"] > 0
    assert not _speed.compare(stacked, reference, budget=4)["timed"]


@pytest.mark.slow
def test_mixture_benchmark_runs_and_times(capsys):
    bench = benchmark("mixture_2d")
    (line,) = bench.main(["--seeds", "0", "1", "--targets", "ring", "--remedies", "penalty", "--steps", "12",
                          "--rounds", "2"])
    assert line["steps"] == 12 and line["timed"] and line["us_per_update"] > 0 and line["speedup_per_seed"] > 0
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("{")
