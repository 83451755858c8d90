"""Rig models: plain-Python state machines for the rigs of a railway training lab.

The rig kinds themselves live in kits (:mod:`labsim.kits`); a scenario's ``rigs[].model``
names one, and :func:`labsim.kits.get_model` returns its class. Each class declares its
state, its actions (with preconditions), its readings and its injectable faults; see
:mod:`labsim.equipment.base` for the interface and :mod:`labsim.equipment.safety` for the
safety workflow the real rigs share; :mod:`labsim.equipment.points` is the base of
point-machine models. A rig model needs nothing else from labsim.
"""

from __future__ import annotations

from labsim.equipment.base import (
    FLAG,
    ActionSpec,
    FaultSpec,
    Gate,
    Outcome,
    Reading,
    RigModel,
    Var,
    Violation,
    action,
    quantity,
)
from labsim.equipment.exercise import choose_fault, resolve_params
from labsim.equipment.safety import RULES, SafeWorkRig, Supply, rule_text

__all__ = [
    "FLAG",
    "RULES",
    "ActionSpec",
    "FaultSpec",
    "Gate",
    "Outcome",
    "Reading",
    "RigModel",
    "SafeWorkRig",
    "Supply",
    "Var",
    "Violation",
    "action",
    "choose_fault",
    "quantity",
    "resolve_params",
    "rule_text",
]
