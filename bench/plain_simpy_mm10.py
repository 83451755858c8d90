"""Baseline for bench_run.py: the M/M/10 queue hand-written in plain SimPy.

The same queue as bench/mm10.yaml (arrivals 9 an hour, 10 servers, service mean 1 hour),
written the way a SimPy user would: ``random.expovariate`` draws, ``simpy.Resource``, and the
same basic figures (customers served, mean wait) so that the comparison is like for like.

    python bench/plain_simpy_mm10.py HOURS
"""

from __future__ import annotations

import random
import sys

import simpy

ARRIVAL_RATE = 9 / 60  # per minute
SERVICE_RATE = 1 / 60
SERVERS = 10


def main(hours: float, seed: int = 1) -> None:
    rng = random.Random(seed)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=SERVERS)
    arrived = served = 0
    waited = 0.0

    def customer() -> simpy.events.ProcessGenerator:
        nonlocal served, waited
        came = env.now
        with servers.request() as request:
            yield request
            served += 1
            waited += env.now - came
            yield env.timeout(rng.expovariate(SERVICE_RATE))

    def arrivals() -> simpy.events.ProcessGenerator:
        nonlocal arrived
        while True:
            yield env.timeout(rng.expovariate(ARRIVAL_RATE))
            arrived += 1
            env.process(customer())

    env.process(arrivals())
    env.run(until=hours * 60)
    print(f"customers={arrived} served={served} wait_mean={waited / max(served, 1):.3f}")


if __name__ == "__main__":
    main(float(sys.argv[1]))
