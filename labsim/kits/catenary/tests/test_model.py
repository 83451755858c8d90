"""The catenary section model: the isolate-test-earth sequence and wire measurements (§4)."""

from __future__ import annotations

import pytest

from labsim.errors import ActionRefused
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


def run(rig: CatenarySection, actions: list[str]) -> list[str]:
    states = []
    for name in actions:
        rig.perform(name)
        states.append(rig.main_state)
    return states


def test_the_whole_sequence_passes_through_every_state() -> None:
    rig = CatenarySection()
    assert rig.main_state == "energised"
    states = run(rig, ISOLATE + EARTH + RESTORE)
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
    run(rig, ["register_work"])
    with pytest.raises(ActionRefused, match="orally") as refused:
        rig.perform("receive_outage_order")
    assert refused.value.rule == "ocs.no-oral-outage"
    assert rig.violations[-1].rule == "ocs.no-oral-outage"


def test_earthing_before_testing_dead_is_critical() -> None:
    rig = CatenarySection()
    run(rig, ISOLATE[:5])
    with pytest.raises(ActionRefused) as refused:
        rig.perform("connect_earth_end")
    assert refused.value.rule == "safety.test-before-touch"


def test_conductor_end_first_is_critical_and_changes_nothing() -> None:
    rig = CatenarySection()
    run(rig, ISOLATE)
    before = rig.state()
    with pytest.raises(ActionRefused, match="earth end first") as refused:
        rig.perform("connect_conductor_end")
    assert refused.value.rule == "ocs.earth-end-first"
    assert rig.state() == before
    assert [v.rule for v in rig.violations] == ["ocs.earth-end-first"]


def test_permit_needs_earths_and_earths_come_off_in_reverse_order() -> None:
    rig = CatenarySection()
    run(rig, [*ISOLATE, "connect_earth_end"])
    with pytest.raises(ActionRefused, match="not earthed"):
        rig.perform("issue_permit")
    run(rig, ["connect_conductor_end", "issue_permit"])
    with pytest.raises(ActionRefused, match="still working") as refused:
        rig.perform("remove_conductor_end")
    assert refused.value.rule == "ocs.earths-until-clear"
    rig.perform("complete_work")
    with pytest.raises(ActionRefused, match="reverse order") as refused:
        rig.perform("remove_earth_end")
    assert refused.value.rule == "ocs.reverse-order"
    with pytest.raises(ActionRefused) as refused:
        rig.perform("return_order")
    assert refused.value.rule == "safety.lockout-removed-first"
    rig.perform("remove_lockout")
    with pytest.raises(ActionRefused, match="earth wire is still on") as refused:
        rig.perform("return_order")
    assert refused.value.rule == "ocs.earths-before-return"


def test_test_before_touch_finds_the_section_live_without_isolation() -> None:
    rig = CatenarySection()
    run(rig, ["register_work"])
    with pytest.raises(ActionRefused, match="isolate it first"):
        rig.perform("apply_lockout")


def test_measurements_of_a_healthy_section() -> None:
    rig = CatenarySection()
    run(rig, ["register_work", "post_protection"])
    height = rig.perform("measure_height").reading
    stagger = rig.perform("measure_stagger", correct_for_cant=True).reading
    assert height is not None and 5700 <= height.value <= 6500
    assert stagger is not None and stagger.in_range
    with pytest.raises(ActionRefused, match="cant correction") as refused:
        rig.perform("measure_stagger", correct_for_cant=False)
    assert refused.value.rule == "ocs.cant-correction"


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
    run(rig, ["register_work", "post_protection"])
    reading = rig.perform(action, **params).reading
    assert reading is not None and reading.normal_range is not None
    assert not reading.in_range
    assert (reading.value < reading.normal_range[0]) is low
    rig.perform("diagnose", fault=fault)
    with pytest.raises(ActionRefused) as refused:
        rig.perform("repair", fault=fault)
    assert refused.value.rule == "ocs.work-under-permit"
    run(rig, ISOLATE[2:] + EARTH)
    rig.perform("repair", fault=fault)
    after = rig.perform(action, **params).reading
    assert after is not None and after.in_range
    run(rig, RESTORE)
    assert rig.main_state == "energised"
