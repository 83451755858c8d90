"""The 6502 relay interlocking panel model: routes, signals, sealed buttons, faults (§3)."""

from __future__ import annotations

import pytest

from labsim.equipment.testing import diagnose_and_repair, perform_all, prepared, refusal
from labsim.kits.interlocking import RelayInterlocking6502


def panel(*faults: str) -> RelayInterlocking6502:
    return prepared(RelayInterlocking6502(), "register_work", faults=faults)


def test_setting_a_route_moves_and_locks_the_point_and_clears_the_signal() -> None:
    rig = panel()
    assert rig.main_state == "idle"
    outcome = rig.perform("set_route", route="siding")
    assert outcome.changes["point"] == "reverse"
    assert rig["point_locked"] is True
    assert rig.main_state == "signal_open"
    refusal(
        rig, ("throw_point", {"to": "normal"}), rule="ixl.point-locked", match="locked in a route"
    )


def test_a_train_occupies_then_releases_the_route() -> None:
    rig = panel()
    refusal(rig, "pass_train", match="danger")
    rig.perform("set_route", route="main")
    rig.perform("pass_train")
    assert rig.state()["route_state"] == "idle"
    assert rig["point_locked"] is False and rig["signal"] == "closed"


def test_cancel_route_before_the_train() -> None:
    rig = panel()
    rig.perform("set_route", route="main")
    rig.perform("cancel_route")
    assert rig.main_state == "idle"
    refusal(rig, "cancel_route", match="no route is set that can be cancelled")


def test_covered_buttons_cannot_be_pressed_and_maintenance_needs_them_covered() -> None:
    rig = panel()
    refusal(rig, "switch_off_signal", rule="safety.cover-buttons", match="not covered")
    assert rig.violations[-1].rule == "safety.cover-buttons"
    rig.perform("cover_buttons")
    assert rig.main_state == "maintenance"
    refusal(rig, ("set_route", {"route": "main"}), match="covered for maintenance")
    refusal(rig, "cancel_registration", rule="ixl.buttons-left-covered", match="still covered")


def test_sealed_buttons_need_registration_and_count_each_use() -> None:
    rig = RelayInterlocking6502()
    refusal(rig, ("guide_signal", {"route": "main"}), rule="safety.register-first")
    rig.perform("register_work")
    rig.perform("guide_signal", route="main")
    assert rig.main_state == "guide"
    assert rig["sealed_counter"] == 1
    rig.perform("manual_release")
    assert rig["sealed_counter"] == 2
    assert rig.main_state == "idle"


def test_section_not_releasing_keeps_the_red_strip_until_manual_release() -> None:
    rig = panel("section_not_releasing")
    rig.perform("set_route", route="main")
    notes = rig.perform("pass_train").notes
    assert rig.main_state == "occupied" and rig["point_locked"] is True
    assert any("red strip stays" in n for n in notes)
    isolate = ["manual_release", "cover_buttons"]
    diagnose_and_repair(rig, "section_not_releasing", isolate=isolate, restore=["uncover_buttons"])
    perform_all(rig, ("set_route", {"route": "main"}), "pass_train")
    assert rig.main_state == "idle"


def test_lamp_filament_break_keeps_the_signal_at_danger() -> None:
    rig = panel("lamp_filament_break")
    notes = rig.perform("set_route", route="main").notes
    assert rig["signal"] == "closed" and rig["filament_alarm"] is True
    assert any("stays at danger" in n for n in notes)
    assert rig.perform("measure_lamp_voltage").reading.value == 0.0  # type: ignore[union-attr]
    perform_all(
        rig,
        "cancel_route",
        ("diagnose", {"fault": "lamp_filament_break"}),
        "post_protection",
        "cover_buttons",
    )
    refusal(rig, ("repair", {"fault": "lamp_filament_break"}), rule="safety.lockout")
    perform_all(
        rig,
        "switch_off_signal",
        "apply_lockout",
        "test_before_touch",
        ("repair", {"fault": "lamp_filament_break"}),
        "remove_lockout",
        "switch_on_signal",
        "uncover_buttons",
    )
    assert rig["filament_alarm"] is False
    rig.perform("set_route", route="main")
    assert rig["signal"] == "open"
    assert rig.read("lamp_voltage").in_range


@pytest.mark.parametrize("fault", ["point_indication_lost", "red_band"])
def test_faults_that_stop_any_route(fault: str) -> None:
    rig = panel(fault)
    refusal(rig, ("set_route", {"route": "main"}))
    notes = rig.perform("inspect_panel").notes
    assert notes and "nothing wrong" not in notes[0]
    isolate = ["post_protection", "cover_buttons"]
    diagnose_and_repair(rig, fault, isolate=isolate, restore=["uncover_buttons"])
    rig.perform("set_route", route="main")
    assert rig.main_state == "signal_open"
