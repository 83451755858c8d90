"""Rig models: plain-Python state machines for the rigs of a railway training lab.

The rig kinds themselves live in kits (:mod:`labsim.kits`); a scenario's ``rigs[].model``
names one, and :func:`labsim.kits.get_model` returns its class. Each class declares its
state, its actions (with preconditions), its readings and its injectable faults; see
:mod:`labsim.equipment.base` for the interface and :mod:`labsim.equipment.safety` for the
safety workflow the real rigs share.
"""

from __future__ import annotations

from labsim.equipment.base import (
    ActionSpec,
    FaultSpec,
    Outcome,
    Reading,
    RigModel,
    Var,
    Violation,
)
from labsim.equipment.exercise import choose_fault, resolve_params
from labsim.equipment.safety import RULES, SafeWorkRig, rule_text

__all__ = [
    "RULES",
    "ActionSpec",
    "FaultSpec",
    "Outcome",
    "Reading",
    "RigModel",
    "SafeWorkRig",
    "Var",
    "Violation",
    "choose_fault",
    "resolve_params",
    "rule_text",
]
