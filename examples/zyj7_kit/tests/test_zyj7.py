"""The ZYJ7 kit on its own: registered, its model behaves, its library and panel check out."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip(
    "labsim_zyj7", reason="the example kit is not installed (pip install ./examples/zyj7_kit)"
)

from labsim_zyj7 import KIT, ZYJ7PointMachine

from labsim import demonstrate
from labsim.checks import scenario_checks
from labsim.equipment.testing import diagnose_and_repair, prepared, refusal
from labsim.kits import get_kit, model_names
from labsim.kits.panel import check_panel, panel_spec
from labsim.scenarios.loader import load_scenario

SCENARIO = Path(__file__).resolve().parent.parent / "zyj7-practice.yaml"


def at_work(*faults: str) -> ZYJ7PointMachine:
    rig = ZYJ7PointMachine(np.random.default_rng(1))
    return prepared(rig, "register_work", "post_protection", faults=faults)


def test_the_kit_is_found_through_its_entry_point() -> None:
    assert "zyj7_point_machine" in model_names()
    assert get_kit("zyj7_point_machine") is KIT


def test_a_healthy_machine_reads_inside_its_normal_ranges() -> None:
    rig = at_work()
    for action, params in (
        ("measure_operating_time", {"to": "reverse"}),
        ("measure_phase_current", {"to": "normal"}),
        ("measure_oil_pressure", {"range": "mpa_25"}),
        ("measure_indication_voltage", {}),
    ):
        reading = rig.perform(action, **params).reading
        assert reading is not None and reading.in_range, (action, reading)


def test_the_fine_gauge_range_is_refused_and_a_cut_supply_stops_the_point() -> None:
    rig = at_work()
    refusal(rig, ("measure_oil_pressure", {"range": "mpa_10"}), match="25 MPa")
    rig.perform("cut_power")
    refusal(rig, ("throw", {"to": "reverse"}), match="supply is cut")


@pytest.mark.parametrize(
    ("fault", "evidence", "params"),
    [
        ("oil_leak", "check_oil_level", {}),
        ("relief_valve_low", "measure_oil_pressure", {"range": "mpa_25"}),
        ("indication_circuit_open", "measure_indication_voltage", {}),
    ],
)
def test_each_fault_is_shown_diagnosed_and_repaired(
    fault: str, evidence: str, params: dict[str, str]
) -> None:
    rig = at_work(fault)
    outcome = rig.perform(evidence, **params)
    # the evidence shows the fault: a reading out of its normal range, or else words other
    # than the same check gives on a healthy machine
    if outcome.reading is not None:
        assert not outcome.reading.in_range, outcome.reading
    else:
        healthy = at_work().perform(evidence, **params)
        assert outcome.notes and outcome.notes != healthy.notes, (outcome.notes, healthy.notes)
    diagnose_and_repair(rig, fault, isolate=["cut_power", "apply_lockout", "test_before_touch"])
    assert not rig.active_faults


def test_the_library_dry_runs_clean_and_the_panel_names_only_what_the_model_has() -> None:
    loaded = load_scenario(SCENARIO, extra_checks=scenario_checks)
    assert {p.id for p in loaded.scenario.procedures} == {
        "zyj7-hydraulic-test",
        "zyj7-fault-finding",
    }
    assert check_panel(panel_spec(ZYJ7PointMachine), ZYJ7PointMachine) == []


@pytest.mark.parametrize("procedure", ["zyj7-hydraulic-test", "zyj7-fault-finding"])
def test_a_demonstration_passes_on_the_generic_panel(procedure: str) -> None:
    shown = demonstrate(SCENARIO, procedure, seed=3)
    assert shown.result == "passed", shown
    assert shown.off_panel == ()
