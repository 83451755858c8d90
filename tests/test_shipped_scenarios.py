"""Every shipped scenario validates, runs, and keeps its golden summary at its own seed.

When a change to the engine or a scenario moves a figure on purpose, refresh the goldens:

    LABSIM_UPDATE_GOLDEN=1 python -m pytest tests/test_shipped_scenarios.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from labsim.checks import scenario_checks
from labsim.cli import app
from labsim.engine import simulate
from labsim.scenarios import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))
GOLDEN = Path(__file__).resolve().parent / "golden"


def test_the_default_scenario_is_shipped() -> None:
    names = {path.name for path in SHIPPED}
    assert {"luban-rail-lab.yaml", "mmc.yaml"} <= names
    assert len([n for n in names if n.endswith("-practice.yaml")]) >= 5


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_scenario_validates_through_the_cli(path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ")
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=labsim.schema.json"
    )


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_scenario_matches_its_golden_summary(path: Path) -> None:
    loaded = load_scenario(path, extra_checks=scenario_checks)
    if path.name == "mmc.yaml":  # the long M/M/c check is exercised in test_engine_queueing
        from labsim.scenarios import apply_overrides

        loaded = apply_overrides(loaded, ["run.for=300h", "run.warmup=20h"])
    summary = simulate(loaded.scenario).to_dict()
    golden = GOLDEN / f"{path.stem}.json"
    if os.environ.get("LABSIM_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert summary == expected, (
        f"{path.name} no longer gives its golden summary; if the change is intended, run "
        "LABSIM_UPDATE_GOLDEN=1 python -m pytest tests/test_shipped_scenarios.py"
    )
    trainees = summary["trainees"]
    assert (
        trainees["arrived"]
        == trainees["certified"]
        + trainees["failed_out"]
        + trainees["in_progress"]
        - trainees["in_lab_at_start"]
    )
