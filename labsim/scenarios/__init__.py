"""The scenario file format: models, loading with located errors, ``--set``, JSON Schema.

Load a file with :func:`load_scenario`; every problem comes back as one
:class:`~labsim.errors.ScenarioError` whose problems name file, line and field path.
"""

from __future__ import annotations

from labsim.scenarios.loader import (
    LoadedLibrary,
    LoadedScenario,
    load_file,
    load_library,
    load_scenario,
    load_scenario_text,
)
from labsim.scenarios.models import ProcedureLibrary, Scenario
from labsim.scenarios.overrides import apply_overrides, set_value
from labsim.scenarios.source import SourceMap
from labsim.scenarios.texts import LanguageCoverage, language_coverage

__all__ = [
    "LanguageCoverage",
    "LoadedLibrary",
    "LoadedScenario",
    "ProcedureLibrary",
    "Scenario",
    "SourceMap",
    "apply_overrides",
    "language_coverage",
    "load_file",
    "load_library",
    "load_scenario",
    "load_scenario_text",
    "set_value",
]
