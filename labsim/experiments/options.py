"""A study from what a person gives: a scenario or experiment file plus options.

Options given win over an experiment file's values: their changes (``assignments``) apply
after the file's ``set:``, and their sweeps come after the file's ``factors:``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from labsim.errors import StudyError
from labsim.experiments.design import parse_sweep
from labsim.experiments.expfile import is_experiment, load_experiment, parse_precision
from labsim.experiments.seeds import study_seed
from labsim.experiments.study import Replications, StudySpec
from labsim.scenarios.overrides import apply_overrides
from labsim.scenarios.source import read_document

__all__ = ["StudyOptions", "study_spec"]


@dataclass(frozen=True)
class StudyOptions:
    """The study options of ``labsim batch``; ``None`` means "not given"."""

    reps: str | None = None
    precision: str | None = None
    min_reps: int | None = None
    max_reps: int | None = None
    sweeps: Sequence[str] = ()
    assignments: Sequence[str] = ()
    seed: int | None = None
    metrics: Sequence[str] = ()
    confidence: float | None = None
    #: A calibration overlay (``--overlay``), applied before ``assignments``.
    overlay: Path | None = None


def study_spec(file: str | Path, options: StudyOptions, *, equipment: bool = True) -> StudySpec:
    """The study that ``file`` (a scenario or an experiment file) and ``options`` describe.

    ``equipment``: check the scenario against its rig models too (``labsim.load_scenario``).

    Raises:
        ScenarioError: for a bad scenario or experiment file (located).
        OverrideError: for a change or a sweep that cannot be made.
        StudyError: for a bad number of replications or precision (naming the setting).
    """
    from labsim.checks import load_scenario

    seed, metrics, confidence = options.seed, list(options.metrics), options.confidence
    if is_experiment(read_document(file).data):
        experiment = load_experiment(file)
        model = experiment.model
        loaded = load_scenario(experiment.scenario_path, equipment=equipment)
        loaded = experiment.with_changes(loaded)
        factors = list(experiment.factors(loaded.data))
        reps: int | str = model.replications
        auto = (model.precision, model.min_replications, model.max_replications)
        seed = model.seed if seed is None else seed
        metrics = metrics or list(model.metrics)
        confidence = model.confidence if confidence is None else confidence
    else:
        loaded = load_scenario(file, equipment=equipment)
        factors, reps, auto = [], 10, (0.05, 10, 200)
    if options.overlay is not None:
        from labsim.calibration.apply import apply_overlay

        loaded = apply_overlay(loaded, options.overlay)
    if options.assignments:
        loaded = apply_overrides(loaded, options.assignments)
    factors += [parse_sweep(text) for text in options.sweeps]
    return StudySpec(
        base=loaded,
        factors=tuple(factors),
        seed=study_seed(loaded.scenario, seed),
        replications=_replications(options, reps, auto),
        confidence=0.95 if confidence is None else confidence,
        metrics=tuple(metrics),
    )


def _replications(
    options: StudyOptions, default: int | str, auto: tuple[float, int, int]
) -> Replications:
    chosen = (options.reps if options.reps is not None else str(default)).strip().lower()
    try:
        precision = auto[0] if options.precision is None else parse_precision(options.precision)
    except ValueError as error:
        raise StudyError("precision", str(error), value=str(options.precision)) from None
    if chosen == "auto":
        return Replications(
            None, precision, options.min_reps or auto[1], options.max_reps or auto[2]
        )
    if chosen.isdigit():
        return Replications(int(chosen))
    raise StudyError("replications", f"must be a whole number or 'auto' (got {options.reps!r})")
