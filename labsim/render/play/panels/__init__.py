"""Rig panels, one per rig kind; :func:`panel_for` picks the one for a rig model's kind."""

from __future__ import annotations

from labsim.render.play.panels.base import RigPanel
from labsim.render.play.panels.brake_stand import BrakeStandPanel
from labsim.render.play.panels.catenary import CatenaryPanel
from labsim.render.play.panels.interlocking import InterlockingPanel
from labsim.render.play.panels.point_machine import PointMachinePanel
from labsim.render.play.panels.track_circuit import TrackCircuitPanel

__all__ = ["PANELS", "RigPanel", "panel_for"]

#: The panel class of each rig kind that has a schematic.
PANELS: dict[str, type[RigPanel]] = {
    cls.kind: cls
    for cls in (
        PointMachinePanel,
        TrackCircuitPanel,
        InterlockingPanel,
        CatenaryPanel,
        BrakeStandPanel,
    )
}


def panel_for(kind: str) -> RigPanel:
    """The panel of a rig kind (the plain control panel for a kind without a schematic)."""
    return PANELS.get(kind, RigPanel)()
