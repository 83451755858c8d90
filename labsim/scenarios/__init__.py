"""The scenario file format: models, loading with located errors, ``--set``, JSON Schema.

Load a file with :func:`load_scenario`; every problem comes back as one
:class:`~labsim.errors.ScenarioError` whose problems name file, line and field path.
Names are imported on first use: the engine needs only the models, and a run whose
scenario comes from the cache (:mod:`labsim.scenarios.cache`) never loads a file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labsim.lazy import lazy_names

if TYPE_CHECKING:
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

_HOMES = {
    "LoadedLibrary": "labsim.scenarios.loader",
    "LoadedScenario": "labsim.scenarios.loader",
    "load_file": "labsim.scenarios.loader",
    "load_library": "labsim.scenarios.loader",
    "load_scenario": "labsim.scenarios.loader",
    "load_scenario_text": "labsim.scenarios.loader",
    "ProcedureLibrary": "labsim.scenarios.models",
    "Scenario": "labsim.scenarios.models",
    "apply_overrides": "labsim.scenarios.overrides",
    "set_value": "labsim.scenarios.overrides",
    "SourceMap": "labsim.scenarios.source",
    "LanguageCoverage": "labsim.scenarios.texts",
    "language_coverage": "labsim.scenarios.texts",
}

__getattr__ = lazy_names(__name__, _HOMES)
