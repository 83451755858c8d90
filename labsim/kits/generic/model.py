"""The ``generic`` rig: accepts any action, for labs whose rigs labsim does not model."""

from __future__ import annotations

from typing import ClassVar

from labsim.equipment.base import Outcome, ParamValue, RigModel

__all__ = ["GenericRig"]


class GenericRig(RigModel):
    """A workstation that accepts every action and has no state, readings or faults.

    Useful for queueing studies (the M/M/c check) and for rigs of a kind labsim does not
    model yet: the procedure's steps are taken on trust.
    """

    name: ClassVar[str] = "generic"
    kind: ClassVar[str] = "generic"
    title: ClassVar[str] = "Generic workstation"
    group_id: ClassVar[str] = "bench"

    @classmethod
    def action_names(cls) -> frozenset[str] | None:
        """None: the generic rig accepts any action."""
        return None

    def perform(self, action_name: str, **params: ParamValue) -> Outcome:
        """Accept the action whatever it is; nothing changes."""
        self.history.append(action_name)
        return Outcome(action_name, {})
