"""A 6502-style relay interlocking panel rig: routes, signals, points, sealed buttons (§3).

The rig is a small station throat: one entrance signal, one point, and two routes, the
``main`` route over the point in normal and the ``siding`` route over it in reverse.
Setting a route moves and locks the point (white strip), clears the signal; a train
passing occupies the route (red strip) and releases it section by section behind it.

Maintenance rules from the panel (domain file §3): when work affects traffic the
signaller covers the affected buttons (or hangs a red tag); the guide and manual-release
buttons are sealed, have counters, and every use is entered in the 行车设备检查登记簿,
which is why they need the work registered.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import ClassVar

from labsim.equipment.base import FLAG, FaultSpec, Gate, Reading, Var, action, quantity
from labsim.equipment.safety import SafeWorkRig, Supply

__all__ = ["RelayInterlocking6502"]

ROUTES = {"main": "normal", "siding": "reverse"}
COUNTER_LIMIT = 1_000_000
_INDOOR = ("registered", "covered")


class RelayInterlocking6502(SafeWorkRig):
    """6502 relay interlocking panel with one entrance signal, one point and two routes.

    GUESS (the domain file marks the panel state labels and the route-release fault as
    not confirmed): the state labels, the non-releasing section, the signal lamp voltage
    (11 V, normal 10.2-11.4 V) and that a broken filament leaves the signal at danger with
    the filament alarm on.
    """

    name: ClassVar[str] = "relay_interlocking_6502"
    kind: ClassVar[str] = "interlocking"
    title: ClassVar[str] = "6502 relay interlocking panel"
    group_id: ClassVar[str] = "ixl6502"
    #: The signal's lamp supply, switched off for lamp work.
    supply = Supply("signal_power")
    main_states: ClassVar[tuple[str, ...]] = (
        "idle",
        "route_set",
        "signal_open",
        "occupied",
        "guide",
        "maintenance",
    )
    variables = MappingProxyType(
        {
            "route": Var(("none", "main", "siding")),
            "route_state": Var(("idle", "locked", "occupied")),
            "signal": Var(("closed", "open", "guide")),
            "point": Var(("normal", "reverse")),
            "point_locked": FLAG,
            "covered": FLAG,
            "filament_alarm": FLAG,
            "sealed_counter": Var(range(COUNTER_LIMIT)),
            "signal_power": Var(("on", "off")),
        }
    )
    gates = MappingProxyType(
        {
            "covered": Gate(
                "safety.cover-buttons",
                "the affected buttons are not covered (no red tag) during maintenance",
                lambda rig: bool(rig["covered"]),
            ),
        }
    )
    faults = MappingProxyType(
        {
            "section_not_releasing": FaultSpec(
                "section does not release",
                "after the train has passed the red strip stays and the point stays locked",
                frozenset({"pass_train", "inspect_panel"}),
                _INDOOR,
            ),
            "lamp_filament_break": FaultSpec(
                "signal lamp filament broken",
                "the signal stays at danger when the route is set; filament alarm on",
                frozenset({"measure_lamp_voltage", "inspect_panel"}),
                ("registered", "protected", "isolated", "proven_dead"),
            ),
            "point_indication_lost": FaultSpec(
                "point loses indication",
                "the point's indication lamp is dark; no route over it can be set",
                frozenset({"inspect_panel", "throw_point"}),
                ("registered", "protected", "covered"),
            ),
            "red_band": FaultSpec(
                "track circuit red band",
                "a section shows a red strip with no train; no route can be set over it",
                frozenset({"inspect_panel"}),
                ("registered", "protected", "covered"),
            ),
        }
    )

    @property
    def main_state(self) -> str:
        """Occupied, guide, signal open, route set, maintenance or idle."""
        if self["route_state"] == "occupied" or self.has_fault("red_band"):
            return "occupied"
        if self["signal"] == "guide":
            return "guide"
        if self["signal"] == "open":
            return "signal_open"
        if self["route_state"] == "locked":
            return "route_set"
        if self["covered"]:
            return "maintenance"
        return "idle"

    # -- safety hooks ---------------------------------------------------------------------

    def handback_problem(self) -> tuple[str, str, bool] | None:
        """Lamp supply on, buttons uncovered, no route left set or stuck."""
        if self["signal_power"] == "off":
            return "the signal lamp supply is still off", "safety.handback", False
        if self["covered"]:
            return "the buttons are still covered", "ixl.buttons-left-covered", False
        if self["route_state"] != "idle":
            return "a route is still set or not released", "ixl.route-left-set", False
        return None

    # -- routes and signals ----------------------------------------------------------------

    def _buttons_free(self) -> None:
        if self["covered"]:
            self.refuse("the buttons are covered for maintenance", "ixl.buttons-covered")

    def _clear_signal(self) -> None:
        if self.has_fault("lamp_filament_break") or self["signal_power"] == "off":
            self.set(filament_alarm=self.has_fault("lamp_filament_break"))
            self.note("the signal stays at danger: its lamp does not light")
            return
        self.set(signal="open")

    @action(params={"route": tuple(ROUTES)})
    def do_set_route(self, route: str) -> None:
        """Press the entrance then the exit button: point moves and locks, signal clears."""
        self._buttons_free()
        if self["route_state"] != "idle":
            self.refuse("a route is already set", "ixl.route-set")
        if self.has_fault("red_band"):
            self.refuse("a section on the route shows occupied", "ixl.section-occupied")
        if self.has_fault("point_indication_lost"):
            self.refuse("the point has no indication: the route cannot lock", "ixl.no-indication")
        self.set(point=ROUTES[route], route=route, route_state="locked", point_locked=True)
        self._clear_signal()

    @action()
    def do_cancel_route(self) -> None:
        """Cancel a set route before a train enters it (总取消)."""
        self._buttons_free()
        if self["route_state"] != "locked":
            self.refuse("no route is set that can be cancelled", "ixl.cannot-cancel")
        self._release()

    def _release(self) -> None:
        self.set(route="none", route_state="idle", signal="closed", point_locked=False)

    @action()
    def do_pass_train(self) -> None:
        """A train passes over the route: red strip, then release behind it."""
        if self["signal"] == "closed":
            self.refuse("the signal is at danger: no train may enter", "ixl.signal-closed")
        self.set(route_state="occupied", signal="closed")
        if self.has_fault("section_not_releasing"):
            self.note("the train has passed but the red strip stays and the point stays locked")
            return
        self._release()

    @action(params={"to": ("normal", "reverse")})
    def do_throw_point(self, to: str) -> None:
        """Throw the point on its own (单操)."""
        self._buttons_free()
        if self["point_locked"]:
            self.refuse("the point is locked in a route", "ixl.point-locked")
        self.set(point=to)
        if self.has_fault("point_indication_lost"):
            self.note("the point moved but its indication lamp stays dark")

    @action(params={"route": tuple(ROUTES)}, needs=("registered",))
    def do_guide_signal(self, route: str) -> None:
        """Press the sealed guide button (引导): the guide aspect, logged and counted."""
        self._buttons_free()
        if self["route_state"] != "idle" or self.has_fault("point_indication_lost"):
            self.refuse("the point must be free and indicated", "ixl.guide-conditions")
        self.set(point=ROUTES[route], route=route, route_state="locked", point_locked=True)
        self.set(signal="guide", sealed_counter=self._count())

    @action(needs=("registered",))
    def do_manual_release(self) -> None:
        """Press the sealed manual-release button (人工解锁): logged and counted."""
        self._buttons_free()
        if self["route_state"] == "idle":
            self.refuse("there is nothing to release", "ixl.nothing-to-release")
        self._release()
        self.set(sealed_counter=self._count())

    def _count(self) -> int:
        return min(int(self["sealed_counter"]) + 1, COUNTER_LIMIT - 1)

    # -- maintenance -----------------------------------------------------------------------

    @action(needs=("registered",))
    def do_cover_buttons(self) -> None:
        """Cover the affected buttons (or hang the red tag) before maintenance."""
        if self["route_state"] != "idle":
            self.refuse("release the route before covering its buttons", "ixl.route-set")
        self.set(covered=True)

    @action(needs=("registered",))
    def do_uncover_buttons(self) -> None:
        """Take the covers (red tags) off the buttons."""
        self.set(covered=False)

    @action(needs=_INDOOR)
    def do_switch_off_signal(self) -> None:
        """Switch off the signal's lamp supply (the isolation for lamp work)."""
        self.isolate_energy(signal="closed")

    @action(needs=_INDOOR)
    def do_switch_on_signal(self) -> None:
        """Switch the signal's lamp supply on again."""
        self.restore_energy()

    @action()
    def do_inspect_panel(self) -> None:
        """Read the panel: strips, point indication lamps, signal lamps, alarms."""
        if self.has_fault("red_band"):
            self.note("a red strip shows on a section with no train")
        if self.has_fault("point_indication_lost"):
            self.note("the point's indication lamp is dark")
        if self.has_fault("lamp_filament_break"):
            self.set(filament_alarm=True)
            self.note("the filament alarm is on")
        if self["route_state"] == "occupied":
            self.note("the red strip stays although the train has gone")
        if not self._notes:
            self.note("the panel shows nothing wrong")

    @action(needs=("registered",))
    def do_measure_lamp_voltage(self) -> Reading:
        """Read the signal lamp's secondary voltage at the lamp holder."""
        return self.read("lamp_voltage")

    @quantity("V", (10.2, 11.4), noise=0.05)
    def q_lamp_voltage(self) -> float:
        """Lamp voltage with the lamp lit (GUESS 11 V); 0 with a broken filament or no supply."""
        if self["signal_power"] == "off" or self.has_fault("lamp_filament_break"):
            return 0.0
        return 11.0

    def on_clear(self, fault: str) -> None:
        """A repaired lamp silences the alarm; a repaired release frees the route."""
        if fault == "lamp_filament_break":
            self.set(filament_alarm=False)
        if fault == "section_not_releasing" and self["route_state"] == "occupied":
            self._release()
