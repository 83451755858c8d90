"""The ZPW-2000A jointless track circuit kit: model and procedure library."""

from __future__ import annotations

from labsim.kits.kit import Kit
from labsim.kits.track_circuit.model import ZPW2000ATrackCircuit

__all__ = ["KIT", "ZPW2000ATrackCircuit"]

#: Registered as ``zpw2000a_track_circuit`` in the ``labsim.rigs`` entry-point group.
KIT = Kit(ZPW2000ATrackCircuit, __name__, library="library.yaml")
