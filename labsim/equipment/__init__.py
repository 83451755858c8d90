"""Rig models: plain-Python state machines for the rigs of a railway training lab.

A scenario's ``rigs[].model`` names one of these; :func:`get_model` returns its class.
Each class declares its state, its actions (with preconditions), its readings and its
injectable faults; see :mod:`labsim.equipment.base` for the interface and
:mod:`labsim.equipment.safety` for the safety workflow the real rigs share.
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
from labsim.equipment.base import suggest as _suggest
from labsim.equipment.brake_stand import JZ7BrakeStand
from labsim.equipment.catenary import CatenarySection
from labsim.equipment.exercise import choose_fault, resolve_params
from labsim.equipment.generic import GenericRig
from labsim.equipment.interlocking import RelayInterlocking6502
from labsim.equipment.libraries import library_models, library_path
from labsim.equipment.s700k import S700KPointMachine
from labsim.equipment.safety import RULES, SafeWorkRig, rule_text
from labsim.equipment.track_circuit import ZPW2000ATrackCircuit
from labsim.equipment.zd6 import ZD6PointMachine
from labsim.errors import EquipmentError

__all__ = [
    "RULES",
    "ActionSpec",
    "CatenarySection",
    "FaultSpec",
    "GenericRig",
    "JZ7BrakeStand",
    "Outcome",
    "Reading",
    "RelayInterlocking6502",
    "RigModel",
    "S700KPointMachine",
    "SafeWorkRig",
    "Var",
    "Violation",
    "ZD6PointMachine",
    "ZPW2000ATrackCircuit",
    "choose_fault",
    "get_model",
    "library_models",
    "library_path",
    "model_names",
    "resolve_params",
    "rule_text",
]

_MODELS: dict[str, type[RigModel]] = {
    cls.name: cls
    for cls in (
        GenericRig,
        ZD6PointMachine,
        S700KPointMachine,
        ZPW2000ATrackCircuit,
        RelayInterlocking6502,
        CatenarySection,
        JZ7BrakeStand,
    )
}


def model_names() -> tuple[str, ...]:
    """Every rig model a scenario can name, sorted."""
    return tuple(sorted(_MODELS))


def get_model(name: str) -> type[RigModel]:
    """The rig model class called ``name``; EquipmentError (with close matches) if none is."""
    try:
        return _MODELS[name]
    except KeyError:
        raise EquipmentError(
            f"unknown rig model {name!r}{_suggest(name, _MODELS)}; "
            f"known models: {', '.join(model_names())}"
        ) from None
