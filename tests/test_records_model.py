"""Attempt records validate their values where they are made."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from records_support import T0, make_action, make_attempt

from labsim.records import RESULTS, ActionRecord


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"result": "won"}, "result must be one of passed, failed, abandoned"),
        ({"mode": "exam"}, "mode must be one of training, assessment, demo"),
        ({"score": 100.5}, "score must be between 0 and 100"),
        ({"score": float("nan")}, "score must be between 0 and 100"),
        ({"score": True}, "score must be a number"),
        ({"pass_mark": -1}, "pass_mark must be between 0 and 100"),
        ({"sim_minutes": -0.5}, "sim_minutes must be >= 0"),
        ({"hints_used": -1}, "hints_used must be a whole number"),
        ({"errors": 1, "critical_errors": 2}, r"critical_errors \(2\) cannot exceed errors \(1\)"),
        ({"time_limit_min": 0}, "time_limit_min must be > 0"),
        ({"attempt_id": "42"}, "attempt_id must be an RFC 4122 UUID"),
        ({"attempt_id": "e3e70682-c209-4cac-629f-6fbed82c07cd"}, "RFC 4122"),
        ({"trainee": "  "}, "trainee must be non-empty text"),
        ({"started_at": datetime(2025, 3, 14, 8, 30)}, "started_at must carry a time zone"),
        ({"ended_at": T0 - timedelta(seconds=1)}, "ended_at .* is before started_at"),
        ({"result": "passed", "ended_at": None}, "a passed attempt needs ended_at"),
        ({"actions": (make_action(1),)}, r"actions\[0\] has index 1, expected 0"),
    ],
)
def test_bad_attempt_values_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_attempt(**changes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"critical": True}, "critical must be an error"),
        ({"sim_minute": -1}, "sim_minute must be >= 0"),
        ({"params": {"x": float("inf")}}, "plain JSON"),
        ({"params": {"x": {1, 2}}}, "plain JSON"),
        ({"params": ["not", "a", "dict"]}, "params must be a dict"),
        ({"ok": 1}, "ok must be True or False"),
        ({"action": ""}, "action must be non-empty"),
        ({"wall_time": datetime(2025, 1, 1)}, "wall_time must carry a time zone"),
    ],
)
def test_bad_action_values_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_action(0, **changes)


def test_values_are_normalised_for_exact_round_trips() -> None:
    zone = timezone(timedelta(hours=8))
    action = ActionRecord(
        index=0, step_id=None, action="turn", params={"pair": (1, 2), "n": {"k": None}},
        sim_minute=3, wall_time=datetime(2025, 3, 14, 16, 30, tzinfo=zone), ok=True,
    )  # fmt: skip
    assert action.params == {"pair": [1, 2], "n": {"k": None}}
    assert action.wall_time.utcoffset() == timedelta(0)
    assert action.wall_time == datetime(2025, 3, 14, 8, 30, tzinfo=UTC)
    assert isinstance(action.sim_minute, float)
    attempt = make_attempt(attempt_id="ABCDEF12-0000-4000-8000-000000000001", score=90)
    assert attempt.attempt_id == "abcdef12-0000-4000-8000-000000000001"
    assert (attempt.score, attempt.passed, attempt.finished) == (90.0, True, True)
    assert attempt.wall_seconds == 14 * 60 + 5
    abandoned = make_attempt(result="abandoned", ended_at=None)
    assert (abandoned.finished, abandoned.wall_seconds) == (False, None)
    assert RESULTS == ("passed", "failed", "abandoned")


def test_package_exports_the_api_the_play_session_uses() -> None:
    import labsim.records as records

    assert len(set(records.__all__)) == len(records.__all__)
    assert all(hasattr(records, name) for name in records.__all__)
    for method in ("start_attempt", "add_action", "add_hint", "finish_attempt", "mark_abandoned",
                   "attempts", "attempt", "history", "trainees"):  # fmt: skip
        assert callable(getattr(records.RecordStore, method))
