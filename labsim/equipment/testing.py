"""What a kit's tests do to a rig model again and again, written once for every kit.

A kit's tests (the shipped kits' and a third party's alike) put faults on a fresh rig, walk
it through the set-up steps, and assert what it does or refuses and which rule a refusal
names. These helpers need only the model: a kit's tests stay runnable on their own, and
never import another kit.

Example::

    rig = prepared(MyRig(), "register_work", "post_protection", faults=["supply_low"])
    assert perform_all(rig, "switch_off", ("measure_supply", {"range": "dc_50v"})) == [...]
    refusal(rig, "switch_on", rule="safety.lockout-removed-first", match="lock")
    diagnose_and_repair(rig, "supply_low", isolate=["switch_off", "apply_lockout"])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TypeVar

from labsim.equipment.base import RigModel
from labsim.equipment.declare import ParamValue
from labsim.errors import ActionRefused

__all__ = ["Step", "diagnose_and_repair", "perform_all", "prepared", "reading_value", "refusal"]

#: One action to perform: its name alone, or its name and parameters.
Step = str | tuple[str, Mapping[str, ParamValue]]

Rig = TypeVar("Rig", bound=RigModel)


def _split(step: Step) -> tuple[str, Mapping[str, ParamValue]]:
    return (step, {}) if isinstance(step, str) else step


def perform_all(rig: RigModel, *steps: Step) -> list[str]:
    """Perform ``steps`` in order; the rig's main state after each, for a timeline assert."""
    states = []
    for step in steps:
        action, params = _split(step)
        rig.perform(action, **params)
        states.append(rig.main_state)
    return states


def prepared(rig: Rig, *steps: Step, faults: Iterable[str] = ()) -> Rig:
    """``rig`` with ``faults`` injected and then ``steps`` performed: a test's starting point."""
    for fault in faults:
        rig.inject(fault)
    perform_all(rig, *steps)
    return rig


def diagnose_and_repair(
    rig: RigModel, fault: str, *, isolate: Iterable[Step] = (), restore: Iterable[Step] = ()
) -> None:
    """The fault-finding close: diagnose ``fault``, ``isolate``, repair it, then ``restore``.

    ``isolate`` is whatever the kit's safety rules ask before a repair (cut the supply, lock
    and tag, test before touch); ``restore`` undoes it for the hand-back.
    """
    perform_all(rig, ("diagnose", {"fault": fault}), *isolate, ("repair", {"fault": fault}))
    perform_all(rig, *restore)


def reading_value(
    rig: RigModel, step: Step, quantity: str | None = None, **params: ParamValue
) -> float:
    """Perform ``step`` and return the value it read, asserting it read (``quantity``, if given).

    Raises:
        AssertionError: the step read nothing, or another quantity.
    """
    action, given = _split(step)
    reading = rig.perform(action, **{**given, **params}).reading
    if reading is None:
        raise AssertionError(f"{action} read nothing")
    if quantity is not None and reading.quantity != quantity:
        raise AssertionError(f"{action} read {reading.quantity!r}, not {quantity!r}")
    return reading.value


def refusal(
    rig: RigModel,
    step: Step,
    *,
    rule: str | None = None,
    match: str | None = None,
) -> ActionRefused:
    """Assert that the rig refuses ``step``, naming ``rule``, with ``match`` in the reason.

    ``match`` is a regular expression searched in the refusal's message, as in
    ``pytest.raises(match=...)``. Returns the refusal for further checks.

    Raises:
        AssertionError: the step was done, or refused for another rule or reason.
    """
    action, params = _split(step)
    try:
        rig.perform(action, **params)
    except ActionRefused as refused:
        if match is not None and not re.search(match, str(refused)):
            raise AssertionError(
                f"{action} refused, but {str(refused)!r} lacks {match!r}"
            ) from refused
        if rule is not None and refused.rule != rule:
            raise AssertionError(
                f"{action} refused for rule {refused.rule!r}, not {rule!r}"
            ) from refused
        return refused
    raise AssertionError(f"{action} was done, but it should have been refused")
