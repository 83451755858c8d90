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

import yaml
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
from labsim.errors import FileError, ScenarioError, UsageError
from labsim.files import read_bounded
from labsim.limits import MAX_FILE_BYTES
from labsim.records.model import Attempt
from labsim.scenarios.source import parse_text

__all__ = [
    "MIN_TIMED_TRIES",
    "Calibration",
    "calibrate",
    "load_overlay",
    "overlay_text",
    "read_overlay",
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
        UsageError: too little data (the message gives the minimum n), or a skill unknown.
    """
    if not attempts:
        raise UsageError(
            "no attempts to calibrate from (simulated attempts count only with --include simulated)"
        )
    tries = tries_of(attempts, rule)
    timed: dict[tuple[str, str], int] = defaultdict(int)
    for t in tries:
        if not t.error and t.minutes > 0:
            timed[(t.procedure, t.step)] += 1
    short = sorted((n, step) for step, n in timed.items() if n < MIN_TIMED_TRIES)
    if not timed or short:
        where = "" if not short else f": {short[0][1][0]}.{short[0][1][1]} has {short[0][0]}"
        raise UsageError(
            f"too little data to calibrate{where}; each step needs at least"
            f" {MIN_TIMED_TRIES} timed tries (steps done). Record or simulate more attempts,"
            " or choose a --procedure that has them"
        )
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
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def read_overlay(path: Path) -> list[tuple[str, Any]]:
    """The ``(path, value)`` pairs of an overlay file, in file order (for ``--overlay``).

    Raises:
        UsageError: the file is missing, not YAML, or not an overlay (naming the field).
    """
    try:
        return load_overlay(path)
    except UsageError as error:
        raise UsageError(f"--overlay {error}") from None


def load_overlay(path: Path) -> list[tuple[str, Any]]:
    """The ``(path, value)`` pairs of an overlay file; ``labsim validate`` reads it so too.

    Raises:
        UsageError: the file is missing, not YAML, or not an overlay; the message starts with
            the file (and the line, where the problem has one).
    """
    try:
        text = read_bounded(path, MAX_FILE_BYTES).decode("utf-8")
    except FileError as error:
        raise UsageError(f"{error.shown}: {error.reason}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text") from None
    try:
        document = parse_text(text, path)  # the safe YAML rules of scenario files
    except ScenarioError as error:
        raise UsageError(str(error)) from None
    data = document.data
    if _OLD_KEY in data:
        raise UsageError(
            f"{document.source.where((_OLD_KEY,))}: {_OLD_KEY}: the format key is now"
            f" spelled {VERSION_KEY} (a hyphen, as in labsim-script): write"
            f" '{VERSION_KEY}: {FORMAT}'"
        )
    try:
        overlay = _OverlayFile.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise UsageError(
            f"{document.source.where(tuple(first['loc']))}: {field}: {first['msg']} (an overlay"
            f" has {VERSION_KEY}: 1, set: {{PATH: VALUE}} and provenance)"
        ) from None
    if overlay.version != FORMAT:
        raise UsageError(
            f"{document.source.where((VERSION_KEY,))}: {VERSION_KEY} {overlay.version} is not a"
            f" format this labsim reads ({FORMAT})"
        )
    return list(overlay.set.items())
