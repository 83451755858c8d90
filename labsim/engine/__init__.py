"""The SimPy lab engine: a Lab made from a Scenario (or its plan) runs, emitting typed events.

Names are imported on first use, so that the scenario layer can use the plain records of
:mod:`labsim.engine.plan` without importing SimPy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labsim.lazy import lazy_names

if TYPE_CHECKING:
    from labsim.engine.calendar import Calendar
    from labsim.engine.events import EventBus
    from labsim.engine.lab import Lab, RunSummary, simulate
    from labsim.engine.plan import LabPlan
    from labsim.engine.policy import InteractivePolicy, Policy, SimulatedPolicy, StepError
    from labsim.engine.trainee import Trainee, TraineeState

__all__ = [
    "Calendar",
    "EventBus",
    "InteractivePolicy",
    "Lab",
    "LabPlan",
    "Policy",
    "RunSummary",
    "SimulatedPolicy",
    "StepError",
    "Trainee",
    "TraineeState",
    "simulate",
]

_HOMES = {
    "Calendar": "labsim.engine.calendar",
    "EventBus": "labsim.engine.events",
    "Lab": "labsim.engine.lab",
    "LabPlan": "labsim.engine.plan",
    "RunSummary": "labsim.engine.lab",
    "simulate": "labsim.engine.lab",
    "InteractivePolicy": "labsim.engine.policy",
    "Policy": "labsim.engine.policy",
    "SimulatedPolicy": "labsim.engine.policy",
    "StepError": "labsim.engine.policy",
    "Trainee": "labsim.engine.trainee",
    "TraineeState": "labsim.engine.trainee",
}

__getattr__ = lazy_names(__name__, _HOMES)
