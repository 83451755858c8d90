"""The site-visit rule: when a trainee is ready, in a small file the instructor writes.

::

    labsim-site-visit: 1
    plan: [zd6-electrical-test, zd6-obstruction-test]   # procedures to pass
    mode: assessment        # passes that count: assessment (default) or any
    within_attempts: 3      # each passed within its first 3 counted attempts
    min_score: 80           # and with at least this score
    no_veto_in_last: 5      # no veto (critical error) in the last 5 attempts

The file is validated like a scenario (unknown keys refused, every problem named by file,
line and field). A verdict carries its reasons as data (a kind and its values), so the
report words them in its language. Simulated attempts count as assessment attempts (they
are played in assessment mode); demonstrations never count.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from labsim.records.model import Attempt
from labsim.scenarios.fields import STRICT, Identifier
from labsim.scenarios.problems import validate_document
from labsim.scenarios.source import read_document

__all__ = ["Reason", "SiteVisitRule", "Verdict", "default_rule", "judge_trainee", "load_rule"]

_ASSESSED = ("assessment", "simulated")


class SiteVisitRule(BaseModel):
    """What a trainee must have shown before the site visit."""

    model_config = STRICT
    labsim_site_visit: Literal[1] = Field(
        alias="labsim-site-visit", description="file format version (1)"
    )
    name: str | None = Field(default=None, max_length=200)
    plan: list[Identifier] = Field(min_length=1, description="procedures to pass")
    mode: Literal["assessment", "any"] = Field(
        default="assessment", description="which attempts count: assessment only, or any"
    )
    within_attempts: int | None = Field(default=None, ge=1, le=1000)
    min_score: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    no_veto_in_last: int | None = Field(default=None, ge=1, le=1000)


def load_rule(path: Path) -> SiteVisitRule:
    """Read and validate a site-visit rule file.

    Raises:
        ScenarioError: naming file, line and field of every problem.
    """
    return validate_document(SiteVisitRule, read_document(path))


def unknown_in_plan(rule: SiteVisitRule, known: Iterable[str]) -> list[str]:
    """A line for each procedure of the plan that is not among ``known`` (a misspelling?).

    Nobody can pass such a procedure, so every trainee would be judged not ready for it.
    """
    names = sorted(set(known))
    lines = []
    for procedure in rule.plan:
        if procedure not in names:
            close = difflib.get_close_matches(procedure, names, n=2)
            hint = f" (did you mean {' or '.join(close)}?)" if close else ""
            lines.append(
                f"the plan names {procedure!r}, which no attempt and no procedure of the "
                f"scenario has{hint}: nobody can pass it"
            )
    return lines


def default_rule(procedures: Sequence[str]) -> SiteVisitRule:
    """The rule used without a file: every procedure shown passed, no recent veto.

    Passes count in assessment mode; no veto in the last 3 attempts.
    """
    return SiteVisitRule.model_validate(
        {"labsim-site-visit": 1, "plan": sorted(set(procedures)), "no_veto_in_last": 3}
    )


@dataclass(frozen=True)
class Reason:
    """One reason of a verdict: its kind and the values that fill its wording."""

    kind: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    """Ready for the site visit or not, and why."""

    ready: bool
    reasons: tuple[Reason, ...]


def _counts(attempt: Attempt, rule: SiteVisitRule) -> bool:
    if attempt.mode == "demo":
        return False
    return rule.mode == "any" or attempt.mode in _ASSESSED


def _passes(attempt: Attempt, rule: SiteVisitRule) -> bool:
    return attempt.passed and (rule.min_score is None or attempt.score >= rule.min_score)


def judge_trainee(attempts: Sequence[Attempt], rule: SiteVisitRule) -> Verdict:
    """The verdict for one trainee's attempts (any order; all procedures)."""
    ordered = sorted(attempts, key=lambda a: (a.started_at, a.attempt_id))
    reasons: list[Reason] = []
    for procedure in rule.plan:
        counted = [a for a in ordered if a.procedure_id == procedure and _counts(a, rule)]
        first = next((n for n, a in enumerate(counted, 1) if _passes(a, rule)), None)
        if first is None:
            best = max((a.score for a in counted), default=None)
            reasons.append(
                Reason(
                    "not_passed", {"procedure": procedure, "attempts": len(counted), "best": best}
                )
            )
        elif rule.within_attempts is not None and first > rule.within_attempts:
            reasons.append(
                Reason(
                    "passed_late",
                    {"procedure": procedure, "at": first, "limit": rule.within_attempts},
                )
            )
    if rule.no_veto_in_last is not None:
        recent = [a for a in ordered if a.mode != "demo"][-rule.no_veto_in_last :]
        vetoes = [a for a in recent if a.critical_errors]
        if vetoes:
            last = vetoes[-1]
            reasons.append(
                Reason(
                    "veto",
                    {
                        "procedure": last.procedure_id,
                        "count": len(vetoes),
                        "last": rule.no_veto_in_last,
                        "date": last.started_at.date().isoformat(),
                    },
                )
            )
    if reasons:
        return Verdict(False, tuple(reasons))
    ready = {
        "procedures": len(rule.plan),
        "within": rule.within_attempts,
        "veto_last": rule.no_veto_in_last,
        "min_score": rule.min_score,
    }
    return Verdict(True, (Reason("ready", ready),))
