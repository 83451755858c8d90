"""The S700K three-phase point machine, used on large turnouts of passenger lines (§1)."""

from __future__ import annotations

from types import MappingProxyType
from typing import ClassVar

from labsim.kits.point_machine.model import PointMachine

__all__ = ["S700KPointMachine"]


class S700KPointMachine(PointMachine):
    """S700K point machine: AC 380 V three-phase motor, friction clutch, retaining coupling.

    It behaves as the ZD6 model does (same states, tests and faults); the differences are the
    supply and the meter set-up: an AC 5 A clamp on the phase wires and the AC 500 V range
    across phases. Trailing breaks the retaining coupling (shown as the ``shear_pin`` state).

    GUESS / EST (no source gave S700K figures): operating current 1.4 A per phase (normal
    0.5-2.0 A), phase voltage under load 370 V (normal 342-418 V, ±10 % of 380 V), slipping
    current 2.2/2.3 A (normal 1.8-2.6 A), stiff-friction current 2.9 A, winding resistance
    55 Ω (normal 50-60 Ω), the phase-wire terminal names and the indication voltages (taken
    as the ZD6's, since the indication relay is the same kind).
    """

    name: ClassVar[str] = "s700k_point_machine"
    title: ClassVar[str] = "S700K point machine"
    group_id: ClassVar[str] = "s700k"
    current_range: ClassVar[str] = "ac_5a"
    current_terminals: ClassVar[tuple[str, ...]] = ("X1-X2", "X2-X3", "X1-X3")
    voltage_range: ClassVar[str] = "ac_500v"
    voltage_terminals: ClassVar[tuple[str, ...]] = ("X1-X2", "X2-X3", "X1-X3")
    operating_amps: ClassVar[float] = 1.4
    stiff_operating_amps: ClassVar[float] = 2.2
    working_volts: ClassVar[float] = 370.0
    friction_amps: ClassVar[tuple[float, float]] = (2.2, 2.3)
    stiff_friction_amps: ClassVar[float] = 2.9
    winding_ohms: ClassVar[float] = 55.0
    normal_ranges = MappingProxyType(
        {
            "working_voltage": (342.0, 418.0),
            "friction_current": (1.8, 2.6),
            "winding_resistance": (50.0, 60.0),
        }
    )
