"""Small scenarios for the watch view's tests: several rig groups at known positions."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from labsim.scenarios.models import Scenario

FLOOR: dict[str, Any] = {
    "labsim": 1,
    "name": "render test lab",
    "seed": 11,
    "run": {
        "days": 2,
        "day": {"opens": "08:00", "closes": "16:00"},
        "breaks": [{"from": "12:00", "to": "12:30"}],
    },
    "skills": {"ok": {"time_factor": 1.0, "error_rate": 0.1}},
    "rigs": [
        {"id": "points", "model": "generic", "count": 1, "at": [4.0, 3.0], "label": "Points"},
        {
            "id": "track",
            "model": "generic",
            "count": 2,
            "at": [16.0, 3.0],
            "failures": {"mtbf": "3h", "repair": "40min"},
        },
        {"id": "bench", "model": "generic", "count": 3, "at": [10.0, 12.0], "label": "Benches"},
    ],
    "instructors": {"count": 2},
    "procedures": [
        {
            "id": "p-points",
            "rig": "points",
            "steps": [
                {"id": "a", "action": "work", "time": "12min"},
                {"id": "b", "action": "work", "time": {"exponential": {"mean": "10min"}}},
            ],
            "signoff": "5min",
        },
        {
            "id": "p-track",
            "rig": "track",
            "steps": [{"id": "a", "action": "work", "time": {"exponential": {"mean": "25min"}}}],
            "signoff": "4min",
        },
        {
            "id": "p-bench",
            "rig": "bench",
            "steps": [
                {"id": "a", "action": "work", "time": "20min", "critical": True},
                {"id": "b", "action": "work", "time": "15min"},
            ],
        },
    ],
    "cohorts": [
        {
            "id": "day",
            "size": 8,
            "arrive": "08:00",
            "skill": "ok",
            "plan": ["p-points", "p-track", "p-bench"],
            "max_attempts": 2,
        },
        {
            "id": "drop-in",
            "arrivals": {"every": {"exponential": {"mean": "45min"}}},
            "skill": "ok",
            "plan": ["p-bench"],
        },
    ],
}


def floor_data(**changes: Any) -> dict[str, Any]:
    """The test floor as plain data, with top-level keys replaced."""
    data = copy.deepcopy(FLOOR)
    data.update(changes)
    return data


def floor_scenario(**changes: Any) -> Scenario:
    """The test floor as a validated scenario."""
    return Scenario.model_validate(floor_data(**changes))


def write_floor(folder: Path, **changes: Any) -> Path:
    """Write the test floor as a YAML file and return its path."""
    path = folder / "floor.yaml"
    path.write_text(yaml.safe_dump(floor_data(**changes), sort_keys=False), encoding="utf-8")
    return path
