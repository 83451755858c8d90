"""labsim: a simulator of a hands-on railway training lab.

The public API is small on purpose: load a scenario file, run it, read the summary, and
subscribe to the event stream. Everything else is reachable through the ``labsim`` command.
"""

from __future__ import annotations

from labsim.engine import Lab, RunSummary, simulate
from labsim.errors import LabsimError, ScenarioError
from labsim.scenarios import Scenario, load_scenario

__all__ = [
    "Lab",
    "LabsimError",
    "RunSummary",
    "Scenario",
    "ScenarioError",
    "__version__",
    "load_scenario",
    "simulate",
]

__version__ = "0.1.0"
