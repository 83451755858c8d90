"""The rig that replaces one that failed under the person: fresh, or where the procedure was.

A failed rig goes to repair; the person continues on the next free rig of the group, which
is another rig, not the failed one carried over. Its kit declares how it starts
(:attr:`labsim.kits.Kit.restart`):

* ``reached``: a new rig brought to the state the procedure had reached, by doing the
  procedure's own steps done so far on it (what the person changed off the plan, and what
  the failed rig had been through, stay with the failed rig);
* ``fresh``: a new rig in its initial state, for rigs whose steps do not build on one
  another.

Either way the exercise's fault is on it (the instructor set it up on every rig).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from labsim.equipment.base import ParamValue, RigModel
from labsim.errors import ActionRefused, EquipmentError
from labsim.kits import get_kit

__all__ = ["replacement_rig"]


def replacement_rig(
    model_cls: type[RigModel],
    rng: np.random.Generator,
    fault: str | None,
    steps_done: int,
    step: Callable[[int], tuple[str, Mapping[str, ParamValue]]],
) -> RigModel:
    """A new rig for the person, started as the model's kit declares.

    Args:
        model_cls: the rig model.
        rng: the generator of the rig's reading noise.
        fault: the exercise's fault (None for a routine procedure).
        steps_done: how many of the procedure's steps were done before the failure.
        step: the action and parameters of step ``i`` of the procedure.
    """
    rig = model_cls(rng=rng)
    if fault is not None:
        rig.inject(fault)
    try:
        restart = get_kit(model_cls.name).restart
    except EquipmentError:
        restart = "reached"
    if restart == "fresh":
        return rig
    for index in range(steps_done):
        action, params = step(index)
        try:
            rig.perform(action, **params)
        except ActionRefused:
            continue  # a step the procedure took on trust (its check happened on the old rig)
    rig.violations.clear()
    return rig
