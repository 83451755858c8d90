"""The shared rig mechanics: declarations, a supply the safety workflow switches, point rigs."""

from __future__ import annotations

from types import MappingProxyType
from typing import ClassVar

import pytest

from labsim.equipment import SafeWorkRig, Supply, Var, action, quantity
from labsim.equipment.points import PointRig
from labsim.equipment.testing import perform_all, prepared, refusal
from labsim.errors import EquipmentError

AT_WORK = ("register_work", "post_protection")
ISOLATED = ("cut_power", "apply_lockout", "test_before_touch")


class BarePoint(PointRig):
    """A point that throws wherever it is sent and shows the way it lies."""

    name: ClassVar[str] = "bare_point"
    operation_check_rule: ClassVar[str] = "bare.final-check"

    def _throw(self, to: str) -> None:
        if self["power"] == "off":
            self.refuse("no power", "bare.power-off")
        self.set(position=to, indication=to)
        self.proved(to)


def throw(to: str) -> tuple[str, dict[str, str]]:
    return ("throw", {"to": to})


def test_the_supply_is_the_energy_the_safety_workflow_isolates() -> None:
    rig = prepared(BarePoint(), *AT_WORK)
    assert not rig.energy_isolated()
    refusal(rig, "apply_lockout", rule="safety.isolate-before-lock")
    perform_all(rig, *ISOLATED)
    assert rig.energy_isolated() and rig["proven_dead"]
    refusal(rig, "restore_power", rule="safety.lockout-removed-first", match="lock")
    assert rig.violations[-1].rule == "safety.lockout-removed-first"
    perform_all(rig, "remove_lockout", "restore_power")
    assert rig["power"] == "on" and not rig.energy_isolated()


def test_isolating_again_asks_for_a_new_test_before_touch() -> None:
    rig = prepared(BarePoint(), *AT_WORK, *ISOLATED)
    perform_all(rig, "cut_power")
    assert not rig["proven_dead"]


def test_a_rig_without_a_supply_counts_as_isolated() -> None:
    assert SafeWorkRig.supply is None
    assert SafeWorkRig().energy_isolated()


def test_a_supply_may_name_its_own_values() -> None:
    class Section(SafeWorkRig):
        supply = Supply("feed", on="energised", off="isolated")
        variables = MappingProxyType({"feed": Var(("energised", "isolated"))})

    rig = Section()
    assert not rig.energy_isolated()
    rig.isolate_energy()
    assert rig["feed"] == "isolated" and rig.energy_isolated()


def test_headline_follows_position_and_indication() -> None:
    rig = prepared(BarePoint(), *AT_WORK)
    assert perform_all(rig, throw("reverse"), throw("normal")) == ["reverse", "normal"]
    rig.set(indication="none")
    assert rig.main_state == "no_indication"
    rig.set(position="between")
    assert rig.main_state == "four_open"


def test_handback_needs_a_throw_both_ways_since_the_supply_was_cut() -> None:
    rig = prepared(BarePoint(), *AT_WORK, throw("reverse"), throw("normal"))
    assert rig["checked"] == "both"
    perform_all(rig, "cut_power")
    assert rig["checked"] == "none"
    refusal(rig, "cancel_registration", rule="safety.handback", match="motor supply")
    perform_all(rig, "restore_power", "withdraw_protection", throw("normal"))
    assert rig["checked"] == "normal"
    refusal(rig, "cancel_registration", rule="bare.final-check", match="both ways")
    perform_all(rig, throw("reverse"), "cancel_registration")
    assert not rig["registered"]


def test_an_unknown_name_is_refused_with_near_misses_and_the_known_ones() -> None:
    with pytest.raises(EquipmentError, match=r"no action 'thorw' \(did you mean 'throw'\?\)"):
        BarePoint.action_spec("thorw")
    with pytest.raises(EquipmentError, match=r"no fault 'melted'; its faults: none"):
        BarePoint.fault_spec("melted")
    with pytest.raises(EquipmentError, match=r"no quantity 'volts'; its quantities: none"):
        BarePoint().read("volts")


def test_a_member_without_its_prefix_is_a_declaration_mistake() -> None:
    with pytest.raises(TypeError, match="must be named do_<action>"):
        action()(lambda: None)
    with pytest.raises(TypeError, match="must be named q_<quantity>"):
        quantity("V")(lambda: 0.0)
