"""Portrayal: how each state looks (colour, label, icon), as frozen styles in tables.

The rig models and the engine know nothing of colours; this table is the only place that
decides that a rig under repair is orange. :func:`rig_state` reads the state a rig is in
from what the engine exposes (is the unit up, who holds it and what they are doing).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol

from labsim.engine.trainee import TraineeState
from labsim.i18n import N_
from labsim.render.palette import BAD, TEXT_DIM, WARN, Colour

__all__ = [
    "KIT_ICON",
    "RIG_PORTRAYAL",
    "TRAINEE_PORTRAYAL",
    "Holder",
    "RigState",
    "RigStyle",
    "TraineeStyle",
    "icon_kind",
    "rig_state",
]


class RigState(StrEnum):
    """What a workstation is doing, as the view tells it apart."""

    IDLE = "idle"
    IN_USE = "in use"
    FAULT_INJECTED = "fault injected"
    AWAITING_SIGNOFF = "awaiting sign-off"
    SIGNOFF = "sign-off"
    FAILED = "failed"
    REPAIR = "under repair"


@dataclass(frozen=True)
class RigStyle:
    """The look of a rig state: its colour, its short card label and its legend text."""

    colour: Colour
    label: str
    legend: str


RIG_PORTRAYAL: Mapping[RigState, RigStyle] = MappingProxyType(
    {
        RigState.IDLE: RigStyle((122, 137, 160), N_("idle"), N_("idle")),
        RigState.IN_USE: RigStyle((59, 158, 255), N_("in use"), N_("in use")),
        RigState.FAULT_INJECTED: RigStyle((232, 121, 249), N_("fault"), N_("fault injected")),
        RigState.AWAITING_SIGNOFF: RigStyle(WARN, N_("awaiting"), N_("awaiting sign-off")),
        RigState.SIGNOFF: RigStyle((167, 139, 250), N_("sign-off"), N_("signing off")),
        RigState.FAILED: RigStyle(BAD, N_("BROKEN"), N_("broken down")),
        RigState.REPAIR: RigStyle((251, 146, 60), N_("repair"), N_("under repair")),
    }
)


@dataclass(frozen=True)
class TraineeStyle:
    """How a trainee's state is told in tooltips and the inspector."""

    colour: Colour
    label: str


TRAINEE_PORTRAYAL: Mapping[str, TraineeStyle] = MappingProxyType(
    {
        TraineeState.ARRIVED: TraineeStyle(TEXT_DIM, N_("just arrived")),
        TraineeState.QUEUED: TraineeStyle(TEXT_DIM, N_("waiting for a rig")),
        TraineeState.WORKING: TraineeStyle(
            RIG_PORTRAYAL[RigState.IN_USE].colour, N_("working on a rig")
        ),
        TraineeState.AWAITING_SIGNOFF: TraineeStyle(WARN, N_("waiting for sign-off")),
        TraineeState.SIGNOFF: TraineeStyle(
            RIG_PORTRAYAL[RigState.SIGNOFF].colour, N_("being signed off")
        ),
        TraineeState.CERTIFIED: TraineeStyle((74, 222, 128), N_("certified")),
        TraineeState.FAILED_OUT: TraineeStyle(BAD, N_("failed out")),
    }
)

#: Prefix of a kit's icon (``kit:<model>``), drawn from its panel description's shapes.
KIT_ICON = "kit:"


def icon_kind(model_name: str) -> str:
    """The icon for a rig model: its kind's, its kit's own, or ``generic`` (unknown model)."""
    from labsim.errors import EquipmentError
    from labsim.kits import get_model

    try:
        model = get_model(model_name)
    except EquipmentError:
        return "generic"
    from labsim.kits.panel import panel_spec

    return KIT_ICON + model_name if panel_spec(model).icon else "generic"


class Holder(Protocol):
    """What :func:`rig_state` reads of the trainee holding a rig."""

    @property
    def state(self) -> str:
        """The trainee's :class:`~labsim.engine.trainee.TraineeState`."""

    @property
    def plan(self) -> tuple[str, ...]:
        """The procedure ids of the trainee's plan."""

    @property
    def plan_index(self) -> int:
        """Which procedure of the plan is under way."""


def rig_state(
    up: bool, holder: Holder | None, exercises: frozenset[str], lab_open: bool
) -> RigState:
    """The state of one rig unit.

    Args:
        up: whether the unit is in service (``RigPool.up``).
        holder: the trainee holding it, if any (``RigPool.holder``).
        exercises: ids of the procedures that are fault-finding exercises.
        lab_open: whether the lab is open now; a broken rig is only repaired in opening
            hours, so out of them it shows as failed rather than under repair.
    """
    if not up:
        return RigState.REPAIR if lab_open else RigState.FAILED
    if holder is None:
        return RigState.IDLE
    if holder.state == TraineeState.SIGNOFF:
        return RigState.SIGNOFF
    if holder.state == TraineeState.AWAITING_SIGNOFF:
        return RigState.AWAITING_SIGNOFF
    if holder.plan[holder.plan_index] in exercises:
        return RigState.FAULT_INJECTED
    return RigState.IN_USE
