"""A calibration overlay: scenario values measured from records, with where they came from.

The file is YAML, its first key naming the format like labsim's other files
(``labsim-script: 1``, ``labsim-experiment: 1``)::

    labsim-overlay: 1
    set:                                   # the same paths as --set
      procedures.check.steps.current.time: {lognormal: {mean: 6.12min, sd: 2.01min}}
      skills.novice.error_rate: 0.097
    provenance: {...}                      # records, dates, n, intervals, fit quality

``labsim run`` and ``labsim batch`` apply the ``set`` values with ``--overlay FILE`` before
any ``--set`` (which wins), and the result is validated as a whole like a file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from labsim.calibration.fit import (
    LEVEL,
    Interval,
    StepTimes,
    TimeModel,
    fit_step_times,
    fit_time_model,
    wilson,
)
from labsim.calibration.samples import SkillRule, Try, tries_of
from labsim.errors import CalibrationError, Problem, ScenarioError
from labsim.files import read_bounded
from labsim.limits import MAX_FILE_BYTES
from labsim.records.model import Attempt
from labsim.scenarios.source import SourceMap, parse_text
from labsim.scenarios.yaml_core import dump_yaml

__all__ = [
    "MIN_TIMED_TRIES",
    "Calibration",
    "calibrate",
    "load_overlay",
    "overlay_text",
]

#: Timed tries a step needs before its time distribution is fitted (and the least a
#: Kolmogorov-Smirnov test and a two-parameter fit can stand on).
MIN_TIMED_TRIES: Final = 20
FORMAT: Final = 1


@dataclass(frozen=True)
class Calibration:
    """Everything measured: the fits, the rates, and the overlay made from them."""

    model: TimeModel
    steps: dict[tuple[str, str], StepTimes]
    step_errors: dict[tuple[str, str, str], Interval]
    skill_errors: dict[str, Interval]
    tries: list[Try]
    attempts: int
    first: datetime
    last: datetime

    def values(self) -> dict[str, Any]:
        """The overlay's ``set``: path -> value, as ``--set`` takes them."""
        out: dict[str, Any] = {}
        for (procedure, step), fit in sorted(self.steps.items()):
            out[f"procedures.{procedure}.steps.{step}.time"] = {
                fit.family: {"mean": f"{fit.mean:.4g}min", "sd": f"{fit.sd:.4g}min"}
            }
        for skill in sorted(self.skill_errors):
            out[f"skills.{skill}.time_factor"] = round(self.model.time_factor[skill].estimate, 4)
            out[f"skills.{skill}.error_rate"] = round(self.skill_errors[skill].estimate, 4)
            if skill in self.model.learning:
                value = min(1.0, max(0.0, self.model.learning[skill].estimate))
                out[f"skills.{skill}.learning"] = round(value, 4)
        return out

    def provenance(self, records: Path, rule: SkillRule) -> dict[str, Any]:
        """Where each value came from: records, dates, n, intervals and fit quality."""
        estimates: dict[str, Any] = {}
        for (procedure, step), fit in sorted(self.steps.items()):
            mean = self.model.step_mean[(procedure, step)]
            estimates[f"procedures.{procedure}.steps.{step}.time"] = {
                "n": fit.n,
                "family": fit.family,
                "aic": {k: round(v, 2) for k, v in fit.aic.items()},
                "ks": {"statistic": round(fit.ks_statistic, 4), "p": round(fit.ks_pvalue, 4)},
                "mean_interval_min": _pair(mean),
            }
        for skill, rate in sorted(self.skill_errors.items()):
            factor = self.model.time_factor[skill]
            estimates[f"skills.{skill}.time_factor"] = {
                "n": factor.n,
                "interval": _pair(factor),
                "relative_to": self.model.reference,
            }
            estimates[f"skills.{skill}.error_rate"] = {
                "n": rate.n,
                "errors": round(rate.estimate * rate.n),
                "interval": _pair(rate),
                "method": "wilson",
            }
            if skill in self.model.learning:
                learning = self.model.learning[skill]
                estimates[f"skills.{skill}.learning"] = {
                    "n": learning.n,
                    "interval": _pair(learning),
                }
        per_step = {
            f"{p}.{s}.{k}": {"n": r.n, "rate": round(r.estimate, 4), "interval": _pair(r)}
            for (p, s, k), r in sorted(self.step_errors.items())
        }
        return {
            "made": datetime.now(UTC).isoformat(timespec="seconds"),
            "records": str(records),
            "attempts": self.attempts,
            "first_attempt": self.first.isoformat(),
            "last_attempt": self.last.isoformat(),
            "skill_from": rule.rule,
            "confidence": LEVEL,
            "time_model": (
                f"minutes = base * time_factor * n^-learning; time factors relative to"
                f" {self.model.reference!r} (factor 1), step times are its first attempt's"
            ),
            "estimates": estimates,
            "error_rates_per_step": per_step,
        }


def _pair(interval: Interval) -> list[float]:
    return [round(float(interval.low), 4), round(float(interval.high), 4)]


def calibrate(attempts: Sequence[Attempt], rule: SkillRule) -> Calibration:
    """Measure the model from ``attempts``.

    Raises:
        CalibrationError: too little data (naming the step short of tries and the minimum).
        SettingError: the skill rule gives no skill level for a trainee.
    """
    if not attempts:
        raise CalibrationError(0, MIN_TIMED_TRIES)
    tries = tries_of(attempts, rule)
    timed: dict[tuple[str, str], int] = defaultdict(int)
    for t in tries:
        if not t.error and t.minutes > 0:
            timed[(t.procedure, t.step)] += 1
    short = sorted((n, step) for step, n in timed.items() if n < MIN_TIMED_TRIES)
    if not timed or short:
        fewest = (short[0][1], short[0][0]) if short else (None, 0)
        raise CalibrationError(len(attempts), MIN_TIMED_TRIES, *fewest)
    model = fit_time_model(tries)
    steps = {step: fit_step_times(values) for step, values in model.normalised.items()}
    counts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for t in tries:
        counts[(t.procedure, t.step, t.skill)][0] += int(t.error)
        counts[(t.procedure, t.step, t.skill)][1] += 1
    step_errors = {key: wilson(k, n) for key, (k, n) in counts.items()}
    per_skill: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (_, _, skill), (k, n) in counts.items():
        per_skill[skill][0] += k
        per_skill[skill][1] += n
    skill_errors = {skill: wilson(k, n) for skill, (k, n) in per_skill.items()}
    started = [a.started_at for a in attempts]
    return Calibration(
        model, steps, step_errors, skill_errors, tries, len(attempts), min(started), max(started)
    )


#: The key that says a file is an overlay, and its format version.
VERSION_KEY: Final = "labsim-overlay"
#: How early overlays spelled it: refused with the new spelling, never read silently.
_OLD_KEY: Final = "labsim_overlay"


class _OverlayFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: int = Field(alias=VERSION_KEY)
    set: dict[str, Any]
    provenance: dict[str, Any] | None = None


def overlay_text(calibration: Calibration, records: Path, rule: SkillRule) -> str:
    """The overlay file's text (YAML, with a header saying how to apply it)."""
    data = {
        VERSION_KEY: FORMAT,
        "set": calibration.values(),
        "provenance": calibration.provenance(records, rule),
    }
    header = (
        "# labsim calibration overlay, measured from trainee records.\n"
        "# Apply it with: labsim run SCENARIO --overlay FILE (or labsim batch ... --overlay FILE)\n"
    )
    return header + dump_yaml(data)


def load_overlay(path: Path) -> list[tuple[str, Any]]:
    """The ``(path, value)`` pairs of an overlay file, in file order.

    ``labsim validate`` reads it so too, and :func:`~labsim.calibration.apply.apply_overlay`
    applies them.

    Raises:
        FileError: the file cannot be read.
        ScenarioError: the file is not UTF-8 YAML, or not an overlay; its problem names the
            file, the line and the field.
    """
    try:
        text = read_bounded(path, MAX_FILE_BYTES).decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(Problem("not UTF-8 text", file=path)) from None
    document = parse_text(text, path)  # the safe YAML rules of scenario files
    data = document.data
    if _OLD_KEY in data:
        raise ScenarioError(
            _at(
                document.source,
                f"the format key is now spelled {VERSION_KEY} (a hyphen, as in labsim-script):"
                f" write '{VERSION_KEY}: {FORMAT}'",
                (_OLD_KEY,),
            )
        )
    try:
        overlay = _OverlayFile.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        raise ScenarioError(
            _at(
                document.source,
                f"{first['msg']} (an overlay has {VERSION_KEY}: 1, set: {{PATH: VALUE}} and"
                " provenance)",
                tuple(first["loc"]),
            )
        ) from None
    if overlay.version != FORMAT:
        raise ScenarioError(
            _at(
                document.source,
                f"{overlay.version} is not a format this labsim reads ({FORMAT})",
                (VERSION_KEY,),
            )
        )
    return list(overlay.set.items())


def _at(source: SourceMap, message: str, path: tuple[str | int, ...]) -> Problem:
    """A problem at ``path`` of an overlay, located at its line."""
    file, line, _ = source.locate(path)
    return Problem(message, path, file, line)
