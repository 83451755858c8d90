"""What has happened in an attempt so far, apart from the session that makes it happen.

:class:`~labsim.play.session.PlaySession` is the control: it takes actions, lets time
pass, asks the rig and the judge. :class:`Progress` is the state that control changes and
everything else reads (the window, the debrief, the records' summaries): where the person
is, the step now due, the clock, each action as judged, the tallies, the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from labsim.equipment.base import StateValue
from labsim.play.attempt import Entry, Phase, SessionEnd

if TYPE_CHECKING:
    from labsim.play.advice import Advice
    from labsim.records import Attempt

__all__ = ["Progress"]


@dataclass
class Progress:
    """One attempt's state (see the module docstring)."""

    phase: Phase = Phase.WAITING
    #: The step now due (``len(steps)`` once every step is done).
    step: int = 0
    #: Minutes on the procedure clock (work at a rig; queueing does not count).
    elapsed: float = 0.0
    started: bool = False
    log: list[Entry] = field(default_factory=list)
    step_started: dict[int, float] = field(default_factory=dict)
    step_finished: dict[int, float] = field(default_factory=dict)
    #: The hint shown at each step it was asked for (the first look costs).
    hints_taken: dict[int, str] = field(default_factory=dict)
    errors: int = 0
    critical: bool = False
    interruptions: int = 0
    #: Handling a fault the procedure does not cover (diagnosed off the plan).
    handling: bool = False
    #: State a wrong action changed, with the value the procedure had given it.
    undone: dict[str, StateValue] = field(default_factory=dict)
    #: The advice last shown (after an error, or in a hint).
    advice: Advice | None = None
    #: A notice the person has not dismissed yet (``rig-failed``).
    notice: str | None = None
    end: SessionEnd | None = None
    #: Faults the instructor set (or cleared) during the attempt: (minute, fault, on).
    faults_set: list[tuple[float, str, bool]] = field(default_factory=list)
    #: The trainee's earlier attempts at the procedure (from the records).
    history: list[Attempt] = field(default_factory=list)
