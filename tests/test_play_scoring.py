"""Appraisal scoring and the judge of actions: rules and their invariants."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hostile_support import python
from hypothesis import given
from hypothesis import strategies as st

from labsim.appraisal import ScoreCard, ScoreRules, score_attempt, step_points
from labsim.play.judge import judge

minutes = st.lists(st.floats(0.0, 30.0), min_size=1, max_size=25)


def _card(**changes: Any) -> ScoreCard:
    """The card of two 5-minute steps done in 10 of 20 minutes, no errors, unless changed."""
    attempt: dict[str, Any] = dict(
        standard_minutes=[5, 5],
        steps_done=2,
        errors=0,
        critical=False,
        hints=0,
        elapsed=10.0,
        time_limit=20,
        pass_mark=60,
    )
    return score_attempt(**{**attempt, **changes})


@given(
    standard=minutes,
    done=st.floats(0, 1),
    errors=st.integers(0, 30),
    hints=st.integers(0, 30),
    elapsed=st.floats(0, 200),
    limit=st.one_of(st.none(), st.floats(1, 120)),
    critical=st.booleans(),
)
def test_a_score_is_between_0_and_100_and_a_veto_is_zero(
    standard: list[float],
    done: float,
    errors: int,
    hints: int,
    elapsed: float,
    limit: float | None,
    critical: bool,
) -> None:
    steps_done = round(done * len(standard))
    card = score_attempt(
        standard_minutes=standard,
        steps_done=steps_done,
        errors=errors,
        critical=critical,
        hints=hints,
        elapsed=elapsed,
        time_limit=limit,
        pass_mark=60,
    )
    assert 0.0 <= card.score <= 100.0
    if critical:
        assert card.score == 0.0 and not card.passed
    if card.passed:
        assert steps_done == len(standard) and card.score >= 60
    if limit is not None and elapsed - limit >= 5:
        assert not card.passed
    # the deductions never exceed what the rules allow for the time
    over = [d for d in card.deductions if d.kind == "overtime"]
    assert all("over the limit" in d.what for d in over)
    assert all(d.points <= 10 for d in over)


@given(standard=minutes, errors=st.integers(0, 9))
def test_each_error_costs_the_same_and_finishing_early_earns_nothing(
    standard: list[float], errors: int
) -> None:
    def score(e: int, elapsed: float) -> float:
        done = {"standard_minutes": standard, "steps_done": len(standard), "time_limit": 60}
        return _card(**done, errors=e, elapsed=elapsed).score

    assert score(errors, 10) == pytest.approx(max(0.0, 100 - 10 * errors))
    assert score(errors, 1) == score(errors, 59)


def test_two_points_per_started_minute_over_the_limit() -> None:
    def card(elapsed: float) -> tuple[float, bool]:
        c = _card(elapsed=elapsed)
        return c.score, c.passed

    assert card(20.0) == (100.0, True)
    assert card(20.5) == (98.0, True)
    assert card(23.0) == (94.0, True)
    assert card(25.0) == (90.0, False)  # stopped at five minutes over


def test_steps_share_the_points_by_standard_time() -> None:
    assert step_points([1, 3]) == [25.0, 75.0]
    assert step_points([0, 0]) == [50.0, 50.0]
    assert math.isclose(sum(step_points([0.1, 7, 2.5])), 100.0)


def test_the_pass_rule_s_error_limit_and_the_pass_mark_both_apply() -> None:
    base = {"standard_minutes": [10], "steps_done": 1, "elapsed": 5, "time_limit": None}
    assert not _card(**base, errors=2, max_errors=1).passed
    low = _card(**base, hints=3, pass_mark=90, rules=ScoreRules(hint=5))
    assert (low.score, low.passed) == (85.0, False)


def _judge(action: str, params: dict[str, object], **kw: object) -> object:
    options: dict[str, object] = dict(
        step_action="throw",
        step_params={"to": "reverse"},
        step_critical=False,
        refused=None,
        violation=False,
        changed=True,
    )
    options.update(kw)
    return judge(action, params, **options)  # type: ignore[arg-type]


def test_the_judge() -> None:
    assert _judge("throw", {"to": "reverse"}).kind == "done"
    assert _judge("throw", {"to": "normal"}).rule == "procedure.as-written"
    assert _judge("throw", {"to": "normal"}, changed=False).kind == "observed"
    assert _judge("inspect_point", {}, changed=False).kind == "observed"
    assert _judge("diagnose", {"fault": "x"}).kind == "observed"
    order = _judge("restore_power", {})
    assert (order.rule, order.critical) == ("procedure.order", False)
    assert _judge("cut_power", {}, handling=True).kind == "observed"
    refused = _judge("throw", {"to": "reverse"}, refused=("motor off", "pm.power-off"))
    assert (refused.rule, refused.critical) == ("pm.power-off", False)
    on_critical = _judge("throw", {"to": "reverse"}, refused=("x", "r"), step_critical=True)
    assert on_critical.critical
    safety = _judge("inspect_point", {}, refused=("no lookout", "s"), violation=True)
    assert safety.critical


def test_the_session_logic_needs_no_pygame() -> None:
    code = "import sys, labsim.play; assert 'pygame' not in sys.modules, 'pygame imported'"
    done = python("-c", code)
    assert done.code == 0, done.err[-2000:]
