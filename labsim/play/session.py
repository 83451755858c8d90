"""A person's session at a rig: actions judged against the procedure, timed, scored, recorded.

The person is one trainee of the lab (:mod:`labsim.play.joining`); the engine's workflow
waits at each of their steps until :meth:`PlaySession.perform` decides it. The session owns
the rig model they work on, so every click has the rig's real consequence (it moves, reads
with noise, or refuses with the rule broken), and :mod:`labsim.play.judge` says what that
means for the attempt.

Time: each action takes its step's standard time (the mean of the step's distribution), and
the person's own thinking time runs at real speed (:meth:`tick`). The procedure clock starts
when the person first takes a rig and stops while they queue (after a rig failure). Waiting
for a rig is fast-forwarded. The session is pygame-free: a view draws it, tests drive it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from labsim.engine import events as ev
from labsim.engine.policy import StepError
from labsim.equipment import choose_fault, resolve_params
from labsim.equipment.base import ParamValue, StateValue
from labsim.play.advice import Advice, advise
from labsim.play.attempt import Entry, Phase, Recorder, SessionEnd
from labsim.play.controls import Bench, controls_for
from labsim.play.hints import hint_text
from labsim.play.inputs import InputLog, procedure_digest
from labsim.play.joining import PLAYER_ID, find_procedure, join_lab, rig_model
from labsim.play.judge import Verdict, matches, try_action
from labsim.play.labels import local
from labsim.play.options import MODES, SessionOptions
from labsim.play.progress import Progress
from labsim.play.replace import replacement_rig
from labsim.play.scoring import ScoreCard, score_attempt
from labsim.records.replays import ReplayInfo

if TYPE_CHECKING:
    from labsim.records import RecordStore
    from labsim.scenarios.models import Scenario, Step

__all__ = ["MODES", "Entry", "Phase", "PlaySession", "SessionEnd", "SessionOptions"]
#: Simulated minutes per wall-clock second while the person waits for a rig.
WAIT_RATE = 30.0
#: Minutes an action takes that no step of the procedure describes (a look, a reading).
OTHER_MINUTES = 1.0
#: Minutes a refused attempt at an action costs.
REFUSED_MINUTES = 0.5
_SEED_TAG = 0x504C4159  # "PLAY": the rig's noise stream, apart from the lab's streams


class PlaySession:
    """One attempt of one person at one procedure (see the module docstring)."""

    def __init__(
        self, scenario: Scenario, procedure_id: str, options: SessionOptions | None = None
    ) -> None:
        self.options = options = options or SessionOptions()
        self.scenario = scenario
        self.procedure = find_procedure(scenario, procedure_id)
        self.model_cls = rig_model(scenario, procedure_id)
        #: The language words are in now (the first of :attr:`langs`, or the second for a
        #: while: :meth:`speaking`).
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
        self.steps: tuple[Step, ...] = tuple(self.procedure.steps)
        self.standard = [float(s.time.mean) for s in self.steps]
        self.pass_rule = self.procedure.pass_rule
        #: What has happened so far (the state this session, the control, changes).
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
            trainee=self.trainee,
            scenario_name=self.scenario.name,
            procedure_id=self.procedure.id,
            mode=self.record_mode,
            language="+".join(self.langs),
            pass_mark=self.pass_rule.pass_mark,
            scenario_file=self.options.scenario_file,
            procedure_title=self.title,
            time_limit_min=self.pass_rule.time_limit,
        )
        taken = self.options.taken_from or (None, None)
        self.inputs.begin(
            self.attempt_id,
            ReplayInfo(
                seed=self.lab.seed,
                fault=self.options.fault,
                procedure_digest=procedure_digest(self.procedure, self.model_cls.name),
                session_mode=self.mode,
                actor=self.record_mode,
                taken_from=taken[0],
                taken_at=taken[1],
            ),
        )
        self.lab.advance_to(0.0)
        self._wait(0.0)

    # -- what views read -------------------------------------------------------------------

    # The progress most views read, by name (the rest: :attr:`progress`).

    @property
    def phase(self) -> Phase:
        """Where the person is: waiting for a rig, working at one, finished."""
        return self.progress.phase

    @property
    def step(self) -> int:
        """The step now due."""
        return self.progress.step

    @property
    def elapsed(self) -> float:
        """Minutes on the procedure clock."""
        return self.progress.elapsed

    @property
    def log(self) -> list[Entry]:
        """Every action so far, as judged."""
        return self.progress.log

    @property
    def end(self) -> SessionEnd | None:
        """How the attempt ended (None while it goes on)."""
        return self.progress.end

    @property
    def errors(self) -> int:
        """Errors so far."""
        return self.progress.errors

    @property
    def record_mode(self) -> str:
        """The mode the records keep: who acted (a demonstration, a script) or the mode."""
        return self.options.actor

    @property
    def mode(self) -> str:
        """``training`` (hints, errors explained) or ``assessment``."""
        return self.options.mode

    @property
    def trainee(self) -> str:
        """Who the records name."""
        return self.options.trainee

    @property
    def demo(self) -> bool:
        """Whether a demonstration acts."""
        return self.options.demo

    @property
    def scripted(self) -> bool:
        """Whether a script acts."""
        return self.options.scripted

    @property
    def langs(self) -> tuple[str, ...]:
        """The languages shown (``zh+th``: Chinese, with Thai beneath)."""
        return self.options.langs

    @property
    def store(self) -> RecordStore | None:
        """Where the attempt is recorded (None: nowhere)."""
        return self.recorder.store

    @property
    def attempt_id(self) -> str | None:
        """The attempt's id in the records, once begun."""
        return self.recorder.attempt_id

    @property
    def title(self) -> str:
        """The procedure's title in the session's language."""
        procedure = self.procedure
        return local(procedure.text, self.lang, local(procedure.title, self.lang, procedure.id))

    @property
    def time_limit(self) -> float | None:
        """The procedure's time limit in minutes, if it has one."""
        return self.pass_rule.time_limit

    @property
    def training(self) -> bool:
        """Whether hints and explanations are on."""
        return self.mode == "training"

    @contextlib.contextmanager
    def speaking(self, lang: str) -> Iterator[None]:
        """Words in ``lang`` for a while: the second language of a pair is said this way."""
        before, self.lang = self.lang, lang
        try:
            yield
        finally:
            self.lang = before

    def step_text(self, index: int) -> str:
        """What step ``index`` asks, in the session's language."""
        step = self.steps[index]
        return local(step.text, self.lang, step.id)

    def step_params(self, index: int) -> Mapping[str, ParamValue]:
        """The parameters step ``index`` asks for (with the exercise's fault filled in)."""
        return resolve_params(self.steps[index], self.fault)

    @property
    def queue_ahead(self) -> int:
        """How many trainees wait ahead of the person for a rig of the group."""
        trainee = self.person.trainee or self.lab.trainees.get(PLAYER_ID)
        if trainee is None:
            return 0
        queue = self.lab.pools[self.procedure.rig].queue
        return queue.index(trainee) if trainee in queue else 0

    def score_now(self) -> ScoreCard:
        """The score as it stands (the final one once the session has ended)."""
        if self.progress.end is not None and self.progress.end.card is not None:
            return self.progress.end.card
        return self._card(running=True)

    # -- time ----------------------------------------------------------------------------

    def tick(self, seconds: float) -> None:
        """Let ``seconds`` of real time pass: thinking at the rig, fast-forward in a queue."""
        if self.progress.phase == Phase.FINISHED or seconds <= 0:
            return
        if self.progress.phase == Phase.WAITING:
            self._wait(seconds * WAIT_RATE)
        else:
            self.inputs.think(self.progress.elapsed, seconds / 60.0)
            self._spend(seconds / 60.0)

    def think(self, minutes: float) -> None:
        """Let ``minutes`` of thinking pass at the rig (a script's or a replay's pause)."""
        if self.progress.phase == Phase.WORKING and minutes > 0:
            self.inputs.think(self.progress.elapsed, minutes)
            self._spend(minutes)

    def wait_until(self, lab_minute: float) -> None:
        """Queue until the lab's clock reads ``lab_minute`` (a replay reaching its rig)."""
        while (
            self.progress.phase == Phase.WAITING
            and self.lab.now < lab_minute
            and not self.lab.finished
        ):
            self._wait(lab_minute - self.lab.now)
        if self.progress.phase == Phase.WAITING:
            self.wait_for_rig()

    def set_tool(self, param: str, value: ParamValue) -> None:
        """Turn a tool's selector (the multimeter's range, its probes)."""
        self.inputs.add(self.progress.elapsed, "set", param=param, value=value)
        self.bench.set(param, value)

    def dismiss_notice(self) -> None:
        """The person has read the notice (a rig that failed under them)."""
        self.progress.notice = None

    def wait_for_rig(self, chunk: float = 5.0) -> None:
        """Fast-forward until the person works at a rig (or the session has ended)."""
        while self.progress.phase == Phase.WAITING:
            self._wait(chunk)

    def _wait(self, minutes: float) -> None:
        lab = self.lab
        lab.advance_to(lab.now + minutes)
        if not lab.calendar.is_open(lab.now) and not lab.finished:
            lab.advance_to(min(lab.calendar.next_opening(lab.now), lab.horizon))
        self._settle()
        if self.person.awaiting_step:
            self._at_rig()
        elif lab.finished and self.progress.end is None:
            self._close("abandoned", "the lab closed before a rig came free")

    def _at_rig(self) -> None:
        self.inputs.add(self.progress.elapsed, "rig", lab=self.lab.now)
        self.progress.phase = Phase.WORKING
        self._interrupted = False
        if not self.progress.started:
            self.progress.started = True
        self.progress.step_started.setdefault(self.progress.step, self.progress.elapsed)

    def _spend(self, minutes: float) -> None:
        """Work time at the rig: the procedure clock, the lab and the rig all move on."""
        self.progress.elapsed += minutes
        self._rig_clock += minutes
        if self._rig_clock >= 1 / 240:
            self.rig.advance(self._rig_clock)
            self._rig_clock = 0.0
        self.lab.advance_to(self.lab.now + minutes)
        self._settle()
        if self._interrupted and self.progress.phase == Phase.WORKING:
            self.progress.phase = Phase.WAITING
            self.progress.interruptions += 1
            self.progress.notice = "rig-failed"
            self.rig = replacement_rig(
                self.model_cls,
                self.rng,
                self.fault,
                self.progress.step,
                lambda i: (self.steps[i].action, self.step_params(i)),
            )
            self.progress.undone = {}
        limit = self.time_limit
        if limit is not None and self.progress.elapsed >= limit + self.rules.stop_after:
            self.progress.elapsed = limit + self.rules.stop_after
            self._finish()

    def _settle(self) -> None:
        """Let the engine process what is due now (the workflow moving to the next step)."""
        env = self.lab.env
        while env.peek() <= env.now:
            env.step()

    def _on_interrupt(self, event: Any) -> None:
        if event.trainee == PLAYER_ID:
            self._interrupted = True

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
        if not self.training or self.progress.phase != Phase.WORKING or self.demo:
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

    # -- the end ----------------------------------------------------------------------------

    def _card(self, running: bool = False) -> ScoreCard:
        """The score sheet; ``running``: only what has been deducted so far."""
        return score_attempt(
            standard_minutes=self.standard,
            steps_done=len(self.steps) if running else self.progress.step,
            errors=self.progress.errors,
            critical=self.progress.critical,
            hints=len(self.progress.hints_taken) if self.training else 0,
            elapsed=self.progress.elapsed,
            time_limit=self.time_limit,
            pass_mark=self.pass_rule.pass_mark,
            max_errors=self.pass_rule.max_errors,
            rules=self.rules,
        )

    def _finish(self) -> None:
        self.inputs.flush()
        card = self._card()
        result = "passed" if card.passed else "failed"
        hints = len(self.progress.hints_taken) if self.training else 0
        self.recorder.finish(result, card.score, self.progress.elapsed, hints)
        self.progress.end = SessionEnd(result, card, card.reason)
        self.progress.phase = Phase.FINISHED

    def _close(self, result: str, note: str) -> None:
        self.inputs.flush()
        self.recorder.abandon(self.progress.elapsed)
        self.progress.end = SessionEnd(result, None, note)
        self.progress.phase = Phase.FINISHED

    def hand_in(self, note: str) -> None:
        """End the attempt now and judge it as it stands (steps not done earn nothing)."""
        if self.progress.end is None:
            self._finish()
            assert self.progress.end is not None
            self.progress.end = SessionEnd(self.progress.end.result, self.progress.end.card, note)
            self.inputs.add(self.progress.elapsed, "end", how="hand_in", note=note)

    def abandon(self, note: str = "the window was closed") -> None:
        """End an unfinished attempt as abandoned (a closed window, Ctrl-C)."""
        if self.progress.end is None:
            self._close("abandoned", note)  # the attempt's own record first
            self.inputs.add(self.progress.elapsed, "end", how="abandon", note=note)

    def _record(self, entry: Entry) -> None:
        self.progress.log.append(entry)
        self.recorder.action(entry, self.steps[entry.step].id if entry.step is not None else None)
