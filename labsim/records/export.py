"""Attempts out of labsim: CSV for spreadsheets, xAPI statements for a learning record store.

Commands write these texts through :func:`labsim.files.write_atomic`, so a failed
export never leaves half a file where the previous one was.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from typing import Any, Final

from labsim.errors import RecordsError, SettingError
from labsim.files import csv_text
from labsim.records.model import ActionRecord, Attempt
from labsim.records.xapi import attempt_to_statements, validate_statement

__all__ = [
    "CSV_COLUMNS",
    "EXCLUDED_MODES",
    "attempt_summary",
    "attempt_to_dict",
    "attempts_to_csv",
    "attempts_to_xapi",
    "export_text",
    "exportable",
]

#: Columns of the CSV export, in order; new columns are only ever appended.
CSV_COLUMNS: Final = (
    "attempt_id",
    "trainee",
    "scenario_name",
    "scenario_file",
    "procedure_id",
    "procedure_title",
    "mode",
    "language",
    "started_at",
    "ended_at",
    "sim_minutes",
    "result",
    "score",
    "pass_mark",
    "hints_used",
    "errors",
    "critical_errors",
    "time_limit_min",
    "actions",
)


#: Modes an export leaves out unless asked for (``--include MODE``): not a person's work
#: (a simulated trainee, or a demonstration recorded for the actor ``demo``).
EXCLUDED_MODES: Final = ("simulated", "demo")


def exportable(attempts: Iterable[Attempt], include: Iterable[str] = ()) -> list[Attempt]:
    """The attempts an export carries: all but those of :data:`EXCLUDED_MODES` not included.

    Raises:
        SettingError: (``include``) it names a mode that attempts never have.
    """
    from labsim.records.model import MODES

    wanted = set(include)
    unknown = sorted(wanted - set(MODES))
    if unknown:
        raise SettingError(
            "include", f"not a mode of attempts (modes: {', '.join(MODES)})", value=unknown[0]
        )
    left_out = set(EXCLUDED_MODES) - wanted
    return [a for a in attempts if a.mode not in left_out]


def attempt_summary(attempt: Attempt) -> dict[str, Any]:
    """One attempt as a flat JSON-ready row: the CSV columns, with ``actions`` as a count."""
    row = {column: getattr(attempt, column) for column in CSV_COLUMNS}
    row["started_at"] = attempt.started_at.isoformat()
    row["ended_at"] = None if attempt.ended_at is None else attempt.ended_at.isoformat()
    row["actions"] = len(attempt.actions)
    return row


def _action_to_dict(action: ActionRecord) -> dict[str, Any]:
    return {**dataclasses.asdict(action), "wall_time": action.wall_time.isoformat()}


def attempt_to_dict(attempt: Attempt) -> dict[str, Any]:
    """One attempt with its whole action timeline, JSON-ready."""
    return {**attempt_summary(attempt), "actions": [_action_to_dict(a) for a in attempt.actions]}


def attempts_to_csv(attempts: Iterable[Attempt]) -> str:
    """CSV text (RFC 4180, CRLF line ends), one row per attempt; empty cell for none."""
    summaries = (attempt_summary(attempt) for attempt in attempts)
    return csv_text(CSV_COLUMNS, ([row[c] for c in CSV_COLUMNS] for row in summaries), crlf=True)


def attempts_to_xapi(
    attempts: Iterable[Attempt], homepage: str = "https://labsim.invalid"
) -> list[dict[str, Any]]:
    """Every attempt's xAPI statements, checked against the statement rules.

    Raises:
        RecordsError: a statement breaks the xAPI rules (e.g. a homepage that is not an
            IRI), so that nothing invalid is handed to a learning record store.
    """
    statements: list[dict[str, Any]] = []
    for attempt in attempts:
        for statement in attempt_to_statements(attempt, homepage):
            problems = validate_statement(statement)
            if problems:
                raise RecordsError(
                    f"attempt {attempt.attempt_id} gives an invalid xAPI statement: "
                    + "; ".join(problems)
                )
            statements.append(statement)
    return statements


def export_text(attempts: Sequence[Attempt], fmt: str, homepage: str) -> str:
    """The text of an export: ``"csv"`` or ``"xapi"`` (a JSON array of statements)."""
    if fmt == "csv":
        return attempts_to_csv(attempts)
    if fmt == "xapi":
        statements = attempts_to_xapi(attempts, homepage)
        return json.dumps(statements, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown export format {fmt!r}")
