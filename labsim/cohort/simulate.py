"""Simulated trainees: attempts written to the records as if people had played them.

A simulated trainee works through a :class:`~labsim.play.PlaySession`, the same session a
person at the keyboard uses, so every action goes through the same judge, the same scoring
and the same recorder. Only the two decisions a person makes are taken by the engine's
:class:`~labsim.engine.policy.SimulatedPolicy`: how long each try of a step takes (the
scenario's distribution for the skill level, with the power law of practice) and whether it
is an error. An error is made as a real wrong action at the rig (the step's action with
another setting, or another step's action), chosen so that the judge calls it an error of
the right weight: a veto on a critical step, a redo otherwise.

Attempts are recorded with mode ``simulated``, so that exports leave them out unless asked.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from labsim.engine.policy import SimulatedPolicy
from labsim.engine.trainee import Trainee
from labsim.equipment import resolve_params
from labsim.equipment.base import ParamValue
from labsim.errors import ActionRefused, EquipmentError, SettingError, shown
from labsim.limits import MAX_SIMULATED_ATTEMPTS
from labsim.play.attempt import Recorder
from labsim.play.demo import due_steps
from labsim.play.judge import try_action
from labsim.play.options import SessionOptions
from labsim.play.session import PlaySession

if TYPE_CHECKING:
    from labsim.records import Attempt, RecordStore
    from labsim.scenarios.models import Scenario

__all__ = ["SIMULATED_MODE", "SimulationPlan", "simulate_attempts", "trainee_names"]

#: The mode simulated attempts carry in the records.
SIMULATED_MODE = "simulated"
_GUARD = 10_000  # actions per attempt: a procedure no simulated trainee can finish stops here

Move = tuple[str, dict[str, ParamValue]]


@dataclass(frozen=True)
class SimulationPlan:
    """What to simulate: ``trainees`` of ``skill``, ``attempts`` each at ``procedure``."""

    procedure: str
    trainees: int
    attempts: int
    skill: str
    seed: int = 0

    def __post_init__(self) -> None:
        """Refuse counts below 1, too many attempts in all, and a negative seed.

        Raises:
            SettingError: naming the setting (``trainees``, ``attempts``, ``seed``).
        """
        for setting, count in (("trainees", self.trainees), ("attempts", self.attempts)):
            if count < 1:
                raise SettingError(setting, f"must be at least 1 (got {shown(count)})")
        total = self.trainees * self.attempts
        if total > MAX_SIMULATED_ATTEMPTS:
            raise SettingError(
                "trainees",
                f"with {self.attempts:,} attempts each makes {total:,} attempts; at most "
                f"{MAX_SIMULATED_ATTEMPTS:,} in one call (simulate the cohort in parts)",
                str(self.trainees),
            )
        if self.seed < 0:
            raise SettingError("seed", f"must be >= 0 (got {shown(self.seed)})")


class _SimulatedRecorder(Recorder):
    """Records like a person's session, with the mode ``simulated``."""

    def start(self, *, trainee: str, procedure_id: str, **fields: Any) -> list[Attempt]:
        fields["mode"] = SIMULATED_MODE
        return super().start(trainee=trainee, procedure_id=procedure_id, **fields)


class _SimulatedSession(PlaySession):
    """A play session whose actions take the drawn time instead of the standard time."""

    drawn: float | None = None

    def _minutes(self, action: str, verdict: Any, index: int) -> float:
        if self.drawn is not None:
            return self.drawn
        return super()._minutes(action, verdict, index)


def trainee_names(skill: str, count: int, taken: list[str]) -> list[str]:
    """``count`` names ``<skill>-NNN``, numbered on from those in ``taken``."""
    pattern = re.compile(rf"^{re.escape(skill)}-(\d+)$")
    used = [int(m.group(1)) for name in taken if (m := pattern.match(name))]
    start = max(used, default=0) + 1
    return [f"{skill}-{number:03d}" for number in range(start, start + count)]


def _attempt_seed(seed: int, trainee: int, attempt: int) -> int:
    state = np.random.SeedSequence(seed, spawn_key=(trainee, attempt)).generate_state(2)
    return int((int(state[0]) << 31 | int(state[1])) % 2**63)


def _try(session: PlaySession, index: int, move: Move) -> tuple[bool, bool, bool]:
    """Try ``move`` on a copy of the rig: (is an error, is a veto, the step is still doable)."""
    step = session.steps[index]
    want = session.step_params(index)
    rig = copy.deepcopy(session.rig)
    verdict, _ = try_action(
        rig,
        move[0],
        move[1],
        step_action=step.action,
        step_params=want,
        step_critical=step.critical,
        handling=session.progress.handling,
    )
    try:
        rig.perform(step.action, **want)
        doable = True
    except (ActionRefused, EquipmentError):
        doable = False
    return verdict.is_error, verdict.critical, doable


def _candidates(session: PlaySession, index: int) -> list[Move]:
    """Wrong moves a trainee plausibly makes at step ``index``, most plausible first."""
    step = session.steps[index]
    want = dict(session.step_params(index))
    moves: list[Move] = []
    names = session.model_cls.action_names()
    if names is not None and step.action in names:
        for param, choices in session.model_cls.action_spec(step.action).params.items():
            other = next((v for v in choices if param in want and v != want[param]), None)
            if other is not None:
                moves.append((step.action, {**want, param: other}))
    for position in (*range(index + 1, len(session.steps)), *range(index)):
        other_step = session.steps[position]
        if other_step.action != step.action:
            moves.append((other_step.action, dict(resolve_params(other_step, session.fault))))
    return moves


def wrong_move(session: PlaySession, index: int) -> Move | None:
    """An action the judge counts as an error at step ``index``, as grave as the step allows.

    On a critical step the error must be a veto (the attempt ends, as in the engine); on
    another step it must leave the step still doable, so the trainee can redo it. None when
    the rig offers no such action (the try then goes without error).
    """
    critical = session.steps[index].critical
    for move in _candidates(session, index):
        error, veto, doable = _try(session, index, move)
        if error and veto == critical and (critical or doable):
            return move
    return None


def _play(session: _SimulatedSession, trainee: Trainee, policy: SimulatedPolicy) -> None:
    """Run one attempt to its end: the policy draws, the session judges and records."""
    runtime = session.lab.procedures[session.procedure.id]
    session.begin()
    for index in due_steps(session, _GUARD):
        minutes, error = policy.draw(trainee, runtime, index)
        move = wrong_move(session, index) if error is not None else None
        if move is None:
            move = (session.steps[index].action, dict(session.step_params(index)))
        session.drawn = minutes
        session.perform(*move)
    if session.progress.end is None:
        session.abandon("the simulated trainee could not finish the procedure")


def simulate_attempts(
    scenario: Scenario,
    plan: SimulationPlan,
    store: RecordStore,
    *,
    scenario_file: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[str]:
    """Simulate ``plan`` and record every attempt in ``store``; returns the trainees' names.

    Raises:
        SettingError: the skill (setting ``skill``) or the procedure (``procedure``) is not
            in the scenario.
    """
    if plan.skill not in scenario.skills:
        raise SettingError(
            "skill",
            f"{shown(plan.skill)} is not a skill level of {scenario.name!r}"
            f" (levels: {', '.join(scenario.skills)})",
        )
    # Numbered on from the trainees who already attempted this procedure: simulating
    # another procedure gives the same trainees a new task, the same one gives new trainees.
    taken = (
        sorted({a.trainee for a in store.attempts(procedure=plan.procedure)})
        if store.path.exists()
        else []
    )
    names = trainee_names(plan.skill, plan.trainees, taken)
    policy = SimulatedPolicy()
    total, done = plan.trainees * plan.attempts, 0
    for number, name in enumerate(names):
        for attempt in range(1, plan.attempts + 1):
            session = _SimulatedSession(
                scenario,
                plan.procedure,
                SessionOptions(
                    mode="assessment",
                    trainee=name,
                    seed=_attempt_seed(plan.seed, number, attempt),
                    scenario_file=scenario_file,
                ),
            )
            session.recorder = _SimulatedRecorder(store)
            _play(session, _trainee(session, name, plan, attempt), policy)
            done += 1
            if progress is not None:
                progress(done, total)
    return names


def _trainee(session: PlaySession, name: str, plan: SimulationPlan, attempt: int) -> Trainee:
    """The engine's view of the simulated trainee: skill level and practice so far."""
    skill = session.lab.skills[plan.skill]
    trainee = Trainee(name, SIMULATED_MODE, skill, (plan.procedure,), plan.attempts,
                      SimulatedPolicy(), 0.0)  # fmt: skip
    if skill.learning:
        trainee.practice_factor = attempt**-skill.learning
    return trainee
