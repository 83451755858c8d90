"""The cohort report: one self-contained HTML page (plots embedded) and its PNGs, in a folder.

The page's layout is its template (``labsim/data/templates/cohort.html.j2``); its words and
the plots' come from the interface catalogues (:mod:`labsim.cohort.words`). Trainee names,
rules and error messages are data and are escaped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from labsim.cohort.names import ReportNames
from labsim.cohort.readiness import Cohort
from labsim.cohort.templates import data_uri, plot_fonts, render
from labsim.cohort.words import WORDS
from labsim.errors import FileError, shown_path
from labsim.experiments.plots import new_figure, png_bytes
from labsim.files import failure, write_atomic
from labsim.i18n import parse_langs, tr_table

__all__ = ["write_report"]


def _trend_plot(cohort: Cohort, text: dict[str, str], title: Callable[[str], str]) -> bytes:
    procedures = [p for p in cohort.procedures if any(a.procedure_id == p for a in cohort.attempts)]
    columns = min(3, max(1, len(procedures)))
    rows = -(-len(procedures) // columns) or 1
    figure = new_figure(4.2 * columns, 3.0 * rows)
    axes = figure.subplots(rows, columns, squeeze=False)
    for ax in axes.flat[len(procedures) :]:
        ax.set_visible(False)
    for ax, procedure in zip(axes.flat, procedures, strict=False):
        scores: dict[str, list[float]] = defaultdict(list)
        marks = set()
        for attempt in cohort.attempts:
            if attempt.procedure_id == procedure:
                scores[attempt.trainee].append(attempt.score)
                marks.add(attempt.pass_mark)
        for trainee, values in sorted(scores.items()):
            ax.plot(range(1, len(values) + 1), values, marker="o", markersize=3, label=trainee)
        for mark in marks:
            ax.axhline(mark, color="grey", linestyle="--", linewidth=1)
        ax.set(
            title=title(procedure),
            xlabel=text["plot_attempt"],
            ylabel=text["plot_score"],
            ylim=(-5, 105),
        )
        ax.xaxis.get_major_locator().set_params(integer=True)
        if len(scores) <= 10:
            ax.legend(fontsize=7)
    figure.suptitle(text["plot_trend"])
    return png_bytes(figure)


def _errors_plot(cohort: Cohort, text: dict[str, str]) -> bytes | None:
    top = cohort.rule_errors[:12][::-1]
    if not top:
        return None
    figure = new_figure(7.0, 0.45 * len(top) + 1.2)
    ax = figure.subplots()
    ax.barh(
        [r.rule for r in top], [r.count for r in top], color="#c96f53", label=text["plot_count"]
    )
    ax.barh([r.rule for r in top], [r.critical for r in top], color="#7a1f0d",
            label=text["plot_critical"])  # fmt: skip
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=8, loc="lower right")
    ax.set(title=text["plot_errors"], xlabel=text["plot_count"])
    return png_bytes(figure)


def _slow_plot(cohort: Cohort, text: dict[str, str]) -> bytes | None:
    top = cohort.slow_steps[:12][::-1]
    if not top:
        return None
    by_ratio = all(s.ratio is not None for s in top)
    figure = new_figure(7.0, 0.45 * len(top) + 1.2)
    ax = figure.subplots()
    values = [(s.ratio or 0.0) if by_ratio else s.median for s in top]
    ax.barh([f"{s.procedure}.{s.step}" for s in top], values, color="#5b7fa8")
    if by_ratio:
        ax.axvline(1.0, color="black", linewidth=1)
    ax.set(title=text["plot_slow"], xlabel=text["plot_ratio"] if by_ratio else text["plot_minutes"])
    return png_bytes(figure)


def write_report(
    cohort: Cohort,
    folder: Path,
    *,
    lang: str = "en",
    rule_file: str | None = None,
    notes: list[tuple[str, dict[str, str]]] | None = None,
    names: ReportNames | None = None,
) -> Path:
    """Write ``index.html`` and its PNGs into ``folder``; returns the page's path.

    Raises:
        SettingError: an unknown language (of a pair, the first is used).
        FileError: ``folder`` is a file, cannot be created, or a file in it cannot be
            written.
    """
    (lang,) = parse_langs(lang)[:1]
    names = names or ReportNames.of(None, cohort.attempts)
    if folder.exists() and not folder.is_dir():
        raise FileError(
            shown_path(folder), "it is a file; a report is written into a folder", "write"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise failure(shown_path(folder), error, "create") from None
    text = tr_table(WORDS, lang)
    plots: dict[str, str | None] = {}

    def title(procedure: str) -> str:
        return names.procedure(procedure, lang)

    with plot_fonts():
        drawn = {
            "trends": _trend_plot(cohort, text, title) if cohort.attempts else None,
            "errors": _errors_plot(cohort, text),
            "slow": _slow_plot(cohort, text),
        }
    for name, png in drawn.items():
        if png is not None:
            write_atomic(folder / f"{name}.png", png)
        plots[name] = None if png is None else data_uri(png)
    context: dict[str, Any] = {
        "lang": lang,
        "T": text,
        "P": title,
        "S": lambda procedure, step: names.step(procedure, step, lang),
        "R": lambda rule, procedure: names.rule(rule, procedure, lang),
        "M": lambda mode: names.mode(mode, lang),
        "plan": [names.procedure(p, lang) for p in cohort.rule.plan],
        "cohort": cohort,
        "plots": plots,
        "rule_file": rule_file,
        "notes": notes or [],
        "made": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "first": min((a.started_at for a in cohort.attempts), default=None),
        "last": max((a.started_at for a in cohort.attempts), default=None),
    }
    page = folder / "index.html"
    write_atomic(page, render("cohort.html.j2", **context))
    return page
