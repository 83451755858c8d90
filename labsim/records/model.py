"""What one trainee attempt is: frozen records that the store writes and the exports read.

The records validate their own values, so that a bad score or an unknown result is caught
where it is made (a bug in the caller raises :class:`ValueError`), not when an instructor
exports a term's attempts. Times are timezone-aware and kept in UTC.
"""

from __future__ import annotations

import json
import math
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from labsim.i18n import N_

__all__ = [
    "MODES",
    "MODE_WORDS",
    "RESULTS",
    "ActionRecord",
    "Attempt",
    "normalise_params",
    "utc",
]

#: How a session was run; ``simulated``: a simulated trainee (``labsim records simulate``);
#: ``scripted``: actions from a script file (``labsim play --script``).
MODES: Final = ("training", "assessment", "demo", "simulated", "scripted")
#: The modes in words, as catalogue messages (``labsim.i18n.tr``); the records keep the id.
MODE_WORDS: Final = {
    "training": N_("training"),
    "assessment": N_("assessment"),
    "demo": N_("demonstration"),
    "simulated": N_("simulated"),
    "scripted": N_("scripted"),
}
#: How an attempt ended. An attempt still in progress in the store reads as "abandoned".
RESULTS: Final = ("passed", "failed", "abandoned")


def utc(moment: datetime, what: str = "time") -> datetime:
    """Return ``moment`` in UTC; a naive datetime is refused (its zone would be a guess)."""
    if not isinstance(moment, datetime):
        raise ValueError(f"{what} must be a datetime, got {moment!r}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must carry a time zone, got naive {moment.isoformat()}")
    return moment.astimezone(UTC)


def normalise_params(params: dict[str, Any]) -> dict[str, Any]:
    """Return ``params`` as plain JSON data (lists, string keys), so it round-trips exactly.

    Raises:
        ValueError: when ``params`` holds something JSON cannot carry (an object, NaN).
    """
    if not isinstance(params, dict):
        raise ValueError(f"action params must be a dict, got {type(params).__name__}")
    try:
        text = json.dumps(params, allow_nan=False, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError) as error:
        raise ValueError(f"action params must be plain JSON data: {error}") from None
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _check_text(value: object, what: str, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be non-empty text, got {value!r}")


def _check_number(value: object, what: str, low: float, high: float = math.inf) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{what} must be a number, got {value!r}")
    if not (math.isfinite(value) and low <= value <= high):
        bounds = f"between {low:g} and {high:g}" if math.isfinite(high) else f">= {low:g}"
        raise ValueError(f"{what} must be {bounds}, got {value!r}")


def _check_count(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} must be a whole number >= 0, got {value!r}")


@dataclass(frozen=True)
class ActionRecord:
    """One action a trainee took at the rig, whether the rig accepted it or not.

    Attributes:
        index: position in the attempt, from 0.
        step_id: the procedure step the action was taken for, or None (an action off the plan).
        action: the rig action's name.
        params: the action's arguments (plain JSON data).
        sim_minute: simulated minutes since the attempt started.
        wall_time: when the trainee clicked (UTC).
        ok: False when the action was an error.
        error_rule: the rule an error broke (from the rig or the procedure).
        error_message: what was wrong, in words.
        critical: the error was a veto item (the attempt scores zero).
    """

    index: int
    step_id: str | None
    action: str
    params: dict[str, Any]
    sim_minute: float
    wall_time: datetime
    ok: bool
    error_rule: str | None = None
    error_message: str | None = None
    critical: bool = False

    def __post_init__(self) -> None:
        _check_count(self.index, "action index")
        _check_text(self.step_id, "step_id", optional=True)
        _check_text(self.action, "action")
        _check_number(self.sim_minute, "sim_minute", 0.0)
        _check_text(self.error_rule, "error_rule", optional=True)
        _check_text(self.error_message, "error_message", optional=True)
        for name in ("ok", "critical"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be True or False, got {getattr(self, name)!r}")
        if self.critical and self.ok:
            raise ValueError("an action marked critical must be an error (ok=False)")
        object.__setattr__(self, "params", normalise_params(self.params))
        object.__setattr__(self, "sim_minute", float(self.sim_minute))
        object.__setattr__(self, "wall_time", utc(self.wall_time, "wall_time"))


@dataclass(frozen=True)
class Attempt:
    """One trainee's attempt at one procedure, as stored and exported.

    ``errors`` counts every error, critical ones included; ``critical_errors`` counts the
    veto items among them. ``ended_at`` is None for an attempt that never finished (the
    session crashed or the window was closed): its result is "abandoned".
    """

    attempt_id: str
    trainee: str
    scenario_name: str
    scenario_file: str | None
    procedure_id: str
    procedure_title: str | None
    mode: str
    language: str
    started_at: datetime
    ended_at: datetime | None
    sim_minutes: float
    result: str
    score: float
    pass_mark: float
    hints_used: int = 0
    errors: int = 0
    critical_errors: int = 0
    actions: tuple[ActionRecord, ...] = field(default=())
    time_limit_min: float | None = None

    def __post_init__(self) -> None:
        try:
            parsed = uuid.UUID(self.attempt_id)
        except (ValueError, TypeError, AttributeError):
            parsed = None
        # xAPI expects RFC 4122 UUIDs (the registration of the statements is this id).
        if parsed is None or parsed.variant != uuid.RFC_4122:
            raise ValueError(f"attempt_id must be an RFC 4122 UUID, got {self.attempt_id!r}")
        object.__setattr__(self, "attempt_id", str(parsed))
        for name in ("trainee", "scenario_name", "procedure_id", "language"):
            _check_text(getattr(self, name), name)
        _check_text(self.scenario_file, "scenario_file", optional=True)
        _check_text(self.procedure_title, "procedure_title", optional=True)
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {self.mode!r}")
        if self.result not in RESULTS:
            raise ValueError(f"result must be one of {', '.join(RESULTS)}, got {self.result!r}")
        self._check_numbers()
        self._check_times()
        self._check_actions()

    def _check_numbers(self) -> None:
        _check_number(self.sim_minutes, "sim_minutes", 0.0)
        _check_number(self.score, "score", 0.0, 100.0)
        _check_number(self.pass_mark, "pass_mark", 0.0, 100.0)
        for name in ("hints_used", "errors", "critical_errors"):
            _check_count(getattr(self, name), name)
        if self.critical_errors > self.errors:
            raise ValueError(
                f"critical_errors ({self.critical_errors}) cannot exceed errors ({self.errors}):"
                " errors counts every error, critical ones included"
            )
        if self.time_limit_min is not None:
            _check_number(self.time_limit_min, "time_limit_min", 0.0)
            if self.time_limit_min == 0:
                raise ValueError("time_limit_min must be > 0 (or None for no limit)")
            object.__setattr__(self, "time_limit_min", float(self.time_limit_min))
        for name in ("sim_minutes", "score", "pass_mark"):
            object.__setattr__(self, name, float(getattr(self, name)))

    def _check_times(self) -> None:
        object.__setattr__(self, "started_at", utc(self.started_at, "started_at"))
        if self.ended_at is not None:
            ended = utc(self.ended_at, "ended_at")
            if ended < self.started_at:
                raise ValueError(
                    f"ended_at ({ended.isoformat()}) is before started_at"
                    f" ({self.started_at.isoformat()})"
                )
            object.__setattr__(self, "ended_at", ended)
        elif self.result != "abandoned":
            raise ValueError(f"a {self.result} attempt needs ended_at")

    def _check_actions(self) -> None:
        actions = tuple(self.actions)
        for position, action in enumerate(actions):
            if not isinstance(action, ActionRecord):
                raise ValueError(f"actions[{position}] must be an ActionRecord, got {action!r}")
            if action.index != position:
                raise ValueError(
                    f"actions[{position}] has index {action.index}, expected {position}"
                )
        object.__setattr__(self, "actions", actions)

    @property
    def passed(self) -> bool:
        """True when the attempt was signed off as passed."""
        return self.result == "passed"

    @property
    def finished(self) -> bool:
        """True when the session ended normally (passed or failed), not abandoned."""
        return self.result != "abandoned"

    @property
    def wall_seconds(self) -> float | None:
        """Real seconds from start to end, or None for an attempt that never ended."""
        if self.ended_at is None:
            return None
        return (self.ended_at - self.started_at).total_seconds()
