"""The JZ-7 brake test stand kit: model and procedure library."""

from __future__ import annotations

from labsim.kits.brake_stand.model import JZ7BrakeStand
from labsim.kits.kit import Kit

__all__ = ["KIT", "JZ7BrakeStand"]

#: Registered as ``jz7_brake_stand`` in the ``labsim.rigs`` entry-point group.
KIT = Kit(JZ7BrakeStand, __name__, library="library.yaml")
