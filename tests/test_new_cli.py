from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from labsim.checks import scenario_checks
from labsim.cli import app
from labsim.engine import simulate
from labsim.scenarios import load_scenario

runner = CliRunner()


def test_new_writes_a_valid_runnable_scenario_and_its_schema(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", "Signalling week", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    target = tmp_path / "Signalling-week.yaml"
    text = target.read_text(encoding="utf-8")
    assert "name: Signalling week" in text
    assert "labsim validate Signalling-week.yaml" in text
    assert json.loads((tmp_path / "labsim.schema.json").read_text())["title"]
    assert "labsim.schema.json" in result.output  # the second file written is named too
    loaded = load_scenario(target, extra_checks=scenario_checks)
    summary = simulate(loaded.scenario).to_dict()
    assert summary["trainees"]["arrived"] == 12
    assert summary["procedures"]["attempts"] > 0
    assert runner.invoke(app, ["validate", str(target)]).exit_code == 0


def test_new_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / "lab.yaml").write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, ["new", "lab", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert (tmp_path / "lab.yaml").read_text(encoding="utf-8") == "keep me"
    forced = runner.invoke(app, ["new", "lab", "--out", str(tmp_path), "--force"])
    assert forced.exit_code == 0
    assert "labsim: 1" in (tmp_path / "lab.yaml").read_text(encoding="utf-8")


def test_new_with_a_bad_name_or_folder_exits_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["new", "///", "--out", str(tmp_path)]).exit_code == 2
    missing = runner.invoke(app, ["new", "lab", "--out", str(tmp_path / "nope")])
    assert missing.exit_code == 2
    assert "not a folder" in missing.output
