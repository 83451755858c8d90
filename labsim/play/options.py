"""How a play session is set up, apart from what happens in it.

A session is set up once (who acts, in which mode and languages, which fault, which seed,
where it is recorded) and then changes as the person works. :class:`SessionOptions` is the
first part, frozen; the session keeps the second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from labsim.appraisal import ScoreRules

if TYPE_CHECKING:
    from labsim.records import RecordStore

__all__ = ["MODES", "SessionOptions"]

MODES = ("training", "assessment")


@dataclass(frozen=True)
class SessionOptions:
    """The set-up of a session (defaults: a person training, in English, recorded nowhere)."""

    mode: str = "training"
    #: The languages shown, ``zh+th`` for a pair (the first large, the second beneath).
    lang: str = "en"
    trainee: str = "trainee"
    #: The fault on the rig at the start (None: the exercise's own draw, or none).
    fault: str | None = None
    seed: int | None = None
    store: RecordStore | None = None
    scenario_file: str | None = None
    #: Who acts: a demonstration, a script, or (neither) the person.
    demo: bool = False
    scripted: bool = False
    rules: ScoreRules = field(default_factory=ScoreRules)
    #: A take-over: the attempt taken over, and how many of its inputs came first.
    taken_from: tuple[str, int] | None = None

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {self.mode!r}")
        if self.demo and self.scripted:
            raise ValueError("a session is a demonstration or a script, not both")

    @property
    def langs(self) -> tuple[str, ...]:
        """The languages shown, in order."""
        return tuple(self.lang.split("+"))

    @property
    def training(self) -> bool:
        """Whether hints and explanations are on."""
        return self.mode == "training"

    @property
    def actor(self) -> str:
        """Who acts, as the records keep it: ``demo``, ``scripted``, or the mode."""
        return "demo" if self.demo else "scripted" if self.scripted else self.mode
