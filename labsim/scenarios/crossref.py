"""Cross-reference checks that a schema cannot express, each naming the exact field.

These run after the models have validated, on the :class:`Scenario` object. They return
problems with field paths (``procedures[2].rig``); the loader puts lines on them. Checks
that need the rig models (does a step's action exist, can the procedure be completed) live
in the equipment-aware layer, which plugs into the loader through ``extra_checks``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from labsim.errors import Problem, format_path
from labsim.scenarios.liveness import check_progress
from labsim.scenarios.models import Procedure, ProcedureLibrary, Scenario
from labsim.scenarios.problems import suggest
from labsim.scenarios.source import FieldPath

__all__ = ["check_library", "check_scenario"]

#: Describes a second place in the file for a message ("line 12"); by default its path.
Where = Callable[[FieldPath], str]


def check_scenario(scenario: Scenario, where: Where = format_path) -> list[Problem]:
    """Every cross-reference problem of ``scenario``, in file order of the checks."""
    problems = _unique(
        "rig group", ((("rigs", i, "id"), g.id) for i, g in enumerate(scenario.rigs)), where
    )
    problems += _check_procedures(scenario.procedures, where)
    problems += _unique(
        "cohort", ((("cohorts", i, "id"), c.id) for i, c in enumerate(scenario.cohorts)), where
    )
    for index, group in enumerate(scenario.rigs):
        if not all(math.isfinite(v) for v in group.at):
            problems.append(
                Problem(
                    f"a floor position must be finite metres (got {list(group.at)})",
                    ("rigs", index, "at"),
                )
            )
    rig_ids = [g.id for g in scenario.rigs]
    known_rigs = set(rig_ids)
    for index, procedure in enumerate(scenario.procedures):
        if procedure.rig not in known_rigs:
            problems.append(
                Problem(
                    _dangling("rig group", procedure.rig, rig_ids), ("procedures", index, "rig")
                )
            )
        if procedure.signoff is not None and scenario.instructors.count < 1:
            problems.append(
                Problem(
                    "a sign-off needs an instructor, but instructors.count is 0 "
                    "(add instructors or remove the sign-off)",
                    ("procedures", index, "signoff"),
                )
            )
    problems += _check_cohorts(scenario, where)
    return problems + check_progress(scenario)


def check_library(library: ProcedureLibrary, where: Where = format_path) -> list[Problem]:
    """Cross-reference problems of a procedure library on its own (ids are unique)."""
    return _check_procedures(library.procedures, where)


def _check_procedures(procedures: list[Procedure], where: Where) -> list[Problem]:
    problems = _unique(
        "procedure", ((("procedures", i, "id"), p.id) for i, p in enumerate(procedures)), where
    )
    for index, procedure in enumerate(procedures):
        problems += _unique(
            f"step in procedure {procedure.id!r}",
            (
                (("procedures", index, "steps", j, "id"), s.id)
                for j, s in enumerate(procedure.steps)
            ),
            where,
        )
    return problems


def _check_cohorts(scenario: Scenario, where: Where) -> list[Problem]:
    problems = []
    skills = list(scenario.skills)
    procedure_ids = [p.id for p in scenario.procedures]
    known_procedures = set(procedure_ids)
    for index, cohort in enumerate(scenario.cohorts):
        if cohort.skill not in scenario.skills:
            problems.append(
                Problem(_dangling("skill", cohort.skill, skills), ("cohorts", index, "skill"))
            )
        for position, planned in enumerate(cohort.plan):
            if planned not in known_procedures:
                problems.append(
                    Problem(
                        _dangling("procedure", planned, procedure_ids),
                        ("cohorts", index, "plan", position),
                    )
                )
    return problems


def _unique(what: str, entries: Iterable[tuple[FieldPath, str]], where: Where) -> list[Problem]:
    first: dict[str, FieldPath] = {}
    problems = []
    for path, ident in entries:
        if ident in first:
            problems.append(
                Problem(f"duplicate {what} id {ident!r} (also at {where(first[ident])})", path)
            )
        else:
            first[ident] = path
    return problems


def _dangling(what: str, name: str, known: list[str]) -> str:
    hint = suggest(name, known)
    listing = ", ".join(known) if len(known) <= 12 else ", ".join(known[:12]) + ", ..."
    return f"no {what} {name!r}{hint or ''} (known: {listing or 'none'})"
