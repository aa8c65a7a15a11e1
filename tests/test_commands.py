"""Every ``python -m`` command of the package, run as a program: a bad argument exits with status 2 and one line."""

import os
import subprocess
import sys

import pytest

from tests.helpers import REPO


@pytest.mark.slow  # a child process that imports torch
def test_the_commands_run_as_programs_exit_2_with_one_line(tmp_path):
    """Each ``python -m`` entry point run as ``__main__`` (one child process, one torch import), with a bad argument;
    the sample command with its generator missing (``GAN_COURSE_DATA`` names an empty folder)."""
    code = """
import contextlib, io, runpy, sys
for module, argv in (("gan_course.synthetic.records", ["no-such-thing"]),
                     ("gan_course.synthetic.records2d", ["no-such-thing"]),
                     ("gan_course.mnist.runs", ["no-such-thing"]), ("gan_course.mnist.assets", ["no-such-thing"]),
                     ("gan_course.mnist", ["sample", "--generator", "ch07", "-n", "5", "--out", sys.argv[1]])):
    sys.argv = [module, *argv]
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            runpy.run_module(module, run_name="__main__", alter_sys=True)
            status = "no-exit"
        except SystemExit as exit:
            status = exit.code
    print(module, status, len(err.getvalue().strip().splitlines()), "Traceback" in err.getvalue(), "missing" in
          err.getvalue())
"""
    env = {**os.environ, "GAN_COURSE_DATA": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "s.npz")], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=180)
    lines = [line.split() for line in done.stdout.splitlines()]
    assert [line[0] for line in lines] == ["gan_course.synthetic.records", "gan_course.synthetic.records2d",
                                           "gan_course.mnist.runs", "gan_course.mnist.assets",
                                           "gan_course.mnist"], done.stdout + done.stderr
    assert all(line[1:4] == ["2", "1", "False"] for line in lines), lines
    assert lines[-1][4] == "True"  # the sample command said the generator is missing
