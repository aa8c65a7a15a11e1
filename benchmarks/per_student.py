"""What one student costs a JupyterHub: memory and CPU of a chapter run top to bottom, and of an idle server.

For each notebook named, a child process runs ``jupyter nbconvert --execute`` on it (a fresh kernel, the
notebook's own folder as the working directory, outputs written to a temporary folder, never over the
chapter), and this script samples the child's process tree (nbconvert and the kernel it starts) every
``--interval`` seconds with psutil:

* ``peak_rss_tree_mb``: the largest sum of RSS over the tree seen in one sample (nbconvert + kernel; what a pod
  running the notebook holds, give or take pages the two share);
* ``peak_rss_kernel_mb``: the largest RSS of the kernel process alone in one sample;
* ``maxrss_child_mb``: the kernel's (or nbconvert's, whichever is larger) peak RSS as the operating system counted
  it (``getrusage(RUSAGE_CHILDREN).ru_maxrss``): every page, even a peak shorter than the sampling interval;
* ``cpu_s``: user + system CPU seconds of nbconvert and its kernel, from ``getrusage`` (exact, not sampled);
* ``wall_s``: wall seconds from start to exit. On a shared machine this is inflated by the neighbours' load;
  the CPU seconds and the peak RSS are the robust figures.

``--idle`` measures instead what a student who has logged in but is not computing holds: a Jupyter server
(``jupyter lab``, the server jupyterhub-singleuser extends) and one kernel, fresh and after it imported the
course (``import torch, gan_course, matplotlib.pyplot``), sampled for ``--idle-seconds``.

Each child runs with ``OMP_NUM_THREADS`` and friends unset unless given, as a student's pod would; ``--threads N``
sets them (a pod's CPU limit does not change what torch sees as the core count).

Prints one line per measurement as it goes, and ends with one JSON line (benchmarks/README.md):

    .venv/bin/python benchmarks/per_student.py chapters/12_dcgan.ipynb | tail -n 1
    .venv/bin/python benchmarks/per_student.py --idle | tail -n 1
"""

from __future__ import annotations

import json
import os
import platform
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    from benchmarks._cli import OneLineParser, check_number, check_whole
except ImportError:  # run as a script: benchmarks/ is on sys.path, the repository is not
    from _cli import OneLineParser, check_number, check_whole

import psutil

REPO = Path(__file__).resolve().parent.parent
HEAVIEST = ["chapters/05_gaussian_gan.ipynb", "chapters/10_mode_collapse.ipynb", "chapters/12_dcgan.ipynb",
            "chapters/13_conditional_gan.ipynb"]
MB = 1024 * 1024


def parse_args(argv=None):
    p = OneLineParser(prog="per_student.py", description=__doc__.splitlines()[0])
    p.add_argument("notebooks", nargs="*", help=f"notebooks to run, one after another (default: {' '.join(HEAVIEST)})")
    p.add_argument("--idle", action="store_true", help="measure an idle Jupyter server and kernel instead")
    p.add_argument("--idle-seconds", type=float, default=10.0, help="how long to sample the idle server (10)")
    p.add_argument("--interval", type=float, default=0.2, help="seconds between RSS samples (0.2)")
    p.add_argument("--timeout", type=int, default=3600, help="seconds one cell may take before nbconvert stops (3600)")
    p.add_argument("--threads", type=int, default=None, help="set OMP_NUM_THREADS etc. in the child (default: unset)")
    a = p.parse_args(argv)
    check_number(p, a.interval, "--interval", 0.0, 10.0, low_open=True)
    check_number(p, a.idle_seconds, "--idle-seconds", 0.0, 3600.0, low_open=True)
    check_whole(p, a.timeout, "--timeout", 1, 86_400)
    if a.threads is not None:
        check_whole(p, a.threads, "--threads", 1, 1024)
    if a.idle and a.notebooks:
        p.error("--idle measures the server alone: name no notebook with it")
    if not a.idle:
        a.notebooks = a.notebooks or HEAVIEST
        for nb in a.notebooks:
            path = Path(nb)
            if path.suffix != ".ipynb" or not (path.is_file() or (REPO / path).is_file()):
                p.error(f"{nb} is not a notebook file (.ipynb), e.g. chapters/12_dcgan.ipynb")
    return a


def child_env(threads: int | None) -> dict:
    env = dict(os.environ)
    names = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
    for name in names:
        env.pop(name, None)
        if threads is not None:
            env[name] = str(threads)
    return env


def tree(proc: psutil.Process) -> list[psutil.Process]:
    try:
        return [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def rss(procs) -> dict[int, int]:
    """RSS in bytes per pid (processes that ended between listing and reading are left out)."""
    out = {}
    for q in procs:
        try:
            out[q.pid] = q.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return out


def is_kernel(q: psutil.Process) -> bool:
    try:
        return "ipykernel" in " ".join(q.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def run_notebook(nb: Path, interval: float, timeout: int, threads: int | None) -> dict:
    """Execute ``nb`` in a child nbconvert with a fresh kernel and sample its process tree (module docstring)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory(prefix="per_student_") as out:
        cmd = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", str(nb),
               "--output-dir", out, f"--ExecutePreprocessor.timeout={timeout}", "--log-level=WARN"]
        t0 = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=nb.parent, env=child_env(threads), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True)
        proc = psutil.Process(child.pid)
        kernel = None
        peak_tree = peak_kernel = 0
        samples = 0
        while child.poll() is None:
            procs = tree(proc)
            sizes = rss(procs)
            if kernel is None:
                kernel = next((q for q in procs if q.pid != child.pid and is_kernel(q)), None)
            peak_tree = max(peak_tree, sum(sizes.values()))
            if kernel is not None:
                peak_kernel = max(peak_kernel, sizes.get(kernel.pid, 0))
            samples += 1
            time.sleep(interval)
        wall = time.perf_counter() - t0
        err = child.stderr.read()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if child.returncode != 0:
        raise RuntimeError(f"nbconvert failed on {nb} (exit {child.returncode}):\n{err[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "notebook": str(nb.relative_to(REPO)) if nb.is_relative_to(REPO) else str(nb),
        "peak_rss_tree_mb": round(peak_tree / MB, 1),
        "peak_rss_kernel_mb": round(peak_kernel / MB, 1),
        # Linux counts kilobytes; the figure is the largest over every child waited for so far, so it is this
        # notebook's only where it grew (None: not above an earlier notebook's; run one notebook a call for it).
        "maxrss_child_mb": round(after.ru_maxrss / 1024, 1) if after.ru_maxrss > before.ru_maxrss else None,
        "cpu_s": round(cpu, 1),
        "wall_s": round(wall, 1),
        "cpu_per_wall": round(cpu / wall, 2) if wall > 0 else None,
        "samples": samples,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sample_for(procs_fn, seconds: float, interval: float) -> tuple[float, float]:
    """(peak, last) of the summed RSS in MB of ``procs_fn()``, sampled for ``seconds``."""
    peak = last = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        last = sum(rss(procs_fn()).values())
        peak = max(peak, last)
        time.sleep(interval)
    return round(peak / MB, 1), round(last / MB, 1)


def run_idle(seconds: float, interval: float, threads: int | None) -> dict:
    """An idle ``jupyter lab`` server, then one kernel beside it: fresh, and after importing the course."""
    from jupyter_client.manager import start_new_kernel

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="per_student_idle_") as home:
        env = child_env(threads)
        env["JUPYTER_RUNTIME_DIR"] = home
        cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
               "--IdentityProvider.token=per-student", f"--ServerApp.root_dir={REPO}", "--log-level=WARN"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.perf_counter() + 60
            while time.perf_counter() < deadline:  # wait until the server listens
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", port)) == 0:
                        break
                time.sleep(0.2)
            else:
                raise RuntimeError("jupyter lab did not listen within 60 s")
            sp = psutil.Process(server.pid)
            server_peak, server_last = sample_for(lambda: tree(sp), seconds, interval)
            print(f"idle server: {server_last} MB RSS (peak {server_peak})", flush=True)
            km, kc = start_new_kernel(kernel_name="python3", env=env)
            try:
                kp = psutil.Process(km.provisioner.process.pid)
                fresh_peak, fresh_last = sample_for(lambda: [kp], seconds, interval)
                print(f"fresh kernel: {fresh_last} MB RSS", flush=True)
                kc.execute_interactive("import torch, gan_course, matplotlib.pyplot", timeout=300)
                course_peak, course_last = sample_for(lambda: [kp], seconds, interval)
                print(f"kernel after importing the course: {course_last} MB RSS", flush=True)
            finally:
                kc.stop_channels()
                km.shutdown_kernel(now=True)
        finally:
            server.terminate()
            server.wait(30)
    return {
        "server_rss_mb": server_last,
        "kernel_fresh_rss_mb": fresh_last,
        "kernel_course_imported_rss_mb": course_last,
        "idle_student_rss_mb": round(server_last + course_last, 1),
        "seconds_sampled": seconds,
    }


def machine() -> dict:
    model = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), model)
    except OSError:
        pass
    return {"cpu": model, "logical_cores": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "load_1min_at_start": round(os.getloadavg()[0], 2), "python": platform.python_version()}


def main(argv=None) -> dict:
    a = parse_args(argv)
    summary = {"machine": machine(), "interval_s": a.interval, "threads": a.threads}
    if a.idle:
        summary["idle"] = run_idle(a.idle_seconds, a.interval, a.threads)
    else:
        results = []
        for nb in a.notebooks:
            path = Path(nb) if Path(nb).is_file() else REPO / nb
            r = run_notebook(path.resolve(), a.interval, a.timeout, a.threads)
            print(f"{r['notebook']}: peak RSS {r['peak_rss_tree_mb']} MB (kernel {r['peak_rss_kernel_mb']} MB, "
                  f"getrusage {r['maxrss_child_mb']} MB), CPU {r['cpu_s']} s, wall {r['wall_s']} s", flush=True)
            results.append(r)
        summary["notebooks"] = results
    summary["load_1min_at_end"] = round(os.getloadavg()[0], 2)
    print(json.dumps(summary))
    return summary


if __name__ == "__main__":
    main()
