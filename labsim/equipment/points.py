"""What every point machine shares, whatever drives it: the base of point-machine models.

A point machine (electric like the ZD6 and S700K, electro-hydraulic like the ZYJ7) throws
the switch rails between ``normal`` and ``reverse``; the panel shows the position it proves
(the indication), and the switch can stand between the two (four-open, 四开). Its energy is
the motor supply, cut for work on it. Work that may disturb the point (a test plate in, the
supply cut, a crank turned) voids its operation check: before 销记 the point is thrown both
ways with indication again (the final operation check).

:class:`PointRig` declares that much; a model adds how a throw works (``_throw``), its own
state, readings and faults. Kits subclass it from here, so point-machine kits need not
depend on one another.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import ClassVar

from labsim.equipment.base import Var, action
from labsim.equipment.safety import SafeWorkRig, Supply

__all__ = ["POSITIONS", "PointRig"]

#: The two positions a point is thrown to.
POSITIONS = ("normal", "reverse")


class PointRig(SafeWorkRig):
    """A point machine: position, indication, motor supply and the final operation check."""

    kind: ClassVar[str] = "point_machine"
    main_states: ClassVar[tuple[str, ...]] = ("normal", "reverse", "four_open", "no_indication")
    #: The rule a handback without the final operation check breaks (explained in words).
    operation_check_rule: ClassVar[str] = "pm.final-operation-check"
    supply = Supply("power")
    variables = MappingProxyType(
        {
            "position": Var(("normal", "reverse", "between")),
            "indication": Var(("normal", "reverse", "none")),
            "power": Var(("on", "off")),
            # the ways thrown with indication since the last disturbing work
            "checked": Var(("both", "none", "normal", "reverse")),
        }
    )

    @property
    def main_state(self) -> str:
        """Four-open, no indication, or the position."""
        if self["position"] == "between":
            return "four_open"
        if self["indication"] == "none":
            return "no_indication"
        return str(self["position"])

    def handback_problem(self) -> tuple[str, str, bool] | None:
        """Power on and a final operation check both ways (tools out is checked before)."""
        if self["power"] == "off":
            return "the motor supply is still cut", "safety.handback", False
        if self["checked"] != "both":
            return (
                "no final operation check: throw the point both ways with indication",
                self.operation_check_rule,
                False,
            )
        return None

    def proved(self, to: str) -> None:
        """A throw to ``to`` ended with its indication: one way of the check is done."""
        self.set(checked=to if self["checked"] in ("none", to) else "both")

    def disturbed(self) -> None:
        """Work that may disturb the point: the operation check is due again both ways."""
        self.set(checked="none")

    def _throw(self, to: str) -> object:
        """Throw the point by motor to ``to`` (each model says how)."""
        raise NotImplementedError

    @action(params={"to": POSITIONS}, needs=("registered",))
    def do_throw(self, to: str) -> None:
        """Throw the point by motor from the panel."""
        self._throw(to)

    @action(needs=("registered",))
    def do_cut_power(self) -> None:
        """Cut the motor supply (the isolation that lock and tag secure)."""
        self.isolate_energy()
        self.disturbed()

    @action(needs=("registered",))
    def do_restore_power(self) -> None:
        """Restore the motor supply."""
        self.restore_energy()
