"""CSV and xAPI exports: one row per attempt that parses back; files written atomically."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from records_support import attempts, make_attempt

from labsim.errors import FileError, RecordsError
from labsim.files import write_atomic
from labsim.records import Attempt, attempts_to_csv, attempts_to_xapi
from labsim.records.export import CSV_COLUMNS, export_text


def _parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_stable_columns_and_one_row_per_attempt() -> None:
    saved = [
        make_attempt(trainee="李伟", procedure_title='ZD6, "quick" check'),
        make_attempt(result="abandoned", ended_at=None, score=0, time_limit_min=None),
    ]
    text = attempts_to_csv(saved)
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    rows = _parse(text)
    assert len(rows) == 2
    first, second = rows
    assert first["trainee"] == "李伟"
    assert first["procedure_title"] == 'ZD6, "quick" check'
    assert datetime.fromisoformat(first["started_at"]) == saved[0].started_at
    assert (float(first["score"]), first["result"], int(first["actions"])) == (92.0, "passed", 3)
    assert (second["ended_at"], second["time_limit_min"], second["result"]) == ("", "", "abandoned")


@settings(max_examples=60, deadline=None)
@given(st.lists(attempts(), max_size=4))
def test_csv_parses_back_to_the_attempts(saved: list[Attempt]) -> None:
    rows = _parse(attempts_to_csv(saved))
    assert len(rows) == len(saved)
    for row, attempt in zip(rows, saved, strict=True):
        assert list(row) == list(CSV_COLUMNS)
        assert row["attempt_id"] == attempt.attempt_id
        assert (row["trainee"], row["procedure_id"]) == (attempt.trainee, attempt.procedure_id)
        assert row["scenario_file"] == (attempt.scenario_file or "")
        assert float(row["score"]) == attempt.score
        assert float(row["sim_minutes"]) == attempt.sim_minutes
        assert int(row["errors"]) == attempt.errors
        assert datetime.fromisoformat(row["started_at"]) == attempt.started_at
        assert (row["time_limit_min"] == "") == (attempt.time_limit_min is None)


def test_xapi_export_is_a_json_array_of_valid_statements() -> None:
    text = export_text(
        [make_attempt(), make_attempt(result="failed", score=10)], "xapi", "https://x.example"
    )
    statements = json.loads(text)
    assert [s["verb"]["display"]["en-US"] for s in statements] == [
        "attempted", "completed", "passed", "attempted", "completed", "failed",
    ]  # fmt: skip


def test_xapi_export_refuses_to_write_invalid_statements() -> None:
    with pytest.raises(
        RecordsError, match=r"invalid xAPI statement: .*homePage: must be an absolute"
    ):
        attempts_to_xapi([make_attempt()], homepage="our college")


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old contents\n")
    write_atomic(target, "new,contents\r\n", encoding="utf-8-sig")
    assert target.read_bytes() == b"\xef\xbb\xbfnew,contents\r\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("[]\n")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "ok so far... \udcff", encoding="utf-8")
    assert target.read_text() == "[]\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_write_to_a_missing_folder_is_a_file_error(tmp_path: Path) -> None:
    with pytest.raises(FileError, match=r"folder .* does not exist"):
        write_atomic(tmp_path / "nope" / "out.csv", "x")
    with pytest.raises(FileError, match="it is a folder"):
        write_atomic(tmp_path, "x")


def test_demonstrations_are_left_out_of_exports_unless_included() -> None:
    from labsim.records.export import exportable

    demo = make_attempt(mode="demo", trainee="demo")
    person = make_attempt(mode="training", trainee="li")
    assert exportable([demo, person]) == [person]
    assert exportable([demo, person], include=["demo"]) == [demo, person]
    statements = attempts_to_xapi(exportable([demo, person]))
    assert all("demo" not in json.dumps(s["actor"]) for s in statements)
