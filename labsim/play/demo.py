"""The demonstration: a competent trainee performs the procedure on the same panel.

:func:`next_moves` plans the clicks for the step now due (tool settings first, then the
control, with a menu choice for a diagnosis or a repair), each carrying the step's text in
the session's language as narration. The window plays them one at a time, so the people
watching see the meter being set and the button pressed; :func:`run_demo` plays them all at
once (headless, and in tests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from labsim.equipment.base import ParamValue
from labsim.play.session import Phase, PlaySession

__all__ = ["DemoMove", "apply_move", "due_steps", "next_moves", "run_demo"]


@dataclass(frozen=True)
class DemoMove:
    """One click of the demonstration: a tool setting or a control (with a menu choice)."""

    target: str
    choice: ParamValue | None
    step: int
    narration: str

    @property
    def is_setting(self) -> bool:
        """Whether the click turns a tool's selector rather than pressing a control."""
        return self.target.startswith("set:")


def next_moves(session: PlaySession) -> list[DemoMove]:
    """The clicks that do the step now due (empty when the person is not at a rig)."""
    if session.progress.phase != Phase.WORKING:
        return []
    index = session.progress.step
    step = session.steps[index]
    params = session.step_params(index)
    narration = session.step_text(index)
    clicks = session.controls.plan(step.action, params, session.bench)
    return [DemoMove(target, choice, index, narration) for target, choice in clicks]


def apply_move(session: PlaySession, move: DemoMove) -> None:
    """Do one click of the demonstration on the session (what a real click would do)."""
    if move.is_setting:
        setting = session.controls.setting(move.target)
        session.set_tool(setting.param, setting.value)
        return
    session.press(move.target, move.choice)


def due_steps(session: PlaySession, limit: int) -> Iterator[int]:
    """The step due, turn after turn, until the attempt ends or ``limit`` turns have passed.

    Whoever plays a whole attempt without a person (the demonstration, a simulated trainee)
    does each step it is given; a wait for a rig is a turn taken here. When the loop stops
    with ``session.progress.end`` still None, the limit was reached.
    """
    for _ in range(limit):
        if session.progress.end is not None:
            return
        if session.progress.phase == Phase.WAITING:
            session.wait_for_rig()
            continue
        yield session.progress.step


def run_demo(
    session: PlaySession,
    on_move: Callable[[DemoMove], None] | None = None,
    limit: int = 10_000,
) -> None:
    """Play the whole demonstration: wait for a rig, then every step until the end.

    A step that no control of the panel performs (a procedure written for a rig that
    accepts any action) is done directly with its action and parameters.
    """
    for index in due_steps(session, limit):
        moves = next_moves(session)
        if not moves:
            session.perform(session.steps[index].action, session.step_params(index))
            continue
        for move in moves:
            apply_move(session, move)
            if on_move is not None:
                on_move(move)
    if session.progress.end is None:
        raise RuntimeError("the demonstration did not finish (a procedure step it cannot do?)")
