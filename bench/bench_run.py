"""How fast is ``labsim run`` against the same queue hand-written in plain SimPy?

Both are timed as whole processes (start-up, imports and loading included), alternated so
that a busy machine hurts both alike, and the median ratio labsim / plain SimPy is printed.
The scenario is bench/mmc-bench.yaml: an M/M/3 queue at rho = 0.9, about 150,000 trainees.

    python bench/bench_run.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _time(command: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    labsim = shutil.which("labsim")
    labsim_cmd = ([labsim] if labsim else [sys.executable, "-m", "labsim"]) + [
        "run",
        str(HERE / "mmc-bench.yaml"),
        "--format",
        "json",
    ]
    plain_cmd = [sys.executable, str(HERE / "plain_simpy_mmc.py")]
    ratios, ours, theirs, cpu_ratios = [], [], [], []
    for _ in range(args.rounds):
        a, a_cpu = _time(labsim_cmd)
        b, b_cpu = _time(plain_cmd)
        ours.append(a)
        theirs.append(b)
        ratios.append(a / b)
        cpu_ratios.append(a_cpu / b_cpu)
    print(f"labsim run       median {statistics.median(ours):.2f} s  ({args.rounds} rounds)")
    print(f"plain SimPy      median {statistics.median(theirs):.2f} s")
    print(
        f"ratio labsim / plain SimPy: median {statistics.median(ratios):.2f} "
        f"(min {min(ratios):.2f}, max {max(ratios):.2f})"
    )
    print(
        "ratio in CPU time (steadier on a shared machine): median "
        f"{statistics.median(cpu_ratios):.2f} "
        f"(min {min(cpu_ratios):.2f}, max {max(cpu_ratios):.2f})"
    )


if __name__ == "__main__":
    main()
