"""Equipment-aware checks of scenarios and procedure libraries, including dry runs.

Cross-references between a file's own parts (a procedure's rig group exists, ids are
unique) are the loader's business; these checks look at the equipment: every rig group's
model exists, every step's action exists on its rig's model, and every procedure can be
completed on a fresh rig of its model (a *dry run*). An exercise is dry-run once per fault
it may inject, and must leave the rig without the fault (diagnosed and repaired).

Each :class:`~labsim.errors.Problem` carries the exact field path (``procedures[2].steps[4]
.action``) so that the loader can point at the file and line.
"""

from __future__ import annotations

from pathlib import Path as FilePath

from labsim.equipment import resolve_params
from labsim.equipment.base import RigModel, suggest
from labsim.errors import ActionRefused, EquipmentError, Problem
from labsim.kits import get_model
from labsim.scenarios import LoadedScenario
from labsim.scenarios import load_scenario as load_scenario_file
from labsim.scenarios.models import Procedure, ProcedureLibrary, Scenario

__all__ = ["dry_run", "library_checks", "load_scenario", "procedure_checks", "scenario_checks"]

Path = tuple[str | int, ...]


def _prefixed(prefix: Path, problems: list[Problem]) -> list[Problem]:
    return [Problem(p.message, prefix + p.path, p.file, p.line, p.column) for p in problems]


def dry_run(
    procedure: Procedure, model_cls: type[RigModel], fault: str | None = None
) -> list[Problem]:
    """Perform the procedure's steps on a fresh rig; the first step that fails, if any.

    With ``fault``, the fault is injected first and must be gone after the last step.
    Paths are relative to the procedure (``steps[4].action``).
    """
    rig = model_cls()
    context = f"with fault {fault!r} injected, " if fault is not None else ""
    if fault is not None:
        try:
            rig.inject(fault)
        except EquipmentError as error:
            return [Problem(str(error), ("exercise", "faults"))]
    for index, step in enumerate(procedure.steps):
        try:
            rig.perform(step.action, **resolve_params(step, fault))
        except ActionRefused as refused:
            where = "" if refused.rule is None else f" (rule {refused.rule})"
            return [
                Problem(
                    f"{context}step {step.id!r} cannot be done on a {model_cls.name} "
                    f"following the steps before it: {refused.reason}{where}",
                    ("steps", index, "action"),
                )
            ]
        except EquipmentError as error:
            names = model_cls.action_names()
            field = "params" if names is None or step.action in names else "action"
            return [Problem(f"{context}step {step.id!r}: {error}", ("steps", index, field))]
    if fault is not None and rig.has_fault(fault):
        return [
            Problem(
                f"{context}the rig still has the fault after the last step: add 'diagnose' "
                "and 'repair' steps with params {fault: $fault}",
                ("steps",),
            )
        ]
    return []


def _unknown_actions(procedure: Procedure, model_cls: type[RigModel]) -> list[Problem]:
    names = model_cls.action_names()
    if names is None:
        return []
    return [
        Problem(
            f"rig model {model_cls.name!r} has no action {step.action!r}"
            f"{suggest(step.action, names)}; its actions: {', '.join(sorted(names))} "
            f"(`labsim rigs {model_cls.name}` describes each)",
            ("steps", index, "action"),
        )
        for index, step in enumerate(procedure.steps)
        if step.action not in names
    ]


def _unknown_faults(procedure: Procedure, model_cls: type[RigModel]) -> list[Problem]:
    if procedure.exercise is None:
        return []
    problems = []
    for index, choice in enumerate(procedure.exercise.faults):
        try:
            model_cls.fault_spec(choice.fault)
        except EquipmentError as error:
            problems.append(Problem(str(error), ("exercise", "faults", index, "fault")))
    return problems


def procedure_checks(procedure: Procedure, model_name: str) -> list[Problem]:
    """Check one procedure against the rig model it runs on (paths relative to it)."""
    if procedure.model is not None and procedure.model != model_name:
        return [
            Problem(
                f"the procedure is written for {procedure.model!r} but rig group "
                f"{procedure.rig!r} is a {model_name!r}",
                ("model",),
            )
        ]
    try:
        model_cls = get_model(model_name)
    except EquipmentError as error:
        return [Problem(str(error), ("model",))]
    problems = _unknown_actions(procedure, model_cls) + _unknown_faults(procedure, model_cls)
    if problems:
        return problems
    if procedure.exercise is None:
        return dry_run(procedure, model_cls)
    for fault in dict.fromkeys(choice.fault for choice in procedure.exercise.faults):
        problems = dry_run(procedure, model_cls, fault)
        if problems:
            return problems
    return []


def scenario_checks(scenario: Scenario) -> list[Problem]:
    """Every equipment problem of a scenario: unknown models, actions, failing dry runs."""
    problems: list[Problem] = []
    models: dict[str, str] = {}
    for index, group in enumerate(scenario.rigs):
        try:
            get_model(group.model)
        except EquipmentError as error:
            problems.append(Problem(str(error), ("rigs", index, "model")))
        else:
            models[group.id] = group.model
    for index, procedure in enumerate(scenario.procedures):
        model_name = models.get(procedure.rig)
        if model_name is not None:
            problems += _prefixed(("procedures", index), procedure_checks(procedure, model_name))
    return problems


def library_checks(library: ProcedureLibrary) -> list[Problem]:
    """Check a library on its own: procedures that name their ``model`` are dry-run."""
    problems: list[Problem] = []
    for index, procedure in enumerate(library.procedures):
        if procedure.model is not None:
            problems += _prefixed(
                ("procedures", index), procedure_checks(procedure, procedure.model)
            )
    return problems


def load_scenario(path: str | FilePath, *, equipment: bool = True) -> LoadedScenario:
    """Load and check the scenario file at ``path``: ``labsim.load_scenario``.

    With ``equipment`` (the default) the equipment checks run too: every rig group's model
    exists, every step's action does, and every procedure completes on a fresh rig (a dry
    run). Scenarios derived from the result (``--set``, sweep points, overlays) pass the
    same checks.

    Raises:
        ScenarioError: listing every problem, each with file, line and field path.
    """
    return load_scenario_file(path, extra_checks=scenario_checks if equipment else None)
