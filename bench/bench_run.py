"""Is ``labsim run`` as lean as the same queue hand-written in plain SimPy?

Every figure is a ratio against a baseline measured in the same run: whole processes,
alternated so that a busy machine hurts both alike, timed in CPU time (user + system, from
``os.wait4``, steadier than wall time on a shared machine); the median over the rounds is
printed. The model is an M/M/10 queue (arrivals 9 an hour, service mean 1 hour, rho = 0.9):
bench/mm10.yaml for labsim, bench/plain_simpy_mm10.py (``random.expovariate``,
``simpy.Resource``) for plain SimPy. Four figures, each against its goal:

1. marginal CPU per customer: (CPU of a 16x run - CPU of a 1x run) / (customers of 16x -
   customers of 1x), labsim over plain SimPy (goal <= 1.0);
2. whole-process CPU per customer of the 16x run (start-up included), for reference;
3. start-up: whole ``labsim run`` of a 1-hour run against the plain script (goal <= 2.5),
   five alternated pairs per round, measured before any long run,
   with, for reference, the floor: a process that only imports SimPy and numpy.random
   (every draw goes through a numpy Generator), given the one BLAS thread labsim gives
   itself;
4. memory: peak RSS of ``labsim run`` at 16x the run length minus at 1x (goal <= 10 MiB).

    python bench/bench_run.py [--rounds 3] [--hours 3000]

1x is ``--hours`` (3,000 h, about 27,000 customers); 16x is 48,000 h, about 430,000.

labsim's bytecode is compiled first, as installing labsim does: an editable checkout under
``PYTHONDONTWRITEBYTECODE`` would otherwise compile every module from source on every
start, a cost no installed copy pays. One untimed run first fills the scenario cache, as
any earlier run of the same file and values would.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Measured:
    """One whole process: CPU seconds, peak RSS (MiB), and customers that arrived."""

    cpu: float
    rss_mib: float
    customers: int


def _run(command: list[str], customers_from: str) -> Measured:
    """Run ``command`` and reap it with ``os.wait4`` to read its own resource usage."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(command)} failed with status {proc.returncode}")
    if customers_from == "none":
        customers = 0
    elif customers_from == "json":
        customers = int(json.loads(out)["trainees"]["arrived"])
    else:
        customers = int(out.split("customers=")[1].split()[0])
    return Measured(usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, customers)


def _labsim(hours: float) -> list[str]:
    labsim = shutil.which("labsim")
    head = [labsim] if labsim else [sys.executable, "-m", "labsim"]
    return [
        *head,
        "run",
        str(HERE / "mm10.yaml"),
        "--set",
        f"run.for={hours:g}h",
        "--format",
        "json",
    ]


#: A process that only imports what any labsim run must: SimPy and numpy.random (every draw
#: goes through a numpy Generator), with numpy's BLAS on one thread as ``labsim`` sets it:
#: the floor of start-up. (A run from the scenario cache needs no pydantic.)
_FLOOR = [
    sys.executable,
    "-c",
    "import os; os.environ.setdefault('OPENBLAS_NUM_THREADS', '1'); import simpy, numpy.random",
]


def _plain(hours: float) -> list[str]:
    return [sys.executable, str(HERE / "plain_simpy_mm10.py"), f"{hours:g}"]


def _marginal(long: Measured, short: Measured) -> float:
    return (long.cpu - short.cpu) / (long.customers - short.customers)


def _as_installed() -> None:
    """Compile labsim's bytecode and fill the scenario cache of the 1-hour run (untimed)."""
    import compileall

    import labsim

    compileall.compile_dir(Path(labsim.__file__).parent, quiet=1)
    _run(_labsim(1), "json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--hours", type=float, default=3000.0, help="the 1x run length")
    args = parser.parse_args()
    short, long = args.hours, 16 * args.hours
    _as_installed()
    marginal, whole, startup, rss_growth = [], [], [], []
    ours_marginal, theirs_marginal, ours_start, theirs_start = [], [], [], []
    floor: list[float] = []
    # Start-up first, in a phase of its own: a long run evicts the CPU and file caches, and
    # the start right after it pays to refill them (labsim, with more code, pays more).
    for _ in range(5 * args.rounds):
        l1, p1 = _run(_labsim(1), "json"), _run(_plain(1), "text")
        floor.append(_run(_FLOOR, "none").cpu / p1.cpu)
        ours_start.append(l1.cpu)
        theirs_start.append(p1.cpu)
        startup.append(l1.cpu / p1.cpu)
    for _ in range(args.rounds):
        ls, ps = _run(_labsim(short), "json"), _run(_plain(short), "text")
        ll, pl = _run(_labsim(long), "json"), _run(_plain(long), "text")
        ours, theirs = _marginal(ll, ls), _marginal(pl, ps)
        ours_marginal.append(ours * 1e6)
        theirs_marginal.append(theirs * 1e6)
        marginal.append(ours / theirs)
        whole.append((ll.cpu / ll.customers) / (pl.cpu / pl.customers))
        rss_growth.append(ll.rss_mib - ls.rss_mib)
        print(
            f"  round: customers {ls.customers:,} / {ll.customers:,} (plain {pl.customers:,}); "
            f"RSS {ls.rss_mib:.1f} -> {ll.rss_mib:.1f} MiB",
            file=sys.stderr,
        )

    def med(values: list[float]) -> float:
        return statistics.median(values)

    def verdict(value: float, goal: float) -> str:
        return "meets the goal" if value <= goal else "MISSES the goal"

    print(f"M/M/10, rho 0.9; {args.rounds} rounds of alternated whole processes, CPU time")
    print(
        f"1. marginal CPU per customer: labsim {med(ours_marginal):.2f} us, plain SimPy "
        f"{med(theirs_marginal):.2f} us; ratio {med(marginal):.2f} "
        f"(min {min(marginal):.2f}, max {max(marginal):.2f}); goal <= 1.0: "
        f"{verdict(med(marginal), 1.0)}"
    )
    print(f"2. whole-process CPU per customer at {long:g} h: ratio {med(whole):.2f}")
    print(
        f"3. start-up (1-hour run): labsim {med(ours_start):.3f} s, plain SimPy "
        f"{med(theirs_start):.3f} s; ratio {med(startup):.2f} (min {min(startup):.2f}, "
        f"max {max(startup):.2f}, {len(startup)} pairs); "
        f"goal <= 2.5: {verdict(med(startup), 2.5)}"
    )
    print(f"   floor: a process importing only simpy and numpy.random: ratio {med(floor):.2f}")
    print(
        f"4. memory: peak RSS at {long:g} h minus at {short:g} h: {med(rss_growth):+.1f} MiB "
        f"(max {max(rss_growth):+.1f}); goal <= 10 MiB: {verdict(max(rss_growth), 10.0)}"
    )


if __name__ == "__main__":
    main()
