"""Scripted attempts: a file of actions, played on the rig and judged like a person's clicks.

A college auto-grades a trainee's written plan, or regression-tests a procedure, with::

    labsim-script: 1
    procedure: zd6-electrical-test        # optional; must agree with --procedure
    actions:                              # the vocabulary of procedure steps
      - action: register_work
      - action: post_protection
        after: 30s                        # thinking time before the action (optional)
      - action: measure_operating_current
        params: {to: reverse, range: dc_5a, terminals: "05-06"}
      - action: diagnose
        params: {fault: $fault}           # the exercise's injected fault

The file is read and checked like a scenario (unknown keys, wrong types, an action the rig
does not have, a parameter it does not take: each names the file, the line and the key), so
a bad script stops before anything is recorded. :func:`run_script` plays it: an attempt
still open when the script ends is judged as it stands (steps not done).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field, StrictStr

from labsim.equipment.base import ParamValue, RigModel
from labsim.equipment.declare import check_params
from labsim.errors import EquipmentError, Problem, ScenarioError
from labsim.play.attempt import Phase
from labsim.scenarios.fields import STRICT, Duration, Identifier
from labsim.scenarios.models import FAULT_PLACEHOLDER
from labsim.scenarios.models import ParamValue as StepParam
from labsim.scenarios.problems import validate_document
from labsim.scenarios.source import SourceMap, read_document

if TYPE_CHECKING:
    from labsim.play.session import PlaySession

__all__ = ["VERSION_KEY", "Script", "ScriptAction", "ScriptFile", "load_script", "run_script"]

VERSION_KEY = "labsim-script"


class ScriptAction(BaseModel):
    """One action of a script: a rig action with its parameters, after some thinking."""

    model_config = STRICT
    action: Identifier
    params: dict[Identifier, StepParam] = Field(default_factory=dict)
    after: Duration | None = Field(default=None, ge=0, description="thinking time before it")


class ScriptFile(BaseModel):
    """A script file: which procedure (optional) and the actions in order."""

    model_config = STRICT
    version: Literal[1] = Field(alias=VERSION_KEY)
    procedure: StrictStr | None = None
    actions: list[ScriptAction] = Field(min_length=1)


@dataclass(frozen=True)
class Script:
    """A valid script and where it came from (for errors found once the rig is known)."""

    model: ScriptFile
    path: Path
    source: SourceMap

    def __iter__(self) -> Iterator[ScriptAction]:
        return iter(self.model.actions)

    def check(self, model: type[RigModel], procedure: str) -> None:
        """Check every action against the rig model the procedure runs on.

        Raises:
            ScenarioError: naming the line of each action the rig does not have, and of
                each parameter it does not take.
        """
        problems: list[Problem] = []
        if self.model.procedure is not None and self.model.procedure != procedure:
            problems.append(
                self.source.problem(
                    f"the script is for procedure {self.model.procedure!r}, not {procedure!r}",
                    ("procedure",),
                )
            )
        names = model.action_names()
        for index, item in enumerate(self.model.actions):
            if names is None:
                continue
            try:
                spec = model.action_spec(item.action)
                any_fault = next(iter(sorted(model.faults)), FAULT_PLACEHOLDER)
                check_params(spec, resolved(item, any_fault), "action")
            except EquipmentError as error:
                where = ("actions", index, "params" if item.action in names else "action")
                problems.append(self.source.problem(str(error), where))
        if problems:
            raise ScenarioError(problems)


def load_script(path: str | Path) -> Script:
    """Read and validate a script file (the rig checks come with :meth:`Script.check`).

    Raises:
        ScenarioError: naming file, line and key of every problem.
    """
    document = read_document(path)
    model = validate_document(ScriptFile, document)
    return Script(model, Path(path), document.source)


def run_script(
    session: PlaySession,
    script: Script,
    on_action: Callable[[ScriptAction], None] | None = None,
) -> None:
    """Play a script on a begun session, then judge the attempt as it stands."""
    for item in script:
        if session.progress.end is not None:
            return
        play_action(session, item)
        if on_action is not None:
            on_action(item)
    if session.progress.end is None:
        session.hand_in("the script ended")


def play_action(session: PlaySession, item: ScriptAction) -> None:
    """One action of a script: queue for a rig if need be, think, then act."""
    while session.progress.phase == Phase.WAITING:
        session.wait_for_rig()
    if session.progress.end is not None:
        return
    if item.after:
        session.think(item.after)
    if session.progress.end is None and session.progress.phase == Phase.WORKING:
        session.perform(item.action, resolved(item, session.fault))


def resolved(item: ScriptAction, fault: str | None) -> dict[str, ParamValue]:
    """The action's parameters with ``$fault`` standing for the injected fault."""
    if fault is None:
        return dict(item.params)
    return {k: fault if v == FAULT_PLACEHOLDER else v for k, v in item.params.items()}
