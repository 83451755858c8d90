"""One call that does what ``labsim batch`` does: check, run into a folder, report."""

from __future__ import annotations

import contextlib
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from labsim.experiments.executors import Executor, make_executor
from labsim.experiments.progress import NoProgress, Progress
from labsim.experiments.report import Report, write_report
from labsim.experiments.store import ResultStore
from labsim.experiments.study import Outcome, Study, StudySpec, prepare_study, run_study

__all__ = ["BatchResult", "run_batch"]


@dataclass(frozen=True)
class BatchResult:
    """The study, how it went, and what was written."""

    study: Study
    outcome: Outcome
    report: Report
    folder: Path


def run_batch(
    spec: StudySpec,
    out: str | Path,
    *,
    executor: Executor | str = "local",
    workers: int | None = None,
    resume: bool = False,
    progress: Progress | None = None,
    command: str = "",
    chunk_size: int | None = None,
    plots: bool = True,
) -> BatchResult:
    """Validate the study, run the replications ``out`` lacks, and write the report there.

    ``executor`` is a name for :func:`make_executor` (started and stopped here), or an
    executor the caller has entered already (so that several studies share its workers).

    Every check of the input (sweeps, metrics, executor name, the folder and ``resume``)
    happens before the first replication. A ``KeyboardInterrupt`` leaves the finished
    replications in ``out`` and propagates.

    Raises:
        OverrideError, SettingError, ScenarioError, StudyFolderError: for bad input
            (nothing has run).
        ExecutorError: when the executor broke down mid-study (finished work is kept).
    """
    study = prepare_study(spec)
    owned = isinstance(executor, str)
    runner = make_executor(executor, workers) if isinstance(executor, str) else executor
    folder = Path(out)
    info = {
        "command": command,
        "scenario_file": str(spec.base.path),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    shown = progress or NoProgress()
    with (
        runner if owned else contextlib.nullcontext(runner),
        ResultStore.open(folder, spec.identity(), resume=resume, info=info) as store,
    ):
        store.log(
            f"start: {command or '(library call)'}; python {sys.version.split()[0]} on "
            f"{platform.node()}; {len(store.done)} replication(s) already stored"
        )
        try:
            outcome = run_study(study, store, runner, shown, chunk_size=chunk_size)
        except KeyboardInterrupt:
            store.log(f"interrupted; {len(store.done)} replication(s) stored")
            raise
        finally:
            shown.close()
        store.log(f"done: {outcome.ran} replication(s) run now, {outcome.failed} failed in all")
        report = write_report(study, store, outcome, command or "(library call)", plots=plots)
    return BatchResult(study, outcome, report, folder)
