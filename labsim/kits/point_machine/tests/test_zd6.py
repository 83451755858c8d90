"""The ZD6 point machine model: states, actions, readings and faults (domain file §1)."""

from __future__ import annotations

import numpy as np
import pytest

from labsim.equipment.testing import perform_all, prepared, refusal
from labsim.errors import EquipmentError
from labsim.kits import get_model, model_names
from labsim.kits.point_machine import ZD6PointMachine

AMPS = {"range": "dc_5a", "terminals": "05-06"}
VOLTS = {"range": "dc_250v", "terminals": "1-5"}
OHMS = {"range": "ohm_200", "terminals": "1-5"}


ISOLATE = ("cut_power", "apply_lockout", "test_before_touch")
RESTORE = ("remove_lockout", "restore_power")


def rig_at_work(*faults: str) -> ZD6PointMachine:
    """A ZD6 with the work registered and protection posted."""
    return prepared(ZD6PointMachine(), "register_work", "post_protection", faults=faults)


def test_registry_finds_the_model_and_suggests_close_names() -> None:
    assert get_model("zd6_point_machine") is ZD6PointMachine
    assert "zd6_point_machine" in model_names()
    with pytest.raises(EquipmentError, match=r"did you mean 'zd6_point_machine'"):
        get_model("zd6_point_machin")
    with pytest.raises(EquipmentError, match=r"unknown rig model 'zd6'.*zd6_point_machine"):
        get_model("zd6")


def test_fresh_rig_is_normal_locked_and_indicated() -> None:
    rig = ZD6PointMachine()
    assert rig.main_state == "normal"
    assert rig.state()["locked"] is True
    assert rig.state()["indication"] == "normal"
    assert rig.kind == "point_machine"
    assert {"throw", "register_work", "measure_friction_current"} <= set(rig.action_names() or ())


def test_throw_before_registration_is_a_critical_violation_and_changes_nothing() -> None:
    rig = ZD6PointMachine()
    before = rig.state()
    refusal(rig, ("throw", {"to": "reverse"}), rule="safety.register-first", match="not registered")
    assert rig.state() == before
    assert [(v.action, v.rule) for v in rig.violations] == [("throw", "safety.register-first")]


def test_throw_moves_locks_and_indicates() -> None:
    rig = rig_at_work()
    outcome = rig.perform("throw", to="reverse")
    assert outcome.changes == {"position": "reverse", "indication": "reverse"}
    assert rig.main_state == "reverse"


def test_unknown_action_parameter_and_value_are_equipment_errors() -> None:
    rig = rig_at_work()
    with pytest.raises(EquipmentError, match=r"no action 'thorw'.*did you mean 'throw'"):
        rig.perform("thorw", to="reverse")
    with pytest.raises(EquipmentError, match="to='sideways' is not one of"):
        rig.perform("throw", to="sideways")
    with pytest.raises(EquipmentError, match="needs parameter"):
        rig.perform("throw")


def test_register_twice_is_refused_but_not_critical() -> None:
    rig = rig_at_work()
    refusal(rig, "register_work", match="already registered")
    assert rig.violations == []


def test_site_work_needs_protection() -> None:
    rig = ZD6PointMachine()
    rig.perform("register_work")
    for action, params in (("insert_crank", {}), ("place_gauge", {"thickness": "4mm"})):
        refusal(rig, (action, params), rule="safety.site-protection")
    assert len(rig.violations) == 2


def test_hand_crank_cuts_motor_power_and_cranks_the_point() -> None:
    rig = rig_at_work()
    rig.perform("insert_crank")
    assert rig.main_state == "hand_cranked"
    refusal(rig, ("throw", {"to": "reverse"}), rule="pm.crank-in", match="crank")
    rig.perform("hand_crank", to="reverse")
    assert rig["position"] == "reverse"
    rig.perform("remove_crank")
    assert rig.main_state == "reverse"
    refusal(rig, ("hand_crank", {"to": "normal"}), match="insert the hand crank")


def test_single_lock_stops_throws() -> None:
    rig = rig_at_work()
    rig.perform("single_lock")
    assert rig.main_state == "locked"
    refusal(rig, ("throw", {"to": "reverse"}), match="single-locked")
    rig.perform("single_unlock")
    rig.perform("throw", to="reverse")
    assert rig.main_state == "reverse"


def test_lockout_order_is_enforced() -> None:
    rig = rig_at_work()
    refusal(rig, "apply_lockout", rule="safety.isolate-before-lock", match="isolate it first")
    refusal(
        rig,
        ("measure_winding_resistance", OHMS),
        rule="safety.lockout",
    )
    rig.perform("cut_power")
    rig.perform("apply_lockout")
    refusal(
        rig,
        ("measure_winding_resistance", OHMS),
        rule="safety.test-before-touch",
    )
    rig.perform("test_before_touch")
    reading = rig.perform("measure_winding_resistance", **OHMS).reading
    assert reading is not None and reading.in_range
    refusal(rig, "restore_power", rule="safety.lockout-removed-first")
    refusal(rig, ("throw", {"to": "reverse"}), match="motor supply is cut")
    assert {v.rule for v in rig.violations} == {
        "safety.isolate-before-lock",
        "safety.lockout",
        "safety.test-before-touch",
        "safety.lockout-removed-first",
    }
    perform_all(rig, *RESTORE)
    rig.perform("throw", to="reverse")


def test_readings_of_a_healthy_machine_are_in_range() -> None:
    rig = rig_at_work()
    current = rig.perform("measure_operating_current", to="reverse", **AMPS).reading
    assert current is not None and current.value <= 2.0 and current.in_range
    volts = rig.perform("measure_working_voltage", to="normal", **VOLTS).reading
    assert volts is not None and volts.in_range
    ac = rig.perform("measure_indication_voltage", range="ac_250v").reading
    dc = rig.perform("measure_indication_voltage", range="dc_250v").reading
    assert ac is not None and 45 <= ac.value <= 70
    assert dc is not None and 35 <= dc.value <= 60
    board = rig.perform("measure_board_voltage", terminals="X1-X3").reading
    assert board is not None and board.value == pytest.approx(110.0)
    assert rig.read("board_voltage", terminals="X2-X3").value == 0.0


def test_wrong_meter_set_up_is_refused_without_a_safety_violation() -> None:
    rig = rig_at_work()
    refusal(
        rig,
        ("measure_operating_current", {"to": "reverse", "range": "dc_250v", "terminals": "05-06"}),
        rule="pm.meter-range",
        match="wrong meter range dc_250v",
    )
    refusal(
        rig,
        ("measure_operating_current", {"to": "reverse", "range": "dc_5a", "terminals": "1-5"}),
        rule="pm.meter-terminals",
        match="wrong terminals 1-5",
    )
    assert rig.violations == []
    assert rig["position"] == "normal"


def test_obstruction_plate_test() -> None:
    rig = rig_at_work()
    refusal(rig, ("measure_friction_current", {"to": "reverse", **AMPS}), match="4 mm plate")
    rig.perform("place_gauge", thickness="4mm")
    first = rig.perform("measure_friction_current", to="reverse", **AMPS).reading
    assert rig.main_state == "four_open"
    assert rig["locked"] is False and rig["indication"] == "none"
    second = rig.perform("measure_friction_current", to="normal", **AMPS).reading
    assert first is not None and second is not None
    assert first.in_range and second.in_range
    assert abs(first.value - second.value) <= 0.3
    perform_all(
        rig, "remove_gauge", ("place_gauge", {"thickness": "1.6mm"}), ("throw", {"to": "reverse"})
    )
    assert rig["locked"] is True, "a thin gauge must still lock"


def test_handback_needs_tools_out_and_a_final_operation_check() -> None:
    rig = rig_at_work()
    rig.perform("place_gauge", thickness="4mm")
    refusal(rig, "withdraw_protection", rule="safety.protection-until-clear", match="test plate")
    refusal(rig, "cancel_registration", rule="safety.handback", match="test plate")
    rig.perform("remove_gauge")
    refusal(
        rig, "cancel_registration", rule="pm.final-operation-check", match="final operation check"
    )
    assert len(rig.violations) == 2
    perform_all(
        rig,
        ("throw", {"to": "reverse"}),
        ("throw", {"to": "normal"}),
        "withdraw_protection",
        "cancel_registration",
    )
    assert rig["registered"] is False


def test_cancel_with_lockout_on_is_critical() -> None:
    rig = rig_at_work()
    perform_all(rig, *ISOLATE)
    refusal(
        rig,
        "cancel_registration",
        rule="safety.lockout-removed-first",
        match="lock and tag are still on",
    )
    assert rig.violations[-1].rule == "safety.lockout-removed-first"


# -- faults ---------------------------------------------------------------------------------


def test_motor_circuit_open_ammeter_does_not_move() -> None:
    rig = rig_at_work("motor_circuit_open")
    outcome = rig.perform("measure_operating_current", to="reverse", **AMPS)
    assert outcome.reading is not None and outcome.reading.value == 0.0
    assert outcome.changes == {}
    assert any("ammeter does not move" in n for n in outcome.notes)
    assert rig["position"] == "normal"
    assert rig.read("working_voltage").value == 0.0


def test_indication_circuit_open_moves_but_does_not_indicate() -> None:
    rig = rig_at_work("indication_circuit_open")
    assert rig.main_state == "no_indication"
    rig.perform("throw", to="reverse")
    assert rig["position"] == "reverse" and rig["indication"] == "none"
    assert rig.perform("measure_indication_voltage", range="ac_250v").reading.value == 0.0  # type: ignore[union-attr]
    assert rig.read("board_voltage", terminals="X2-X3").value == pytest.approx(110.0)


def test_friction_out_of_range_shows_on_the_friction_test() -> None:
    rig = rig_at_work("friction_out_of_range")
    rig.perform("place_gauge", thickness="4mm")
    normal = rig.perform("measure_friction_current", to="normal", **AMPS).reading
    reverse = rig.perform("measure_friction_current", to="reverse", **AMPS).reading
    assert normal is not None and reverse is not None
    assert not normal.in_range
    assert abs(normal.value - reverse.value) > 0.3


def test_obstruction_leaves_the_point_four_open_when_thrown_reverse() -> None:
    rig = rig_at_work("obstruction")
    rig.perform("throw", to="reverse")
    assert rig.main_state == "four_open"
    notes = rig.perform("inspect_point").notes
    assert any("object" in n for n in notes)
    rig.perform("throw", to="normal")
    assert rig.main_state == "normal"


def test_trailed_point_must_not_be_operated() -> None:
    rig = rig_at_work("trailed")
    assert rig.main_state == "trailed"
    refusal(rig, ("throw", {"to": "reverse"}), rule="pm.trailed-point", match="trailed")
    assert rig.violations[-1].rule == "pm.trailed-point"


def test_diode_fault_raises_ac_and_lowers_dc() -> None:
    rig = rig_at_work("diode_fault")
    assert rig.main_state == "no_indication"
    assert rig.read("indication_voltage_ac").value > 70
    assert rig.read("indication_voltage_dc").value < 35


@pytest.mark.parametrize(
    ("fault", "evidence"),
    [
        ("motor_circuit_open", [("throw", {"to": "reverse"})]),
        ("indication_circuit_open", [("measure_indication_voltage", {"range": "ac_250v"})]),
        ("obstruction", [("inspect_point", {})]),
        ("trailed", [("inspect_point", {})]),
        ("diode_fault", [("measure_indication_voltage", {"range": "dc_250v"})]),
        (
            "friction_out_of_range",
            [
                ("place_gauge", {"thickness": "4mm"}),
                ("measure_friction_current", {"to": "normal", **AMPS}),
                ("remove_gauge", {}),
            ],
        ),
    ],
)
def test_each_fault_is_found_and_repaired(fault: str, evidence: list[tuple[str, dict]]) -> None:
    rig = rig_at_work(fault)
    refusal(
        rig,
        ("diagnose", {"fault": fault}),
        rule="faultfinding.evidence-first",
        match="nothing done so far shows",
    )
    refusal(rig, ("repair", {"fault": fault}), match="has not been diagnosed")
    for action, params in evidence:
        rig.perform(action, **params)
    rig.perform("diagnose", fault=fault)
    refusal(rig, ("repair", {"fault": fault}), rule="safety.lockout")
    perform_all(rig, *ISOLATE)
    rig.perform("repair", fault=fault)
    assert rig.active_faults == frozenset()
    perform_all(rig, *RESTORE)
    rig.perform("throw", to="reverse")
    rig.perform("throw", to="normal")
    assert rig.main_state == "normal"
    rig.perform("withdraw_protection")
    rig.perform("cancel_registration")


def test_wrong_diagnosis_is_refused() -> None:
    rig = rig_at_work("indication_circuit_open")
    rig.perform("throw", to="reverse")
    refusal(
        rig,
        ("diagnose", {"fault": "motor_circuit_open"}),
        rule="faultfinding.wrong-diagnosis",
        match="do not fit",
    )
    assert rig.diagnosed == frozenset()


def test_inject_unknown_fault_lists_the_known_ones() -> None:
    with pytest.raises(EquipmentError, match=r"no fault 'trailing'.*did you mean 'trailed'"):
        ZD6PointMachine().inject("trailing")


def test_noise_comes_only_from_the_given_generator() -> None:
    exact = ZD6PointMachine()
    assert exact.read("operating_current").value == exact.read("operating_current").value
    one = ZD6PointMachine(np.random.default_rng(5))
    two = ZD6PointMachine(np.random.default_rng(5))
    values = [one.read("operating_current").value for _ in range(5)]
    assert values == [two.read("operating_current").value for _ in range(5)]
    assert len(set(values)) == 5
    assert all(abs(v - 1.6) < 0.2 for v in values)
