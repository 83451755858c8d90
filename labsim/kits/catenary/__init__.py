"""The catenary (overhead contact line) section kit: model and procedure library."""

from __future__ import annotations

from labsim.kits.catenary.model import CatenarySection
from labsim.kits.kit import Kit

__all__ = ["KIT", "CatenarySection"]

#: Registered as ``catenary_section`` in the ``labsim.rigs`` entry-point group.
KIT = Kit(CatenarySection, __name__, library="library.yaml")
