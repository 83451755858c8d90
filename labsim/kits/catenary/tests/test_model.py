"""The catenary section model: the isolate-test-earth sequence and wire measurements (§4)."""

from __future__ import annotations

import pytest

from labsim.equipment.testing import perform_all, refusal
from labsim.kits.catenary import CatenarySection

ISOLATE = [
    "register_work",
    "post_protection",
    "approve_ticket",
    "receive_outage_order",
    "apply_lockout",
    "test_before_touch",
]
EARTH = ["connect_earth_end", "connect_conductor_end", "issue_permit"]
RESTORE = [
    "complete_work",
    "remove_conductor_end",
    "remove_earth_end",
    "remove_lockout",
    "return_order",
    "withdraw_protection",
    "cancel_registration",
]


def test_the_whole_sequence_passes_through_every_state() -> None:
    rig = CatenarySection()
    assert rig.main_state == "energised"
    states = perform_all(rig, *ISOLATE, *EARTH, *RESTORE)
    assert states == [
        "energised",
        "energised",
        "energised",
        "isolated",
        "isolated",
        "proven_dead",
        "proven_dead",
        "earthed",
        "permit",
        "work_complete",
        "work_complete",
        "work_complete",
        "work_complete",
        "energised",
        "energised",
        "energised",
    ]
    assert rig.violations == []


def test_outage_without_a_ticket_is_critical() -> None:
    rig = CatenarySection()
    rig.perform("register_work")
    refusal(rig, "receive_outage_order", rule="ocs.no-oral-outage", match="orally")
    assert rig.violations[-1].rule == "ocs.no-oral-outage"


def test_earthing_before_testing_dead_is_critical() -> None:
    rig = CatenarySection()
    perform_all(rig, *ISOLATE[:5])
    refusal(rig, "connect_earth_end", rule="safety.test-before-touch")


def test_conductor_end_first_is_critical_and_changes_nothing() -> None:
    rig = CatenarySection()
    perform_all(rig, *ISOLATE)
    before = rig.state()
    refusal(rig, "connect_conductor_end", rule="ocs.earth-end-first", match="earth end first")
    assert rig.state() == before
    assert [v.rule for v in rig.violations] == ["ocs.earth-end-first"]


def test_permit_needs_earths_and_earths_come_off_in_reverse_order() -> None:
    rig = CatenarySection()
    perform_all(rig, *ISOLATE, "connect_earth_end")
    refusal(rig, "issue_permit", match="not earthed")
    perform_all(rig, "connect_conductor_end", "issue_permit")
    refusal(rig, "remove_conductor_end", rule="ocs.earths-until-clear", match="still working")
    rig.perform("complete_work")
    refusal(rig, "remove_earth_end", rule="ocs.reverse-order", match="reverse order")
    refusal(rig, "return_order", rule="safety.lockout-removed-first")
    rig.perform("remove_lockout")
    refusal(rig, "return_order", rule="ocs.earths-before-return", match="earth wire is still on")


def test_test_before_touch_finds_the_section_live_without_isolation() -> None:
    rig = CatenarySection()
    rig.perform("register_work")
    refusal(rig, "apply_lockout", match="isolate it first")


def test_measurements_of_a_healthy_section() -> None:
    rig = CatenarySection()
    perform_all(rig, "register_work", "post_protection")
    height = rig.perform("measure_height").reading
    stagger = rig.perform("measure_stagger", correct_for_cant=True).reading
    assert height is not None and 5700 <= height.value <= 6500
    assert stagger is not None and stagger.in_range
    refusal(
        rig,
        ("measure_stagger", {"correct_for_cant": False}),
        rule="ocs.cant-correction",
        match="cant correction",
    )


@pytest.mark.parametrize(
    ("fault", "action", "params", "low"),
    [
        ("contact_wire_low", "measure_height", {}, True),
        ("contact_wire_high", "measure_height", {}, False),
        ("stagger_out_of_tolerance", "measure_stagger", {"correct_for_cant": True}, False),
    ],
)
def test_each_fault_is_measured_out_of_tolerance_and_adjusted(
    fault: str, action: str, params: dict[str, bool], low: bool
) -> None:
    rig = CatenarySection()
    rig.inject(fault)
    perform_all(rig, "register_work", "post_protection")
    reading = rig.perform(action, **params).reading
    assert reading is not None and reading.normal_range is not None
    assert not reading.in_range
    assert (reading.value < reading.normal_range[0]) is low
    rig.perform("diagnose", fault=fault)
    refusal(rig, ("repair", {"fault": fault}), rule="ocs.work-under-permit")
    perform_all(rig, *ISOLATE[2:], *EARTH)
    rig.perform("repair", fault=fault)
    after = rig.perform(action, **params).reading
    assert after is not None and after.in_range
    perform_all(rig, *RESTORE)
    assert rig.main_state == "energised"
