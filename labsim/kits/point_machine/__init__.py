"""The point machine kit: ZD6 (DC) and S700K (three-phase) models and their libraries.

Both models share one state machine (:mod:`.model`) and one panel; each has its own
procedure library.
"""

from __future__ import annotations

from labsim.kits.kit import Kit
from labsim.kits.point_machine.model import PointMachine
from labsim.kits.point_machine.s700k import S700KPointMachine
from labsim.kits.point_machine.zd6 import ZD6PointMachine

__all__ = ["S700K", "ZD6", "PointMachine", "S700KPointMachine", "ZD6PointMachine"]

#: Registered as ``zd6_point_machine`` in the ``labsim.rigs`` entry-point group.
ZD6 = Kit(ZD6PointMachine, __name__, library="library_zd6.yaml")
#: Registered as ``s700k_point_machine`` in the ``labsim.rigs`` entry-point group.
S700K = Kit(S700KPointMachine, __name__, library="library_s700k.yaml")
