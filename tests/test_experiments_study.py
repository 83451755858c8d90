from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq
import pytest
from experiments_support import loaded, mmc_data, spec
from queueing import mmc_wait

from labsim.experiments import (
    DaskExecutor,
    Factor,
    PoolExecutor,
    SerialExecutor,
    run_batch,
)
from labsim.experiments import runner as runner_module
from labsim.experiments.stats import estimate, t_quantile
from labsim.experiments.store import RESULTS
from labsim.scenarios import load_scenario

SWEEP = (Factor("rigs.r.count", (2, 3)),)


def _csv(folder: Path) -> str:
    return (folder / "runs.csv").read_text()


def test_same_runs_table_on_one_worker_a_pool_and_dask(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="the Dask executor needs labsim[dask]")
    study = spec(loaded(tmp_path), reps=8, factors=SWEEP)
    serial = run_batch(study, tmp_path / "serial", executor=SerialExecutor(), plots=False)
    with PoolExecutor(2) as pool:
        run_batch(study, tmp_path / "pool", executor=pool, plots=False, chunk_size=3)
    with DaskExecutor(2) as dask:
        run_batch(study, tmp_path / "dask", executor=dask, plots=False)
    table = _csv(tmp_path / "serial")
    assert table.count("\n") == 1 + 2 * 8
    assert _csv(tmp_path / "pool") == table
    assert _csv(tmp_path / "dask") == table
    frames = [
        pq.read_table(tmp_path / name / "runs.parquet") for name in ("serial", "pool", "dask")
    ]
    assert frames[0].equals(frames[1]) and frames[0].equals(frames[2])
    assert "sweep.rigs.r.count" in frames[0].column_names
    assert not {"host", "pid", "worker", "seconds"} & set(frames[0].column_names)
    assert serial.outcome.failed == 0 and serial.outcome.finished == 16


def test_a_replication_that_raises_is_recorded_and_the_study_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = runner_module.run_replication

    def flaky(plan: Any, seed: int, replication: int) -> Any:
        if replication == 3 and plan.rigs[0].units == 3:
            raise RuntimeError("rig exploded")
        return real(plan, seed, replication)

    monkeypatch.setattr(runner_module, "run_replication", flaky)
    result = run_batch(
        spec(loaded(tmp_path), reps=5, factors=SWEEP),
        tmp_path / "s",
        plots=False,
        executor=SerialExecutor(),
    )
    assert result.outcome.failed == 1 and result.outcome.finished == 10
    table = result.report.table
    errors = [row for row in table.rows if row[table.columns.index("error")] is not None]
    assert len(errors) == 1
    row = dict(zip(table.columns, errors[0], strict=True))
    assert row["point"] == 1 and row["replication"] == 3 and row["seed"] == 7
    assert row["error"] == "RuntimeError: rig exploded" and row["rigs.r.wait_mean_min"] is None
    assert "rig exploded" in (tmp_path / "s" / "failures.csv").read_text()
    assert "Traceback" in (tmp_path / "s" / "batch.log").read_text()
    counts = {(r.point.index, r.est.n) for r in result.report.summary}
    assert counts == {(0, 5), (1, 4)}


def test_identical_points_differ_by_exactly_zero_and_crn_narrows_comparisons(
    tmp_path: Path,
) -> None:
    factors = (Factor("name", ("A", "B")), Factor("rigs.r.count", (2, 3)))
    result = run_batch(
        spec(loaded(tmp_path), reps=12, factors=factors),
        tmp_path / "s",
        executor=SerialExecutor(),
        plots=False,
    )
    by_pair = {(d.first.index, d.second.index): d.est for d in result.report.differences}
    same = by_pair[(0, 2)]  # name A vs B, both with 2 rigs: the same lab
    assert (same.n, same.mean, same.sd, same.half_width) == (12, 0.0, 0.0, 0.0)
    paired = by_pair[(0, 1)]  # 2 rigs vs 3 rigs, same random numbers
    table = result.report.table
    a = list(table.values(0, "rigs.r.wait_mean_min").values())
    b = list(table.values(1, "rigs.r.wait_mean_min").values())
    unpaired = t_quantile(0.95, 11) * math.sqrt((np.var(a, ddof=1) + np.var(b, ddof=1)) / 12)
    assert paired.mean == pytest.approx(np.mean(a) - np.mean(b))
    # common random numbers make the two points' replications move together, which is what
    # narrows the paired interval (independent streams would give a correlation near zero)
    assert np.corrcoef(a, b)[0, 1] > 0.6
    assert paired.half_width < 0.9 * unpaired


def test_half_widths_shrink_like_one_over_root_n(tmp_path: Path) -> None:
    base = loaded(tmp_path, mmc_data(hours=8, warmup=1))
    result = run_batch(
        spec(base, reps=160, metrics=("rigs.r.utilization",)),
        tmp_path / "s",
        executor=SerialExecutor(),
        plots=False,
    )
    values = result.report.table.values(0, "rigs.r.utilization")
    sizes = [10, 20, 40, 80, 160]
    widths = [estimate([values[r] for r in range(n)]).half_width for n in sizes]
    slope = np.polyfit(np.log(sizes), np.log(widths), 1)[0]
    assert -0.7 < slope < -0.3
    assert 1.5 < widths[1] / widths[3] < 2.7  # four times the replications, half the width


def test_mmc_interval_covers_erlang_c_in_about_95_percent_of_studies(tmp_path: Path) -> None:
    base = loaded(
        tmp_path, mmc_data(arrival_mean=10, service_mean=10, servers=2, hours=60, warmup=5)
    )
    truth = mmc_wait(1 / 10, 1 / 10, 2)
    covered = 0
    with PoolExecutor(2) as pool:
        for study in range(100):
            result = run_batch(
                spec(base, reps=10, seed=1000 + study),
                tmp_path / f"s{study}",
                executor=pool,
                plots=False,
            )
            (row,) = result.report.summary
            covered += row.est.covers(truth)
    assert 0.88 <= covered / 100 <= 0.99


def test_reps_auto_adds_replications_until_precise(tmp_path: Path) -> None:
    base = loaded(tmp_path, mmc_data(hours=10, warmup=1))
    result = run_batch(
        spec(base, reps=None, metrics=("trainees.certified",), precision=0.05, start=4, cap=64),
        tmp_path / "s",
        executor=SerialExecutor(),
        plots=False,
    )
    outcome = result.outcome
    assert outcome.precision_met is True
    assert outcome.stages[0] == 4 and outcome.stages == sorted(outcome.stages)
    assert len(outcome.stages) > 1 and outcome.replications == outcome.stages[-1]
    (row,) = result.report.summary
    assert row.est.n == outcome.replications and row.est.half_width <= 0.05 * row.est.mean
    before = outcome.stages[-2]  # the stage before the last was not precise enough
    earlier = estimate(
        [result.report.table.values(0, "trainees.certified")[r] for r in range(before)]
    )
    assert earlier.half_width > 0.05 * earlier.mean


def test_resume_runs_only_the_missing_replications(tmp_path: Path) -> None:
    study = spec(loaded(tmp_path), reps=7, factors=SWEEP)
    whole = run_batch(study, tmp_path / "whole", executor=SerialExecutor(), plots=False)
    part = tmp_path / "part"
    run_batch(study, part, executor=SerialExecutor(), plots=False)
    lines = (part / RESULTS).read_text().splitlines(keepends=True)
    (part / RESULTS).write_text("".join(lines[:5]) + lines[5][:30])  # killed mid-line
    resumed = run_batch(study, part, executor=SerialExecutor(), resume=True, plots=False)
    assert resumed.outcome.ran == 14 - 5
    assert _csv(part) == _csv(tmp_path / "whole")
    again = run_batch(study, part, executor=SerialExecutor(), resume=True, plots=False)
    assert again.outcome.ran == 0 and len((part / RESULTS).read_text().splitlines()) == 14
    assert whole.outcome.ran == 14


def test_the_report_is_self_contained_and_the_scenario_reloads(tmp_path: Path) -> None:
    base = loaded(tmp_path)
    result = run_batch(
        spec(base, reps=3, factors=SWEEP),
        tmp_path / "s",
        executor=SerialExecutor(),
        command="labsim batch lab.yaml --reps 3",
    )
    folder = result.folder
    page = (folder / "report.html").read_text()
    assert page.count('src="data:image/png;base64,') == 2  # the metric and utilisation
    assert "labsim batch lab.yaml --reps 3" in page and "rigs.r.count=3" in page
    assert (folder / "plots" / "utilization.png").read_bytes()[:4] == b"\x89PNG"
    assert load_scenario(folder / "scenario.yaml").scenario == base.scenario
    summary = (folder / "summary.csv").read_text().splitlines()
    assert summary[0].startswith("point,sweep.rigs.r.count,metric,n,mean,sd,ci_low,ci_high")


def _no_pool_thread_left_for_the_exit_handler() -> bool:
    """Python's exit handler wakes every live pool manager thread through its pipe; one left
    running after its pool was given up can have closed that pipe ('[Errno 9]' at exit).
    Checked at once: a thread still winding down is exactly the race."""
    import concurrent.futures.process as cfp

    return not list(cfp._threads_wakeups)


def test_a_pool_given_up_on_an_error_leaves_no_thread_for_the_exit_handler() -> None:
    from labsim.errors import UsageError

    executor = PoolExecutor(2)
    with pytest.raises(UsageError, match="refused"), executor:
        manager = executor._pool._executor_manager_thread  # type: ignore[union-attr]
        raise UsageError("--resume refused")
    alive = manager.is_alive()
    del manager  # our own reference would keep it in the exit handler's list
    assert not alive and _no_pool_thread_left_for_the_exit_handler()


def test_ctrl_c_while_the_workers_start_stops_them(monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures
    import multiprocessing

    def interrupted(self: Any, timeout: float | None = None) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(concurrent.futures.Future, "result", interrupted)
    with pytest.raises(KeyboardInterrupt), PoolExecutor(2):
        pass
    monkeypatch.undo()
    assert _no_pool_thread_left_for_the_exit_handler()
    assert not multiprocessing.active_children()
