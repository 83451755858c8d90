"""labsim: a simulator of a hands-on railway training lab.

The public API is small on purpose: load a scenario file, run it, read the summary,
subscribe to the event stream, and (for a rig kit's own tests) play a demonstration.
Everything else is reachable through the ``labsim`` command. Names are imported on first
use, so ``import labsim.scenarios`` (say, in an editor plug-in) does not pull in the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labsim.lazy import lazy_names

if TYPE_CHECKING:
    from labsim.checks import load_scenario
    from labsim.engine import Lab, RunSummary, simulate
    from labsim.errors import LabsimError, ScenarioError
    from labsim.play.demonstrate import Demonstration, demonstrate
    from labsim.scenarios import Scenario

__all__ = [
    "Demonstration",
    "Lab",
    "LabsimError",
    "RunSummary",
    "Scenario",
    "ScenarioError",
    "__version__",
    "demonstrate",
    "load_scenario",
    "simulate",
]

__version__ = "0.1.0"

_HOMES = {
    "Lab": "labsim.engine",
    "RunSummary": "labsim.engine",
    "simulate": "labsim.engine",
    "LabsimError": "labsim.errors",
    "ScenarioError": "labsim.errors",
    "Scenario": "labsim.scenarios",
    "load_scenario": "labsim.checks",
    "Demonstration": "labsim.play.demonstrate",
    "demonstrate": "labsim.play.demonstrate",
}

__getattr__ = lazy_names(__name__, _HOMES)
