"""Experiment files: a study declared in YAML (TOML, JSON), checked like a scenario.

::

    labsim-experiment: 1
    name: Instructors and ZD6 rigs
    scenario: luban-rail-lab.yaml       # relative to this file
    seed: 20261017                      # optional: default the scenario's
    set: {cohorts.cohort-a.size: 24}    # optional fixed changes, as with --set
    factors:                            # full factorial, as with --sweep
      instructors.count: [2, 3]
      rigs.zd6.count: [2, 3, 4]
    replications: 20                    # or auto, with precision (and max_replications)
    precision: 5%
    confidence: 0.95
    metrics: [trainees.certified, rigs.zd6.wait_mean_min]

Every problem names the file, the line and the key, like a scenario's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    Strict,
    StrictInt,
    StrictStr,
)

from labsim.errors import FileError, OverrideError, ScenarioError, shown
from labsim.experiments.design import Factor, check_factors
from labsim.files import check_name
from labsim.scenarios.fields import STRICT
from labsim.scenarios.loader import LoadedScenario
from labsim.scenarios.overrides import with_values
from labsim.scenarios.problems import validate_document
from labsim.scenarios.source import SourceMap, read_document

__all__ = [
    "VERSION_KEY",
    "Experiment",
    "ExperimentFile",
    "is_experiment",
    "load_experiment",
    "parse_precision",
]

VERSION_KEY = "labsim-experiment"


def parse_precision(value: object) -> float:
    """``"5%"`` or ``0.05`` -> 0.05.

    Raises:
        ValueError: for anything else, or a value outside (0, 1).
    """
    if isinstance(value, str):
        text = value.strip()
        try:
            number = float(text[:-1]) / 100 if text.endswith("%") else float(text)
        except ValueError:
            raise ValueError(f"a precision is a percentage such as '5%' (got {value!r})") from None
    elif isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        raise ValueError(f"a precision is a percentage such as '5%' (got {value!r})")
    if not 0.0 < number < 1.0:
        raise ValueError(f"a precision must be between 0% and 100% (got {value!r})")
    return number


Precision = Annotated[float, BeforeValidator(parse_precision)]


class ExperimentFile(BaseModel):
    """A study: the scenario, the factors, how many replications, the metrics of interest."""

    model_config = STRICT
    version: Literal[1] = Field(alias=VERSION_KEY)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None
    scenario: StrictStr = Field(min_length=1, description="scenario file, relative to this file")
    seed: StrictInt | None = Field(default=None, ge=0, lt=2**63)
    overrides: dict[str, Any] = Field(default_factory=dict, alias="set")
    factors: dict[str, Annotated[list[Any], Field(min_length=1)]] = Field(default_factory=dict)
    replications: Annotated[StrictInt, Field(ge=1)] | Literal["auto"] = 10
    precision: Precision = 0.05
    min_replications: StrictInt = Field(default=10, ge=2)
    max_replications: StrictInt = Field(default=200, ge=2)
    confidence: Annotated[float, Strict()] = Field(default=0.95, gt=0, lt=1)
    metrics: list[StrictStr] = Field(default_factory=list)


@dataclass(frozen=True)
class Experiment:
    """A valid experiment file and where it came from."""

    model: ExperimentFile
    path: Path
    source: SourceMap

    @property
    def scenario_path(self) -> Path:
        """The scenario file, resolved against the experiment file's folder."""
        return self.path.parent / self.model.scenario

    def factors(self, data: dict[str, Any]) -> tuple[Factor, ...]:
        """The factors, checked against scenario ``data``.

        Raises:
            ScenarioError: located at the factor's line in the experiment file.
        """
        factors = tuple(Factor(path, tuple(values)) for path, values in self.model.factors.items())
        for factor in factors:
            try:
                check_factors([factor], data)
            except OverrideError as error:
                raise ScenarioError(
                    self.source.problem(error.reason, ("factors", factor.path))
                ) from None
        return factors

    def with_changes(self, loaded: LoadedScenario) -> LoadedScenario:
        """``loaded`` with this file's ``set:`` changes made (before the factors apply).

        Raises:
            ScenarioError: a path the scenario does not have, located at its line in this
                file; or a changed scenario that is not valid, naming the change.
        """
        if not self.model.overrides:
            return loaded
        changes = list(self.model.overrides.items())
        try:
            return with_values(loaded, changes, kind="experiment", file=self.path)
        except OverrideError as error:
            raise ScenarioError(
                self.source.problem(error.reason, ("set", error.change.text))
            ) from None


def is_experiment(data: dict[str, Any]) -> bool:
    """Whether top-level ``data`` is an experiment file rather than a scenario."""
    return VERSION_KEY in data


def load_experiment(path: str | Path) -> Experiment:
    """Read and validate an experiment file.

    Raises:
        ScenarioError: naming file, line and key of every problem.
    """
    document = read_document(path)
    model = validate_document(ExperimentFile, document)
    experiment = Experiment(model, Path(path), document.source)
    try:
        check_name(experiment.scenario_path)
        missing = not os.path.lexists(experiment.scenario_path)
    except FileError as error:
        raise ScenarioError(
            document.source.problem(
                f"scenario {shown(model.scenario)}: {error.reason}", ("scenario",)
            )
        ) from None
    if missing:
        raise ScenarioError(
            document.source.problem(
                f"no such scenario file: {shown(model.scenario)} (looked in {Path(path).parent})",
                ("scenario",),
            )
        )
    return experiment
