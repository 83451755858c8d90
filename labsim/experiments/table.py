"""The tidy runs table: one row per replication, the same whatever ran it.

Columns: ``point`` (index in the grid), one ``sweep.PATH`` column per factor,
``replication``, ``seed``, ``error`` (empty unless the replication raised), then every
metric of ``labsim run --format json`` by its flattened path. Rows are sorted by point,
then replication; nothing about wall-clock time, hosts or workers is in it, so the same
study always writes the same table.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labsim.experiments.design import Factor, SweepPoint, value_text
from labsim.experiments.runner import Record
from labsim.files import csv_text, write_atomic

__all__ = ["STUDY_HINT", "RunsTable", "runs_table"]

STUDY_HINT = "install the study extra: pip install 'labsim[study]'"
_KEYS = ("point", "replication", "seed", "error")


@dataclass(frozen=True)
class RunsTable:
    """The rows of a study, sorted, with named columns."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    factor_columns: tuple[str, ...]
    metric_columns: tuple[str, ...]

    def column(self, name: str) -> list[Any]:
        """The values of column ``name``, row by row."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    @functools.cached_property
    def _rows_by_point(self) -> dict[int, list[tuple[Any, ...]]]:
        """The rows that did not fail, by point (built once)."""
        error = self.columns.index("error")
        by: dict[int, list[tuple[Any, ...]]] = {}
        for row in self.rows:
            if row[error] is None:
                by.setdefault(row[0], []).append(row)
        return by

    def values(self, point: int, metric: str) -> dict[int, float]:
        """``{replication: value}`` of ``metric`` at ``point``, without failed replications."""
        r, m = self.columns.index("replication"), self.columns.index(metric)
        return {
            row[r]: float(row[m])
            for row in self._rows_by_point.get(point, [])
            if row[m] is not None
        }

    def to_csv_text(self) -> str:
        """The table as CSV (floats written exactly, as Python's shortest repr)."""
        return csv_text(self.columns, (map(_cell, row) for row in self.rows))

    def write_parquet(self, path: Path) -> None:
        """Write a Parquet file (needs pyarrow, in the ``study`` extra).

        Raises:
            ImportError: with the install hint when pyarrow is missing.
        """
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise ImportError(f"Parquet output needs pyarrow; {STUDY_HINT}") from None
        arrays = {}
        for index, name in enumerate(self.columns):
            values = [row[index] for row in self.rows]
            kind = _kind(values)
            if kind == "string":
                values = [None if v is None else str(v) for v in values]
            elif kind == "double":
                values = [None if v is None else float(v) for v in values]
            arrays[name] = pa.array(
                values, type={"int": pa.int64(), "double": pa.float64()}.get(kind, pa.string())
            )
        buffer = pa.BufferOutputStream()
        pq.write_table(pa.table(arrays), buffer)
        write_atomic(path, buffer.getvalue().to_pybytes())


def runs_table(
    points: Sequence[SweepPoint], factors: Sequence[Factor], records: Iterable[Record]
) -> RunsTable:
    """Build the table from stored records (any order, no duplicates)."""
    ordered = sorted(records, key=lambda r: r.key)
    metrics: dict[str, None] = {}
    for record in ordered:
        metrics.update(dict.fromkeys(record.metrics))
    factor_columns = tuple(f.column for f in factors)
    columns = ("point", *factor_columns, "replication", "seed", "error", *metrics)
    rows = []
    for record in ordered:
        sweep = tuple(_scalar(v) for _, v in points[record.point].values)
        rows.append(
            (
                record.point,
                *sweep,
                record.replication,
                record.seed,
                record.error,
                *(record.metrics.get(m) for m in metrics),
            )
        )
    return RunsTable(columns, tuple(rows), factor_columns, tuple(metrics))


def _scalar(value: Any) -> Any:
    """A sweep value as a table cell: numbers and text as they are, others as JSON text."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float | str):
        return value
    return value_text(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    return str(value)


def _kind(values: list[Any]) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int"
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "double"
    return "string"
