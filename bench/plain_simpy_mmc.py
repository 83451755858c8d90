"""Baseline for bench_run.py: the M/M/c queue hand-written in plain SimPy.

The same queue as bench/mmc-bench.yaml: exponential arrivals (mean 10 min), c = 3 servers,
exponential service (mean 27 min), for 25,000 hours (about 150,000 customers). Written the
way a SimPy user would: numpy draws, ``simpy.Resource``, and it tracks the same basic
figures (mean wait, utilisation) so that the comparison is like for like.
"""

from __future__ import annotations

import sys

import numpy as np
import simpy

ARRIVAL_MEAN = 10.0
SERVICE_MEAN = 27.0
SERVERS = 3
HORIZON = 25_000 * 60.0


def main(seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=SERVERS)
    waits: list[float] = []
    busy = [0.0]

    def customer() -> simpy.events.ProcessGenerator:
        arrived = env.now
        with servers.request() as request:
            yield request
            waits.append(env.now - arrived)
            service = rng.exponential(SERVICE_MEAN)
            yield env.timeout(service)
            busy[0] += service

    def arrivals() -> simpy.events.ProcessGenerator:
        while True:
            yield env.timeout(rng.exponential(ARRIVAL_MEAN))
            env.process(customer())

    env.process(arrivals())
    env.run(until=HORIZON)
    print(
        f"customers={len(waits)} wait_mean={np.mean(waits):.3f} "
        f"utilization={busy[0] / (SERVERS * HORIZON):.4f}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
