"""The ZD6 electric point machine (DC 160 V), for turnouts up to 120 km/h (domain file §1)."""

from __future__ import annotations

from typing import ClassVar

from labsim.kits.point_machine.model import PointMachine

__all__ = ["ZD6PointMachine"]


class ZD6PointMachine(PointMachine):
    """ZD6 point machine: DC series motor, friction clutch, shear pin, DBJ/FBJ indication.

    Sourced numbers: working current ≤ 2.0 A; friction (slipping) current 2.3-2.9 A for a
    single machine, the two directions within 0.3 A; indication relay AC 45-70 V / DC
    35-60 V; 4 mm obstruction plate must prevent locking and indication. Meter set-up from
    the electrical test: DC 5 A range on safety-contact terminals 05-06, DC 250 V range on
    motor terminals 1-5 / 2-5.

    GUESS / EST (no source gave them): the operating-current lower bound (0.5 A), the motor
    terminal voltage under load (155 V, normal 140-176 V), the winding resistance (4.9 Ω,
    normal 4.4-5.4 Ω), the friction-fault current (3.3 A), the faulty-diode relay voltages
    (AC 88 V / DC 20 V) and the 1.6 mm plate still locking.
    """

    name: ClassVar[str] = "zd6_point_machine"
    title: ClassVar[str] = "ZD6 point machine"
    group_id: ClassVar[str] = "zd6"
