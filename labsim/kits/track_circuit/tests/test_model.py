"""The ZPW-2000A track circuit model: derived relay state, shunt test, faults (§2)."""

from __future__ import annotations

import pytest

from labsim.equipment.testing import (
    diagnose_and_repair,
    perform_all,
    prepared,
    reading_value,
    refusal,
)
from labsim.kits import get_model
from labsim.kits.track_circuit import ZPW2000ATrackCircuit


def at_work(*faults: str) -> ZPW2000ATrackCircuit:
    return prepared(
        ZPW2000ATrackCircuit(),
        "register_work",
        "post_protection",
        ("select_carrier", {"carrier": "1700"}),
        faults=faults,
    )


def test_registry_and_fresh_state() -> None:
    assert get_model("zpw2000a_track_circuit") is ZPW2000ATrackCircuit
    rig = ZPW2000ATrackCircuit()
    assert rig.main_state == "clear"
    assert rig["relay"] == "up"
    assert rig.read("supply_voltage").in_range


def test_entry_current_test_with_the_015_ohm_shunt() -> None:
    rig = at_work()
    rig.perform("set_route")
    assert rig["signal"] == "open" and rig["coded"] is True
    outcome = rig.perform("place_shunt", end="entry")
    assert rig.main_state == "occupied"
    assert rig["signal"] == "closed", "the shunt drops the relay and the signal"
    assert any("danger" in n for n in outcome.notes)
    current = rig.perform("measure_shunt_current").reading
    assert current is not None and current.value >= 500 and current.in_range
    assert reading_value(rig, "measure_residual_voltage") <= 140
    rig.perform("remove_shunt")
    assert rig.main_state == "clear"
    rig.perform("reset_signal")
    assert rig["signal"] == "open"


def test_wrong_carrier_and_no_code_are_refused() -> None:
    rig = at_work()
    rig.perform("select_carrier", carrier="2600")
    rig.perform("place_shunt", end="entry")
    refusal(
        rig,
        "measure_shunt_current",
        rule="tc.wrong-carrier",
        match="shows nothing on a 1700 Hz section",
    )
    rig.perform("select_carrier", carrier="1700")
    refusal(rig, "measure_shunt_current", rule="tc.no-code", match="no code")
    assert rig.violations == []


def test_shunt_needs_registration_and_protection() -> None:
    rig = ZPW2000ATrackCircuit()
    refusal(rig, ("place_shunt", {"end": "entry"}), rule="safety.register-first")
    rig.perform("register_work")
    refusal(rig, ("place_shunt", {"end": "entry"}), rule="safety.site-protection")
    assert len(rig.violations) == 2


def test_stopping_the_transmitter_drops_the_relay_and_isolates() -> None:
    rig = at_work()
    rig.perform("stop_transmitter")
    assert rig["relay"] == "down" and rig.main_state == "red_band"
    rig.perform("apply_lockout")
    refusal(rig, "start_transmitter", rule="safety.lockout-removed-first")
    rig.perform("remove_lockout")
    rig.perform("start_transmitter")
    assert rig.main_state == "clear"


def test_handback_refuses_a_shunt_left_on_the_rails() -> None:
    rig = at_work()
    rig.perform("place_shunt", end="exit")
    refusal(rig, "cancel_registration", rule="safety.handback", match="shunt is still on")
    assert rig.violations[-1].rule == "safety.handback"
    rig.perform("remove_shunt")
    rig.perform("cancel_registration")


@pytest.mark.parametrize(
    ("fault", "state", "main", "small"),
    [
        ("capacitor_open_receiver_end", "red_band", "low", "high"),
        ("capacitor_open_middle", "clear", "same", "high"),
        ("capacitor_open_feed_end", "clear", "high", "low"),
        ("tuning_unit_break", "red_band", "low", "zero"),
        ("ballast_low", "red_band", "low", "same"),
        ("broken_rail", "broken_rail", "low", "zero"),
    ],
)
def test_fault_voltage_patterns(fault: str, state: str, main: str, small: str) -> None:
    healthy = at_work()
    rig = at_work(fault)
    assert rig.main_state == state
    base_main = reading_value(healthy, "measure_main_voltage")
    base_small = reading_value(healthy, "measure_small_track_voltage")
    got_main = reading_value(rig, "measure_main_voltage")
    got_small = reading_value(rig, "measure_small_track_voltage")
    compare = {
        "low": lambda got, base: got < base,
        "high": lambda got, base: got > base,
        "same": lambda got, base: got == base,
        "zero": lambda got, base: got == 0,
    }
    assert compare[main](got_main, base_main)
    assert compare[small](got_small, base_small)


def test_high_ballast_resistance_gives_poor_shunting() -> None:
    rig = at_work("ballast_high")
    assert rig.main_state == "clear"
    rig.perform("place_shunt", end="entry")
    assert rig.main_state == "poor_shunt"
    residual = rig.perform("measure_residual_voltage").reading
    assert residual is not None and not residual.in_range


def test_red_band_refuses_a_route() -> None:
    rig = at_work("ballast_low")
    refusal(rig, "set_route", match="occupied")


@pytest.mark.parametrize("fault", sorted(ZPW2000ATrackCircuit.fault_names()))
def test_each_fault_is_found_and_repaired(fault: str) -> None:
    rig = at_work(fault)
    evidence = sorted(rig.fault_spec(fault).evidence)[0]
    if evidence == "measure_residual_voltage":
        perform_all(rig, ("place_shunt", {"end": "entry"}), evidence, "remove_shunt")
    else:
        rig.perform(evidence)
    diagnose_and_repair(
        rig,
        fault,
        isolate=["stop_transmitter", "apply_lockout"],
        restore=["remove_lockout", "start_transmitter"],
    )
    assert rig.active_faults == frozenset()
    assert rig.main_state == "clear"
    rig.perform("withdraw_protection")
    rig.perform("cancel_registration")
