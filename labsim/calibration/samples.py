"""What calibration measures in the records: one row per try of a step.

A *try* is what the engine draws once: a step's time and whether it went wrong. In an
attempt's action timeline a step done is an accepted action with its ``step_id``; an error is
a refused or wrong action, charged to the step that was due (the one after the last step
done), whatever action the trainee took. Its duration is the simulated time since the
action before. Actions that only looked or read (accepted, off the plan) are not tries.

The practice count ``n`` is the trainee's n-th attempt at the procedure (by start time,
every mode counted), as in the engine's power law of practice.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from labsim.errors import Problem, ScenarioError, SettingError
from labsim.files import read_bounded
from labsim.limits import MAX_FILE_BYTES
from labsim.records.model import Attempt
from labsim.scenarios.source import parse_text

__all__ = ["SkillRule", "Try", "step_order", "tries_of"]


@dataclass(frozen=True)
class Try:
    """One try of one step by one trainee."""

    procedure: str
    step: str
    skill: str
    trainee: str
    practice: int
    minutes: float
    error: bool
    attempt_id: str


class SkillRule:
    """How a trainee's skill level is known (the setting ``skill_rule``).

    * ``name`` (the default): the name is ``SKILL-NUMBER``, as ``records simulate`` names;
    * ``all:SKILL``: every trainee has this level;
    * a roster file (``.yaml``/``.yml``: a mapping trainee -> level; ``.csv``: columns
      ``trainee,skill``).

    A rule that gives no level raises :class:`~labsim.errors.SettingError` (``skill_rule``);
    a roster that cannot be read, :class:`~labsim.errors.FileError` or
    :class:`~labsim.errors.ScenarioError` naming the file.
    """

    _NAME = re.compile(r"^(?P<skill>[A-Za-z_][A-Za-z0-9_-]*?)-\d+$")

    def __init__(self, rule: str = "name") -> None:
        self.rule = rule
        self._roster: dict[str, str] | None = None
        self._all: str | None = None
        if rule.startswith("all:"):
            self._all = rule[4:].strip()
            if not self._all:
                raise SettingError("skill_rule", "all:SKILL needs a skill level after 'all:'")
        elif rule != "name":
            self._roster = _read_roster(Path(rule))

    def __repr__(self) -> str:
        return f"SkillRule({self.rule!r})"

    def skill_of(self, trainee: str) -> str:
        """The trainee's skill level.

        Raises:
            SettingError: (``skill_rule``) the rule does not give one for this trainee.
        """
        if self._all is not None:
            return self._all
        if self._roster is not None:
            if trainee not in self._roster:
                raise SettingError("skill_rule", f"no skill level for {trainee!r}", value=self.rule)
            return self._roster[trainee]
        match = self._NAME.match(trainee)
        if match is None:
            raise SettingError(
                "skill_rule",
                f"cannot tell the skill level of {trainee!r} from the name (expected"
                " SKILL-NUMBER); give the rule all:SKILL or a roster file",
                value=self.rule,
            )
        return match.group("skill")


def _read_roster(path: Path) -> dict[str, str]:
    """A roster file: trainee -> skill level."""
    if not path.is_file():
        raise SettingError(
            "skill_rule",
            "no such roster file (or give 'name' or 'all:SKILL')",
            value=str(path),
        )
    try:
        text = read_bounded(path, MAX_FILE_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ScenarioError(Problem(f"cannot read it: {error}", file=path)) from None
    if path.suffix.lower() == ".csv":
        return _csv_roster(text, path)
    document = parse_text(text, path)  # the safe YAML rules of scenario files
    roster: dict[str, str] = {}
    for trainee, skill in document.data.items():
        if not isinstance(trainee, str) or not isinstance(skill, str) or not skill.strip():
            raise ScenarioError(
                document.source.problem(
                    "a roster is a mapping of trainee names to skill levels (such as novice)",
                    (trainee,),
                )
            )
        roster[trainee.strip()] = skill.strip()
    return roster


def _csv_roster(text: str, path: Path) -> dict[str, str]:
    """A roster CSV: a header ``trainee,skill``, then a trainee a row, each named once."""
    reader = csv.DictReader(text.splitlines())
    if not {"trainee", "skill"} <= set(reader.fieldnames or ()):
        raise ScenarioError(
            Problem("a roster CSV needs the columns trainee,skill", file=path, line=1)
        )
    roster: dict[str, str] = {}
    lines: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        for column in ("trainee", "skill"):
            if not (row.get(column) or "").strip():
                raise ScenarioError(
                    Problem(f"this row has no {column}", (column,), file=path, line=line)
                )
        trainee = row["trainee"].strip()
        if trainee in lines:
            why = f"{trainee!r} is listed again (first on line {lines[trainee]})"
            raise ScenarioError(Problem(why, ("trainee",), file=path, line=line))
        roster[trainee], lines[trainee] = row["skill"].strip(), line
    if not roster:
        raise ScenarioError(Problem("the roster lists no trainees", file=path, line=1))
    return roster


def step_order(attempts: Sequence[Attempt]) -> dict[str, list[str]]:
    """Each procedure's steps in order, from the attempts that did the most of them."""
    order: dict[str, list[str]] = {}
    for attempt in attempts:
        done = [a.step_id for a in attempt.actions if a.ok and a.step_id is not None]
        if len(done) > len(order.get(attempt.procedure_id, [])):
            order[attempt.procedure_id] = done
    return order


def tries_of(attempts: Iterable[Attempt], rule: SkillRule) -> list[Try]:
    """Every try of every step in ``attempts`` (oldest first), with skill and practice."""
    ordered = sorted(attempts, key=lambda a: (a.started_at, a.attempt_id))
    steps = step_order(ordered)
    practice: dict[tuple[str, str], int] = defaultdict(int)
    tries: list[Try] = []
    for attempt in ordered:
        key = (attempt.trainee, attempt.procedure_id)
        practice[key] += 1
        skill = rule.skill_of(attempt.trainee)
        plan = steps.get(attempt.procedure_id, [])
        done, before = 0, 0.0
        for action in attempt.actions:
            minutes, before = action.sim_minute - before, action.sim_minute
            if action.ok and action.step_id is None:
                continue  # a look or a reading: not a try
            step = action.step_id if action.ok else (plan[done] if done < len(plan) else None)
            if step is None:
                continue
            tries.append(
                Try(
                    attempt.procedure_id,
                    step,
                    skill,
                    attempt.trainee,
                    practice[key],
                    minutes,
                    not action.ok,
                    attempt.attempt_id,
                )
            )
            done += int(action.ok)
    return tries
