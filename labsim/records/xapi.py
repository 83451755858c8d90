"""Attempts as xAPI 1.0.3 statements, so a college's learning record store can take them.

Each attempt gives an *attempted* statement at its start and, at its end, *completed*
plus *passed* or *failed* (a finished attempt; a failed one is completed too, since the
exercise ended with a verdict) or *terminated* (an abandoned one). Statement
ids are name-based UUIDs of the attempt and the verb: exporting the same attempt twice gives
the same statements, which a learning record store recognises instead of counting twice.

``result.duration`` is the simulated procedure time (what the appraisal's time limit is
measured on); the real time spent is the context extension ``wall-duration``.
"""

from __future__ import annotations

import functools
import math
import uuid
from datetime import datetime
from typing import Any, Final
from urllib.parse import quote

from labsim.i18n import N_, catalogue_languages, scripts_in, tr
from labsim.records._xapi_rules import validate_statement
from labsim.records.model import Attempt

__all__ = [
    "ACTIVITY_TYPE",
    "VERBS",
    "attempt_to_statements",
    "iso_duration",
    "validate_statement",
]

_ADL: Final = "http://adlnet.gov/expapi/verbs/"
#: The ADL verbs used, by name.
VERBS: Final = {
    name: _ADL + name for name in ("attempted", "completed", "passed", "failed", "terminated")
}
#: ADL activity type of a procedure practised on a rig.
ACTIVITY_TYPE: Final = "http://adlnet.gov/expapi/activities/simulation"
_SCENARIO_TYPE: Final = "http://adlnet.gov/expapi/activities/course"
_STATEMENT_NAMESPACE: Final = uuid.UUID("6f1d3b0e-7a53-5c1e-9a43-6c6162736d31")


def iso_duration(minutes: float) -> str:
    """Format minutes as an ISO 8601 duration: ``12.5`` → ``PT12M30S``.

    Seconds keep at most two decimals (xAPI stores durations to 0.01 s).
    """
    if not (math.isfinite(minutes) and minutes >= 0):
        raise ValueError(f"a duration must be a finite number of minutes >= 0, got {minutes!r}")
    centis = round(minutes * 6000)
    hours, rest = divmod(centis, 360_000)
    mins, centis = divmod(rest, 6000)
    secs, frac = divmod(centis, 100)
    text = "PT"
    if hours:
        text += f"{hours}H"
    if mins:
        text += f"{mins}M"
    if secs or frac or text == "PT":
        text += f"{secs}.{frac:02d}".rstrip("0").rstrip(".") + "S"
    return text


def _language_map(text: str) -> dict[str, str]:
    """A language map for a name whose language is not recorded: Chinese if it looks so."""
    return {"zh-CN" if "han" in scripts_in(text) else "en-US": text}


@functools.lru_cache(maxsize=64)
def _titles(scenario_file: str | None, procedure_id: str) -> tuple[tuple[str, str], ...]:
    """The procedure's title in every language its scenario gives (none if it will not load).

    The attempt stores the title only in the language it was played in; the scenario file
    (kept by path in the record) has the others. A file since moved or broken gives nothing,
    and the stored title stands alone.
    """
    if not scenario_file:
        return ()
    try:
        from labsim.scenarios import load_scenario

        scenario = load_scenario(scenario_file).scenario
        procedure = next(p for p in scenario.procedures if p.id == procedure_id)
    except Exception:  # a record outlives its scenario file: fall back to the stored title
        return ()
    merged = {**(procedure.title or {}), **(procedure.text or {})}
    return tuple((str(lang), str(text)) for lang, text in merged.items())


def _title_map(attempt: Attempt) -> dict[str, str]:
    """Every language of the activity's title: the scenario's, else the one recorded."""
    titles = dict(_titles(attempt.scenario_file, attempt.procedure_id))
    return titles or _language_map(attempt.procedure_title or attempt.procedure_id)


#: The verbs' names, as catalogue msgids.
_VERB_WORDS: Final = {
    "attempted": N_("attempted"),
    "completed": N_("completed"),
    "passed": N_("passed"),
    "failed": N_("failed"),
    "terminated": N_("terminated"),
}


def _verb_display(verb: str) -> dict[str, str]:
    """A verb's name in every language labsim's interface speaks (a new dict each time)."""
    display = {"en-US": verb}
    for lang in catalogue_languages()[1:]:
        display[lang] = tr(_VERB_WORDS.get(verb, verb), lang)
    return display


def _timestamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _activity(attempt: Attempt, base: str) -> dict[str, Any]:
    scenario = quote(attempt.scenario_name, safe="")
    procedure = quote(attempt.procedure_id, safe="")
    names = _title_map(attempt)
    return {
        "objectType": "Activity",
        "id": f"{base}/scenarios/{scenario}/procedures/{procedure}",
        "definition": {
            "type": ACTIVITY_TYPE,
            "name": names,
            "description": {
                lang: f"{title} ({attempt.scenario_name})" for lang, title in names.items()
            },
        },
    }


def _scenario_activity(attempt: Attempt, base: str) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": f"{base}/scenarios/{quote(attempt.scenario_name, safe='')}",
        "definition": {"type": _SCENARIO_TYPE, "name": _language_map(attempt.scenario_name)},
    }


def _result(attempt: Attempt, *, success: bool | None, completion: bool) -> dict[str, Any]:
    result: dict[str, Any] = {
        "score": {
            "scaled": round(attempt.score / 100.0, 4),
            "raw": attempt.score,
            "min": 0.0,
            "max": 100.0,
        },
        "completion": completion,
        "duration": iso_duration(attempt.sim_minutes),
    }
    if success is not None:
        result["success"] = success
    return result


def _context(attempt: Attempt, base: str) -> dict[str, Any]:
    ext = f"{base}/xapi/extensions/"
    extensions: dict[str, Any] = {
        ext + "mode": attempt.mode,
        ext + "language": attempt.language,
        ext + "pass-mark": attempt.pass_mark,
        ext + "hints-used": attempt.hints_used,
        ext + "errors": attempt.errors,
        ext + "critical-errors": attempt.critical_errors,
    }
    if attempt.time_limit_min is not None:
        extensions[ext + "time-limit"] = iso_duration(attempt.time_limit_min)
    if attempt.wall_seconds is not None:
        extensions[ext + "wall-duration"] = iso_duration(attempt.wall_seconds / 60.0)
    return {
        "registration": attempt.attempt_id,
        "platform": "labsim",
        # the first of the languages shown (``zh+th``), as xAPI takes one RFC 5646 tag here
        "language": attempt.language.split("+")[0],
        "contextActivities": {"parent": [_scenario_activity(attempt, base)]},
        "extensions": extensions,
    }


def attempt_to_statements(
    attempt: Attempt,
    homepage: str = "https://labsim.invalid",
    *,
    activity_base: str | None = None,
) -> list[dict[str, Any]]:
    """The xAPI statements (JSON-ready dicts) that tell an attempt, in time order.

    Args:
        attempt: the attempt to tell.
        homepage: the system where trainee names are accounts (``actor.account.homePage``).
        activity_base: IRI under which activities and extensions are named; the homepage
            by default.
    """
    base = (activity_base or homepage).rstrip("/")
    actor = {
        "objectType": "Agent",
        "name": attempt.trainee,
        "account": {"homePage": homepage, "name": attempt.trainee},
    }
    activity = _activity(attempt, base)
    context = _context(attempt, base)
    ended = attempt.ended_at or (
        attempt.actions[-1].wall_time if attempt.actions else attempt.started_at
    )

    def statement(verb: str, when: datetime, result: dict[str, Any] | None) -> dict[str, Any]:
        made: dict[str, Any] = {
            "id": str(uuid.uuid5(_STATEMENT_NAMESPACE, f"{attempt.attempt_id}/{verb}")),
            "actor": actor,
            "verb": {"id": VERBS[verb], "display": _verb_display(verb)},
            "object": activity,
            "context": context,
            "timestamp": _timestamp(when),
        }
        if result is not None:
            made["result"] = result
        return made

    statements = [statement("attempted", attempt.started_at, None)]
    if attempt.result == "abandoned":
        statements.append(
            statement("terminated", ended, _result(attempt, success=None, completion=False))
        )
        return statements
    passed = attempt.result == "passed"
    statements.append(
        statement("completed", ended, _result(attempt, success=passed, completion=True))
    )
    statements.append(
        statement(attempt.result, ended, _result(attempt, success=passed, completion=True))
    )
    return statements
