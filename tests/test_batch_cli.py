"""``labsim batch`` and ``labsim warmup`` through the CLI: outputs, exit codes, resume, Dask."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from browser_support import broken_images, browse, needs_browser
from experiments_support import mmc_data, write_scenario
from typer.testing import CliRunner

from labsim.cli import app
from labsim.experiments import runner as runner_module
from labsim.experiments.store import RESULTS

ROOT = Path(__file__).resolve().parent.parent
APP = app


#: One worker, no progress lines, no plots: a study a test only reads.
QUIET = ("--workers", "1", "--progress", "none", "--no-plots")


def invoke(*args: Any) -> Any:
    return CliRunner().invoke(APP, [str(a) for a in args])


@pytest.fixture
def lab(tmp_path: Path) -> Path:
    return write_scenario(tmp_path, mmc_data(hours=20, warmup=2))


def test_help_documents_the_options_and_exit_statuses() -> None:
    text = invoke("batch", "--help").output
    for word in (
        "--reps",
        "--sweep",
        "--workers",
        "--executor",
        "--resume",
        "--confidence",
        "--precision",
        "--metric",
        "dask://HOST:PORT",
        "labsim[dask]",
        "Exit status",
        "130 interrupted",
        "runs.parquet",
        "report.html",
    ):
        assert word in text, word
    assert "mser5|welch" in invoke("warmup", "--help").output


def test_batch_writes_the_study_folder(lab: Path, tmp_path: Path) -> None:
    out = tmp_path / "study"
    result = invoke(
        "batch",
        lab,
        "--reps",
        "3",
        "--sweep",
        "rigs.r.count=2,3",
        "--workers",
        "1",
        "--out",
        out,
        "--progress",
        "plain",
        "--no-plots",
    )
    assert result.exit_code == 0, result.output
    assert "rigs.r.count=3" in result.output and "Report:" in result.output
    assert "batch: 6/6 replications (100%)" in result.stderr
    for name in (
        "runs.csv",
        "runs.parquet",
        "summary.csv",
        "differences.csv",
        "failures.csv",
        "report.html",
        "scenario.yaml",
        "command.txt",
        "manifest.json",
        "batch.log",
    ):
        assert (out / name).is_file(), name
    command = (out / "command.txt").read_text()
    assert command.startswith("labsim batch ") and "--sweep rigs.r.count=2,3" in command


@needs_browser
def test_the_study_report_shows_in_a_browser_with_its_plots(lab: Path, tmp_path: Path) -> None:
    out = tmp_path / "study"
    result = invoke(
        "batch", lab, "--reps", "3", "--sweep", "rigs.r.count=2,3", "--workers", "1",
        "--out", out, "--progress", "plain",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    dom, console = browse(out / "report.html")
    assert console == []
    assert "rigs.r.count=3" in dom and "wait_mean_min" in dom
    images, broken = broken_images(out / "report.html")
    assert images >= 1 and broken == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sweep", "rigs.r.cuont=1,2"], r"--sweep rigs\.r\.cuont: unknown key 'cuont'.*keys:"),
        (["--sweep", "rigs.r.count=2,0"], r"must be >= 1.*--sweep rigs\.r\.count=0"),
        (["--sweep", "rigs.r.count"], "--sweep needs PATH=V1,V2"),
        (
            ["--metric", "rigs.r.wait_mean"],
            "--metric rigs.r.wait_mean: no such metric; did you mean rigs.r.wait_mean_min",
        ),
        (["--reps", "many"], "--reps must be a whole number or 'auto'"),
        (
            ["--reps", "auto", "--precision", "5 percent"],
            "--precision 5 percent: a precision is a percentage such as '5%'",
        ),
        (["--executor", "spark"], "--executor must be 'local', 'dask'"),
        (["--workers", "0"], "--workers must be 1 or more"),
        (["--confidence", "95"], "--confidence must be between 0 and 1"),
        (["--progress", "loud"], "'loud' is not one of 'auto', 'bar', 'plain', 'none'"),
    ],
)
def test_bad_input_exits_2_before_anything_runs(
    lab: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "study"
    result = invoke("batch", lab, "--out", out, "--progress", "none", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert re.search(message, result.stderr), result.stderr
    assert not out.exists()


def test_resume_refuses_a_different_command_and_plain_reruns(lab: Path, tmp_path: Path) -> None:
    out = tmp_path / "study"
    common = ["batch", lab, "--out", out, *QUIET]
    assert invoke(*common, "--reps", "2").exit_code == 0
    again = invoke(*common, "--reps", "2")
    assert again.exit_code == 2 and "add --resume" in again.stderr
    other = invoke(*common, "--reps", "2", "--sweep", "rigs.r.count=2,3", "--resume")
    assert other.exit_code == 2 and "differs in: factors" in other.stderr
    same = invoke(*common, "--reps", "2", "--resume")
    assert same.exit_code == 0 and len((out / RESULTS).read_text().splitlines()) == 2


def test_a_failed_replication_gives_exit_status_1(
    lab: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(scenario: Any, seed: int, replication: int) -> Any:
        raise ZeroDivisionError("no trainees")

    monkeypatch.setattr(runner_module, "run_replication", broken)
    out = tmp_path / "study"
    result = invoke(
        "batch",
        lab,
        "--reps",
        "2",
        "--out",
        out,
        *QUIET,
    )
    assert result.exit_code == 1
    assert "2 replication(s) raised an error" in result.output
    assert "ZeroDivisionError: no trainees" in (out / "failures.csv").read_text()


def test_an_experiment_file_declares_the_study(lab: Path, tmp_path: Path) -> None:
    study = tmp_path / "study.yaml"
    study.write_text(
        "labsim-experiment: 1\n"
        "scenario: lab.yaml\n"
        "set: {run.for: 10h}\n"
        "factors:\n"
        "  rigs.r.count: [2, 3]\n"
        "replications: 3\n"
        "metrics: [rigs.r.utilization]\n"
    )
    out = tmp_path / "out"
    result = invoke("batch", study, "--out", out, *QUIET)
    assert result.exit_code == 0, result.output
    summary = (out / "summary.csv").read_text()
    assert "1,3,rigs.r.utilization,3," in summary
    assert "sim_minutes,3,600.0" in summary  # the set: change applies


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "scenario: lab.yaml\nreplicatoins: 3\n",
            r"study\.yaml:3:1: replicatoins: unknown key 'replicatoins'; did you mean 'replic",
        ),
        ("scenario: nowhere.yaml\n", r"study\.yaml:2:\d+: scenario: no such scenario file"),
        (
            "scenario: lab.yaml\nfactors:\n  rigs.x.count: [1]\n",
            r"study\.yaml:4:\d+: factors\.rigs\.x\.count: rigs has no item 'x'",
        ),
        ("scenario: lab.yaml\nprecision: 500%\n", r"study\.yaml:3:\d+: precision: .*between 0%"),
    ],
)
def test_a_bad_experiment_file_is_located(
    lab: Path, tmp_path: Path, body: str, message: str
) -> None:
    study = tmp_path / "study.yaml"
    study.write_text("labsim-experiment: 1\n" + body)
    result = invoke("batch", study, "--out", tmp_path / "out", "--progress", "none")
    assert result.exit_code == 2
    assert re.search(message, result.stderr), result.stderr


def _launch(args: list[Any], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "labsim", *(str(a) for a in args)],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _wait_for_lines(path: Path, count: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if path.exists() and path.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.02)
    raise AssertionError("the study did not get going")


@pytest.mark.parametrize(
    ("how", "workers"),
    [(signal.SIGKILL, 1), (signal.SIGINT, 2)],
    ids=["kill-serial", "ctrl-c-pool"],
)
def test_resume_after_an_interruption_gives_the_uninterrupted_table(
    tmp_path: Path, how: signal.Signals, workers: int
) -> None:
    lab = write_scenario(tmp_path, mmc_data(hours=300, warmup=10))
    study = [
        "batch",
        lab,
        "--reps",
        "16",
        "--sweep",
        "rigs.r.count=2,3",
        "--progress",
        "none",
        "--no-plots",
        "--chunk-size",
        "1",
    ]
    whole = tmp_path / "whole"
    assert invoke(*study, "--workers", "1", "--out", whole).exit_code == 0
    cut = tmp_path / "cut"
    process = _launch([*study, "--workers", workers, "--out", cut], tmp_path)
    _wait_for_lines(cut / RESULTS, 6, process)
    process.send_signal(how)
    _, err = process.communicate(timeout=30)
    done = (cut / RESULTS).read_bytes().count(b"\n")
    assert 6 <= done < 32, "the study finished before it was interrupted"
    if how == signal.SIGINT:
        assert process.returncode == 130 and b"--resume" in err
    resumed = invoke(*study, "--workers", "1", "--out", cut, "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert (cut / "runs.csv").read_text() == (whole / "runs.csv").read_text()
    assert (cut / RESULTS).read_bytes().count(b"\n") == 32


def test_an_unreachable_dask_scheduler_is_reported_within_seconds(
    lab: Path, tmp_path: Path
) -> None:
    pytest.importorskip("distributed", reason="the Dask executor needs labsim[dask]")
    started = time.monotonic()
    result = invoke(
        "batch",
        lab,
        "--executor",
        "dask://127.0.0.1:9",
        "--out",
        tmp_path / "o",
        "--progress",
        "none",
    )
    assert time.monotonic() - started < 10
    assert result.exit_code == 2
    assert "--executor tcp://127.0.0.1:9: cannot reach the Dask scheduler within" in result.stderr
    assert not (tmp_path / "o").exists()


def test_missing_dask_names_the_extra(
    lab: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = invoke("batch", lab, "--executor", "dask", "--out", tmp_path / "o")
    assert result.exit_code == 2
    assert "error: --executor dask: needs Dask distributed; " in result.stderr
    assert "pip install 'labsim[dask]'" in result.stderr


def test_warmup_suggests_a_length_and_saves_the_plot(tmp_path: Path) -> None:
    busy = write_scenario(tmp_path, mmc_data(10, 19, 2, hours=300, warmup=0))
    plot = tmp_path / "w.png"
    result = invoke("warmup", busy, "--reps", "3", "--buckets", "150", "--plot", plot)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Suggested warm-up: ") and "mser5 on queue" in result.output
    assert plot.read_bytes()[:4] == b"\x89PNG"
    as_json = invoke(
        "warmup", busy, "--reps", "2", "--method", "welch", "--plot", plot, "--format", "json"
    )
    data = json.loads(as_json.output)
    assert data["method"] == "welch" and data["warmup_minutes"] >= 0 and data["current"] == "0min"


def test_warmup_refuses_a_calendar_run(tmp_path: Path) -> None:
    result = invoke(
        "warmup", ROOT / "scenarios" / "luban-rail-lab.yaml", "--plot", tmp_path / "w.png"
    )
    assert result.exit_code == 2 and "continuous runs" in result.stderr


def test_reps_auto_from_the_command_line(lab: Path, tmp_path: Path) -> None:
    out = tmp_path / "study"
    result = invoke(
        "batch",
        lab,
        "--reps",
        "auto",
        "--precision",
        "4%",
        "--min-reps",
        "4",
        "--max-reps",
        "12",
        "--metric",
        "rigs.r.utilization",
        "--out",
        out,
        *QUIET,
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["identity"]["replications"] == {
        "reps": "auto",
        "precision": 0.04,
        "start": 4,
        "cap": 12,
    }
    rows = (out / "runs.csv").read_text().splitlines()[1:]
    assert 4 < len(rows) <= 12


def test_an_imprecise_study_names_its_metrics_and_cuts_impossible_intervals(
    lab: Path, tmp_path: Path
) -> None:
    out = tmp_path / "study"
    common = ["--out", out, *QUIET]
    result = CliRunner(env={"COLUMNS": "80"}).invoke(
        APP,
        [str(a) for a in ("batch", lab, "--reps", "auto", "--precision", "1%", "--min-reps", "2")]
        + [str(a) for a in ("--max-reps", "3", "--sweep", "rigs.r.count=1,2,3,4", *common)],
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    # metric ids are whole at 80 columns (people copy them into --metric)
    assert sum("rigs.r.wait_mean_min " in line for line in lines) == 4
    assert "…" not in result.stdout
    warning = result.stdout[result.stdout.index("warning:") :]
    assert "not reached within 3 replications" in " ".join(warning.split())
    assert re.search(
        r"^  rigs\.r\.wait_mean_min: ±\d+\.\d% at worst; \d of 4 points", warning, re.M
    )
    # a wait can't be negative: the interval stops at 0 and says so
    assert re.search(r"\[0, [\d.]+\]\*", result.stdout)
    assert "* cut at what the metric can take" in result.stdout
    summary = (out / "summary.csv").read_text().splitlines()
    cut = [line.split(",") for line in summary[1:] if line.endswith(",True")]
    assert cut and all(float(f[6]) == 0.0 or float(f[7]) == 1.0 for f in cut)
    report = (out / "report.html").read_text()
    assert "<code>rigs.r.wait_mean_min</code>: ±" in report
    assert "the 95% coverage is kept" in " ".join(report.split())
    # 4 points make 6 pairs per metric: the 5 largest are shown, largest first
    rows = re.findall(r'<tr><td class="name">rigs\.r\.wait_mean_min</td>.*?</tr>', report)
    sizes = [abs(float(re.findall(r"<td>([-\d.e+]+)</td>", row)[-1])) for row in rows]
    assert len(rows) == 5 and sizes == sorted(sizes, reverse=True)
    csv_rows = (out / "differences.csv").read_text().splitlines()[1:]
    every = [abs(float(r.split(",")[6])) for r in csv_rows if r.startswith("rigs.r.wait_mean_min,")]
    assert len(every) == 6 and sizes == pytest.approx(sorted(every, reverse=True)[:5], rel=1e-3)
    assert "in differences.csv" in report


def test_without_jinja2_the_study_still_completes_and_says_why_no_report(
    lab: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from labsim.cohort import templates

    templates._environment.cache_clear()  # an earlier page may have built it with jinja2
    monkeypatch.setitem(sys.modules, "jinja2", None)
    out = tmp_path / "study"
    result = invoke("batch", lab, "--reps", "2", "--workers", "1", "--out", out, "--no-plots")
    assert result.exit_code == 0, result.output
    assert "note: no report.html: the HTML pages need jinja2" in result.stdout
    assert "Report:" not in result.stdout
    assert (out / "summary.csv").is_file() and not (out / "report.html").exists()
