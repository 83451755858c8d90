"""The SimPy lab engine: builds a Lab from a Scenario and runs it, emitting typed events."""

from __future__ import annotations

from labsim.engine.calendar import Calendar
from labsim.engine.events import EventBus
from labsim.engine.lab import Lab, RunSummary, simulate
from labsim.engine.policy import InteractivePolicy, Policy, SimulatedPolicy, StepError
from labsim.engine.trainee import Trainee, TraineeState

__all__ = [
    "Calendar",
    "EventBus",
    "InteractivePolicy",
    "Lab",
    "Policy",
    "RunSummary",
    "SimulatedPolicy",
    "StepError",
    "Trainee",
    "TraineeState",
    "simulate",
]
