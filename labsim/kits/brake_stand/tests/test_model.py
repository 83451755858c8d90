"""The JZ-7 brake test stand model: pressures over time, the stepwise test, faults (§5)."""

from __future__ import annotations

import numpy as np
import pytest

from labsim.equipment.testing import diagnose_and_repair, prepared, reading_value, refusal
from labsim.errors import EquipmentError
from labsim.kits.brake_stand import JZ7BrakeStand

#: Shut off the air, then lock, tag and prove it dead.
ISOLATE = ("close_air", "apply_lockout", "test_before_touch")


#: What the handle tests read: the brake cylinder pressure.
BC = "brake_cylinder"


def stand(*faults: str) -> JZ7BrakeStand:
    return prepared(JZ7BrakeStand(), "register_work", faults=faults)


def test_gauges_of_a_charged_stand() -> None:
    rig = stand()
    main = rig.perform("check_gauges").reading
    assert main is not None and 750 <= main.value <= 900
    p = rig.pressures()
    assert p["equalising"] == p["brake_pipe"] == p["work"] == 600
    assert p["brake_cylinder"] == 0
    assert rig.main_state == "released"


def test_minimum_reduction_hold_and_full_service() -> None:
    rig = stand()
    assert reading_value(rig, "move_auto_handle", BC, to="minimum") == pytest.approx(125, abs=15)
    leak = rig.perform("measure_bp_leak").reading
    assert leak is not None and 0 < leak.value <= 20
    assert reading_value(rig, "move_auto_handle", BC, to="full_service") == pytest.approx(
        420, abs=5
    )
    assert rig.pressures()["equalising"] == pytest.approx(430)
    assert reading_value(rig, "independent_release", BC) <= 50
    assert reading_value(rig, "move_auto_handle", BC, to="running") == pytest.approx(0, abs=1)
    assert rig.pressures()["brake_pipe"] == pytest.approx(600)


def test_pressures_evolve_with_time_not_at_once() -> None:
    rig = stand()
    rig.perform("move_auto_handle", to="running")
    rig._p["brake_pipe"] = 430.0  # a just-released stand, still charging
    assert rig.main_state == "charging"
    rig.advance(2 / 60)
    partly = rig.pressures()["brake_pipe"]
    assert 430 < partly < 600
    rig.advance(1.0)
    assert rig.pressures()["brake_pipe"] == pytest.approx(600)
    with pytest.raises(EquipmentError, match="negative time"):
        rig.advance(-1.0)


def test_long_hold_leaks_the_brake_pipe_at_the_leak_rate() -> None:
    rig = stand()
    rig.perform("move_auto_handle", to="minimum")
    before = rig.pressures()["brake_pipe"]
    rig.advance(30.0)
    assert before - rig.pressures()["brake_pipe"] == pytest.approx(8 * 30, rel=0.02)


def test_full_service_and_emergency_timings() -> None:
    rig = stand()
    exhaust = rig.perform("time_full_service")
    assert exhaust.reading is not None and 4 <= exhaust.reading.value <= 7
    assert any("no emergency" in n for n in exhaust.notes)
    rig.perform("move_auto_handle", to="over_reduction")
    assert rig.pressures()["brake_cylinder"] == pytest.approx(420, abs=5)
    refusal(rig, "time_emergency", match="fully charged")
    rig.perform("move_auto_handle", to="running")
    emergency = rig.perform("time_emergency").reading
    assert emergency is not None and emergency.value <= 3
    assert rig.pressures()["brake_pipe"] == 0
    assert rig.pressures()["brake_cylinder"] == pytest.approx(450)
    assert rig["sanding"] is True and rig.main_state == "emergency"


def test_overcharge_and_work_reservoir_and_piston_travel() -> None:
    rig = stand()
    clear = rig.perform("overcharge_test").reading
    assert clear is not None and clear.in_range
    charge = rig.perform("measure_wr_charge_time").reading
    assert charge is not None and charge.value <= 40
    refusal(rig, "check_piston_travel", rule="safety.site-protection")
    rig.perform("post_protection")
    refusal(rig, "check_piston_travel", match="apply the independent brake")
    assert reading_value(rig, "move_independent", BC, to="applied") == pytest.approx(300)
    assert rig.perform("check_piston_travel").reading.in_range  # type: ignore[union-attr]


def test_leak_test_only_after_a_minimum_reduction() -> None:
    rig = stand()
    minutes = rig.minutes
    refusal(rig, "measure_bp_leak", match="minimum reduction")
    assert rig.minutes == minutes, "a refused action does not let time pass"


def test_isolation_vents_the_stand_and_blocks_tests() -> None:
    rig = stand()
    rig.perform("close_air")
    assert rig.main_state == "isolated"
    assert max(rig.pressures().values()) == 0
    refusal(rig, ("move_auto_handle", {"to": "minimum"}), match="shut off")
    rig.perform("apply_lockout")
    rig.perform("test_before_touch")
    assert rig["proven_dead"] is True
    refusal(rig, "open_air", rule="safety.lockout-removed-first")
    rig.perform("remove_lockout")
    rig.perform("open_air")
    assert rig.pressures()["main"] >= 750
    rig.perform("cancel_registration")


def test_handback_needs_handles_in_running() -> None:
    rig = stand()
    rig.perform("move_auto_handle", to="minimum")
    refusal(rig, "cancel_registration", rule="bs.handles-running", match="running position")


def test_relay_exhaust_blocked_brake_pipe_does_not_drop() -> None:
    rig = stand("relay_exhaust_blocked")
    rig.perform("move_auto_handle", to="full_service")
    assert rig.pressures()["equalising"] == pytest.approx(430)
    assert rig.pressures()["brake_pipe"] > 590
    assert rig.pressures()["brake_cylinder"] < 50


def test_cylinder_pipe_blocked_cylinder_never_fills() -> None:
    rig = stand("cylinder_pipe_blocked")
    assert reading_value(rig, "move_auto_handle", BC, to="full_service") == 0
    assert reading_value(rig, "move_independent", BC, to="applied") == 0


def test_half_blocked_pipe_slow_application() -> None:
    rig = stand("pipe_half_blocked")
    rig.perform("time_full_service")
    rise = rig.read("bc_rise_time")
    assert rise.value > 7 and not rise.in_range


def test_closed_cock_slow_work_reservoir() -> None:
    rig = stand("cock_closed")
    charge = rig.perform("measure_wr_charge_time").reading
    assert charge is not None and charge.value > 40


def test_brake_pipe_leak_over_20_kpa_per_minute() -> None:
    rig = stand("brake_pipe_leak")
    rig.perform("move_auto_handle", to="minimum")
    leak = rig.perform("measure_bp_leak").reading
    assert leak is not None and leak.value > 20


EVIDENCE = {
    "relay_exhaust_blocked": [("time_full_service", {})],
    "cylinder_pipe_blocked": [("time_full_service", {})],
    "pipe_half_blocked": [("time_full_service", {})],
    "cock_closed": [("measure_wr_charge_time", {})],
    "brake_pipe_leak": [("move_auto_handle", {"to": "minimum"}), ("measure_bp_leak", {})],
}


@pytest.mark.parametrize("fault", sorted(JZ7BrakeStand.fault_names()))
def test_each_fault_is_found_and_repaired(fault: str) -> None:
    rig = stand(fault)
    for action, params in EVIDENCE[fault]:
        rig.perform(action, **params)
    isolate = [("move_auto_handle", {"to": "running"}), *ISOLATE]
    diagnose_and_repair(rig, fault, isolate=isolate, restore=["remove_lockout", "open_air"])
    assert rig.active_faults == frozenset()
    exhaust = rig.perform("time_full_service").reading
    assert exhaust is not None and exhaust.in_range
    assert rig.read("bc_rise_time").in_range
    assert rig.pressures()["brake_cylinder"] == pytest.approx(420, abs=5)


def test_emergency_time_is_nominal_well_inside_its_normal_range() -> None:
    rig = JZ7BrakeStand(np.random.default_rng(3))
    readings = [rig.read("bp_emergency_time") for _ in range(400)]
    assert readings[0].normal_range is not None
    low, high = readings[0].normal_range
    assert all(low <= r.value <= high for r in readings)
    exact = JZ7BrakeStand().read("bp_emergency_time").value
    assert low < exact < high - 0.3
