"""Interface words chosen at run time by a key (a mode, a verdict, a status), as msgids.

The English here is the catalogue's msgid; :func:`labsim.i18n.tr` translates it. Words
used in one place are written where they are drawn; tool names are the kits' words.
"""

from __future__ import annotations

from labsim.i18n import N_

__all__ = ["MSG"]

MSG: dict[str, str] = {
    "training": N_("Training"),
    "assessment": N_("Assessment"),
    "demo": N_("Demonstration"),
    "passed": N_("PASSED"),
    "failed": N_("FAILED"),
    "abandoned": N_("ABANDONED"),
    "verdict-passed": N_("Within the time limit and the pass rule."),
    "verdict-veto": N_("Veto item (critical error): scored 0."),
    "verdict-stopped": N_("Stopped 5 minutes over the time limit."),
    "verdict-unfinished": N_("Not finished."),
    "verdict-errors": N_("More than {n} error(s)."),
    "verdict-below": N_("Below the pass mark ({n})."),
    "verdict-abandoned": N_("Abandoned: the attempt was not finished."),
    "deduction-undone": N_("{n} step(s) not done"),
    "deduction-errors": N_("{n} error(s)"),
    "deduction-hints": N_("{n} hint(s)"),
    "deduction-overtime": N_("{n} min over the limit"),
    "yours": N_("yours"),
    "standard": N_("standard"),
    "fault-on": N_("Fault on the rig: {fault} ({when})"),
    "fault-off": N_("Fault cleared by the instructor: {fault} ({when})"),
    "registered": N_("registered"),
    "not-registered": N_("not registered"),
    "protected": N_("lookout posted"),
    "locked-out": N_("locked + tagged"),
    "proven-dead": N_("proven dead"),
    "rig-failed": N_(
        "The rig failed under you. The clock stops while you queue: {n} ahead of you. "
        "The step restarts on the next free rig."
    ),
    "waiting-body": N_(
        "All rigs of {group} are taken: {n} ahead of you in the queue. "
        "The clock starts when you reach the rig."
    ),
}
