"""``labsim rigs``: every installed kind, one in full, JSON, and a broken kit listed."""

from __future__ import annotations

import json
from pathlib import Path

from hostile_support import assert_refused, labsim
from kits_support import fake_distribution
from typer.testing import CliRunner

from labsim.cli import app
from labsim.kits import model_names

runner = CliRunner()


def test_the_table_lists_every_installed_kind() -> None:
    result = runner.invoke(app, ["rigs"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    for name in model_names():
        assert name in result.output


def test_json_describes_actions_readings_state_faults_procedures_languages() -> None:
    result = runner.invoke(app, ["rigs", "--format", "json"])
    assert result.exit_code == 0, result.output
    kits = {k["name"]: k for k in json.loads(result.output)}
    assert set(kits) == set(model_names())
    jz7 = kits["jz7_brake_stand"]
    assert jz7["package"] == "labsim" and jz7["version"]
    assert jz7["actions"]["move_auto_handle"]["params"]["to"][0] == "running"
    assert "registered" in jz7["actions"]["check_piston_travel"]["gates"]
    assert jz7["readings"]["bp_emergency_time"] == {"unit": "s", "normal_range": [0.0, 3.0]}
    assert jz7["state"]["air"]["start"] == "on"
    assert jz7["faults"]["brake_pipe_leak"]["symptoms"]
    assert {p["id"] for p in jz7["procedures"]} >= {"jz7-fault-finding"}
    assert {"en", "zh"} <= set(jz7["languages"]["words"]) & set(jz7["languages"]["library"])


def test_one_model_in_full_and_an_unknown_one_exits_2() -> None:
    result = runner.invoke(app, ["rigs", "zd6_point_machine"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "measure_friction_current" in result.output and "friction_current" in result.output
    assert "include: [labsim:zd6_point_machine]" in result.output
    bad = runner.invoke(app, ["rigs", "zd7_point_machine"])
    assert bad.exit_code == 2
    assert "did you mean 'zd6_point_machine'" in bad.output


def test_a_broken_kit_is_listed_with_its_error_and_naming_it_exits_2(tmp_path: Path) -> None:
    fake_distribution(tmp_path, "college-rigs", {"broken_rig": "college_rigs_missing:KIT"})
    with_kit = {"PYTHONPATH": str(tmp_path)}
    listing = labsim("rigs", "--format", "json", env=with_kit, timeout=120)
    assert listing.code == 0, listing.err
    broken = next(k for k in json.loads(listing.out) if k["name"] == "broken_rig")
    assert broken["package"] == "college-rigs" and "cannot be imported" in broken["error"]
    one = labsim("rigs", "broken_rig", env=with_kit, timeout=120)
    assert_refused(one, "rig kit 'broken_rig'")


def test_the_table_fits_80_columns_with_every_title_and_count() -> None:
    result = runner.invoke(app, ["rigs"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" not in result.output  # no header or cell cut short
    flat = " ".join(" ".join(line.split()) for line in lines)
    assert "acts reads faults procs languages" in flat
    assert "6502 relay interlocking panel · labsim" in flat
    assert "zd6_point_machine 26 7 6 4" in flat
