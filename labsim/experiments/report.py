"""Everything a study leaves in its folder besides the raw store.

``runs.parquet`` and ``runs.csv`` (the runs table), ``summary.csv`` (every metric at every
point), ``differences.csv`` (paired differences on the chosen metrics), ``failures.csv``,
``plots/*.png``, ``scenario.yaml`` (the exact scenario, loadable by labsim), ``command.txt``
and ``report.html``: one self-contained page, plots embedded, to send to a colleague.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from labsim.experiments.analysis import (
    Difference,
    SummaryRow,
    differences,
    differences_csv,
    summarize,
    summary_csv,
)
from labsim.experiments.store import ResultStore
from labsim.experiments.study import Outcome, Study
from labsim.experiments.table import RunsTable, runs_table
from labsim.files import write_atomic

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
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the C emitter is far faster
    text = yaml.dump(body, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
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
    put("report.html", _html(study, outcome, report, command, images, scenario))
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
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["point", "sweep", "replication", "seed", "error"])
    for row in table.rows:
        if row[e] is not None:
            writer.writerow([row[p], study.points[row[p]].label, row[r], row[s], row[e]])
    return buffer.getvalue()


def _num(value: float) -> str:
    if math.isnan(value):
        return "–"
    return f"{value:.4g}" if abs(value) < 1e6 else f"{value:.4e}"


def _cells(values: Sequence[Any], tag: str = "td") -> str:
    return "".join(f"<{tag}>{html.escape(str(v))}</{tag}>" for v in values)


def _html(
    study: Study,
    outcome: Outcome,
    report: Report,
    command: str,
    images: list[tuple[str, bytes]],
    scenario_yaml: str,
) -> str:
    spec = study.spec
    scenario = spec.base.scenario
    conf = f"{spec.confidence:.0%}"
    reps = spec.replications
    how_many = (
        f"{outcome.replications} replications per point"
        if reps.fixed is not None
        else f"{outcome.replications} replications per point, chosen sequentially for a "
        f"relative half-width of {reps.precision:.1%} (cap {reps.cap}): "
        + ("reached" if outcome.precision_met else "NOT reached")
    )
    factors = (
        "".join(
            f"<li><code>{html.escape(f.path)}</code>: "
            f"{html.escape(', '.join(map(str, f.values)))}</li>"
            for f in spec.factors
        )
        or "<li>none (the base scenario only)</li>"
    )
    summary_rows = "".join(
        "<tr>"
        + _cells(
            [
                row.point.label,
                row.metric,
                row.est.n,
                _num(row.est.mean),
                _num(row.est.sd),
                f"[{_num(row.est.low)}, {_num(row.est.high)}]",
            ]
        )
        + "</tr>"
        for row in report.summary
    )
    diff_rows = "".join(
        "<tr>"
        + _cells(
            [
                d.metric,
                d.first.label,
                d.second.label,
                d.est.n,
                _num(d.est.mean),
                f"[{_num(d.est.low)}, {_num(d.est.high)}]",
            ]
        )
        + "</tr>"
        for d in report.differences[:200]
    )
    figures = "".join(
        f'<figure><img alt="{html.escape(name)}" src="data:image/png;base64,'
        f'{base64.b64encode(png).decode("ascii")}"><figcaption>{html.escape(name)}</figcaption>'
        "</figure>"
        for name, png in images
    )
    diff_head = _cells(
        ["metric", "first", "second", "n", "mean difference", f"{conf} interval"], "th"
    )
    failed = [row for row in report.table.rows if row[report.table.columns.index("error")]]
    failures = (
        f"<p><strong>{len(failed)} replication(s) raised an error</strong>; see failures.csv "
        "and batch.log.</p>"
        if failed
        else "<p>No replication failed.</p>"
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>labsim study: {html.escape(scenario.name)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }}
td, th {{ border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }}
td:first-child, th:first-child {{ text-align: left; }}
pre {{ background: #f6f6f6; padding: 1em; overflow-x: auto; }}
figure {{ display: inline-block; margin: 0.5em; }} img {{ max-width: 100%; }}
</style></head><body>
<h1>Study of “{html.escape(scenario.name)}”</h1>
<p>Seed {spec.seed}; {html.escape(how_many)}; {len(study.points)} sweep point(s);
intervals are Student t at {conf} confidence. Replication <em>r</em> of every point uses
the same random numbers (common random numbers), so differences between points are paired.</p>
<h2>Command</h2><pre>{html.escape(command)}</pre>
<h2>Factors</h2><ul>{factors}</ul>
<h2>Results</h2>
<table><tr>{_cells(["sweep point", "metric", "n", "mean", "sd", f"{conf} interval"], "th")}</tr>
{summary_rows}</table>
<p>Every metric at every point is in summary.csv; every replication in runs.csv / runs.parquet.</p>
{figures}
<h2>Paired differences (first − second)</h2>
<table><tr>{diff_head}</tr>
{diff_rows}</table>
<h2>Failures</h2>{failures}
<h2>Scenario</h2><details><summary>scenario.yaml</summary>
<pre>{html.escape(scenario_yaml)}</pre></details>
</body></html>
"""
