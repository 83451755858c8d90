"""The ZYJ7 electro-hydraulic point machine, as a labsim rig model.

An AC 380 V three-phase motor drives an oil pump; the oil pressure moves the switch rails
through a cylinder, and a relief (overflow) valve limits the pressure when the rails are
held. The ZYJ7 is used on existing lines (domain file §1). It shares the safety workflow of
every rig (register, protect, isolate and lock, test before touch) and what every point
machine does (position and indication, the motor supply, the final operation check) through
:class:`labsim.equipment.points.PointRig`.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import ClassVar

from labsim.equipment import FLAG, FaultSpec, Reading, action, quantity
from labsim.equipment.points import POSITIONS, PointRig

__all__ = ["ZYJ7PointMachine"]

GAUGE_RANGES = ("mpa_25", "mpa_10")
_REPAIR = ("registered", "protected", "isolated", "proven_dead")


class ZYJ7PointMachine(PointRig):
    """ZYJ7: motor, oil pump, cylinder and relief valve; indication as on other machines.

    GUESS (no source gave ZYJ7 figures): operating time 4.5 s (normal up to 6.5 s; 8.0 s with
    the relief valve set low), relief pressure 12 MPa (normal 10-14 MPa; 9 MPa with the valve
    set low, 6 MPa with an oil leak), phase current 1.3 A (normal 0.5-2.0 A), and the
    indication relay voltage AC 58 V (normal 45-70 V: the ZD6 relay figures, same relay kind).
    """

    name: ClassVar[str] = "zyj7_point_machine"
    kind: ClassVar[str] = "hydraulic_point_machine"
    title: ClassVar[str] = "ZYJ7 electro-hydraulic point machine"
    group_id: ClassVar[str] = "zyj7"
    operation_check_rule: ClassVar[str] = "zyj7.final-operation-check"
    variables = MappingProxyType({"oil_checked": FLAG})
    faults = MappingProxyType(
        {
            "oil_leak": FaultSpec(
                "oil leak",
                "the point stops part way (四开); the pressure stays low and the oil is low",
                frozenset({"check_oil_level", "measure_oil_pressure"}),
                _REPAIR,
            ),
            "relief_valve_low": FaultSpec(
                "relief valve set low",
                "the point throws slowly; the relief pressure is under 10 MPa",
                frozenset({"measure_oil_pressure", "measure_operating_time"}),
                _REPAIR,
            ),
            "indication_circuit_open": FaultSpec(
                "indication circuit open",
                "the point throws but shows no indication; the relay gets 0 V",
                frozenset({"measure_indication_voltage"}),
                _REPAIR,
            ),
        }
    )

    # -- the machine ------------------------------------------------------------------------

    def _throw(self, to: str) -> None:
        if self["power"] == "off":
            self.refuse("the motor supply is cut", "zyj7.power-off")
        if self.has_fault("oil_leak"):
            self.set(position="between", indication="none")
            self.disturbed()
            self.note("the pump runs but the point stops part way: no lock, no indication")
            return
        blocked = self.has_fault("indication_circuit_open")
        self.set(position=to, indication="none" if blocked else to)
        if blocked:
            self.note("the point moved and locked but shows no indication")
        else:
            self.proved(to)

    @action(needs=("registered", "protected"))
    def do_check_oil_level(self) -> None:
        """Read the oil level in the pump's sight glass."""
        self.set(oil_checked=True)
        if self.has_fault("oil_leak"):
            self.note("the oil is below the mark and the cylinder seal is wet")
        else:
            self.note("the oil is at the mark")

    # -- measurements -----------------------------------------------------------------------

    @action(params={"to": POSITIONS}, needs=("registered",))
    def do_measure_operating_time(self, to: str) -> Reading:
        """Throw the point and time it from start to indication (stopwatch)."""
        self._throw(to)
        return self.read("operating_time")

    @action(params={"range": GAUGE_RANGES}, needs=("registered", "protected"))
    def do_measure_oil_pressure(self, range: str) -> Reading:
        """Read the relief pressure on the gauge at the pump's test port."""
        if range != "mpa_25":
            self.refuse(
                "the 10 MPa gauge would be overranged: use the 25 MPa range", "zyj7.gauge-range"
            )
        return self.read("oil_pressure")

    @action(params={"to": POSITIONS}, needs=("registered",))
    def do_measure_phase_current(self, to: str) -> Reading:
        """Throw the point with the clamp meter on a motor phase wire."""
        self._throw(to)
        return self.read("phase_current")

    @action(needs=("registered",))
    def do_measure_indication_voltage(self) -> Reading:
        """Read the indication relay's AC voltage at its socket."""
        return self.read("indication_voltage")

    @quantity("s", (0.0, 6.5), noise=0.1)
    def q_operating_time(self) -> float:
        """Start to indication (GUESS 4.5 s; 8.0 s with the relief valve set low)."""
        if self.has_fault("oil_leak"):
            return 30.0  # the stopwatch runs out: the point never indicates
        return 8.0 if self.has_fault("relief_valve_low") else 4.5

    @quantity("MPa", (10.0, 14.0), noise=0.1)
    def q_oil_pressure(self) -> float:
        """Relief pressure with the rails held (GUESS 12 MPa)."""
        if self.has_fault("oil_leak"):
            return 6.0
        return 9.0 if self.has_fault("relief_valve_low") else 12.0

    @quantity("A", (0.5, 2.0), noise=0.03)
    def q_phase_current(self) -> float:
        """Motor phase current while throwing (GUESS 1.3 A)."""
        return 1.3

    @quantity("V", (45.0, 70.0), noise=0.5)
    def q_indication_voltage(self) -> float:
        """Indication relay AC voltage (0 V with the circuit open)."""
        if self.has_fault("indication_circuit_open") or self["indication"] == "none":
            return 0.0
        return 58.0
