"""PNG plots of a study (matplotlib, drawn off-screen): metric against sweep value, utilisation.

Figures are built with :class:`matplotlib.figure.Figure` directly, never through
``pyplot``, so no global plotting state or window backend is involved.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from typing import Any

from labsim.experiments.analysis import SummaryRow
from labsim.experiments.design import Factor, SweepPoint, value_text
from labsim.experiments.stats import Estimate
from labsim.experiments.table import STUDY_HINT

__all__ = ["metric_plot", "new_figure", "png_bytes", "utilization_plot"]


def new_figure(width: float = 6.4, height: float = 4.0) -> Any:
    """An off-screen matplotlib figure (raises ImportError with the install hint)."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError(f"plots need matplotlib; {STUDY_HINT}") from None
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def png_bytes(figure: Any) -> bytes:
    """The figure as PNG bytes, without a software stamp (same input, same bytes)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _numeric(values: Sequence[Any]) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def _x_factor(factors: Sequence[Factor]) -> int | None:
    """The factor to put on the x axis: the first numeric one that varies, else the first."""
    for index, factor in enumerate(factors):
        if len(factor.values) > 1 and _numeric(factor.values):
            return index
    return 0 if factors else None


def metric_plot(
    rows: Sequence[SummaryRow], factors: Sequence[Factor], metric: str, confidence: float
) -> bytes:
    """``metric`` against the sweep value with its confidence band, one line per other setting."""
    figure = new_figure()
    ax = figure.add_subplot()
    ours = [row for row in rows if row.metric == metric]
    axis = _x_factor(factors)
    if axis is None:
        _errorbars(ax, [0.0], ours, ["base"])
        ax.set_xticks([0.0], ["base"])
    else:
        factor = factors[axis]
        numeric = _numeric(factor.values)
        groups: dict[tuple[Any, ...], list[SummaryRow]] = {}
        for row in ours:
            rest = tuple(value_text(v) for i, (_, v) in enumerate(row.point.values) if i != axis)
            groups.setdefault(rest, []).append(row)
        others = [f.path for i, f in enumerate(factors) if i != axis]
        for rest, members in groups.items():
            label = ", ".join(f"{p}={v}" for p, v in zip(others, rest, strict=True)) or None
            xs = [
                float(m.point.values[axis][1])
                if numeric
                else float(factor.values.index(m.point.values[axis][1]))
                for m in members
            ]
            _band(ax, xs, members, label)
        if not numeric:
            ax.set_xticks(range(len(factor.values)), [value_text(v) for v in factor.values])
        elif len(set(factor.values)) <= 12:
            ax.set_xticks(sorted({float(v) for v in factor.values}))
        ax.set_xlabel(factor.path)
        if len(groups) > 1:
            ax.legend(fontsize="small")
    ax.set_ylabel(metric)
    cut = _cut_note(row.est for row in ours)
    ax.set_title(f"{metric} (mean, {confidence:.0%} confidence interval{cut})", fontsize="medium")
    ax.grid(True, alpha=0.3)
    return png_bytes(figure)


def _band(ax: Any, xs: list[float], rows: list[SummaryRow], label: str | None) -> None:
    means = [r.est.mean for r in rows]
    lows = [r.est.low if math.isfinite(r.est.low) else r.est.mean for r in rows]
    highs = [r.est.high if math.isfinite(r.est.high) else r.est.mean for r in rows]
    (line,) = ax.plot(xs, means, marker="o", label=label)
    ax.fill_between(xs, lows, highs, alpha=0.25, color=line.get_color(), linewidth=0)


def _errorbars(ax: Any, xs: list[float], rows: list[SummaryRow], labels: list[str]) -> None:
    ax.errorbar(
        xs, [r.est.mean for r in rows], yerr=_whiskers(r.est for r in rows), fmt="o", capsize=6
    )


def _cut_note(estimates: Iterable[Estimate]) -> str:
    """`` cut at 0`` (or ``0 and 1``) when an interval reached past the metric's bounds."""
    cuts: set[float] = set()
    for est in estimates:
        low, high = est.bounds
        if est.mean - est.half_width < low:
            cuts.add(low)
        if est.mean + est.half_width > high:
            cuts.add(high)
    return f" cut at {' and '.join(f'{b:g}' for b in sorted(cuts))}" if cuts else ""


def _whiskers(estimates: Iterable[Estimate]) -> list[list[float]]:
    """Lengths below and above each mean, to the interval's ends (cut at the metric's bounds)."""
    below, above = [], []
    for est in estimates:
        finite = math.isfinite(est.half_width)
        below.append(est.mean - est.low if finite else 0.0)
        above.append(est.high - est.mean if finite else 0.0)
    return [below, above]


def utilization_plot(
    rows: Sequence[SummaryRow], points: Sequence[SweepPoint], groups: Sequence[str]
) -> bytes:
    """Utilisation of each rig group at each sweep point, bars with interval whiskers."""
    figure = new_figure(max(6.4, 0.6 * len(points) * max(1, len(groups)) + 2), 4.0)
    ax = figure.add_subplot()
    width = 0.8 / max(1, len(groups))
    by = {(r.point.index, r.metric): r.est for r in rows}
    for g_index, group in enumerate(groups):
        xs, shown = [], []
        for p_index, point in enumerate(points):
            est = by.get((point.index, f"rigs.{group}.utilization"))
            if est is None:
                continue
            xs.append(p_index + (g_index - (len(groups) - 1) / 2) * width)
            shown.append(est)
        means = [est.mean for est in shown]
        ax.bar(xs, means, width, yerr=_whiskers(shown), capsize=3, label=group)
    ax.set_xticks(
        range(len(points)), [p.label for p in points], rotation=30, ha="right", fontsize="small"
    )
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("utilisation")
    ax.set_title("Utilisation by rig group", fontsize="medium")
    ax.legend(fontsize="small")
    ax.grid(True, axis="y", alpha=0.3)
    return png_bytes(figure)
