"""Small scenarios and helpers shared by the study tests (batch, executors, statistics)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from conftest import BASE

from labsim.experiments import Replications, StudySpec
from labsim.scenarios import LoadedScenario, load_scenario


def mmc_data(
    arrival_mean: float = 10.0,
    service_mean: float = 12.0,
    servers: int = 2,
    hours: float = 30.0,
    warmup: float = 3.0,
    seed: int = 7,
) -> dict[str, Any]:
    """Scenario data of an M/M/c lab (the same lab as conftest.mmc), ready to dump as YAML."""
    data = copy.deepcopy(BASE)
    data.update(
        seed=seed,
        run={"for": f"{hours}h", "warmup": f"{warmup}h"},
        rigs=[{"id": "r", "model": "generic", "count": servers}],
        instructors={"count": 0},
        procedures=[
            {
                "id": "p",
                "rig": "r",
                "steps": [
                    {
                        "id": "s",
                        "action": "do",
                        "time": {"exponential": {"mean": f"{service_mean}min"}},
                    }
                ],
            }
        ],
        cohorts=[
            {
                "id": "c",
                "arrivals": {"every": {"exponential": {"mean": f"{arrival_mean}min"}}},
                "skill": "ok",
                "plan": ["p"],
            }
        ],
    )
    return data


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
