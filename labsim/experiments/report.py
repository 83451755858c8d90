"""Everything a study leaves in its folder besides the raw store.

``runs.parquet`` and ``runs.csv`` (the runs table), ``summary.csv`` (every metric at every
point), ``differences.csv`` (paired differences on the chosen metrics), ``failures.csv``,
``plots/*.png``, ``scenario.yaml`` (the exact scenario, loadable by labsim), ``command.txt``
and ``report.html``: one self-contained page, plots embedded, to send to a colleague.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labsim.experiments.analysis import (
    Difference,
    SummaryRow,
    differences,
    differences_csv,
    imprecise,
    largest_differences,
    summarize,
    summary_csv,
)
from labsim.experiments.design import value_text
from labsim.experiments.store import ResultStore
from labsim.experiments.study import Outcome, Study
from labsim.experiments.table import RunsTable, runs_table
from labsim.files import csv_text, write_atomic
from labsim.scenarios.yaml_core import dump_yaml

__all__ = ["Report", "scenario_text", "write_report"]


@dataclass
class Report:
    """What was written, and the figures the command prints."""

    table: RunsTable
    summary: list[SummaryRow]
    differences: list[Difference]
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def scenario_text(data: dict[str, Any]) -> str:
    """The scenario data as a YAML file labsim loads again (libraries already merged in)."""
    body = {k: v for k, v in data.items() if k != "include"}
    text = dump_yaml(body)
    return (
        "# The exact scenario of this study, with --set changes and included procedures\n"
        "# merged in. Sweep values are applied on top of it (see command.txt).\n" + text
    )


def write_report(
    study: Study, store: ResultStore, outcome: Outcome, command: str, *, plots: bool = True
) -> Report:
    """Write the tables, plots and ``report.html`` into the store's folder."""
    folder = store.folder
    spec = study.spec
    n = outcome.replications
    table = runs_table(
        study.points, spec.factors, (r for r in store.records() if r.replication < n)
    )
    everything = summarize(table, study.points, table.metric_columns, spec.confidence)
    chosen = [row for row in everything if row.metric in study.metrics]
    diffs = [d for m in study.metrics for d in differences(table, study.points, m, spec.confidence)]
    report = Report(table, chosen, diffs)

    def put(name: str, data: str | bytes) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
        report.files.append(path)

    put("runs.csv", table.to_csv_text())
    try:
        table.write_parquet(folder / "runs.parquet")
        report.files.append(folder / "runs.parquet")
    except ImportError as error:
        report.notes.append(f"no runs.parquet: {error}")
    paths = [f.path for f in spec.factors]
    put("summary.csv", summary_csv(everything, paths))
    put("differences.csv", differences_csv(diffs))
    put("failures.csv", _failures_csv(table, study))
    scenario = scenario_text(spec.base.data)
    put("scenario.yaml", scenario)
    put("command.txt", command + "\n")
    images: list[tuple[str, bytes]] = []
    if plots:
        try:
            images = _plots(study, everything)
        except ImportError as error:
            report.notes.append(f"no plots: {error}")
        for name, png in images:
            put(f"plots/{name}", png)
    try:
        put("report.html", _html(study, outcome, report, command, images, scenario))
    except ImportError as error:
        report.notes.append(f"no report.html: {error}")
    return report


def _plots(study: Study, rows: list[SummaryRow]) -> list[tuple[str, bytes]]:
    from labsim.experiments.plots import metric_plot, utilization_plot

    spec = study.spec
    images = [
        (f"{metric}.png", metric_plot(rows, spec.factors, metric, spec.confidence))
        for metric in study.metrics
    ]
    groups = [g.id for g in spec.base.scenario.rigs]
    images.append(("utilization.png", utilization_plot(rows, study.points, groups)))
    return images


def _failures_csv(table: RunsTable, study: Study) -> str:
    p, r, s, e = (table.columns.index(c) for c in ("point", "replication", "seed", "error"))
    return csv_text(
        ["point", "sweep", "replication", "seed", "error"],
        (
            [row[p], study.points[row[p]].label, row[r], row[s], row[e]]
            for row in table.rows
            if row[e] is not None
        ),
    )


def _num(value: float) -> str:
    if math.isnan(value):
        return "–"
    return f"{value:.4g}" if abs(value) < 1e6 else f"{value:.4e}"


#: Paired differences the report shows per metric (all of them are in differences.csv).
SHOWN_DIFFERENCES = 5


def _html(
    study: Study,
    outcome: Outcome,
    report: Report,
    command: str,
    images: list[tuple[str, bytes]],
    scenario_yaml: str,
) -> str:
    """``report.html`` from its template (autoescaped, so names and values are safe)."""
    from labsim.cohort.templates import data_uri, render

    spec = study.spec
    reps = spec.replications
    how_many = f"{outcome.replications} replications per point"
    if reps.fixed is None:
        reached = "reached" if outcome.precision_met else "NOT reached"
        how_many += (
            f", chosen sequentially for a relative half-width of {reps.precision:.1%}"
            f" (cap {reps.cap}): {reached}"
        )
    shown = largest_differences(report.differences, SHOWN_DIFFERENCES)
    error = report.table.columns.index("error")
    return render(
        "report.html.j2",
        num=_num,
        name=spec.base.scenario.name,
        seed=spec.seed,
        how_many=how_many,
        points=len(study.points),
        conf=f"{spec.confidence:.0%}",
        precision=f"{reps.precision:.1%}" if reps.fixed is None else "",
        imprecise=(
            imprecise(report.summary, reps.precision) if outcome.precision_met is False else []
        ),
        command=command,
        factors=[(f.path, [value_text(v) for v in f.values]) for f in spec.factors],
        summary=report.summary,
        cut=any(row.est.truncated for row in report.summary),
        images=[(name, data_uri(png)) for name, png in images],
        differences=shown,
        hidden=len(shown) < len(report.differences),
        shown_per_metric=SHOWN_DIFFERENCES,
        total_differences=len(report.differences),
        failed=sum(1 for row in report.table.rows if row[error]),
        scenario_yaml=scenario_yaml,
    )
