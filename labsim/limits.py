"""The sizes labsim accepts, in one place, so that every refusal can state its limit.

Anything larger is refused with the limit in the message before work starts, rather than
filling memory or running for ever. Each limit is far beyond a real training lab or study.
"""

from __future__ import annotations

__all__ = [
    "MAX_BUCKETS",
    "MAX_FAILURES",
    "MAX_FILE_BYTES",
    "MAX_FRAMES",
    "MAX_POINTS",
    "MAX_REPLICATIONS",
    "MAX_RUNS",
    "MAX_RUN_DAYS",
    "MAX_SIMULATED_ATTEMPTS",
    "MAX_TRAINEES",
    "MAX_WARMUP_REPS",
    "TINY_MINUTES",
]

#: Largest scenario, library or experiment file, in bytes.
MAX_FILE_BYTES = 5_000_000
#: Longest run a scenario may describe (about ten years), in days.
MAX_RUN_DAYS = 3660
#: Most trainees one cohort may bring (a fixed size, or the expected count of an open stream).
MAX_TRAINEES = 1_000_000
#: Most rig failures a run may expect (all rigs of a group together).
MAX_FAILURES = 1_000_000
#: A mean time below this (about 60 microseconds) is no time at all for a lab.
TINY_MINUTES = 1e-6
#: Most replications of one sweep point (a study's table is held in memory to summarise).
MAX_REPLICATIONS = 100_000
#: Most sweep points in one study (each is validated before anything runs).
MAX_POINTS = 10_000
#: Most replications in a whole study, all points together.
MAX_RUNS = 200_000
#: Most images one ``watch --frames`` writes (a video of a few hours at 25 images a second).
MAX_FRAMES = 100_000
#: Most attempts one ``records simulate`` plays (each goes through a whole play session and
#: the records database: about half an hour of work at this size).
MAX_SIMULATED_ATTEMPTS = 100_000
#: Most replications a warm-up estimate averages (each is a whole run).
MAX_WARMUP_REPS = 1_000
#: Most time buckets of a warm-up series (the series of every replication is kept).
MAX_BUCKETS = 10_000
