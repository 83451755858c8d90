"""Point machines (turnout rigs): throw, lock and prove the switch rails (domain file §1).

:class:`PointMachine` holds what the electric machines share, on top of what every point
machine does (:class:`labsim.equipment.points.PointRig`); :mod:`.zd6` and :mod:`.s700k` give
the numbers. Simplifications, on purpose:

* a throw is instantaneous; ``moving`` is a label a view may show while a throw step runs;
* the 4 mm test plate blocks the closing rail whichever way the point is thrown (the
  procedure moves it to the rail that closes next);
* the ``obstruction`` fault lies on the reverse side: throwing reverse leaves the point
  four-open (四开), throwing normal works.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import ClassVar

from labsim.equipment.base import FLAG, FaultSpec, Reading, Var, action, quantity
from labsim.equipment.points import POSITIONS, PointRig

__all__ = ["PointMachine"]

RANGES = ("dc_5a", "ac_5a", "dc_250v", "ac_250v", "ac_500v", "ohm_200")
MACHINE_TERMINALS = ("05-06", "1-5", "2-5", "X1-X2", "X2-X3", "X1-X3")
BOARD_TERMINALS = ("X1-X3", "X2-X3", "X4-X3")
_REPAIR = ("registered", "protected", "isolated", "proven_dead")


class PointMachine(PointRig):
    """Shared behaviour of electric point machines; subclasses set the numbers and meter set-up."""

    main_states: ClassVar[tuple[str, ...]] = (
        "normal",
        "reverse",
        "moving",
        "locked",
        "no_indication",
        "four_open",
        "trailed",
        "hand_cranked",
    )
    variables = MappingProxyType(
        {
            "locked": Var((True, False)),
            "crank": FLAG,
            "gauge": Var(("none", "4mm", "1.6mm")),
            "single_lock": FLAG,
            "shear_pin": Var(("intact", "cut")),
        }
    )
    faults = MappingProxyType(
        {
            "motor_circuit_open": FaultSpec(
                "motor circuit open",
                "the panel ammeter does not move and the point stays where it is",
                frozenset({"throw", "measure_operating_current", "measure_working_voltage"}),
                _REPAIR,
            ),
            "indication_circuit_open": FaultSpec(
                "indication circuit open",
                "the point throws both ways but shows no indication; the relay gets 0 V",
                frozenset({"measure_indication_voltage", "measure_board_voltage"}),
                _REPAIR,
            ),
            "friction_out_of_range": FaultSpec(
                "friction current out of range",
                "the slipping current is too high one way (rod rubbing, poor packing)",
                frozenset({"measure_friction_current"}),
                _REPAIR,
            ),
            "obstruction": FaultSpec(
                "obstruction in the reverse switch",
                "thrown reverse the point neither locks nor indicates (四开)",
                frozenset({"inspect_point"}),
                _REPAIR,
            ),
            "trailed": FaultSpec(
                "point trailed",
                "shear pin cut, indication lost (挤岔 alarm)",
                frozenset({"inspect_point"}),
                _REPAIR,
            ),
            "diode_fault": FaultSpec(
                "indication diode faulty",
                "no indication; relay AC voltage high and DC low",
                frozenset({"measure_indication_voltage"}),
                _REPAIR,
            ),
        }
    )

    # meter set-up and numbers, set per machine
    current_range: ClassVar[str] = "dc_5a"
    current_terminals: ClassVar[tuple[str, ...]] = ("05-06",)
    voltage_range: ClassVar[str] = "dc_250v"
    voltage_terminals: ClassVar[tuple[str, ...]] = ("1-5", "2-5")
    operating_amps: ClassVar[float] = 1.6
    stiff_operating_amps: ClassVar[float] = 2.3
    working_volts: ClassVar[float] = 155.0
    friction_amps: ClassVar[tuple[float, float]] = (2.6, 2.7)
    stiff_friction_amps: ClassVar[float] = 3.3
    winding_ohms: ClassVar[float] = 4.9
    relay_volts: ClassVar[tuple[float, float]] = (58.0, 46.0)
    bad_diode_volts: ClassVar[tuple[float, float]] = (88.0, 20.0)

    # -- headline state ---------------------------------------------------------------------

    @property
    def main_state(self) -> str:
        """Trailed, hand-cranked, four-open, locked, no indication, or the position."""
        if self["shear_pin"] == "cut":
            return "trailed"
        if self["crank"]:
            return "hand_cranked"
        if self["position"] == "between":
            return "four_open"
        if self["single_lock"]:
            return "locked"
        if self["indication"] == "none":
            return "no_indication"
        return str(self["position"])

    # -- safety hooks -------------------------------------------------------------------

    def on_site_problem(self) -> str | None:
        """A test plate or a crank left at the point keeps the site protected."""
        if self["gauge"] != "none":
            return "the test plate is still in the switch"
        if self["crank"]:
            return "the hand crank is still in the machine"
        return None

    # -- the switch itself ----------------------------------------------------------------

    def _indication_for(self, position: str) -> str:
        blocked = (
            self.has_fault("indication_circuit_open")
            or self.has_fault("diode_fault")
            or self["shear_pin"] == "cut"
            or position == "between"
        )
        return "none" if blocked else position

    def _obstructed(self, to: str) -> bool:
        return self["gauge"] == "4mm" or (to == "reverse" and self.has_fault("obstruction"))

    def _move(self, to: str) -> None:
        """Move the switch rails to ``to`` (by motor or crank) and lock if nothing blocks."""
        if self._obstructed(to):
            self.set(position="between", locked=False, indication="none")
            self.note("the switch rail stops against the obstruction: no lock, no indication")
            return
        self.set(position=to, locked=True, indication=self._indication_for(to))
        if self["indication"] == "none":
            self.note("the point moved and locked but shows no indication")

    def _throw(self, to: str) -> bool:
        """Throw by motor; False if the motor never turned (motor circuit open)."""
        if self["crank"]:
            self.refuse("the hand crank is in: its contact cuts motor power", "pm.crank-in")
        if self["shear_pin"] == "cut":
            self.refuse(
                "a trailed point must not be operated before it is repaired",
                "pm.trailed-point",
                critical=True,
            )
        if self["power"] == "off":
            self.refuse("the motor supply is cut", "pm.power-off")
        if self["single_lock"]:
            self.refuse("the point is single-locked (单锁) on the panel", "pm.single-locked")
        if self.has_fault("motor_circuit_open"):
            self.note("the panel ammeter does not move; the point stays where it is")
            return False
        self._move(to)
        if self["indication"] == to and self["gauge"] == "none":
            self.proved(to)
        return True

    def _meter(
        self, given_range: str, want_range: str, terminals: str, want: tuple[str, ...]
    ) -> None:
        if given_range != want_range:
            self.refuse(f"wrong meter range {given_range}: use {want_range}", "pm.meter-range")
        if terminals not in want:
            self.refuse(
                f"wrong terminals {terminals}: measure on {' or '.join(want)}",
                "pm.meter-terminals",
            )

    @action(needs=("registered", "protected"))
    def do_inspect_point(self) -> None:
        """Look at the switch: rails, rods, shear pin, anything caught in it."""
        if self.has_fault("obstruction"):
            self.note("an object lies between the reverse switch rail and its stock rail")
        if self["shear_pin"] == "cut":
            self.note("the shear pin is cut and the rods are displaced: the point was trailed")
        if not self._notes:
            self.note("nothing wrong to see at the switch")

    @action(params={"thickness": ("4mm", "1.6mm")}, needs=("registered", "protected"))
    def do_place_gauge(self, thickness: str) -> None:
        """Put a test plate between switch rail and stock rail at the first traction point."""
        if self["gauge"] != "none":
            self.refuse("a test plate is already in", "pm.one-plate")
        self.set(gauge=thickness)
        self.disturbed()

    @action(needs=("registered", "protected"))
    def do_remove_gauge(self) -> None:
        """Take the test plate out."""
        if self["gauge"] == "none":
            self.refuse("there is no test plate in the switch", "pm.no-plate")
        self.set(gauge="none")

    @action(needs=("registered", "protected"))
    def do_insert_crank(self) -> None:
        """Insert the hand crank (its safety contact cuts motor power)."""
        if self["crank"]:
            self.refuse("the crank is already in", "pm.crank-in")
        self.set(crank=True)
        self.disturbed()

    @action(params={"to": POSITIONS}, needs=("registered", "protected"))
    def do_hand_crank(self, to: str) -> None:
        """Crank the point by hand."""
        if not self["crank"]:
            self.refuse("insert the hand crank first", "pm.no-crank")
        if self["shear_pin"] == "cut":
            self.refuse("a trailed point must be repaired first", "pm.trailed-point")
        self._move(to)

    @action(needs=("registered",))
    def do_remove_crank(self) -> None:
        """Take the hand crank out."""
        if not self["crank"]:
            self.refuse("the crank is not in", "pm.no-crank")
        self.set(crank=False)

    @action()
    def do_single_lock(self) -> None:
        """Single-lock (单锁) the point from the panel so that it cannot be thrown."""
        self.set(single_lock=True)

    @action()
    def do_single_unlock(self) -> None:
        """Release the single lock."""
        self.set(single_lock=False)

    # -- measurements ---------------------------------------------------------------------

    @action(
        params={"to": POSITIONS, "range": RANGES, "terminals": MACHINE_TERMINALS},
        needs=("registered",),
    )
    def do_measure_operating_current(self, to: str, range: str, terminals: str) -> Reading:
        """Throw the point and read the motor current on the safety-contact terminals."""
        self._meter(range, self.current_range, terminals, self.current_terminals)
        moved = self._throw(to)
        if moved and self["position"] == "between":
            return self.read("friction_current", to=to)
        return self.read("operating_current")

    @action(
        params={"to": POSITIONS, "range": RANGES, "terminals": MACHINE_TERMINALS},
        needs=("registered",),
    )
    def do_measure_working_voltage(self, to: str, range: str, terminals: str) -> Reading:
        """Throw the point and read the motor voltage while it runs."""
        self._meter(range, self.voltage_range, terminals, self.voltage_terminals)
        self._throw(to)
        return self.read("working_voltage")

    @action(
        params={"to": POSITIONS, "range": RANGES, "terminals": MACHINE_TERMINALS},
        needs=("registered", "protected"),
    )
    def do_measure_friction_current(self, to: str, range: str, terminals: str) -> Reading:
        """With the 4 mm plate in, throw and read the current while the clutch slips."""
        self._meter(range, self.current_range, terminals, self.current_terminals)
        if self["gauge"] != "4mm":
            self.refuse(
                "put the 4 mm plate in first: without it the rail closes normally",
                "pm.friction-needs-plate",
            )
        moved = self._throw(to)
        return self.read("friction_current", to=to) if moved else self.read("operating_current")

    @action(
        params={"range": RANGES, "terminals": MACHINE_TERMINALS},
        needs=("registered", "isolated", "proven_dead"),
    )
    def do_measure_winding_resistance(self, range: str, terminals: str) -> Reading:
        """Read the motor winding's DC resistance with the machine at rest and isolated."""
        self._meter(range, "ohm_200", terminals, self.voltage_terminals)
        return self.read("winding_resistance")

    @action(params={"range": ("ac_250v", "dc_250v")}, needs=("registered",))
    def do_measure_indication_voltage(self, range: str) -> Reading:
        """Read the indication relay (DBJ/FBJ) voltage at its socket, terminals 1-4."""
        return self.read("indication_voltage_" + range[:2])

    @action(params={"terminals": BOARD_TERMINALS}, needs=("registered",))
    def do_measure_board_voltage(self, terminals: str) -> Reading:
        """Read the AC indication supply at the cable distribution board (分线盘)."""
        return self.read("board_voltage", terminals=terminals)

    # -- quantities ---------------------------------------------------------------------------

    @quantity("A", (0.5, 2.0), noise=0.03)
    def q_operating_current(self) -> float:
        """Motor current during a free throw (ZD6: ≤ 2.0 A; lower bound GUESS)."""
        if self.has_fault("motor_circuit_open"):
            return 0.0
        if self.has_fault("friction_out_of_range"):
            return self.stiff_operating_amps
        return self.operating_amps

    @quantity("V", (140.0, 176.0), noise=1.0)
    def q_working_voltage(self) -> float:
        """Motor terminal voltage while it runs (0 with the motor circuit open)."""
        return 0.0 if self.has_fault("motor_circuit_open") else self.working_volts

    @quantity("A", (2.3, 2.9), noise=0.03, params={"to": POSITIONS})
    def q_friction_current(self, to: str) -> float:
        """Slipping current against the 4 mm plate, per direction (differ by ≤ 0.3 A)."""
        if self.has_fault("motor_circuit_open"):
            return 0.0
        if self.has_fault("friction_out_of_range") and to == "normal":
            return self.stiff_friction_amps
        return self.friction_amps[POSITIONS.index(to)]

    @quantity("Ω", (4.4, 5.4), noise=0.02)
    def q_winding_resistance(self) -> float:
        """Motor winding DC resistance (GUESS: no source gives the figure)."""
        return self.winding_ohms

    def _relay_volts(self, which: int) -> float:
        if self["indication"] != "none":
            return self.relay_volts[which]
        if self.has_fault("diode_fault") and self["locked"]:
            return self.bad_diode_volts[which]
        return 0.0

    @quantity("V", (45.0, 70.0), noise=0.5)
    def q_indication_voltage_ac(self) -> float:
        """Indication relay AC voltage (normal 45-70 V)."""
        return self._relay_volts(0)

    @quantity("V", (35.0, 60.0), noise=0.5)
    def q_indication_voltage_dc(self) -> float:
        """Indication relay DC voltage (normal 35-60 V)."""
        return self._relay_volts(1)

    @quantity("V", (100.0, 120.0), noise=1.0, params={"terminals": BOARD_TERMINALS})
    def q_board_voltage(self, terminals: str) -> float:
        """AC indication supply on the board: X1-X3 normal, X2-X3 reverse (≈110 V)."""
        wanted = {"X1-X3": "normal", "X2-X3": "reverse"}.get(terminals)
        return 110.0 if wanted == self["position"] else 0.0

    # -- faults -------------------------------------------------------------------------------

    def on_inject(self, fault: str) -> None:
        """Indication faults drop the indication at once; trailing cuts the shear pin."""
        if fault == "trailed":
            self.set(shear_pin="cut", locked=False, indication="none", checked="none")
        elif fault in ("indication_circuit_open", "diode_fault"):
            self.set(indication="none")

    def on_clear(self, fault: str) -> None:
        """A repair restores indication where the point lies locked; a throw re-locks it."""
        if fault == "trailed":
            self.set(shear_pin="intact")
        locked = bool(self["locked"])
        position = str(self["position"])
        self.set(indication=self._indication_for(position) if locked else "none")
        self.disturbed()
