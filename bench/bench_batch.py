"""How well does ``labsim batch`` use workers, what does it cost, and how much memory?

Three figures, each printed with what it measured:

1. speed-up of 2 workers over 1 on 200 replications of the default scenario
   (scenarios/luban-rail-lab.yaml), whole studies timed alternately, medians compared;
   and, for scale, the machine's own ceiling: the plain loop split over 2 processes;
2. overhead of a 1-worker batch of 200 replications over 200 plain ``simulate()`` calls
   (what ``labsim run`` does) in one process, alternated, median ratio;
3. peak memory of a 10,000-replication study of a small scenario (an 8-hour M/M/2 lab),
   in a fresh process: ``ru_maxrss`` of the process and of its largest worker.

    python bench/bench_batch.py [--rounds 3] [--reps 200] [--memory-reps 10000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT = ROOT / "scenarios" / "luban-rail-lab.yaml"

SMALL = """
labsim: 1
name: small M/M/2 lab
seed: 3
run: {for: 8h, warmup: 30min}
skills: {ok: {time_factor: 1.0, error_rate: 0.0}}
rigs: [{id: r, model: generic, count: 2}]
instructors: {count: 0}
procedures:
  - {id: p, rig: r, steps: [{id: s, action: do, time: {exponential: {mean: 15min}}}]}
cohorts:
  - {id: c, arrivals: {every: {exponential: {mean: 10min}}}, skill: ok, plan: [p]}
"""


def _study(path: Path, reps: int) -> object:
    from labsim.checks import scenario_checks
    from labsim.experiments import Replications, StudySpec
    from labsim.scenarios import load_scenario

    loaded = load_scenario(path, extra_checks=scenario_checks)
    return StudySpec(base=loaded, seed=loaded.scenario.seed, replications=Replications(reps))


CPU: dict[str, list[float]] = {"batch": [], "plain": []}


def _time_batch(spec: object, workers: int, folder: Path) -> float:
    from labsim.experiments import run_batch

    shutil.rmtree(folder, ignore_errors=True)
    start, cpu = time.perf_counter(), time.process_time()
    run_batch(spec, folder, workers=workers, plots=False)  # type: ignore[arg-type]
    if workers == 1:
        CPU["batch"].append(time.process_time() - cpu)
    return time.perf_counter() - start


def _time_plain(path: Path, reps: int) -> float:
    from labsim.engine import simulate
    from labsim.scenarios import load_scenario

    scenario = load_scenario(path).scenario
    start, cpu = time.perf_counter(), time.process_time()
    for replication in range(reps):
        simulate(scenario, replication=replication).to_dict()
    CPU["plain"].append(time.process_time() - cpu)
    return time.perf_counter() - start


def _times(values: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in values)


def _plain_half(args: tuple[Path, int, int]) -> None:
    from labsim.engine import simulate
    from labsim.scenarios import load_scenario

    path, start, stop = args
    scenario = load_scenario(path).scenario
    for replication in range(start, stop):
        simulate(scenario, replication=replication).to_dict()


def _time_two_plain(path: Path, reps: int) -> float:
    """Two processes, each running half the plain loop: the machine's own ceiling."""
    import multiprocessing

    halves = [(path, 0, reps // 2), (path, reps // 2, reps)]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_plain_half, [(path, 0, 1), (path, 1, 2)])  # start and warm both
        start = time.perf_counter()
        pool.map(_plain_half, halves, chunksize=1)
        return time.perf_counter() - start


def speed_and_overhead(rounds: int, reps: int, scratch: Path) -> None:
    spec = _study(DEFAULT, reps)
    _time_batch(_study(DEFAULT, 4), 2, scratch / "warm")  # imports, caches
    one, two, plain, batch, ceiling = [], [], [], [], []
    for _ in range(rounds):
        one.append(_time_batch(spec, 1, scratch / "one"))
        two.append(_time_batch(spec, 2, scratch / "two"))
        plain.append(_time_plain(DEFAULT, reps))
        batch.append(_time_batch(spec, 1, scratch / "one"))
        ceiling.append(plain[-1] / _time_two_plain(DEFAULT, reps))
    tables = [(scratch / name / "runs.csv").read_bytes() for name in ("one", "two")]
    serial = statistics.median(one + batch)
    speedups = [(a + b) / 2 / t for a, b, t in zip(one, batch, two, strict=True)]
    print(f"scenario: {DEFAULT.relative_to(ROOT)}, {reps} replications, {rounds} rounds")
    print(f"  1 worker   median {serial:.2f} s   (all: {_times(one + batch)})")
    print(f"  2 workers  median {statistics.median(two):.2f} s   (all: {_times(two)})")
    print(
        f"  speed-up 2 vs 1 workers: median {statistics.median(speedups):.2f} "
        f"(per round: {_times(speedups)}; identical runs table: {tables[0] == tables[1]})"
    )
    print(
        f"  machine ceiling: the plain loop in 2 processes runs {statistics.median(ceiling):.2f}"
        f"x as fast as in 1 (per round: {_times(ceiling)})"
    )
    ratios = [b / p for b, p in zip(batch, plain, strict=True)]
    print(f"  {reps} plain simulate() calls median {statistics.median(plain):.2f} s")
    print(
        f"  overhead batch (1 worker) / plain: median {statistics.median(ratios):.3f} "
        f"(min {min(ratios):.3f}, max {max(ratios):.3f})"
    )
    cpu = statistics.median(CPU["batch"]) / statistics.median(CPU["plain"])
    print(f"  overhead in CPU time (less sensitive to a busy machine): {cpu:.3f}")


def memory(reps: int, scratch: Path) -> None:
    scenario = scratch / "small.yaml"
    scenario.write_text(SMALL)
    code = (
        "import json, resource, sys, time\n"
        "sys.path.insert(0, sys.argv[3])\n"
        "from bench_batch import _study\n"
        "from labsim.experiments import run_batch\n"
        "start = time.perf_counter()\n"
        "r = run_batch(_study(__import__('pathlib').Path(sys.argv[1]), int(sys.argv[2])), "
        "sys.argv[4], plots=True)\n"
        "print(json.dumps({'seconds': time.perf_counter() - start, "
        "'rows': len(r.report.table.rows), "
        "'self_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "
        "'worker_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(scenario), str(reps), str(HERE), str(scratch / "mem")],
        check=True,
        capture_output=True,
        text=True,
    )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    print(
        f"small scenario, {figures['rows']} replications, default workers, "
        f"{figures['seconds']:.1f} s"
    )
    print(
        f"  peak memory: process {figures['self_mb']:.0f} MB, largest worker "
        f"{figures['worker_mb']:.0f} MB, sum {figures['self_mb'] + figures['worker_mb']:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--memory-reps", type=int, default=10_000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="labsim-bench-") as scratch:
        # memory first: a process forked from this one once it has grown would inherit
        # its peak resident size in ru_maxrss
        memory(args.memory_reps, Path(scratch))
        speed_and_overhead(args.rounds, args.reps, Path(scratch))


if __name__ == "__main__":
    main()
