"""The scenario file format: models, loading with located errors, ``--set``, JSON Schema.

Load a file with :func:`load_scenario`; every problem comes back as one
:class:`~labsim.errors.ScenarioError` whose problems name file, line and field path.
Names are imported on first use: the engine needs only the models, and a run whose
scenario comes from the cache (:mod:`labsim.scenarios.cache`) never loads a file.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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
    "LoadedLibrary": "loader",
    "LoadedScenario": "loader",
    "load_file": "loader",
    "load_library": "loader",
    "load_scenario": "loader",
    "load_scenario_text": "loader",
    "ProcedureLibrary": "models",
    "Scenario": "models",
    "apply_overrides": "overrides",
    "set_value": "overrides",
    "SourceMap": "source",
    "LanguageCoverage": "texts",
    "language_coverage": "texts",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'labsim.scenarios' has no attribute {name!r}")
    return getattr(importlib.import_module(f"labsim.scenarios.{home}"), name)
