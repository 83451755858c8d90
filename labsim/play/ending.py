"""How an attempt ends, is scored and is written to the records.

An attempt ends four ways: every step done or a critical error (judged), over time
(judged as it stands), handed in by the person (judged as it stands) or abandoned (a
closed window, the lab closing before a rig came free: not judged). Each way writes the
attempt's record first and then the end of its input log, so a replay ends the same way.
"""

from __future__ import annotations

from labsim.appraisal import ScoreCard, score_attempt
from labsim.play.attempt import Entry, Phase, SessionEnd
from labsim.play.setup import SessionSetup

__all__ = ["SessionEnding"]


class SessionEnding(SessionSetup):
    """The score and the end of a session (see the module docstring)."""

    def score_now(self) -> ScoreCard:
        """The score as it stands (the final one once the session has ended)."""
        if self.progress.end is not None and self.progress.end.card is not None:
            return self.progress.end.card
        return self._card(running=True)

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

    def _card(self, running: bool = False) -> ScoreCard:
        """The score sheet; ``running``: only what has been deducted so far."""
        return score_attempt(
            standard_minutes=self.standard,
            steps_done=len(self.steps) if running else self.progress.step,
            errors=self.progress.errors,
            critical=self.progress.critical,
            hints=len(self.progress.hints_taken) if self.options.training else 0,
            elapsed=self.progress.elapsed,
            time_limit=self.pass_rule.time_limit,
            pass_mark=self.pass_rule.pass_mark,
            max_errors=self.pass_rule.max_errors,
            rules=self.rules,
        )

    def _finish(self) -> None:
        self.inputs.flush()
        card = self._card()
        result = "passed" if card.passed else "failed"
        hints = len(self.progress.hints_taken) if self.options.training else 0
        self.recorder.finish(result, card.score, self.progress.elapsed, hints)
        self.progress.end = SessionEnd(result, card, card.reason)
        self.progress.phase = Phase.FINISHED

    def _close(self, result: str, note: str) -> None:
        self.inputs.flush()
        self.recorder.abandon(self.progress.elapsed)
        self.progress.end = SessionEnd(result, None, note)
        self.progress.phase = Phase.FINISHED

    def _record(self, entry: Entry) -> None:
        self.progress.log.append(entry)
        self.recorder.action(entry, self.steps[entry.step].id if entry.step is not None else None)
