"""Advice a trainee can trust: what to do now, in exact controls and settings, safely.

The right action is not always the step now due. A wrong action may have undone what an
earlier step set up (the lookout withdrawn, the lock removed, the supply restored); doing
the due step then can be a veto. :func:`advise` therefore plans on *copies* of the rig,
judged by the same :func:`~labsim.play.judge.try_action` a click goes through:

1. if the due step is accepted now, without a veto, and it leaves nothing undone, the advice
   is that step;
2. otherwise it searches (breadth first, a few moves deep) the actions of the panel and of
   the procedure for moves that each put back something a wrong action undid, until the
   due step is safe; the advice is those moves, then the step, with the rule that needs
   them (the why). Of the ways that work it takes the simplest: fewest moves, then fewest
   clicks (a plain control such as ``▸N`` before a measurement that also throws the point);
3. when nothing puts it back, the advice is the step alone (a procedure the rig cannot
   complete is what ``labsim validate`` refuses).

:func:`advice_text` says it in the trainee's language, naming the tool, its settings and
the control (``Multimeter: Range DC 5A, Probes on 05-06, then Friction I ▸R``).
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from labsim.equipment.base import ParamValue, RigModel, StateValue
from labsim.equipment.declare import Outcome
from labsim.i18n import tr
from labsim.play.controls import Bench
from labsim.play.judge import FAULT_ACTIONS, Verdict, try_action
from labsim.play.labels import button_label, rule_sentence, tool_name, value_label, word
from labsim.play.rig_words import action_text

if TYPE_CHECKING:
    from labsim.play.session import PlaySession

__all__ = ["Advice", "Move", "advice_text", "advise", "move_text"]

#: How many moves at most the search puts before the due step (it stops at the first
#: length that puts everything back).
MAX_DEPTH = 6


@dataclass(frozen=True)
class Move:
    """One action of the advice, with its parameters (tool settings included)."""

    action: str
    params: Mapping[str, ParamValue]


@dataclass(frozen=True)
class Advice:
    """Moves that put back what was undone (maybe none), then the step now due."""

    step: int
    restore: tuple[Move, ...]
    due: Move
    #: The rule the due step would break if done now (why the putting back comes first).
    rule: str | None = None

    @property
    def moves(self) -> tuple[Move, ...]:
        """Every move, in order."""
        return (*self.restore, self.due)


def advise(session: PlaySession) -> Advice:
    """What to do now at the session's rig (see the module docstring)."""
    index = session.progress.step
    step = session.steps[index]
    due = Move(step.action, dict(session.step_params(index)))
    undone = dict(session.progress.undone)
    kept, rule = _due_is_safe(session, session.rig, due, undone)
    if kept == 0:
        return Advice(index, (), due)
    best: tuple[tuple[int, int, int, int], tuple[Move, ...]] | None = None
    for level in _levels(session, undone):
        for plan, detours, rig, left in level:
            after, _ = _due_is_safe(session, rig, due, left)
            score = (after or 0, detours, len(plan), sum(_effort(session, m) for m in plan))
            if after is not None and (best is None or score < best[0]):
                best = (score, plan)
        if best is not None and best[0][0] == 0:
            break  # everything put back: a longer way is no better
    return Advice(index, best[1] if best is not None else (), due, rule)


_Node = tuple[tuple["Move", ...], int, RigModel, dict[str, StateValue]]


def _levels(session: PlaySession, undone: Mapping[str, StateValue]) -> Iterator[list[_Node]]:
    """Rigs reachable by harmless moves, each with its path, one more move per level.

    A move either puts back something a wrong action undid, or is a *detour*: a step of
    the procedure done again to make way (the shunt taken off so that the route can be set
    again, then put back on). Paths with fewer detours are preferred.
    """
    root: _Node = ((), 0, session.rig, dict(undone))
    frontier = [root]
    yield frontier
    seen = {_state_key(session.rig)}
    candidates = _candidates(session)
    steps = {_key(m.action, m.params) for m in candidates[: _step_count(session)]}
    # plainest first: of two moves that reach the same rig, the one kept is the simpler
    candidates.sort(key=lambda m: _effort(session, m))
    for _ in range(MAX_DEPTH):
        grown: list[_Node] = []
        for plan, detours, rig, left in frontier:
            for move in candidates:
                trial = copy.deepcopy(rig)
                verdict, outcome = _judge_on(session, trial, move, left)
                if verdict.kind == "restored":
                    cost = 0
                elif verdict.is_error and verdict.reason is None and not verdict.critical:
                    if _key(move.action, move.params) not in steps:
                        continue
                    cost = 1
                else:
                    continue
                key = _state_key(trial)
                if key in seen:
                    continue
                seen.add(key)
                changed = {} if outcome is None else outcome.changes
                moved = {k: rig[k] for k in changed if k not in left}
                still = {k: v for k, v in {**left, **moved}.items() if trial[k] != v}
                grown.append(((*plan, move), detours + cost, trial, still))
        if not grown:
            return
        yield grown
        frontier = grown


def _effort(session: PlaySession, move: Move) -> int:
    """How many clicks a move takes from a fresh bench (a plain control: one).

    A measurement adds a click for each tool setting it needs.
    """
    return max(1, len(session.controls.plan(move.action, move.params, Bench())))


def _state_key(rig: RigModel) -> tuple[object, ...]:
    return tuple(sorted(rig.state().items())) + tuple(sorted(rig.active_faults))


def _judge_on(
    session: PlaySession, rig: RigModel, move: Move, undone: Mapping[str, StateValue]
) -> tuple[Verdict, Outcome | None]:
    step = session.steps[session.progress.step]
    return try_action(
        rig,
        move.action,
        move.params,
        step_action=step.action,
        step_params=session.step_params(session.progress.step),
        step_critical=step.critical,
        handling=session.progress.handling,
        undone=undone,
    )


def _due_is_safe(
    session: PlaySession, rig: RigModel, due: Move, left: Mapping[str, StateValue]
) -> tuple[int | None, str | None]:
    """Whether the due step is done without a veto on (a copy of) ``rig``.

    Returns how many of the ``left`` undone variables the step leaves as they are (None:
    the step would not be done), and the rule it would break.
    """
    trial = copy.deepcopy(rig)
    verdict, outcome = _judge_on(session, trial, due, left)
    if verdict.kind != "done":
        return None, verdict.rule
    changes = outcome.changes if outcome is not None else {}
    return sum(1 for k in left if k not in changes), None


def _step_count(session: PlaySession) -> int:
    """How many of :func:`_candidates` come from the procedure's steps (they come first)."""
    return len(
        {
            _key(s.action, dict(session.step_params(i)))
            for i, s in enumerate(session.steps)
            if s.action not in FAULT_ACTIONS
        }
    )


def _candidates(session: PlaySession) -> list[Move]:
    """Moves that could put something back: the procedure's steps, then the panel's controls."""
    moves: dict[str, Move] = {}
    tools: dict[str, dict[str, ParamValue]] = {}
    for index, step in enumerate(session.steps):
        if step.action in FAULT_ACTIONS:
            continue
        params = dict(session.step_params(index))
        moves.setdefault(_key(step.action, params), Move(step.action, params))
        tools.setdefault(step.action, params)
    for control in session.controls.controls:
        if control.menu is not None or control.action in FAULT_ACTIONS:
            continue
        params = session.controls.params_for(control, session.bench)
        params.update(
            {k: v for k, v in tools.get(control.action, {}).items() if k in control.tool_params}
        )
        moves.setdefault(_key(control.action, params), Move(control.action, params))
    return list(moves.values())


def _key(action: str, params: Mapping[str, ParamValue]) -> str:
    return action + repr(sorted((k, str(v)) for k, v in params.items()))


def move_text(session: PlaySession, move: Move, lang: str) -> str:
    """A move as clicks: the tool, every setting it needs, then the button as labelled."""
    controls, model = session.controls, session.model_cls
    clicks = controls.plan(move.action, move.params, Bench())
    if not clicks:
        return action_text(move.action, move.params, lang, model)
    *settings, (last, _) = clicks
    control = controls.control(last)
    press = button_label(control.action, control.params, lang, model)
    if control.menu is not None and control.menu in move.params:
        press = action_text(
            move.action, {**control.params, **_menu(control.menu, move)}, lang, model
        )
    if not settings:
        if control.group == "rig":
            return press
        tool = tool_name(control.group, lang, model, short=True)
        return tr("{tool}: {control}", lang, tool=tool, control=press)
    dialled = [controls.setting(target) for target, _ in settings]
    said = [f"{word(s.param, lang, model)} {value_label(s.value, lang, model)}" for s in dialled]
    # joined before the sentence: a message inside another tr() call escapes extraction
    joined = functools.reduce(
        lambda a, b: tr("{settings}, {setting}", lang, settings=a, setting=b), said
    )
    return tr(
        "{tool}: {settings}, then {control}",
        lang,
        tool=tool_name(dialled[0].tool, lang, model, short=True),
        settings=joined,
        control=press,
    )


def _menu(menu: str | None, move: Move) -> dict[str, ParamValue]:
    return {menu: move.params[menu]} if menu is not None and menu in move.params else {}


def advice_text(session: PlaySession, advice: Advice, lang: str, *, step: bool = True) -> str:
    """The advice in words: what to put back first and why, then the step and its clicks.

    ``step``: say the step's own text before its clicks (a hint has said it already).
    """
    said = session.step_text(advice.step) if step and lang == session.lang else ""
    due = move_text(session, advice.due, lang)
    now = f"{said} ({due})" if said else due
    if not advice.restore:
        return now
    first = functools.reduce(
        lambda a, b: tr("{a}; {b}", lang, a=a, b=b),
        (move_text(session, m, lang) for m in advice.restore),
    )
    why = (
        rule_sentence(advice.rule, lang, None, session.model_cls)
        if advice.rule
        else tr("the procedure's earlier steps must still hold", lang)
    )
    return tr(
        "First put back what a wrong action undid ({why}): {moves}. Then: {then}",
        lang,
        why=why,
        moves=first,
        then=now,
    )
