"""The helpers a kit's tests use: each one fails a test when the rig does not behave."""

from __future__ import annotations

import pytest

from labsim.equipment.testing import (
    diagnose_and_repair,
    perform_all,
    prepared,
    reading_value,
    refusal,
)
from labsim.errors import ActionRefused
from labsim.kits.point_machine import ZD6PointMachine
from labsim.kits.track_circuit import ZPW2000ATrackCircuit

AT_WORK = ("register_work", "post_protection")


def test_prepared_injects_the_faults_then_performs_the_steps() -> None:
    rig = prepared(
        ZD6PointMachine(), *AT_WORK, ("throw", {"to": "reverse"}), faults=["diode_fault"]
    )
    assert rig.active_faults == frozenset({"diode_fault"})
    assert rig["registered"] is True
    assert rig.history[-1] == "throw"


def test_perform_all_gives_the_main_state_after_each_step() -> None:
    rig = ZD6PointMachine()
    steps = (*AT_WORK, ("throw", {"to": "reverse"}), "single_lock")
    assert perform_all(rig, *steps) == ["normal", "normal", "reverse", "locked"]


def test_refusal_returns_the_refusal_when_rule_and_reason_fit() -> None:
    rig = ZD6PointMachine()
    refused = refusal(rig, ("throw", {"to": "reverse"}), rule="safety.register-first", match="not")
    assert isinstance(refused, ActionRefused) and refused.action == "throw"


@pytest.mark.parametrize(
    ("step", "expected", "message"),
    [
        ("register_work", {}, "register_work was done, but it should have been refused"),
        ("insert_crank", {"rule": "safety.lockout"}, "for rule 'safety.register-first', not"),
        ("insert_crank", {"match": "never said"}, "lacks 'never said'"),
    ],
)
def test_refusal_fails_the_test_when_the_rig_does_otherwise(
    step: str, expected: dict[str, str], message: str
) -> None:
    with pytest.raises(AssertionError, match=message):
        refusal(ZD6PointMachine(), step, **expected)


def test_diagnose_and_repair_isolates_before_the_repair_and_restores_after() -> None:
    rig = prepared(ZD6PointMachine(), *AT_WORK, "inspect_point", faults=["obstruction"])
    isolate = ["cut_power", "apply_lockout", "test_before_touch"]
    diagnose_and_repair(rig, "obstruction", isolate=isolate, restore=["remove_lockout"])
    assert rig.active_faults == frozenset()
    assert rig.history[-6:] == ["diagnose", *isolate, "repair", "remove_lockout"]
    unsafe = prepared(ZD6PointMachine(), *AT_WORK, "inspect_point", faults=["obstruction"])
    with pytest.raises(ActionRefused, match="repair"):
        diagnose_and_repair(unsafe, "obstruction")


def test_reading_value_gives_the_value_read_and_fails_on_nothing_or_another_quantity() -> None:
    carrier = ("select_carrier", {"carrier": "1700"})
    rig = prepared(ZPW2000ATrackCircuit(), *AT_WORK, carrier)
    read = rig.read("main_track_voltage").value
    assert reading_value(rig, "measure_main_voltage", "main_track_voltage") == read
    with pytest.raises(AssertionError, match="read 'main_track_voltage', not 'supply_voltage'"):
        reading_value(rig, "measure_main_voltage", "supply_voltage")
    with pytest.raises(AssertionError, match="set_route read nothing"):
        reading_value(rig, "set_route")
