"""The 6502 relay interlocking panel model: routes, signals, sealed buttons, faults (§3)."""

from __future__ import annotations

import pytest

from labsim.errors import ActionRefused
from labsim.kits.interlocking import RelayInterlocking6502


def panel(*faults: str) -> RelayInterlocking6502:
    rig = RelayInterlocking6502()
    for fault in faults:
        rig.inject(fault)
    rig.perform("register_work")
    return rig


def test_setting_a_route_moves_and_locks_the_point_and_clears_the_signal() -> None:
    rig = panel()
    assert rig.main_state == "idle"
    outcome = rig.perform("set_route", route="siding")
    assert outcome.changes["point"] == "reverse"
    assert rig["point_locked"] is True
    assert rig.main_state == "signal_open"
    with pytest.raises(ActionRefused, match="locked in a route") as refused:
        rig.perform("throw_point", to="normal")
    assert refused.value.rule == "ixl.point-locked"


def test_a_train_occupies_then_releases_the_route() -> None:
    rig = panel()
    with pytest.raises(ActionRefused, match="danger"):
        rig.perform("pass_train")
    rig.perform("set_route", route="main")
    rig.perform("pass_train")
    assert rig.state()["route_state"] == "idle"
    assert rig["point_locked"] is False and rig["signal"] == "closed"


def test_cancel_route_before_the_train() -> None:
    rig = panel()
    rig.perform("set_route", route="main")
    rig.perform("cancel_route")
    assert rig.main_state == "idle"
    with pytest.raises(ActionRefused, match="no route is set that can be cancelled"):
        rig.perform("cancel_route")


def test_covered_buttons_cannot_be_pressed_and_maintenance_needs_them_covered() -> None:
    rig = panel()
    with pytest.raises(ActionRefused, match="not covered") as refused:
        rig.perform("switch_off_signal")
    assert refused.value.rule == "safety.cover-buttons"
    assert rig.violations[-1].rule == "safety.cover-buttons"
    rig.perform("cover_buttons")
    assert rig.main_state == "maintenance"
    with pytest.raises(ActionRefused, match="covered for maintenance"):
        rig.perform("set_route", route="main")
    with pytest.raises(ActionRefused, match="still covered") as refused:
        rig.perform("cancel_registration")
    assert refused.value.rule == "ixl.buttons-left-covered"


def test_sealed_buttons_need_registration_and_count_each_use() -> None:
    rig = RelayInterlocking6502()
    with pytest.raises(ActionRefused) as refused:
        rig.perform("guide_signal", route="main")
    assert refused.value.rule == "safety.register-first"
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
    rig.perform("diagnose", fault="section_not_releasing")
    rig.perform("manual_release")
    rig.perform("cover_buttons")
    rig.perform("repair", fault="section_not_releasing")
    rig.perform("uncover_buttons")
    rig.perform("set_route", route="main")
    rig.perform("pass_train")
    assert rig.main_state == "idle"


def test_lamp_filament_break_keeps_the_signal_at_danger() -> None:
    rig = panel("lamp_filament_break")
    notes = rig.perform("set_route", route="main").notes
    assert rig["signal"] == "closed" and rig["filament_alarm"] is True
    assert any("stays at danger" in n for n in notes)
    assert rig.perform("measure_lamp_voltage").reading.value == 0.0  # type: ignore[union-attr]
    rig.perform("cancel_route")
    rig.perform("diagnose", fault="lamp_filament_break")
    rig.perform("post_protection")
    rig.perform("cover_buttons")
    with pytest.raises(ActionRefused) as refused:
        rig.perform("repair", fault="lamp_filament_break")
    assert refused.value.rule == "safety.lockout"
    rig.perform("switch_off_signal")
    rig.perform("apply_lockout")
    rig.perform("test_before_touch")
    rig.perform("repair", fault="lamp_filament_break")
    rig.perform("remove_lockout")
    rig.perform("switch_on_signal")
    rig.perform("uncover_buttons")
    assert rig["filament_alarm"] is False
    rig.perform("set_route", route="main")
    assert rig["signal"] == "open"
    assert rig.read("lamp_voltage").in_range


@pytest.mark.parametrize("fault", ["point_indication_lost", "red_band"])
def test_faults_that_stop_any_route(fault: str) -> None:
    rig = panel(fault)
    with pytest.raises(ActionRefused):
        rig.perform("set_route", route="main")
    notes = rig.perform("inspect_panel").notes
    assert notes and "nothing wrong" not in notes[0]
    rig.perform("diagnose", fault=fault)
    rig.perform("post_protection")
    rig.perform("cover_buttons")
    rig.perform("repair", fault=fault)
    rig.perform("uncover_buttons")
    rig.perform("set_route", route="main")
    assert rig.main_state == "signal_open"
