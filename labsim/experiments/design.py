"""The design of a study: factors, the full factorial grid of sweep points, their scenarios.

A factor is a scenario field (by its path, as a change names it) and the values it takes;
the sweep points are every combination of the factors' values, the last factor varying
fastest. Every point's scenario is built and validated before the first replication
starts, so a bad path or value stops the study at once with an error that names the sweep
(a :class:`~labsim.errors.Change` of kind ``sweep``).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from labsim.errors import Change, OverrideError, ScenarioError, shown
from labsim.scenarios.loader import LoadedScenario
from labsim.scenarios.overrides import resolve_path, with_values
from labsim.scenarios.source import parse_value

__all__ = [
    "Factor",
    "SweepPoint",
    "check_factors",
    "full_factorial",
    "parse_sweep",
    "point_scenarios",
    "value_text",
]

#: Paths a sweep may not change: every point shares the study seed (common random numbers).
_NOT_SWEEPABLE = {
    "seed": "every sweep point uses the study's seed; give the study its seed instead"
}


@dataclass(frozen=True)
class Factor:
    """A scenario field and the values a study gives it."""

    path: str
    values: tuple[Any, ...]

    @property
    def column(self) -> str:
        """Its column in the runs table: ``sweep.`` and the path."""
        return f"sweep.{self.path}"


@dataclass(frozen=True)
class SweepPoint:
    """One combination of factor values; ``index`` is its place in the grid."""

    index: int
    values: tuple[tuple[str, Any], ...]

    @property
    def label(self) -> str:
        """``instructors.count=3, rigs.zd6.count=4`` (``base`` when nothing is swept)."""
        if not self.values:
            return "base"
        return ", ".join(f"{path}={value_text(value)}" for path, value in self.values)


def value_text(value: Any) -> str:
    """A factor value as text: scalars plainly, mappings and lists as compact JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float) or value is None:
        return json.dumps(value)
    return json.dumps(value, separators=(",", ":"), sort_keys=True, default=str)


def parse_sweep(text: str) -> Factor:
    """Parse ``PATH=V1,V2,...`` (values are YAML flow values) or ``PATH=LOW..HIGH`` (integers).

    ``rigs.zd6.count=2..5`` is ``2,3,4,5``; ``rigs.zd6.failures.mtbf=4h,8h``;
    ``steps=[...]`` style values with commas work when bracketed: ``X={a: 1, b: 2},{a: 3}``.

    Raises:
        OverrideError: when the text is not of that form (its change of kind ``sweep``).
    """
    change = Change(text, "sweep")
    path, equals, raw = text.partition("=")
    path = path.strip()
    if not equals or not path or not raw.strip():
        raise OverrideError(
            change, f"got {shown(text)}", form="PATH=V1,V2,..., e.g. rigs.zd6.count=2,3,4"
        )
    low, dots, high = raw.partition("..")
    if dots and low.strip().lstrip("-").isdigit() and high.strip().lstrip("-").isdigit():
        first, last = int(low), int(high)
        if last < first:
            raise OverrideError(change, f"the range {raw.strip()} is empty")
        if last - first >= 10_000:
            raise OverrideError(change, "the range has more than 10,000 values")
        return Factor(path, tuple(range(first, last + 1)))
    try:
        values = parse_value(f"[{raw}]")
    except ScenarioError as error:
        raise OverrideError(change, f"the values are not valid: {error}") from None
    if not isinstance(values, list) or not values or any(v is None for v in values):
        raise OverrideError(change, "give one or more values separated by commas")
    return Factor(path, tuple(values))


def check_factors(factors: Sequence[Factor], data: dict[str, Any]) -> None:
    """Refuse a repeated path, an empty factor, a path that is not a scenario field.

    Raises:
        OverrideError: naming the factor's path (a change of kind ``sweep``) and, where the
            path went wrong, the keys allowed there.
    """
    seen: set[str] = set()
    for factor in factors:
        change = Change(factor.path, "sweep")
        if not factor.values:
            raise OverrideError(change, "give at least one value")
        if factor.path in seen:
            raise OverrideError(change, "the path is swept twice; list all its values once")
        seen.add(factor.path)
        if factor.path in _NOT_SWEEPABLE:
            raise OverrideError(change, _NOT_SWEEPABLE[factor.path])
        resolve_path(data, factor.path, kind="sweep")


def full_factorial(factors: Sequence[Factor]) -> list[SweepPoint]:
    """Every combination of the factors' values (one point, ``base``, when there are none)."""
    combos = itertools.product(*(f.values for f in factors))
    return [
        SweepPoint(index, tuple((f.path, v) for f, v in zip(factors, combo, strict=True)))
        for index, combo in enumerate(combos)
    ]


def point_scenarios(
    base: LoadedScenario,
    points: Sequence[SweepPoint],
) -> list[LoadedScenario]:
    """The validated scenario of each point: ``base`` with the point's values set.

    Raises:
        OverrideError: for a path that does not exist (naming the keys that do).
        ScenarioError: for a value that does not validate; its problems name the sweep
            value behind them.
    """
    out = []
    for point in points:
        labels = [f"{path}={value_text(value)}" for path, value in point.values]
        out.append(with_values(base, list(point.values), labels=labels, kind="sweep"))
    return out
