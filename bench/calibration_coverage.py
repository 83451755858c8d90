"""How often do the calibration's 95% intervals cover the truth?

Simulates 300 attempts (32 novices and 28 experts, 5 attempts each) of
tests/calibration-check.yaml, whose step times, error rates, learning exponents and time
factors are known, calibrates, and counts per parameter how many seeds' intervals hold the
true value. Nominal coverage is 95%; prints each parameter's coverage and the overall one.

    python bench/calibration_coverage.py [--seeds 20]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_calibration import TRUTH, intervals, simulate_check  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    args = parser.parse_args()
    hits = dict.fromkeys(TRUTH, 0)
    started = time.perf_counter()
    base = "/dev/shm" if os.path.isdir("/dev/shm") else None
    with tempfile.TemporaryDirectory(dir=base) as folder:
        for seed in range(100, 100 + args.seeds):
            db = Path(folder) / f"{seed}.sqlite3"
            simulate_check(db, seed)
            for name, (low, high) in intervals(db).items():
                hits[name] += low <= TRUTH[name] <= high
    print(f"coverage of 95% intervals over {args.seeds} seeds x 300 attempts"
          f" ({time.perf_counter() - started:.0f} s):")  # fmt: skip
    for name, count in hits.items():
        print(f"  {name:22s} truth {TRUTH[name]:<5g} covered {count}/{args.seeds}"
              f" = {count / args.seeds:.0%}")  # fmt: skip
    total = sum(hits.values())
    print(f"  overall: {total}/{args.seeds * len(hits)} = {total / (args.seeds * len(hits)):.1%}")


if __name__ == "__main__":
    main()
