"""A person's session at a rig: actions judged against the procedure, timed, scored, recorded.

The person is one trainee of the lab (:mod:`labsim.play.joining`); the engine's workflow
waits at each of their steps until :meth:`PlaySession.perform` decides it. The session owns
the rig model they work on, so every click has the rig's real consequence (it moves, reads
with noise, or refuses with the rule broken), and :mod:`labsim.play.judge` says what that
means for the attempt.

This module is the control: set-up, actions, hints, the instructor's faults. The rest is
apart: what the session is about and what views read (:mod:`labsim.play.setup`), what has
happened (:mod:`labsim.play.progress`), time (:mod:`labsim.play.clock`) and the end
(:mod:`labsim.play.ending`). The session is pygame-free: a view draws it, tests drive it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from labsim.engine import events as ev
from labsim.engine.policy import StepError
from labsim.equipment import choose_fault
from labsim.equipment.base import ParamValue, StateValue
from labsim.play.advice import Advice, advise
from labsim.play.attempt import Entry, Phase, Recorder, SessionEnd
from labsim.play.clock import SessionClock
from labsim.play.controls import Bench, controls_for
from labsim.play.hints import hint_text
from labsim.play.inputs import InputLog, procedure_digest
from labsim.play.joining import find_procedure, join_lab, rig_model
from labsim.play.judge import Verdict, matches, try_action
from labsim.play.options import MODES, SessionOptions
from labsim.play.progress import Progress
from labsim.records.replays import ReplayInfo

if TYPE_CHECKING:
    from labsim.scenarios.models import Scenario

__all__ = ["MODES", "Entry", "Phase", "PlaySession", "SessionEnd", "SessionOptions"]

#: Minutes an action takes that no step of the procedure describes (a look, a reading).
OTHER_MINUTES = 1.0
#: Minutes a refused attempt at an action costs.
REFUSED_MINUTES = 0.5
_SEED_TAG = 0x504C4159  # "PLAY": the rig's noise stream, apart from the lab's streams


class PlaySession(SessionClock):
    """One attempt of one person at one procedure (see the module docstring)."""

    def __init__(
        self, scenario: Scenario, procedure_id: str, options: SessionOptions | None = None
    ) -> None:
        self.options = options = options or SessionOptions()
        self.scenario = scenario
        self.procedure = find_procedure(scenario, procedure_id)
        self.model_cls = rig_model(scenario, procedure_id)
        self.lang = options.langs[0]
        self.recorder = Recorder(options.store)
        self.inputs = InputLog(options.store)
        self.rules = options.rules
        fault, seed = options.fault, options.seed
        self.lab, self.person = join_lab(scenario, procedure_id, seed)
        self.rng = np.random.default_rng(np.random.SeedSequence([self.lab.seed, _SEED_TAG]))
        self.rig = self.model_cls(rng=self.rng)
        self.controls = controls_for(self.model_cls, self.procedure)
        self.bench = Bench(self.controls.start_settings())
        self.fault = self._first_fault(fault)
        if self.fault is not None:
            self.rig.inject(self.fault)
        self.steps = tuple(self.procedure.steps)
        self.standard = [float(s.time.mean) for s in self.steps]
        self.pass_rule = self.procedure.pass_rule
        self.progress = Progress()
        self._interrupted = False
        self._rig_clock = 0.0
        self.lab.subscribe(self._on_interrupt, [ev.StepInterrupted])

    # -- set-up ----------------------------------------------------------------------------

    def _first_fault(self, fault: str | None) -> str | None:
        """The fault on the rig at the start: ``--fault``, else the exercise's draw."""
        if fault is not None:
            self.model_cls.fault_spec(fault)
            return fault
        exercise = self.procedure.exercise
        return None if exercise is None else choose_fault(exercise, self.rng)

    def begin(self) -> None:
        """Open the records (history, then this attempt) and bring the person to the lab.

        Raises:
            RecordsError: the records file is locked, read-only or not labsim's.
        """
        self.progress.history = self.recorder.start(
            trainee=self.options.trainee,
            scenario_name=self.scenario.name,
            procedure_id=self.procedure.id,
            mode=self.options.actor,
            language="+".join(self.options.langs),
            pass_mark=self.pass_rule.pass_mark,
            scenario_file=self.options.scenario_file,
            procedure_title=self.title,
            time_limit_min=self.pass_rule.time_limit,
        )
        taken = self.options.taken_from or (None, None)
        self.inputs.begin(
            self.recorder.attempt_id,
            ReplayInfo(
                seed=self.lab.seed,
                fault=self.options.fault,
                procedure_digest=procedure_digest(self.procedure, self.model_cls.name),
                session_mode=self.options.mode,
                actor=self.options.actor,
                taken_from=taken[0],
                taken_at=taken[1],
            ),
        )
        self.lab.advance_to(0.0)
        self._wait(0.0)

    # -- the person's hands -------------------------------------------------------------

    def set_tool(self, param: str, value: ParamValue) -> None:
        """Turn a tool's selector (the multimeter's range, its probes)."""
        self.inputs.add(self.progress.elapsed, "set", param=param, value=value)
        self.bench.set(param, value)

    def dismiss_notice(self) -> None:
        """The person has read the notice (a rig that failed under them)."""
        self.progress.notice = None

    # -- actions --------------------------------------------------------------------------

    def press(self, control_id: str, choice: ParamValue | None = None) -> Entry | None:
        """Press a control of the panel (with the menu ``choice`` when it asks for one)."""
        control = self.controls.control(control_id)
        params = self.controls.params_for(control, self.bench)
        if control.menu is not None:
            if choice is None:
                return None
            params[control.menu] = choice
        return self.perform(control.action, params)

    def perform(self, action: str, params: Mapping[str, ParamValue]) -> Entry | None:
        """Do an action on the rig; None when the person is not at a rig."""
        if self.progress.phase != Phase.WORKING:
            return None
        self.inputs.add(self.progress.elapsed, "act", action=action, params=dict(params))
        self._settle()
        index = self.progress.step
        step = self.steps[index]
        self._tools_as_used(params)
        state = self.rig.state()
        verdict, outcome = try_action(
            self.rig,
            action,
            params,
            step_action=step.action,
            step_params=self.step_params(index),
            step_critical=step.critical,
            handling=self.progress.handling,
            undone=self.progress.undone,
        )
        if self._advised(action, params, verdict):
            verdict = Verdict("restored")
        self._track_undone(verdict, {} if outcome is None else outcome.changes, state)
        if verdict.kind == "done":
            self.progress.handling = False
        elif action == "diagnose" and outcome is not None:
            self.progress.handling = not matches(
                action, params, step.action, self.step_params(index)
            )
        self._spend(self._minutes(action, verdict, index))
        if self.progress.end is not None:
            return None  # stopped over time before the action was done
        if self.progress.phase != Phase.WORKING:
            return None  # the rig failed under the person: the step restarts on the next rig
        own = verdict.kind == "done" or (verdict.is_error and action == step.action)
        entry = Entry(
            index=len(self.progress.log),
            minute=self.progress.elapsed,
            action=action,
            params=dict(params),
            step=index if own else None,
            verdict=verdict,
            reading=None if outcome is None else outcome.reading,
            notes=() if outcome is None else outcome.notes,
            due=index,
            advice=self.advise_now() if verdict.is_error else None,
        )
        self._record(entry)
        self._decide(entry)
        return entry

    def _advised(self, action: str, params: Mapping[str, ParamValue], verdict: Verdict) -> bool:
        """Whether an accepted action out of order is one the advice shown asked for."""
        if self.progress.advice is None or self.progress.advice.step != self.progress.step:
            return False
        if not verdict.is_error or verdict.reason is not None or verdict.critical:
            return False
        return any(
            matches(action, params, m.action, m.params) for m in self.progress.advice.restore
        )

    def _track_undone(
        self, verdict: Verdict, changes: Mapping[str, StateValue], before: Mapping[str, Any]
    ) -> None:
        """Note what a wrong action undid; forget what is back, or what the step now owns."""
        if verdict.kind == "done":
            for var in changes:
                self.progress.undone.pop(var, None)
        elif verdict.kind in ("error", "restored"):
            for var in changes:
                self.progress.undone.setdefault(var, before[var])
        self.progress.undone = {k: v for k, v in self.progress.undone.items() if self.rig[k] != v}

    def advise_now(self) -> Advice:
        """Advice for the step now due; kept, so that following it is no error."""
        self.progress.advice = advise(self)
        return self.progress.advice

    def _tools_as_used(self, params: Mapping[str, ParamValue]) -> None:
        """Turn the tools' selectors to what an action used (a script, a replay, advice)."""
        for setting in self.controls.settings:
            if params.get(setting.param) == setting.value:
                self.bench.set(setting.param, setting.value)

    def _minutes(self, action: str, verdict: Verdict, index: int) -> float:
        if verdict.kind == "error" and verdict.reason is not None:
            return REFUSED_MINUTES
        if self.steps[index].action == action:
            return self.standard[index]
        same = [i for i, s in enumerate(self.steps) if s.action == action]
        return self.standard[same[0]] if same else OTHER_MINUTES

    def _decide(self, entry: Entry) -> None:
        """Tell the engine what the action meant: a step done, redone, or a failed attempt."""
        verdict = entry.verdict
        if verdict.kind in ("observed", "restored"):
            return
        waiting = self.person.awaiting_step
        if verdict.kind == "done":
            self.progress.step_finished[self.progress.step] = self.progress.elapsed
            self.progress.step += 1
            if waiting:
                self.person.finish_step(None)
            if self.progress.step == len(self.steps):
                self._faults_left()
                self._finish()
                return
            self.progress.step_started[self.progress.step] = self.progress.elapsed
        else:
            self.progress.errors += 1
            self.progress.critical = self.progress.critical or verdict.critical
            if waiting:
                self.person.finish_step(StepError(verdict.critical, verdict.rule))
            if verdict.critical:
                self._finish()
                return
        self._settle()

    def _faults_left(self) -> None:
        """A fault still on the rig when the work is handed back is an error."""
        for fault in sorted(self.rig.active_faults):
            verdict = Verdict("error", "faultfinding.fault-left", self.rig.fault_spec(fault).title)
            self.progress.errors += 1
            self._record(
                Entry(
                    len(self.progress.log),
                    self.progress.elapsed,
                    "hand_back",
                    {"fault": fault},
                    None,
                    verdict,
                )
            )

    # -- hints and the instructor -----------------------------------------------------------

    def hint(self) -> str | None:
        """The current step's hint (training only; the first look at each step costs)."""
        if not self.options.training or self.progress.phase != Phase.WORKING or self.options.demo:
            return None
        self.inputs.add(self.progress.elapsed, "hint")
        text = self.progress.hints_taken.get(self.progress.step)
        if text is None:
            text = hint_text(self, self.progress.step)
            self.progress.hints_taken[self.progress.step] = text
            self.recorder.hint()
        return text

    def set_fault(self, fault: str, on: bool = True) -> None:
        """The instructor injects (or clears) a fault during the session."""
        self.inputs.add(self.progress.elapsed, "fault", fault=fault, on=on)
        if on:
            self.rig.inject(fault)
        else:
            self.rig.clear(fault)
        self.progress.faults_set.append((self.progress.elapsed, fault, on))
