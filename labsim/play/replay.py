"""Replaying a recorded attempt, input by input, and taking it over from any moment.

A replay begins a fresh session with the attempt's seed and fault and does its recorded
inputs again (:func:`~labsim.play.inputs.apply`): the rig reads the same values with the
same noise, the judge gives the same feedback, the score comes out the same. Seeking back
replays from the start (sessions are cheap); seeking forward replays the inputs between.

:meth:`Replay.take_over` starts a *new* attempt, linked to the one replayed, that has done
the same inputs up to the current moment and then belongs to the person at the keyboard:
an instructor shows "here is where it went wrong; now you try". A replay of an attempt
whose procedure has changed since it was recorded says so (:attr:`Replay.changed`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labsim.errors import ReplayError, SettingError
from labsim.play.inputs import apply, procedure_digest
from labsim.play.joining import find_procedure, rig_model
from labsim.play.options import SessionOptions
from labsim.play.session import PlaySession
from labsim.records.replays import Recording

if TYPE_CHECKING:
    from labsim.records import Attempt, RecordStore
    from labsim.scenarios.models import Scenario

__all__ = ["Replay"]


class Replay:
    """A recorded attempt, played again on a session of its own (see the module docstring)."""

    def __init__(
        self,
        scenario: Scenario,
        attempt: Attempt,
        recording: Recording,
        *,
        lang: str | None = None,
        scenario_file: str | None = None,
    ) -> None:
        self.scenario, self.attempt, self.recording = scenario, attempt, recording
        self.lang = lang or attempt.language
        self.scenario_file = scenario_file
        try:
            procedure = find_procedure(scenario, attempt.procedure_id)
        except SettingError:
            raise ReplayError(
                f"attempt {attempt.attempt_id} was at procedure {attempt.procedure_id!r}, "
                f"which {scenario.name!r} no longer has: it cannot be replayed with this file"
            ) from None
        model = rig_model(scenario, attempt.procedure_id).name
        #: The procedure (or its rig model) is not what it was when the attempt was recorded.
        self.changed = procedure_digest(procedure, model) != recording.info.procedure_digest
        self.position = 0
        self.session = self._fresh()

    @classmethod
    def from_records(
        cls,
        store: RecordStore,
        attempt_id: str,
        scenario: Scenario,
        *,
        lang: str | None = None,
        scenario_file: str | None = None,
    ) -> Replay:
        """The replay of a stored attempt (its id or a unique prefix of it).

        Raises:
            RecordsError: no such attempt, or one recorded without its inputs.
        """
        from labsim.records.replays import ReplayLog

        attempt = store.attempt(attempt_id)
        recording = ReplayLog(store.path, timeout=store.timeout).recording(attempt.attempt_id)
        return cls(scenario, attempt, recording, lang=lang, scenario_file=scenario_file)

    @property
    def inputs(self) -> int:
        """How many inputs the attempt has."""
        return len(self.recording.inputs)

    @property
    def at_end(self) -> bool:
        """Whether every input has been replayed."""
        return self.position >= self.inputs

    def _fresh(
        self,
        store: RecordStore | None = None,
        trainee: str | None = None,
        *,
        person: bool = False,
    ) -> PlaySession:
        info = self.recording.info
        session = PlaySession(
            self.scenario,
            self.attempt.procedure_id,
            SessionOptions(
                mode=info.session_mode,
                lang=self.lang,
                trainee=trainee or self.attempt.trainee,
                fault=info.fault,
                seed=info.seed,
                store=store,
                scenario_file=self.scenario_file,
                demo=not person and info.actor == "demo",
                scripted=not person and info.actor == "scripted",
                taken_from=(self.attempt.attempt_id, self.position) if person else None,
            ),
        )
        session.begin()
        return session

    def step(self) -> bool:
        """Replay the next input; False at the end."""
        if self.at_end:
            return False
        apply(self.session, self.recording.inputs[self.position])
        self.position += 1
        return True

    def seek(self, index: int) -> None:
        """Go to just before input ``index`` (0: the start; :attr:`inputs`: the end)."""
        index = max(0, min(index, self.inputs))
        if index < self.position:
            self.session, self.position = self._fresh(), 0
        while self.position < index:
            self.step()

    def play_all(self) -> None:
        """Replay every input that is left."""
        while self.step():
            pass

    def take_over(self, store: RecordStore | None, trainee: str) -> PlaySession:
        """A new attempt, linked to this one, at the current moment, for the person to go on.

        Raises:
            ReplayError: the replayed attempt has already ended here.
        """
        if self.session.progress.end is not None:
            raise ReplayError("the attempt has ended here: seek back to take it over")
        session = self._fresh(store, trainee, person=True)
        for item in self.recording.inputs[: self.position]:
            apply(session, item)
        return session
