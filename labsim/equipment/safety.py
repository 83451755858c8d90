"""Safety actions shared by every real rig: registration, site protection, lockout, test.

Railway practice puts the same gates in front of work on any rig (domain file §7):

* **contact and registration** — the work is entered in the 运统-46 book (登记) before it
  starts and cancelled (销记) only when the equipment is handed back working;
* **site protection** — a station liaison and a site lookout are posted before anyone works
  on the track;
* **lockout and tag** — the energy source is isolated, then locked and tagged per person
  (OSHA 1910.147 order: isolate, lock, verify);
* **test before touch** — an approved tester proves the equipment dead, every time, after
  isolation and before hands go near it.

:class:`SafeWorkRig` declares these as state variables, actions and *gates*; a rig model
names the gates its own actions need (``@action(needs=("registered", "protected"))``) and
tells the mixin how its energy is isolated: the :class:`Supply` variable that switches it
(``supply = Supply("power")``), or its own :meth:`SafeWorkRig.energy_isolated`. A gate
that does not hold refuses the action as a critical error with the rule it broke, which
:attr:`~labsim.equipment.base.RigModel.violations` keeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar

from labsim.equipment.base import FLAG, Gate, RigModel, StateValue, action
from labsim.i18n import N_

__all__ = ["RULES", "SafeWorkRig", "Supply", "rule_text"]

#: Every rule id a refusal can name, with the sentence a debrief shows (a catalogue msgid:
#: ``labsim.i18n.tr`` says it in a language).
RULES: dict[str, str] = {
    "safety.register-first": N_(
        "register the work in the 运统-46 book (登记) before touching the equipment"
    ),
    "safety.site-protection": N_(
        "post a station liaison and a site lookout before working on the track"
    ),
    "safety.isolate-before-lock": N_("isolate the energy source before applying lock and tag"),
    "safety.lockout": N_("isolate, lock and tag the energy source before this work"),
    "safety.test-before-touch": N_(
        "prove the equipment dead with an approved tester before touching"
    ),
    "safety.lockout-removed-first": N_("remove your lock and tag before restoring energy"),
    "safety.handback": N_(
        "hand the equipment back complete (tools out, energy restored) before 销记"
    ),
    "safety.protection-until-clear": N_("keep protection posted until people and tools are clear"),
    "safety.one-registration": N_("one registration per job: the work is already registered"),
    "safety.cover-buttons": N_(
        "cover the affected panel buttons (or hang a red tag) while maintenance affects traffic"
    ),
    "faultfinding.evidence-first": N_("base a diagnosis on a test that shows the fault"),
    "faultfinding.wrong-diagnosis": N_("the diagnosis must fit the symptoms"),
    "faultfinding.diagnose-first": N_("find the fault before repairing it"),
}


def rule_text(rule: str) -> str:
    """The sentence that explains a rule id (model-specific rules explain themselves)."""
    return RULES.get(rule, rule)


@dataclass(frozen=True)
class Supply:
    """The state variable that switches a rig's energy source, with its on and off values."""

    var: str
    on: StateValue = "on"
    off: StateValue = "off"


class SafeWorkRig(RigModel):
    """A rig with the shared safety workflow (abstract: concrete models subclass it)."""

    #: The rig's energy source, which :meth:`energy_isolated`, :meth:`isolate_energy` and
    #: :meth:`restore_energy` switch (None: the model overrides :meth:`energy_isolated`).
    supply: ClassVar[Supply | None] = None

    variables = MappingProxyType(
        {"registered": FLAG, "protection": FLAG, "lockout": FLAG, "proven_dead": FLAG}
    )
    gates = MappingProxyType(
        {
            "registered": Gate(
                "safety.register-first",
                "the work is not registered (登记) in the 运统-46 book",
                lambda rig: bool(rig["registered"]),
            ),
            "protected": Gate(
                "safety.site-protection",
                "no station liaison and site lookout are posted",
                lambda rig: bool(rig["protection"]),
            ),
            "isolated": Gate(
                "safety.lockout",
                "the energy source is not isolated, locked and tagged",
                lambda rig: bool(rig["lockout"]),
            ),
            "proven_dead": Gate(
                "safety.test-before-touch",
                "the equipment has not been proven dead with a tester since isolation",
                lambda rig: bool(rig["lockout"]) and bool(rig["proven_dead"]),
            ),
        }
    )

    # -- what a model tells the mixin ------------------------------------------------------

    def energy_isolated(self) -> bool:
        """Whether the rig's energy source is isolated: its :attr:`supply` is off."""
        return self.supply is None or self[self.supply.var] == self.supply.off

    def still_live(self) -> bool:
        """Whether a tester would find the equipment live although isolated (a fault)."""
        return not self.energy_isolated()

    def handback_problem(self) -> tuple[str, str, bool] | None:
        """Why the work cannot be handed back yet: (reason, rule, critical), or None.

        Asked once nothing is left on site (:meth:`on_site_problem`, checked first and
        critical): a model says here only what its own final checks need.
        """
        return None

    def on_site_problem(self) -> str | None:
        """What is still on the track (tools, people), which keeps protection needed."""
        return None

    # -- the shared actions -----------------------------------------------------------------

    @action()
    def do_register_work(self) -> None:
        """Register the work in the 运统-46 book (登记)."""
        if self["registered"]:
            self.refuse("the work is already registered", "safety.one-registration")
        self.set(registered=True)

    @action(needs=("registered",))
    def do_post_protection(self) -> None:
        """Post the station liaison and the site lookout."""
        self.set(protection=True)

    @action(needs=("registered",))
    def do_apply_lockout(self) -> None:
        """Apply your lock and tag to the isolated energy source."""
        if self["lockout"]:
            self.refuse("your lock and tag are already on", "safety.lockout")
        if not self.energy_isolated():
            self.refuse(
                "the energy source is still on: isolate it first",
                "safety.isolate-before-lock",
                critical=True,
            )
        self.set(lockout=True, proven_dead=False)

    @action(needs=("isolated",))
    def do_test_before_touch(self) -> None:
        """Prove the equipment dead with an approved tester (checked on a known source)."""
        if self.still_live():
            self.set(proven_dead=False)
            self.note("the tester shows the equipment LIVE: do not touch; find the feed")
        else:
            self.set(proven_dead=True)
            self.note("tester checked on a known source; the equipment is dead")

    @action(needs=("isolated",))
    def do_remove_lockout(self) -> None:
        """Remove your lock and tag."""
        self.set(lockout=False, proven_dead=False)

    @action(needs=("protected",))
    def do_withdraw_protection(self) -> None:
        """Withdraw the liaison and the lookout once the track is clear."""
        left = self.on_site_problem()
        if left is not None:
            self.refuse(left, "safety.protection-until-clear", critical=True)
        self.set(protection=False)

    @action(needs=("registered",))
    def do_cancel_registration(self) -> None:
        """Cancel the registration (销记): the equipment is handed back in service."""
        if self["lockout"]:
            self.refuse(
                "your lock and tag are still on", "safety.lockout-removed-first", critical=True
            )
        left = self.on_site_problem()
        problem = (left, "safety.handback", True) if left is not None else self.handback_problem()
        if problem is not None:
            reason, rule, critical = problem
            self.refuse(reason, rule, critical=critical)
        self.set(registered=False)

    def isolate_energy(self, **also: StateValue) -> None:
        """Switch the :attr:`supply` off (and set ``also``): a new test before touch is due."""
        assert self.supply is not None, f"{type(self).__name__} declares no supply"
        self.set(**{self.supply.var: self.supply.off}, proven_dead=False)
        self.set(**also)

    def restore_energy(self, **also: StateValue) -> None:
        """Switch the :attr:`supply` on (and set ``also``); refused while a lock and tag are on."""
        assert self.supply is not None, f"{type(self).__name__} declares no supply"
        self.require_no_lockout()
        self.set(**{self.supply.var: self.supply.on}, **also)

    def require_no_lockout(self) -> None:
        """Refuse restoring energy while a lock and tag are on (a critical error)."""
        if self["lockout"]:
            self.refuse(
                "a lock and tag are still on the isolation",
                "safety.lockout-removed-first",
                critical=True,
            )
