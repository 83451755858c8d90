"""Judging one action of the trainee against the procedure's current step.

The rig model is the authority on what happens (it moves, reads, or refuses with the rule
broken); the judge decides what the action *means* for the attempt:

* the current step's action with its parameters, accepted: the step is **done**;
* a refusal is an **error** with the rig's rule; it is a veto (critical) when the rig
  recorded a safety violation, or when it was the current step's own action on a critical
  step (the engine's rule: an error on a critical step ends the attempt);
* an accepted action that changed nothing (a reading, a look, the diagnosis of a fault) is
  an **observation**: no step progress and no error, so a trainee may investigate;
* an accepted action that changed the rig but is not the current step is an **error** of
  order (``procedure.order``), and the current step's own action with other parameters is
  ``procedure.as-written``; safety itself is the rig's business: an unsafe action is one
  the rig refuses with a violation, whatever the order;
* while the trainee handles a fault the procedure does not cover (after diagnosing it
  correctly, until they take up the procedure's step again), accepted actions are not
  errors of order: isolating, repairing and restoring are the job then;
* an accepted action that puts back what a wrong action undid (the lookout posted again
  after it was withdrawn) is **restored**: no error, the advice asked for it.

:func:`try_action` performs an action on a rig and judges it; the session uses it on its
rig, and :mod:`labsim.play.advice` on copies, so advice is judged exactly as a click is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from labsim.equipment.base import Outcome, ParamValue, RigModel, StateValue
from labsim.errors import ActionRefused, EquipmentError

__all__ = ["FAULT_ACTIONS", "Verdict", "judge", "matches", "try_action"]

#: Fault-finding actions: accepted off the plan, they are never an error of order.
FAULT_ACTIONS = frozenset({"diagnose", "repair"})


@dataclass(frozen=True)
class Verdict:
    """What an action means for the attempt."""

    kind: Literal["done", "observed", "restored", "error"]
    rule: str | None = None
    reason: str | None = None
    critical: bool = False

    @property
    def is_error(self) -> bool:
        """Whether the action counts as an error."""
        return self.kind == "error"


def matches(
    action: str,
    params: Mapping[str, ParamValue],
    step_action: str,
    step_params: Mapping[str, ParamValue],
) -> bool:
    """Whether an action is the step: same action, and every parameter the step names."""
    if action != step_action:
        return False
    return all(
        k in params and params[k] == v and type(params[k]) is type(v)
        for k, v in step_params.items()
    )


def judge(
    action: str,
    params: Mapping[str, ParamValue],
    *,
    step_action: str,
    step_params: Mapping[str, ParamValue],
    step_critical: bool,
    refused: tuple[str, str | None] | None,
    violation: bool,
    changed: bool,
    handling: bool = False,
    restores: bool = False,
) -> Verdict:
    """Judge an action; ``refused`` is the rig's (reason, rule) when it refused it."""
    own = action == step_action
    if refused is not None:
        reason, rule = refused
        return Verdict("error", rule, reason, violation or (own and step_critical))
    if matches(action, params, step_action, step_params):
        return Verdict("done")
    if action in FAULT_ACTIONS or not changed or handling:
        return Verdict("observed")
    if restores:
        return Verdict("restored")
    if own:
        return Verdict("error", "procedure.as-written", None, step_critical)
    return Verdict("error", "procedure.order")


def try_action(
    rig: RigModel,
    action: str,
    params: Mapping[str, ParamValue],
    *,
    step_action: str,
    step_params: Mapping[str, ParamValue],
    step_critical: bool,
    handling: bool = False,
    undone: Mapping[str, StateValue] | None = None,
) -> tuple[Verdict, Outcome | None]:
    """Perform ``action`` on ``rig`` and judge it against the step now due.

    ``undone`` maps the state variables a wrong action changed to the values the procedure
    had given them: an action that puts one of them back is *restored*.
    """
    count = len(rig.violations)
    refused: tuple[str, str | None] | None = None
    outcome = None
    try:
        outcome = rig.perform(action, **params)
    except ActionRefused as error:
        refused = (error.reason, error.rule)
    except EquipmentError as error:
        refused = (str(error), "tool.setting")
    changes = outcome.changes if outcome is not None else {}
    restores = undone is not None and any(
        k in undone and undone[k] == v for k, v in changes.items()
    )
    verdict = judge(
        action,
        params,
        step_action=step_action,
        step_params=step_params,
        step_critical=step_critical,
        refused=refused,
        violation=len(rig.violations) > count,
        changed=bool(changes),
        handling=handling,
        restores=restores,
    )
    return verdict, outcome
