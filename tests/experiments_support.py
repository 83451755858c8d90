"""Small scenarios and helpers shared by the study tests (batch, executors, statistics)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from scenario_support import mmc_data

from labsim.experiments import Replications, StudySpec
from labsim.scenarios import LoadedScenario, load_scenario


def write_scenario(folder: Path, data: dict[str, Any], name: str = "lab.yaml") -> Path:
    """Write ``data`` as a YAML scenario file and return its path."""
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def loaded(folder: Path, data: dict[str, Any] | None = None) -> LoadedScenario:
    """Write and load a scenario (the M/M/c lab by default)."""
    return load_scenario(write_scenario(folder, data or mmc_data()))


def spec(
    base: LoadedScenario,
    reps: int | None = 6,
    factors: tuple[Any, ...] = (),
    seed: int | None = None,
    metrics: tuple[str, ...] = ("rigs.r.wait_mean_min",),
    **auto: Any,
) -> StudySpec:
    """A study of ``base``: ``reps`` replications (None: auto, with ``auto`` settings)."""
    return StudySpec(
        base=base,
        factors=factors,
        seed=base.scenario.seed if seed is None else seed,
        replications=Replications(reps, **auto),
        metrics=metrics,
    )
