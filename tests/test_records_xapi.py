"""xAPI statements: the right verbs and results, and valid xAPI 1.0.3 structure."""

from __future__ import annotations

import copy
import re
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from records_support import T0, attempts, make_attempt

from labsim.records import Attempt, attempt_to_statements, validate_statement
from labsim.records.xapi import VERBS, iso_duration

ADL = "http://adlnet.gov/expapi/verbs/"
_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$")


def _minutes(duration: str) -> float:
    match = _DURATION.match(duration)
    assert match, duration
    hours, minutes, seconds = (float(part or 0) for part in match.groups())
    return hours * 60 + minutes + seconds / 60


def _verbs(attempt: Attempt) -> list[str]:
    return [s["verb"]["id"].removeprefix(ADL) for s in attempt_to_statements(attempt)]


def test_passed_attempt_tells_attempted_completed_passed() -> None:
    attempt = make_attempt(score=92, sim_minutes=12.5)
    statements = attempt_to_statements(attempt, "https://lms.college.example")
    assert _verbs(attempt) == ["attempted", "completed", "passed"]
    attempted, completed, passed = statements
    assert "result" not in attempted
    assert attempted["timestamp"] == "2025-03-14T08:30:00.000Z"
    assert passed["timestamp"] == "2025-03-14T08:44:05.000Z"
    assert passed["result"] == {
        "score": {"scaled": 0.92, "raw": 92.0, "min": 0.0, "max": 100.0},
        "success": True,
        "completion": True,
        "duration": "PT12M30S",
    }
    assert completed["result"]["success"] is True
    assert passed["actor"] == {
        "objectType": "Agent",
        "name": "li.wei",
        "account": {"homePage": "https://lms.college.example", "name": "li.wei"},
    }
    assert passed["object"]["id"] == (
        "https://lms.college.example/scenarios/Signal%20lab/procedures/zd6-inspection"
    )
    assert passed["object"]["definition"]["name"] == {"en-US": "ZD6 point machine inspection"}
    context = passed["context"]
    assert context["registration"] == attempt.attempt_id
    assert context["extensions"]["https://lms.college.example/xapi/extensions/mode"] == (
        "assessment"
    )
    assert context["extensions"]["https://lms.college.example/xapi/extensions/language"] == "en"
    assert all(validate_statement(s) == [] for s in statements)


def test_failed_and_abandoned_attempts() -> None:
    failed = make_attempt(result="failed", score=0, critical_errors=1)
    assert _verbs(failed) == ["attempted", "completed", "failed"]
    assert attempt_to_statements(failed)[2]["result"]["success"] is False
    abandoned = make_attempt(result="abandoned", ended_at=None, score=0)
    assert _verbs(abandoned) == ["attempted", "terminated"]
    ended = attempt_to_statements(abandoned)[1]
    assert ended["result"]["completion"] is False and "success" not in ended["result"]
    # a session cut off is dated by its last recorded action
    assert ended["timestamp"] == "2025-03-14T08:31:30.000Z"
    assert set(VERBS.values()) >= {ADL + v for v in ("attempted", "completed", "passed", "failed")}


def test_chinese_title_is_tagged_chinese_and_ids_are_percent_encoded() -> None:
    attempt = make_attempt(
        scenario_name="信号 实训/A", procedure_id="zd6", procedure_title="ZD6 检修"
    )
    statement = attempt_to_statements(attempt)[0]
    assert statement["object"]["definition"]["name"] == {"zh-CN": "ZD6 检修"}
    assert statement["object"]["id"] == (
        "https://labsim.invalid/scenarios/%E4%BF%A1%E5%8F%B7%20%E5%AE%9E%E8%AE%AD%2FA/procedures/zd6"
    )
    assert validate_statement(statement) == []


def test_statement_ids_are_stable_and_distinct() -> None:
    attempt = make_attempt()
    first = [s["id"] for s in attempt_to_statements(attempt)]
    assert first == [s["id"] for s in attempt_to_statements(attempt)]
    assert len(set(first)) == 3
    other = [s["id"] for s in attempt_to_statements(make_attempt())]
    assert not set(first) & set(other)


@settings(max_examples=150, deadline=None)
@given(attempts(), st.sampled_from(["https://labsim.invalid", "http://lms.example.edu/xapi/"]))
def test_any_valid_attempt_gives_valid_statements(attempt: Attempt, homepage: str) -> None:
    statements = attempt_to_statements(attempt, homepage)
    for statement in statements:
        assert validate_statement(statement) == []
        uuid.UUID(statement["id"])
        assert statement["context"]["registration"] == attempt.attempt_id
        assert datetime.fromisoformat(statement["timestamp"]).tzinfo is not None
    began = datetime.fromisoformat(statements[0]["timestamp"])
    assert timedelta(0) <= attempt.started_at - began < timedelta(milliseconds=1)
    last = statements[-1]
    assert last["verb"]["id"].removeprefix(ADL) == (
        "terminated" if attempt.result == "abandoned" else attempt.result
    )
    assert last["result"]["score"]["scaled"] == pytest.approx(attempt.score / 100, abs=1e-4)
    assert _minutes(last["result"]["duration"]) == pytest.approx(
        attempt.sim_minutes, abs=0.01 / 60 + 1e-9 * attempt.sim_minutes
    )


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0, "PT0S"), (12.5, "PT12M30S"), (61.25, "PT1H1M15S"), (1 / 60, "PT1S"),
     (0.001, "PT0.06S"), (59.999999, "PT1H"), (600, "PT10H")],
)  # fmt: skip
def test_iso_duration(minutes: float, text: str) -> None:
    assert iso_duration(minutes) == text


# -- the validator finds what is wrong --------------------------------------------------------


def _good() -> dict[str, Any]:
    return attempt_to_statements(make_attempt())[2]


def _broken(change: Any) -> dict[str, Any]:
    statement = copy.deepcopy(_good())
    change(statement)
    return statement


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda s: s.pop("actor"), "missing required property 'actor'"),
        (lambda s: s.pop("verb"), "missing required property 'verb'"),
        (lambda s: s.update(id="not-a-uuid"), "id: must be a UUID"),
        (lambda s: s["verb"].update(id="passed"), "verb.id: must be an absolute IRI"),
        (lambda s: s["object"].update(id="zd6 check"), "object.id: must be an absolute IRI"),
        (lambda s: s["object"].update(id="https:///no-host"), "object.id: must be an absolute"),
        (lambda s: s["actor"].update(mbox="mailto:li@x.example"), "must have one identifier"),
        (lambda s: s["actor"].pop("account"), "needs one of"),
        (lambda s: s["actor"]["account"].update(homePage="lms"), "homePage: must be an absolute"),
        (lambda s: s["result"].update(duration="12 minutes"), "ISO 8601 duration"),
        (lambda s: s["result"].update(duration="PT"), "ISO 8601 duration"),
        (lambda s: s["result"]["score"].update(scaled=1.5), "scaled: must be between -1 and 1"),
        (lambda s: s["result"]["score"].update(raw=150.0), "raw: 150.0 lies outside"),
        (lambda s: s["result"].update(success="yes"), "success: must be true or false"),
        (lambda s: s["context"].update(registration="42"), "registration: must be a UUID"),
        (lambda s: s["context"]["extensions"].update(mode="x"), "extensions key: must be"),
        (lambda s: s.update(timestamp="yesterday"), "timestamp: must be an ISO 8601"),
        (lambda s: s.update(timestamp="2025-03-14T08:30:00"), "must carry a time zone"),
        (lambda s: s.update(colour="red"), "unknown property 'colour'"),
        (lambda s: s["verb"]["display"].update({"english!": "x"}), "not an RFC 5646"),
    ],
)
def test_validator_names_each_problem(change: Any, problem: str) -> None:
    assert validate_statement(_good()) == []
    problems = validate_statement(_broken(change))
    assert any(problem in p for p in problems), problems


def test_validator_accepts_durations_and_zones_the_standard_allows() -> None:
    for duration in ("P1D", "PT0.5S", "P1Y2M3DT4H5M6.7S", "P2W"):
        assert validate_statement(_broken(lambda s, d=duration: s["result"].update(duration=d)))\
            == []  # fmt: skip
    stamp = (T0 + timedelta(hours=1)).astimezone().isoformat()
    assert validate_statement(_broken(lambda s: s.update(timestamp=stamp))) == []
    assert validate_statement("not a statement") == ["statement: must be a JSON object, got "
                                                     "'not a statement'"]  # fmt: skip


def test_the_activity_name_carries_every_language_of_the_procedure() -> None:
    from pathlib import Path

    lab = Path(__file__).resolve().parents[1] / "scenarios" / "luban-rail-lab.yaml"
    attempt = make_attempt(
        scenario_file=str(lab), procedure_id="zd6-electrical-test", language="zh+th"
    )
    passed = attempt_to_statements(attempt)[-1]
    names = passed["object"]["definition"]["name"]
    assert {"en", "zh", "th", "ru", "fr"} <= set(names)
    assert set(passed["object"]["definition"]["description"]) == set(names)
    assert passed["context"]["language"] == "zh"
    assert passed["verb"]["display"]["zh"] == "通过" and set(passed["verb"]["display"]) >= {
        "en-US",
        "th",
        "ru",
        "fr",
    }
    assert validate_statement(passed) == []
    moved = make_attempt(scenario_file="gone/lab.yaml", language="zh+th")
    assert attempt_to_statements(moved)[-1]["object"]["definition"]["name"] == {
        "en-US": moved.procedure_title
    }
