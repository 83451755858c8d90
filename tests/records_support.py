"""Builders and hypothesis strategies shared by the records tests (no tests here)."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from labsim.records import ActionRecord, Attempt

T0 = datetime(2025, 3, 14, 8, 30, tzinfo=UTC)


def make_action(index: int, **changes: Any) -> ActionRecord:
    fields: dict[str, Any] = {
        "index": index,
        "step_id": f"s{index}",
        "action": "measure",
        "params": {"range": "DC 200 V"},
        "sim_minute": 1.5 * (index + 1),
        "wall_time": T0 + timedelta(seconds=30 * (index + 1)),
        "ok": True,
    }
    fields.update(changes)
    return ActionRecord(**fields)


def make_attempt(**changes: Any) -> Attempt:
    """A finished, passed ZD6 attempt with three actions; ``changes`` replace fields."""
    fields: dict[str, Any] = {
        "attempt_id": str(uuid.uuid4()),
        "trainee": "li.wei",
        "scenario_name": "Signal lab",
        "scenario_file": "labs/signal.yaml",
        "procedure_id": "zd6-inspection",
        "procedure_title": "ZD6 point machine inspection",
        "mode": "assessment",
        "language": "en",
        "started_at": T0,
        "sim_minutes": 12.5,
        "result": "passed",
        "score": 92.0,
        "pass_mark": 60.0,
        "hints_used": 0,
        "errors": 1,
        "critical_errors": 0,
        "actions": (
            make_action(0, action="protect", params={}),
            make_action(1, ok=False, error_rule="R-12", error_message="meter on the wrong range"),
            make_action(2, params={"range": "DC 200 V", "probe": ["X1", "X2"]}),
        ),
        "time_limit_min": 20.0,
    }
    fields.update(changes)
    fields.setdefault("ended_at", fields["started_at"] + timedelta(minutes=14, seconds=5))
    return Attempt(**fields)


def start(store: Any, **changes: Any) -> str:
    """Start an attempt in ``store`` with sensible defaults."""
    fields: dict[str, Any] = {
        "trainee": "li.wei",
        "scenario_name": "Signal lab",
        "procedure_id": "zd6-inspection",
        "mode": "training",
        "language": "zh",
        "pass_mark": 60.0,
    }
    fields.update(changes)
    return str(store.start_attempt(**fields))


# -- hypothesis strategies -------------------------------------------------------------

_ZONES = st.sampled_from(
    [UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5, minutes=-30))]
)
_MOMENTS = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=_ZONES
)
_NAMES = st.text(min_size=1, max_size=24).filter(lambda text: text.strip() != "")
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.floats(allow_nan=False,
    allow_infinity=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
    max_size=3),
    max_leaves=8,
)  # fmt: skip
_FLOATS = st.floats(min_value=0, max_value=1e5, allow_nan=False)


@st.composite
def attempts(draw: st.DrawFn) -> Attempt:
    """Any valid attempt: odd names, any zones, any result, up to 6 actions."""
    started = draw(_MOMENTS)
    result = draw(st.sampled_from(["passed", "failed", "abandoned"]))
    ended = None
    if result != "abandoned" or draw(st.booleans()):
        ended = started + draw(st.timedeltas(timedelta(0), timedelta(hours=30)))
    actions = []
    for index in range(draw(st.integers(0, 6))):
        ok = draw(st.booleans())
        actions.append(
            ActionRecord(
                index=index,
                step_id=draw(st.none() | _NAMES),
                action=draw(_NAMES),
                params=draw(st.dictionaries(st.text(max_size=8), _JSON, max_size=3)),
                sim_minute=draw(_FLOATS),
                wall_time=draw(_MOMENTS),
                ok=ok,
                error_rule=None if ok else draw(st.none() | _NAMES),
                error_message=None if ok else draw(st.none() | _NAMES),
                critical=False if ok else draw(st.booleans()),
            )
        )
    errors = draw(st.integers(0, 50))
    return Attempt(
        attempt_id=str(draw(st.uuids(version=4))),
        trainee=draw(_NAMES),
        scenario_name=draw(_NAMES),
        scenario_file=draw(st.none() | _NAMES),
        procedure_id=draw(_NAMES),
        procedure_title=draw(st.none() | _NAMES),
        mode=draw(st.sampled_from(["training", "assessment", "demo"])),
        language=draw(st.sampled_from(["en", "zh", "zh-CN", "en-GB"])),
        started_at=started,
        ended_at=ended,
        sim_minutes=draw(_FLOATS),
        result=result,
        score=draw(st.floats(0, 100)),
        pass_mark=draw(st.floats(0, 100)),
        hints_used=draw(st.integers(0, 20)),
        errors=errors,
        critical_errors=draw(st.integers(0, errors)),
        actions=tuple(actions),
        time_limit_min=draw(st.none() | st.floats(min_value=0.1, max_value=600)),
    )


# -- making files unwritable, even for root ---------------------------------------------


@contextlib.contextmanager
def read_only(*paths: Path) -> Iterator[None]:
    """Make files or folders read-only; as root (which ignores modes) mark them immutable."""
    saved = [(path, stat.S_IMODE(path.stat().st_mode)) for path in paths]
    immutable = os.geteuid() == 0 if hasattr(os, "geteuid") else False
    if immutable and shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a file read-only")
    done: list[Path] = []
    try:
        for path, mode in saved:
            path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
            if immutable:
                flag = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
                if flag.returncode != 0:
                    pytest.skip("running as root and chattr +i is not supported here")
                done.append(path)
        yield
    finally:
        for path in done:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        for path, mode in saved:
            path.chmod(mode)
