"""Fault-finding exercises on a rig: which fault to inject, and the steps' parameters."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from labsim.scenarios.models import FAULT_PLACEHOLDER, Exercise, Step

__all__ = ["choose_fault", "resolve_params"]


def choose_fault(exercise: Exercise, rng: np.random.Generator) -> str:
    """The fault to inject: the only one listed, or one drawn by weight with ``rng``."""
    if len(exercise.faults) == 1:
        return exercise.faults[0].fault
    weights = np.array([choice.weight for choice in exercise.faults], dtype=float)
    index = int(rng.choice(len(weights), p=weights / weights.sum()))
    return exercise.faults[index].fault


def resolve_params(step: Step, fault: str | None = None) -> Mapping[str, str | bool | int | float]:
    """A step's action parameters with ``$fault`` replaced by the injected fault.

    Without a fault (a routine procedure), a ``$fault`` value is left as written, so the rig
    model refuses it with a message that names it.
    """
    if fault is None:
        return step.params
    return {k: fault if v == FAULT_PLACEHOLDER else v for k, v in step.params.items()}
