"""The ZPW-2000A jointless track circuit rig (domain file §2).

The track relay's state is *derived*: after every action, fault or repair the model works
out the receiver's main-track voltage (with any shunt on the rails) and lifts or drops the
relay; the headline state follows from the relay and the shunt, as the panel shows it:

=============  ==========================================================
clear          relay up, nothing on the rails
occupied       relay down under a shunt (a train, or the 0.15 Ω test shunt)
red_band       relay down with nothing on the rails (false occupancy, 红光带)
poor_shunt     relay still up under a shunt (分路不良)
broken_rail    the rail is broken (relay down)
=============  ==========================================================
"""

from __future__ import annotations

from types import MappingProxyType
from typing import ClassVar

from labsim.equipment.base import FLAG, FaultSpec, Reading, Var, action, quantity
from labsim.equipment.safety import SafeWorkRig, Supply

__all__ = ["ZPW2000ATrackCircuit"]

CARRIERS = ("1700", "2000", "2300", "2600")
_REPAIR = ("registered", "protected", "isolated")
#: Receiver main-track voltage (mV) on a clear section, per fault (GUESS figures).
_MAIN_MV = {
    "broken_rail": 20.0,
    "tuning_unit_break": 150.0,
    "ballast_low": 180.0,
    "capacitor_open_receiver_end": 200.0,
    "capacitor_open_feed_end": 560.0,
    "ballast_high": 500.0,
}
#: Small-track voltage (mV) per fault, for the three capacitor patterns (GUESS figures).
_SMALL_MV = {
    "capacitor_open_receiver_end": 125.0,
    "capacitor_open_middle": 125.0,
    "capacitor_open_feed_end": 60.0,
    "tuning_unit_break": 0.0,
    "broken_rail": 0.0,
}
_CAPACITOR = "a compensation capacitor is open: main {main} and small-track {small} voltage"


class ZPW2000ATrackCircuit(SafeWorkRig):
    """ZPW-2000A station track section on a 1700 Hz carrier, with coding when a route is set.

    Sourced: supply 23.5-24.5 V DC; with the 0.15 Ω shunt at the entry end the coded current
    must be ≥ 500 mA (1700/2000/2300 Hz) or ≥ 450 mA (2600 Hz); the frequency-selective
    meter must be set to the section's carrier; the three compensation-capacitor patterns
    (main ↓ small ↑, main = small ↑, main ↑ small ↓); low ballast resistance gives a red
    band and high ballast resistance poor shunting.

    UNVERIFIED / GUESS: receiver main-track voltage ≥ 240 mV clear (420 mV here) and
    ≤ 140 mV residual under the 0.15 Ω shunt; the small-track figures (100 mV, 70-130 mV);
    the entry current (620 mA); which capacitor position gives which pattern; the tuning
    unit break showing as a red band with no small-track voltage.
    """

    name: ClassVar[str] = "zpw2000a_track_circuit"
    kind: ClassVar[str] = "track_circuit"
    title: ClassVar[str] = "ZPW-2000A track circuit"
    group_id: ClassVar[str] = "zpw2000a"
    carrier: ClassVar[str] = "1700"
    #: The section's transmitter, stopped for work on its equipment.
    supply = Supply("transmitter")
    main_states: ClassVar[tuple[str, ...]] = (
        "clear",
        "occupied",
        "red_band",
        "poor_shunt",
        "broken_rail",
    )
    variables = MappingProxyType(
        {
            "relay": Var(("up", "down")),
            "shunt": Var(("none", "entry", "exit")),
            "meter_carrier": Var(("none", *CARRIERS)),
            "route": Var(("idle", "set")),
            "signal": Var(("closed", "open")),
            "transmitter": Var(("on", "off")),
            "coded": FLAG,
        }
    )
    faults = MappingProxyType(
        {
            "capacitor_open_receiver_end": FaultSpec(
                "compensation capacitor open near the receiver",
                _CAPACITOR.format(main="falls", small="rises") + " (red band)",
                frozenset({"measure_main_voltage", "measure_small_track_voltage"}),
                _REPAIR,
            ),
            "capacitor_open_middle": FaultSpec(
                "compensation capacitor open mid-section",
                _CAPACITOR.format(main="unchanged", small="rises"),
                frozenset({"measure_small_track_voltage"}),
                _REPAIR,
            ),
            "capacitor_open_feed_end": FaultSpec(
                "compensation capacitor open near the feed",
                _CAPACITOR.format(main="rises", small="falls"),
                frozenset({"measure_main_voltage", "measure_small_track_voltage"}),
                _REPAIR,
            ),
            "tuning_unit_break": FaultSpec(
                "tuning unit break",
                "red band; no small-track voltage; the tuning unit lead is visibly broken",
                frozenset({"inspect_track", "measure_small_track_voltage"}),
                _REPAIR,
            ),
            "ballast_low": FaultSpec(
                "ballast resistance too low",
                "red band with no train: wet, fouled ballast leaks the signal",
                frozenset({"inspect_track", "measure_main_voltage"}),
                ("registered", "protected"),
            ),
            "ballast_high": FaultSpec(
                "ballast resistance too high",
                "poor shunting: the relay stays up under a shunt; high residual voltage",
                frozenset({"measure_residual_voltage"}),
                ("registered", "protected"),
            ),
            "broken_rail": FaultSpec(
                "broken rail",
                "relay down, no receiver voltage; a visible break in the rail",
                frozenset({"inspect_track"}),
                _REPAIR,
            ),
        }
    )

    # -- derived state -------------------------------------------------------------------

    def _clear_main_mv(self) -> float:
        for fault, volts in _MAIN_MV.items():
            if self.has_fault(fault):
                return volts
        return 420.0

    def _main_mv(self) -> float:
        if self["transmitter"] == "off":
            return 0.0
        if self["shunt"] != "none":
            return self._residual_mv()
        return self._clear_main_mv()

    def _residual_mv(self) -> float:
        if self["transmitter"] == "off":
            return 0.0
        return 260.0 if self.has_fault("ballast_high") else 60.0

    def settle(self) -> None:
        """Lift or drop the track relay; a dropped relay with the route set closes the signal."""
        relay = "up" if self._main_mv() >= 240.0 else "down"
        self.set(relay=relay)
        if relay == "down" and self["signal"] == "open":
            self.set(signal="closed")
            self.note("the track relay dropped: the signal has gone back to danger")
        self.set(coded=self["route"] == "set" and self["transmitter"] == "on")

    @property
    def main_state(self) -> str:
        """Broken rail, occupied, red band, poor shunt or clear (see the module docstring)."""
        if self.has_fault("broken_rail"):
            return "broken_rail"
        shunted = self["shunt"] != "none"
        if self["relay"] == "down":
            return "occupied" if shunted else "red_band"
        return "poor_shunt" if shunted else "clear"

    # -- safety hooks ---------------------------------------------------------------------

    def on_site_problem(self) -> str | None:
        """A test shunt left on the rails keeps the site protected."""
        return "the test shunt is still on the rails" if self["shunt"] != "none" else None

    def handback_problem(self) -> tuple[str, str, bool] | None:
        """Transmitter on, route cancelled, the section showing clear (shunt off comes first)."""
        if self["transmitter"] == "off":
            return "the transmitter is still stopped", "safety.handback", False
        if self["route"] == "set":
            return "the test route is still set: cancel it", "tc.route-left-set", False
        if self["relay"] == "down":
            return "the section does not show clear", "tc.section-not-clear", False
        return None

    # -- actions ---------------------------------------------------------------------------

    def _meter_ready(self) -> None:
        if self["meter_carrier"] == "none":
            self.refuse("set the frequency-selective meter to a carrier first", "tc.meter-unset")
        if self["meter_carrier"] != self.carrier:
            self.refuse(
                f"the meter is set to {self['meter_carrier']} Hz: it shows nothing on a "
                f"{self.carrier} Hz section",
                "tc.wrong-carrier",
            )

    @action(params={"carrier": CARRIERS})
    def do_select_carrier(self, carrier: str) -> None:
        """Set the frequency-selective meter (e.g. TA3000) to a carrier."""
        self.set(meter_carrier=carrier)

    @action(needs=("registered",))
    def do_set_route(self) -> None:
        """Open the route over the section so that coding starts and the signal clears."""
        if self["route"] == "set":
            self.refuse("the route is already set", "tc.route-set")
        if self["relay"] == "down":
            self.refuse("the section shows occupied: the route cannot be set", "tc.occupied")
        self.set(route="set", signal="open")

    @action(needs=("registered",))
    def do_cancel_route(self) -> None:
        """Cancel the route."""
        if self["route"] == "idle":
            self.refuse("no route is set", "tc.no-route")
        self.set(route="idle", signal="closed")

    @action(needs=("registered",))
    def do_reset_signal(self) -> None:
        """Clear the signal again after a shunt test dropped it."""
        if self["route"] != "set" or self["relay"] == "down":
            self.refuse("the route must be set and the section clear", "tc.cannot-clear")
        self.set(signal="open")

    @action(params={"end": ("entry", "exit")}, needs=("registered", "protected"))
    def do_place_shunt(self, end: str) -> None:
        """Put the 0.15 Ω standard shunt across the rails at one end."""
        if self["shunt"] != "none":
            self.refuse("a shunt is already on the rails", "tc.one-shunt")
        self.set(shunt=end)

    @action(needs=("registered", "protected"))
    def do_remove_shunt(self) -> None:
        """Take the shunt off the rails."""
        if self["shunt"] == "none":
            self.refuse("there is no shunt on the rails", "tc.no-shunt")
        self.set(shunt="none")

    @action(needs=("registered",))
    def do_stop_transmitter(self) -> None:
        """Stop the section's transmitter (the isolation for work on its equipment)."""
        self.isolate_energy()

    @action(needs=("registered",))
    def do_start_transmitter(self) -> None:
        """Start the transmitter again."""
        self.restore_energy()

    @action(needs=("registered", "protected"))
    def do_inspect_track(self) -> None:
        """Walk the section: rails, bonds, tuning units, ballast."""
        seen = {
            "broken_rail": "the rail is broken",
            "tuning_unit_break": "a tuning unit lead is broken",
            "ballast_low": "the ballast is wet and fouled",
        }
        for fault, text in seen.items():
            if self.has_fault(fault):
                self.note(text)
        if not self._notes:
            self.note("nothing wrong to see on the section")

    # -- measurements ------------------------------------------------------------------------

    @action(needs=("registered", "protected"))
    def do_measure_shunt_current(self) -> Reading:
        """Clamp the meter on the shunt lead and read the coded current."""
        self._meter_ready()
        if self["shunt"] == "none":
            self.refuse("put the 0.15 Ω shunt on the rails first", "tc.no-shunt")
        if not self["coded"]:
            self.refuse("no code on the rails: set the route first", "tc.no-code")
        return self.read("shunt_current")

    @action(needs=("registered",))
    def do_measure_main_voltage(self) -> Reading:
        """Read the receiver's main-track input voltage."""
        self._meter_ready()
        return self.read("main_track_voltage")

    @action(needs=("registered",))
    def do_measure_small_track_voltage(self) -> Reading:
        """Read the receiver's small-track input voltage."""
        self._meter_ready()
        return self.read("small_track_voltage")

    @action(needs=("registered",))
    def do_measure_residual_voltage(self) -> Reading:
        """With the shunt on, read the receiver's residual voltage."""
        self._meter_ready()
        if self["shunt"] == "none":
            self.refuse("put the 0.15 Ω shunt on the rails first", "tc.no-shunt")
        return self.read("residual_voltage")

    @action(needs=("registered",))
    def do_measure_supply_voltage(self) -> Reading:
        """Read the rack's DC supply."""
        return self.read("supply_voltage")

    @quantity("mA", (500.0, 2000.0), noise=8.0)
    def q_shunt_current(self) -> tuple[float, tuple[float, float]]:
        """Coded current through the 0.15 Ω shunt (≥ 500 mA; ≥ 450 mA at 2600 Hz)."""
        low = 450.0 if self.carrier == "2600" else 500.0
        if self["transmitter"] == "off" or not self["coded"] or self.has_fault("broken_rail"):
            return 0.0, (low, 2000.0)
        value = 540.0 if self.has_fault("ballast_low") else 620.0
        return value, (low, 2000.0)

    @quantity("mV", (240.0, 800.0), noise=4.0)
    def q_main_track_voltage(self) -> float:
        """Receiver main-track voltage (UNVERIFIED: ≥ 240 mV clear)."""
        return self._main_mv()

    @quantity("mV", (70.0, 130.0), noise=2.0)
    def q_small_track_voltage(self) -> float:
        """Receiver small-track voltage (GUESS range)."""
        if self["transmitter"] == "off":
            return 0.0
        for fault, volts in _SMALL_MV.items():
            if self.has_fault(fault):
                return volts
        return 100.0

    @quantity("mV", (0.0, 140.0), noise=2.0)
    def q_residual_voltage(self) -> float:
        """Residual receiver voltage under the 0.15 Ω shunt (UNVERIFIED: ≤ 140 mV)."""
        return self._residual_mv() if self["shunt"] != "none" else self._main_mv()

    @quantity("V", (23.5, 24.5), noise=0.05)
    def q_supply_voltage(self) -> float:
        """Rack DC supply (23.5-24.5 V)."""
        return 24.0
