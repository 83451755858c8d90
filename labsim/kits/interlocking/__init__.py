"""The 6502 relay interlocking panel kit: model and procedure library."""

from __future__ import annotations

from labsim.kits.interlocking.model import RelayInterlocking6502
from labsim.kits.kit import Kit

__all__ = ["KIT", "RelayInterlocking6502"]

#: Registered as ``relay_interlocking_6502`` in the ``labsim.rigs`` entry-point group.
KIT = Kit(RelayInterlocking6502, __name__, library="library.yaml")
