"""The session's inputs, in order and timed, for replays and take-overs.

Everything that changes an attempt goes through here: the thinking time at the rig (summed
until the next input, so that a minute of thought is one record, not 3,600 frames), the
moment a rig was reached, each action, tool setting, hint, instructor's fault and the end.
:func:`apply` does an input to a session; so replaying the inputs of an attempt on a
session begun with the same seed and fault gives the same readings, feedback and score.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from labsim.records.replays import Input, ReplayInfo, ReplayLog

if TYPE_CHECKING:
    from labsim.play.session import PlaySession
    from labsim.records import RecordStore
    from labsim.scenarios.models import Procedure

__all__ = ["InputLog", "apply", "procedure_digest"]


def procedure_digest(procedure: Procedure, model: str) -> str:
    """A fingerprint of a procedure as written, and of the rig model it runs on."""
    text = procedure.model_dump_json() + "\n" + model
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class InputLog:
    """The inputs of one attempt: kept in memory, and in the records when there are any."""

    def __init__(self, store: RecordStore | None) -> None:
        self.log = None if store is None else ReplayLog(store.path, timeout=store.timeout)
        self.attempt_id: str | None = None
        self.items: list[Input] = []
        self._thinking = 0.0
        self._since = 0.0

    def begin(self, attempt_id: str | None, info: ReplayInfo) -> None:
        """Start the attempt's recording (nowhere when it has no records)."""
        self.attempt_id = attempt_id
        if self.log is not None and attempt_id is not None:
            self.log.begin(attempt_id, info)

    def think(self, minute: float, minutes: float) -> None:
        """Thinking time at the rig, from ``minute`` on (kept until the next input)."""
        if self._thinking == 0.0:
            self._since = minute
        self._thinking += minutes

    def add(self, minute: float, kind: str, **payload: Any) -> None:
        """One input, after the thinking that came before it."""
        self.flush()
        self._keep(Input(minute, kind, payload))

    def flush(self) -> None:
        """Keep the thinking time so far as one input."""
        if self._thinking > 0.0:
            thought, self._thinking = self._thinking, 0.0
            self._keep(Input(self._since, "think", {"minutes": thought}))

    def _keep(self, item: Input) -> None:
        self.items.append(item)
        if self.log is not None and self.attempt_id is not None:
            self.log.add(self.attempt_id, item)


def apply(session: PlaySession, item: Input) -> None:
    """Do one recorded input to a session, as it was done the first time."""
    data = item.payload
    if item.kind == "think":
        session.think(float(data["minutes"]))
    elif item.kind == "rig":
        session.wait_until(float(data["lab"]))
    elif item.kind == "act":
        session.perform(str(data["action"]), dict(data["params"]))
    elif item.kind == "set":
        session.set_tool(str(data["param"]), data["value"])
    elif item.kind == "hint":
        session.hint()
    elif item.kind == "fault":
        session.set_fault(str(data["fault"]), bool(data["on"]))
    elif item.kind == "end":
        if data.get("how") == "hand_in":
            session.hand_in(str(data["note"]))
        else:
            session.abandon(str(data["note"]))
