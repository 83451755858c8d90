"""``labsim run`` through the CLI runner: JSON fields, determinism, --set, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from labsim.cli import app

ROOT = Path(__file__).resolve().parent.parent
MMC = ROOT / "scenarios" / "mmc.yaml"
runner = CliRunner()


def run_json(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["run", str(MMC), "--format", "json", *args])
    return result.exit_code, result.output


def test_json_has_the_documented_fields() -> None:
    code, out = run_json("--set", "run.for=200h", "--set", "run.warmup=10h")
    assert code == 0, out
    data = json.loads(out)
    assert data["scenario"] and data["seed"] == 1
    assert data["sim_minutes"] == 200 * 60
    assert data["warmup_minutes"] == 600
    assert set(data["trainees"]) >= {"arrived", "certified", "in_progress"}
    assert set(data["procedures"]) >= {"attempts", "passed", "failed"}
    (group,) = data["rigs"].values()
    assert set(group) >= {
        "count",
        "utilization",
        "broken_fraction",
        "wait_mean_min",
        "wait_p95_min",
        "queue_mean",
    }
    assert set(data["instructors"]) >= {"utilization", "wait_mean_min"}
    assert set(data["errors"]) == {"total", "critical"}


def test_same_file_and_seed_give_identical_bytes() -> None:
    first = run_json("--seed", "42", "--set", "run.for=100h", "--set", "run.warmup=5h")
    second = run_json("--seed", "42", "--set", "run.for=100h", "--set", "run.warmup=5h")
    other = run_json("--seed", "43", "--set", "run.for=100h", "--set", "run.warmup=5h")
    assert first[0] == 0
    assert first == second
    assert other[1] != first[1]


def test_set_changes_the_lab() -> None:
    code, out = run_json("--set", "run.for=300h", "--set", "rigs.bench.count=6")
    assert code == 0, out
    assert json.loads(out)["rigs"]["bench"]["count"] == 6


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--set", "rigs.nosuch.count=4"], "nosuch"),
        (["--set", "rigs.bench.count=-1"], "count"),
        (["--set", "run.for=12"], "unit"),
        (["--format", "xml"], "'xml' is not one of 'table', 'json'"),
        (["--seed", "-3"], "--seed"),
    ],
)
def test_bad_options_exit_2_with_a_message(args: list[str], needle: str) -> None:
    result = runner.invoke(app, ["run", str(MMC), *args])
    assert result.exit_code == 2
    assert needle in result.output
    assert "Traceback" not in result.output


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "nope.yaml" in result.output
    assert "Traceback" not in result.output


def test_table_output_names_the_groups() -> None:
    result = runner.invoke(
        app, ["run", str(MMC), "--set", "run.for=100h", "--set", "run.warmup=5h"]
    )
    assert result.exit_code == 0
    assert "bench" in result.output
    assert "certified" in result.output


def test_table_breaks_failed_attempts_down_by_reason_per_procedure() -> None:
    lab = ROOT / "scenarios" / "zd6-practice.yaml"
    table = runner.invoke(app, ["run", str(lab)], env={"COLUMNS": "80"})
    assert table.exit_code == 0, table.output
    assert "critical error, too many errors, below the pass mark" in table.output
    data = json.loads(runner.invoke(app, ["run", str(lab), "--format", "json"]).output)
    figures = data["procedures"]["by_id"]["zd6-electrical-test"]
    reasons = ("failed_time_limit", "failed_critical", "failed_errors", "failed_below_mark")
    assert sum(figures[reason] for reason in reasons) == figures["failed"]
    row = next(line for line in table.output.splitlines() if "zd6-electrical-test" in line)
    cells = [c.strip() for c in row.strip("│ ").split("│")]
    assert cells == [
        "zd6-electrical-test",
        str(figures["attempts"]),
        str(figures["passed"]),
        f"{figures['first_pass_rate']:.0%}",
        str(figures["failed_time_limit"]),
        str(figures["failed_critical"]),
        str(figures["failed_errors"]),
        str(figures["failed_below_mark"]),
    ]


def test_the_table_header_wraps_between_phrases_only() -> None:
    wide = runner.invoke(app, ["run", str(MMC)], env={"COLUMNS": "80"})
    assert wide.exit_code == 0, wide.output
    lines = wide.stdout.splitlines()
    assert max(map(len, lines)) <= 80
    assert lines[1] == "seed 1, 2000 h simulated, 1900 h open (after 100 h warm-up)"
    narrow = runner.invoke(app, ["run", str(MMC)], env={"COLUMNS": "42"}).stdout
    assert "\n  (after 100 h warm-up)\n" in narrow
