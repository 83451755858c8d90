"""An overhead contact system (catenary) section rig: isolate, test, earth, work (§4).

The isolation sequence follows Chinese practice: an approved work ticket and a team
briefing; the outage order from the power dispatcher (never an oral or timed agreement);
lock and tag; test dead with an approved detector; earth wire connected *earth end first*,
then the conductor end; a work permit; afterwards the earths come off in reverse order and
the order is returned. Taking any of these out of order is a critical error.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import ClassVar

from labsim.equipment.base import FLAG, FaultSpec, Gate, Reading, Var, action, quantity
from labsim.equipment.safety import SafeWorkRig, Supply

__all__ = ["CatenarySection"]

_ADJUST = ("registered", "protected", "permit")
_EARTHED = "the earth wire is on: both ends are connected"


class CatenarySection(SafeWorkRig):
    """A 25 kV catenary section with a registration point to measure and adjust.

    Sourced: contact-wire height 5700-6500 mm on plain line (技规 Art. 122); stagger
    measured against a 400 mm standard, corrected for cant (offset = H x h / 1440); earth
    wire ≥ 25 mm² connected earth end first; earths removed in reverse order.

    GUESS / EST: the stagger tolerance (±30 mm about 400 mm), the cant of the rig's track
    (60 mm), the fault figures (5650 mm, 6560 mm, 465 mm), and that measuring from the
    ground with the laser meter needs only registration and site protection.
    """

    name: ClassVar[str] = "catenary_section"
    kind: ClassVar[str] = "catenary"
    title: ClassVar[str] = "Overhead catenary section"
    group_id: ClassVar[str] = "catenary"
    #: The section's supply, switched off by the power dispatcher's outage order.
    supply = Supply("supply", on="energised", off="isolated")
    main_states: ClassVar[tuple[str, ...]] = (
        "energised",
        "isolated",
        "proven_dead",
        "earthed",
        "permit",
        "work_complete",
    )
    variables = MappingProxyType(
        {
            "ticket": FLAG,
            "supply": Var(("energised", "isolated")),
            "order": Var(("none", "received", "returned")),
            "earth_end": FLAG,
            "conductor_end": FLAG,
            "permit": FLAG,
            "work": Var(("none", "in_progress", "complete")),
        }
    )
    gates = MappingProxyType(
        {
            "permit": Gate(
                "ocs.work-under-permit",
                "no work permit: the section is not isolated and earthed for the team",
                lambda rig: bool(rig["permit"]),
            ),
        }
    )
    faults = MappingProxyType(
        {
            "contact_wire_low": FaultSpec(
                "contact wire too low",
                "contact-wire height below 5700 mm at the registration point",
                frozenset({"measure_height"}),
                _ADJUST,
            ),
            "contact_wire_high": FaultSpec(
                "contact wire too high",
                "contact-wire height above 6500 mm at the registration point",
                frozenset({"measure_height"}),
                _ADJUST,
            ),
            "stagger_out_of_tolerance": FaultSpec(
                "stagger out of tolerance",
                "stagger more than 30 mm off the 400 mm standard",
                frozenset({"measure_stagger"}),
                _ADJUST,
            ),
        }
    )
    design_height: ClassVar[float] = 6000.0
    design_stagger: ClassVar[float] = 400.0
    cant_mm: ClassVar[float] = 60.0

    @property
    def main_state(self) -> str:
        """Energised, work complete, permit, earthed, proven dead or isolated."""
        if self["supply"] == "energised":
            return "energised"
        if self["work"] == "complete":
            return "work_complete"
        if self["permit"]:
            return "permit"
        if self["earth_end"] and self["conductor_end"]:
            return "earthed"
        if self["proven_dead"]:
            return "proven_dead"
        return "isolated"

    # -- safety hooks ---------------------------------------------------------------------

    def on_site_problem(self) -> str | None:
        """An earth wire left on, or a team still working, keeps the site protected."""
        if self["work"] == "in_progress":
            return "the team is still working on the section"
        if self["earth_end"] or self["conductor_end"]:
            return "an earth wire is still on"
        return None

    def handback_problem(self) -> tuple[str, str, bool] | None:
        """The section energised again before 销记 (earths off is checked before, critical)."""
        if self["supply"] != "energised":
            return "the outage order has not been returned", "ocs.order-not-returned", False
        return None

    # -- the isolate-test-earth sequence ---------------------------------------------------

    @action(needs=("registered",))
    def do_approve_ticket(self) -> None:
        """Get the work ticket approved and brief the team on outage time and section."""
        if self["ticket"]:
            self.refuse("the work ticket is already approved", "ocs.one-ticket")
        self.set(ticket=True)

    @action(needs=("registered",))
    def do_receive_outage_order(self) -> None:
        """Receive the power dispatcher's outage order: the section is switched off."""
        if not self["ticket"]:
            self.refuse(
                "no approved work ticket: never agree a power cut orally or by a set time",
                "ocs.no-oral-outage",
                critical=True,
            )
        if self["order"] == "received":
            self.refuse("the outage order is already in force", "ocs.order-in-force")
        self.isolate_energy(order="received")

    @action(needs=("registered", "protected", "isolated", "proven_dead"))
    def do_connect_earth_end(self) -> None:
        """Clamp the earth wire to the rail (earth end) first."""
        if self["earth_end"]:
            self.refuse("the earth end is already connected", "ocs.earth-on")
        self.set(earth_end=True)

    @action(needs=("registered", "protected", "isolated", "proven_dead"))
    def do_connect_conductor_end(self) -> None:
        """Hook the earth wire onto the contact wire (conductor end), with the earth end on."""
        if not self["earth_end"]:
            self.refuse(
                "the earth end is not connected: connect the earth end first",
                "ocs.earth-end-first",
                critical=True,
            )
        if self["conductor_end"]:
            self.refuse("the conductor end is already connected", "ocs.earth-on")
        self.set(conductor_end=True)

    @action(needs=("registered", "protected"))
    def do_issue_permit(self) -> None:
        """Issue the work permit: the team may now touch the section."""
        if not (self["earth_end"] and self["conductor_end"]):
            self.refuse(
                "the section is not earthed at the work site",
                "ocs.earthed-before-permit",
                critical=True,
            )
        self.set(permit=True, work="in_progress")

    @action(needs=("registered", "permit"))
    def do_complete_work(self) -> None:
        """Check the site: everyone and every tool clear of the wire; the work is complete."""
        self.set(work="complete", permit=False)

    @action(needs=("registered", "protected"))
    def do_remove_conductor_end(self) -> None:
        """Take the earth wire off the contact wire (conductor end first on removal)."""
        if not self["conductor_end"]:
            self.refuse("the conductor end is not connected", "ocs.no-earth")
        if self["work"] == "in_progress":
            self.refuse(
                "the team is still working: earths stay on until the work is complete",
                "ocs.earths-until-clear",
                critical=True,
            )
        self.set(conductor_end=False)

    @action(needs=("registered", "protected"))
    def do_remove_earth_end(self) -> None:
        """Unclamp the earth end from the rail, after the conductor end."""
        if not self["earth_end"]:
            self.refuse("the earth end is not connected", "ocs.no-earth")
        if self["conductor_end"]:
            self.refuse(
                "the conductor end is still on: remove earths in reverse order",
                "ocs.reverse-order",
                critical=True,
            )
        self.set(earth_end=False)

    @action(needs=("registered",))
    def do_return_order(self) -> None:
        """Return the outage order: the section is energised again."""
        if self["order"] != "received":
            self.refuse("no outage order is in force", "ocs.no-order")
        self.require_no_lockout()
        left = self.on_site_problem()
        if left is not None:
            self.refuse(left, "ocs.earths-before-return", critical=True)
        self.restore_energy(order="returned", ticket=False, work="none")

    # -- measuring and the wire ------------------------------------------------------------

    @action(needs=("registered", "protected"))
    def do_measure_height(self) -> Reading:
        """Measure contact-wire height at the registration point with the laser meter."""
        return self.read("contact_wire_height")

    @action(params={"correct_for_cant": (True, False)}, needs=("registered", "protected"))
    def do_measure_stagger(self, correct_for_cant: bool) -> Reading:
        """Measure stagger at the registration point, corrected for the track's cant."""
        if not correct_for_cant:
            offset = self.design_height * self.cant_mm / 1440
            self.refuse(
                f"stagger read without the cant correction (H x h / 1440 = {offset:.0f} mm)",
                "ocs.cant-correction",
            )
        return self.read("stagger")

    @quantity("mm", (5700.0, 6500.0), noise=5.0)
    def q_contact_wire_height(self) -> float:
        """Contact-wire height above rail level (plain line: 5700-6500 mm)."""
        if self.has_fault("contact_wire_low"):
            return 5650.0
        if self.has_fault("contact_wire_high"):
            return 6560.0
        return self.design_height

    @quantity("mm", (370.0, 430.0), noise=3.0)
    def q_stagger(self) -> float:
        """Stagger at the registration point, cant-corrected (400 ± 30 mm, GUESS tolerance)."""
        return 465.0 if self.has_fault("stagger_out_of_tolerance") else self.design_stagger
