"""Trainee attempt records: the SQLite store, and exports as CSV and xAPI statements.

A play session writes through :class:`RecordStore` (``start_attempt``, ``add_action``,
``finish_attempt``); ``labsim records`` reads it. See :mod:`labsim.records.store`.
"""

from __future__ import annotations

from labsim.records.export import attempts_to_csv, attempts_to_xapi
from labsim.records.model import MODES, RESULTS, ActionRecord, Attempt
from labsim.records.store import RecordStore, default_records_path
from labsim.records.xapi import attempt_to_statements, validate_statement

__all__ = [
    "MODES",
    "RESULTS",
    "ActionRecord",
    "Attempt",
    "RecordStore",
    "attempt_to_statements",
    "attempts_to_csv",
    "attempts_to_xapi",
    "default_records_path",
    "validate_statement",
]
