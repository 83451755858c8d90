"""Throughput studies: replications, parameter sweeps, confidence intervals, warm-up.

A study is a :class:`StudySpec` (a scenario, factors, seed, replications, metrics);
:func:`run_batch` checks it, runs it on an executor into a study folder (resumable) and
writes the runs table, summary, plots and ``report.html``. The parts are usable alone:
:mod:`.stats` for intervals, :mod:`.warmup` for MSER-5 and Welch, :mod:`.executors` for
running any picklable function on a pool or Dask.

Names are imported on first use: a worker process imports :mod:`.runner` alone, not the
loaders and validators the parent uses to check a study.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labsim.lazy import lazy_names

if TYPE_CHECKING:
    from labsim.experiments.batch import BatchResult, run_batch
    from labsim.experiments.design import Factor, SweepPoint, full_factorial, parse_sweep
    from labsim.experiments.executors import (
        DaskExecutor,
        Executor,
        ExecutorError,
        PoolExecutor,
        SerialExecutor,
        make_executor,
    )
    from labsim.experiments.expfile import Experiment, load_experiment
    from labsim.experiments.options import StudyOptions, study_spec
    from labsim.experiments.progress import make_progress
    from labsim.experiments.report import Report
    from labsim.experiments.runner import Record, flatten, run_replication
    from labsim.experiments.stats import Estimate, estimate, paired_difference, t_quantile
    from labsim.experiments.store import ResultStore
    from labsim.experiments.study import (
        Outcome,
        Replications,
        Study,
        StudySpec,
        prepare_study,
        run_study,
    )
    from labsim.experiments.table import RunsTable, runs_table
    from labsim.experiments.warmup import collect_series, estimate_warmup, mser, welch_smooth

__all__ = [
    "BatchResult",
    "DaskExecutor",
    "Estimate",
    "Executor",
    "ExecutorError",
    "Experiment",
    "Factor",
    "Outcome",
    "PoolExecutor",
    "Record",
    "Replications",
    "Report",
    "ResultStore",
    "RunsTable",
    "SerialExecutor",
    "Study",
    "StudyOptions",
    "StudySpec",
    "SweepPoint",
    "collect_series",
    "estimate",
    "estimate_warmup",
    "flatten",
    "full_factorial",
    "load_experiment",
    "make_executor",
    "make_progress",
    "mser",
    "paired_difference",
    "parse_sweep",
    "prepare_study",
    "run_batch",
    "run_replication",
    "run_study",
    "runs_table",
    "study_spec",
    "t_quantile",
    "welch_smooth",
]

_HOMES = {
    "BatchResult": "labsim.experiments.batch",
    "DaskExecutor": "labsim.experiments.executors",
    "Estimate": "labsim.experiments.stats",
    "Executor": "labsim.experiments.executors",
    "ExecutorError": "labsim.experiments.executors",
    "Experiment": "labsim.experiments.expfile",
    "Factor": "labsim.experiments.design",
    "Outcome": "labsim.experiments.study",
    "PoolExecutor": "labsim.experiments.executors",
    "Record": "labsim.experiments.runner",
    "Replications": "labsim.experiments.study",
    "Report": "labsim.experiments.report",
    "ResultStore": "labsim.experiments.store",
    "RunsTable": "labsim.experiments.table",
    "SerialExecutor": "labsim.experiments.executors",
    "Study": "labsim.experiments.study",
    "StudyOptions": "labsim.experiments.options",
    "StudySpec": "labsim.experiments.study",
    "SweepPoint": "labsim.experiments.design",
    "collect_series": "labsim.experiments.warmup",
    "estimate": "labsim.experiments.stats",
    "estimate_warmup": "labsim.experiments.warmup",
    "flatten": "labsim.experiments.runner",
    "full_factorial": "labsim.experiments.design",
    "load_experiment": "labsim.experiments.expfile",
    "make_executor": "labsim.experiments.executors",
    "make_progress": "labsim.experiments.progress",
    "mser": "labsim.experiments.warmup",
    "paired_difference": "labsim.experiments.stats",
    "parse_sweep": "labsim.experiments.design",
    "prepare_study": "labsim.experiments.study",
    "run_batch": "labsim.experiments.batch",
    "run_replication": "labsim.experiments.runner",
    "run_study": "labsim.experiments.study",
    "runs_table": "labsim.experiments.table",
    "study_spec": "labsim.experiments.options",
    "t_quantile": "labsim.experiments.stats",
    "welch_smooth": "labsim.experiments.warmup",
}

__getattr__ = lazy_names(__name__, _HOMES)
