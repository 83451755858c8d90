"""Closed forms of queueing theory that the simulator is checked against."""

from __future__ import annotations

import math


def erlang_c(arrival_rate: float, service_rate: float, servers: int) -> float:
    """Probability that an arriving customer waits in an M/M/c queue."""
    a = arrival_rate / service_rate
    rho = a / servers
    if rho >= 1:
        raise ValueError("unstable queue")
    top = a**servers / math.factorial(servers) / (1 - rho)
    bottom = sum(a**k / math.factorial(k) for k in range(servers)) + top
    return top / bottom


def mmc_wait(arrival_rate: float, service_rate: float, servers: int) -> float:
    """Mean waiting time in queue (Wq) of an M/M/c queue."""
    return erlang_c(arrival_rate, service_rate, servers) / (servers * service_rate - arrival_rate)
