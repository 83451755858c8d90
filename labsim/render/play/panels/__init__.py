"""Rig panels, one per rig kind; :func:`panel_for` picks the one for a rig model's kind."""

from __future__ import annotations

from labsim.render.play.panels.base import RigPanel
from labsim.render.play.panels.point_machine import PointMachinePanel

__all__ = ["RigPanel", "panel_for"]

_PANELS: dict[str, type[RigPanel]] = {cls.kind: cls for cls in (PointMachinePanel,)}


def panel_for(kind: str) -> RigPanel:
    """The panel of a rig kind (the plain control panel for a kind without a schematic)."""
    return _PANELS.get(kind, RigPanel)()
