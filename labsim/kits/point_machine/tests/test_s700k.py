"""The S700K point machine: the shared point-machine behaviour with its own meter set-up."""

from __future__ import annotations

import pytest

from labsim.equipment.testing import prepared, refusal
from labsim.kits import get_model
from labsim.kits.generic import GenericRig
from labsim.kits.point_machine import S700KPointMachine, ZD6PointMachine

#: The ZD6's DC meter set-up, which the S700K's AC motor does not take.
ZD6_AMPS = {"range": "dc_5a", "terminals": "05-06"}


def at_work() -> S700KPointMachine:
    return prepared(S700KPointMachine(), "register_work", "post_protection")


def test_same_actions_and_faults_as_the_zd6() -> None:
    assert get_model("s700k_point_machine") is S700KPointMachine
    assert S700KPointMachine.action_names() == ZD6PointMachine.action_names()
    assert S700KPointMachine.fault_names() == ZD6PointMachine.fault_names()


def test_ac_meter_set_up() -> None:
    rig = at_work()
    refusal(rig, ("measure_operating_current", {"to": "reverse", **ZD6_AMPS}), match="use ac_5a")
    current = rig.perform(
        "measure_operating_current", to="reverse", range="ac_5a", terminals="X1-X2"
    ).reading
    assert current is not None and current.in_range and current.value == pytest.approx(1.4)
    volts = rig.perform(
        "measure_working_voltage", to="normal", range="ac_500v", terminals="X1-X3"
    ).reading
    assert volts is not None and volts.normal_range == (342.0, 418.0) and volts.in_range


def test_friction_range_is_the_s700k_one() -> None:
    rig = at_work()
    rig.perform("place_gauge", thickness="4mm")
    reading = rig.perform(
        "measure_friction_current", to="reverse", range="ac_5a", terminals="X1-X2"
    ).reading
    assert reading is not None and reading.normal_range == (1.8, 2.6) and reading.in_range
    assert rig.main_state == "four_open"
    rig.inject("friction_out_of_range")
    assert not rig.read("friction_current", to="normal").in_range


def test_generic_accepts_any_action_and_keeps_no_state() -> None:
    rig = GenericRig()
    assert GenericRig.action_names() is None
    outcome = rig.perform("anything_at_all", x=1)
    assert outcome.changes == {} and rig.history == ["anything_at_all"]
    assert rig.main_state == "normal" and rig.state() == {}
    assert GenericRig.fault_names() == frozenset()
