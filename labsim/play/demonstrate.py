"""One stable call for a rig kit's own tests: does a demonstration of a procedure pass?

A college's kit lives outside labsim and is tested against whichever labsim is installed.
How a play session is set up changes as labsim grows; :func:`demonstrate` does not: give it
a scenario file and a procedure id, and it says how a competent trainee's demonstration on
the kit's panel ended, and which steps no control of the panel could do. It needs no window
and records nothing. ``labsim play FILE -p ID --demo --headless`` is the same from a shell.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["Demonstration", "demonstrate"]


@dataclass(frozen=True)
class Demonstration:
    """How a demonstration ended (what a kit's test asserts on)."""

    procedure: str
    #: ``passed`` or ``failed`` (a procedure a competent trainee fails is a broken kit).
    result: str
    score: float | None
    #: How many steps the procedure has.
    steps: int
    #: The actions of the steps no control of the panel performs (done directly instead).
    off_panel: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """Whether the demonstration passed with every step done on the panel."""
        return self.result == "passed" and not self.off_panel


def demonstrate(
    scenario: str | Path, procedure: str, *, seed: int = 0, fault: str | None = None
) -> Demonstration:
    """Play the demonstration of ``procedure`` in the scenario file ``scenario``.

    Args:
        scenario: a scenario file (checked as ``labsim validate`` checks it).
        procedure: the id of one of its procedures.
        seed: the seed of the lab (the same seed, the same demonstration).
        fault: the fault on the rig at the start (None: the exercise's own draw, or none).

    Raises:
        LabsimError: the file does not load or has no such procedure.
    """
    from labsim.checks import load_scenario
    from labsim.play import DemoMove, PlaySession, SessionOptions, run_demo

    loaded = load_scenario(Path(scenario)).scenario
    session = PlaySession(
        loaded, procedure, SessionOptions(seed=seed, fault=fault, demo=True, trainee="demo")
    )
    on_panel: set[int] = set()

    def seen(move: DemoMove) -> None:
        on_panel.add(move.step)

    session.begin()
    run_demo(session, on_move=seen)
    end = session.progress.end
    assert end is not None  # run_demo returns only at the end
    off = tuple(step.action for i, step in enumerate(session.steps) if i not in on_panel)
    card = end.card
    return Demonstration(
        procedure=procedure,
        result=end.result,
        score=None if card is None else card.score,
        steps=len(session.steps),
        off_panel=off,
    )
