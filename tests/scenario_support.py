"""Small scenarios shared by the tests: a one-rig lab and an M/M/c lab, and files to read."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from labsim.scenarios.models import Scenario

BASE: dict[str, Any] = {
    "labsim": 1,
    "name": "test lab",
    "seed": 7,
    "run": {"days": 1, "day": {"opens": "08:00", "closes": "16:00"}},
    "skills": {"ok": {"time_factor": 1.0, "error_rate": 0.0}},
    "rigs": [{"id": "r", "model": "generic", "count": 1}],
    "instructors": {"count": 1},
    "procedures": [
        {"id": "p", "rig": "r", "steps": [{"id": "s1", "action": "do", "time": "10min"}]}
    ],
    "cohorts": [{"id": "c", "size": 2, "arrive": "08:00", "skill": "ok", "plan": ["p"]}],
}


def written(folder: Path, name: str, text: str) -> Path:
    """``text`` saved (UTF-8) as ``folder/name``: a file for a command or a loader to read."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def validate(*paths: str | Path) -> tuple[int, str]:
    """``labsim validate PATHS`` through the CLI runner: the exit status and the output."""
    from typer.testing import CliRunner

    from labsim.cli import app

    result = CliRunner().invoke(app, ["validate", *map(str, paths)])
    return result.exit_code, result.output


def build(**changes: Any) -> Scenario:
    """A small scenario: BASE with top-level keys replaced."""
    data = copy.deepcopy(BASE)
    data.update(changes)
    return Scenario.model_validate(data)


def slow_over_time_limit() -> Scenario:
    """One trainee at twice the written time on a 10-minute step with a 15-minute limit:
    the attempt fails on time (20 minutes of work), with no errors."""
    return build(
        skills={"slow": {"time_factor": 2.0, "error_rate": 0.0}},
        procedures=[
            {
                "id": "p",
                "rig": "r",
                "steps": [{"id": "s1", "action": "do", "time": "10min"}],
                "pass": {"time_limit": "15min"},
            }
        ],
        cohorts=[{"id": "c", "size": 1, "arrive": "08:00", "skill": "slow", "plan": ["p"]}],
    )


def mmc_data(
    arrival_mean: float = 10.0,
    service_mean: float = 12.0,
    servers: int = 2,
    hours: float = 30.0,
    warmup: float = 3.0,
    seed: int = 7,
) -> dict[str, Any]:
    """Data of an M/M/c lab: open exponential arrivals, one exponential step, nothing else."""
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


def mmc(
    arrival_mean: float, service_mean: float, servers: int, hours: float, warmup: float
) -> Scenario:
    """An M/M/c lab as a Scenario (see :func:`mmc_data`)."""
    return Scenario.model_validate(mmc_data(arrival_mean, service_mean, servers, hours, warmup))
