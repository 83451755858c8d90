"""The generic workstation kit: a rig that accepts any action (no library, no panel)."""

from __future__ import annotations

from labsim.kits.generic.model import GenericRig
from labsim.kits.kit import Kit

__all__ = ["KIT", "GenericRig"]

#: Registered as ``generic`` in the ``labsim.rigs`` entry-point group.
KIT = Kit(GenericRig, __name__, library=None, panel=None)
