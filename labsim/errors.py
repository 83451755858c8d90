"""The one exception tree of labsim.

Everything labsim raises on purpose derives from :class:`LabsimError`; the CLI turns
any of them into a message and exit status 2. Anything else is a bug.

::

    LabsimError
     ├── ScenarioError        a scenario, library or experiment file is unusable
     ├── EquipmentError       a rig model was asked something it does not know
     │    ├── ActionRefused   a rig action's precondition does not hold
     │    └── KitError        an installed rig kit cannot be loaded (names kit and package)
     ├── OverrideError        a change to a scenario by path cannot be made (form, value, path)
     ├── UsageError           a command-line value is wrong (bad --until, --size, ...)
     ├── SettingError         a setting given to the library is wrong (names the setting)
     │    └── StudyError      a study's settings are wrong (replications, confidence, ...)
     ├── FileError            a file cannot be read or written (not a regular file, disk full)
     │    └── NotEmptyError   a folder to write into holds files (and overwriting was not asked)
     ├── StudyFolderError     a study folder holds something else than the study to write
     ├── SimulationError      a run cannot make progress (it would never end)
     ├── NoDisplayError       a window is asked for where there is no screen to show it
     ├── ReplayError          a recorded attempt cannot be replayed (or taken over) here
     ├── RecordsError         the attempt database cannot be used safely
     └── CalibrationError     the records hold too little to calibrate from

Library code words its errors without command-line options: an error that a command
names its own option for carries the facts as fields (:class:`OverrideError`'s
:class:`Change`, :class:`SettingError`'s ``setting``, :class:`StudyFolderError`'s
``holds``), and ``labsim.commands`` words them. ``UsageError`` is raised by the commands
alone. :class:`OverrideError` and :class:`SettingError` are also ``ValueError``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "ActionRefused",
    "CalibrationError",
    "Change",
    "ChangeKind",
    "EquipmentError",
    "FileError",
    "KitError",
    "LabsimError",
    "NoDisplayError",
    "NotEmptyError",
    "OverrideError",
    "Problem",
    "RecordsError",
    "ReplayError",
    "ScenarioError",
    "SettingError",
    "SimulationError",
    "StudyError",
    "StudyFolderError",
    "UsageError",
    "clip",
    "format_path",
    "shown",
    "shown_path",
]


class LabsimError(Exception):
    """Root of every error labsim raises on purpose."""


#: Most characters of a value or a path that a message quotes; the rest is cut out.
SHOWN_CHARS = 200


def shown(value: Any, limit: int = SHOWN_CHARS) -> str:
    """``repr(value)`` for a message, cut in the middle when longer than ``limit`` characters.

    A bad value may be a megabyte long; a message quotes enough of it to recognise it.
    """
    return clip(repr(value), limit)


def shown_path(path: str | os.PathLike[str], limit: int = SHOWN_CHARS) -> str:
    """``path`` as a message shows it: control characters escaped, cut when very long."""
    text = os.fspath(path)
    if any(ord(c) < 32 or c == "\x7f" for c in text):
        text = repr(text)[1:-1]
    return clip(text, limit)


def clip(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` cut in the middle when longer than ``limit`` characters (its length said)."""
    if len(text) <= limit:
        return text
    half = max(limit // 2 - 2, 1)
    return f"{text[:half]}...{text[-half:]} ({len(text):,} characters)"


def format_path(path: tuple[str | int, ...]) -> str:
    """Render a field path the way a person reads it: ``rigs[0].failures.mtbf``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return clip(out, SHOWN_CHARS) if out else "(top level)"


#: What asked for a :class:`Change`: a single change, a sweep point's value, a calibration
#: overlay's value, an experiment file's ``set:``.
ChangeKind = Literal["set", "sweep", "overlay", "experiment"]


@dataclass(frozen=True)
class Change:
    """A scenario value changed by its path rather than written in the scenario file.

    ``text`` is the change as given (``rigs.zd6.count=4``, or the path alone), ``kind`` what
    asked for it and ``file`` the file it came from (an overlay, an experiment file), so
    that a front end can name it its own way (a command line names its option).
    """

    text: str
    kind: ChangeKind = "set"
    file: Path | None = None

    def __str__(self) -> str:
        text = clip(self.text)
        if self.kind == "sweep":
            return f"the sweep value {text}"
        if self.file is not None:
            return f"the {self.kind} {shown_path(self.file)}: {text}"
        return f"the change {text}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where it is and what is wrong.

    A problem of a changed scenario names the ``changes`` behind it: the one whose field it
    is in (``changed_here``, its file position then dropped), else every change made.
    """

    message: str
    path: tuple[str | int, ...] = ()
    file: Path | None = None
    line: int | None = None
    column: int | None = None
    changes: tuple[Change, ...] = ()
    changed_here: bool = False

    def __str__(self) -> str:
        return self.worded(str)

    def worded(self, name: Callable[[Change], str]) -> str:
        """The problem as one line, each of its changes named by ``name``."""
        where = ""
        if self.file is not None:
            where = shown_path(self.file)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        field = f"{format_path(self.path)}: " if self.path else ""
        named = ", ".join(name(change) for change in self.changes)
        cause = f" ({'from' if self.changed_here else 'after'} {named})" if named else ""
        return f"{where}{field}{self.message}{cause}"


class ScenarioError(LabsimError):
    """A scenario (or library, or experiment) file cannot be used; lists every problem."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class EquipmentError(LabsimError):
    """A rig model was asked for an action, reading or fault it does not have."""


class ActionRefused(EquipmentError):
    """A rig action was attempted while its precondition does not hold.

    ``rule`` names the rule broken (for safety actions, the safety rule), so that a
    debrief can explain it.
    """

    def __init__(self, action: str, reason: str, rule: str | None = None) -> None:
        self.action = action
        self.reason = reason
        self.rule = rule
        super().__init__(f"{action}: {reason}")


class KitError(EquipmentError):
    """An installed rig kit cannot be loaded: it fails to import, declares badly, or clashes.

    The message names the kit (its ``labsim.rigs`` entry-point name) and the package that
    installed it, so that the person who sees it knows what to fix or uninstall.
    """


class OverrideError(LabsimError, ValueError):
    """A change to a scenario by path cannot be made: its form, its value or its path is wrong.

    ``change`` is the change as given and ``reason`` what is wrong with it (naming what is
    available where a path went wrong). ``form``, when set, is the form the text lacks
    (``PATH=VALUE``): the text could not be read as a change at all.
    """

    def __init__(self, change: Change, reason: str, form: str | None = None) -> None:
        self.change = change
        self.reason = reason
        self.form = form
        if form is not None:
            what = "a sweep" if change.kind == "sweep" else "a change"
            super().__init__(f"{what} needs {form} ({reason})")
        else:
            super().__init__(f"{change}: {reason}")


class UsageError(LabsimError):
    """A command-line value is wrong (raised by the commands, never by the library)."""


class SettingError(LabsimError, ValueError):
    """A setting given to the library is wrong: a count below 1, a name it does not know.

    ``setting`` names the setting as the library calls it (``trainees``, ``skill``) and
    ``message`` says what is wrong with the value (quoting it), so that a command line can
    name its own option for it: ``--trainees must be at least 1 (got 0)``. ``value``, when
    given, is the part of the setting the message is about (one language of ``zh+xx``):
    ``--lang xx: no interface catalogue for 'xx'``.
    """

    def __init__(self, setting: str, message: str, value: str | None = None) -> None:
        self.setting = setting
        self.message = message
        self.value = value
        what = setting if value is None else f"{setting} {clip(value)}"
        super().__init__(f"{what}: {message}")


class StudyError(SettingError):
    """A study's settings are wrong: replications, precision, confidence, seed or a metric."""


class FileError(LabsimError):
    """A file cannot be read or written: it names the file and the reason.

    ``reason`` is in English, as the command line prints it. Where it is one of the
    catalogue's reasons, ``why`` is that message (with ``{fields}``) and ``facts`` fill it
    in, so that a window says the reason in its language: ``tr(error.why, lang,
    **error.facts)``. Pass ``facts`` and ``reason`` is that message, filled in.
    """

    def __init__(
        self,
        shown: str,
        reason: str,
        action: str = "read",
        *,
        facts: dict[str, object] | None = None,
    ) -> None:
        self.shown = shown
        self.why = reason
        self.facts = dict(facts or {})
        self.reason = reason.format(**self.facts) if self.facts else reason
        super().__init__(f"cannot {action} {shown}: {self.reason}")


#: What is in a study folder that keeps a study out: the same study (to be resumed), another
#: study, files that are no study, a study record (manifest) that cannot be read.
FolderHolds = Literal["this study", "another study", "other files", "a bad manifest"]


class NotEmptyError(FileError):
    """A folder to write new files into holds files already; ``folder`` names it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        super().__init__(shown_path(folder), "the folder is not empty", "write into")


class StudyFolderError(LabsimError):
    """A study folder cannot take the study: it holds something else, or the same study.

    ``holds`` says what the ``folder`` holds; ``differs`` names the identity fields
    (``seed``, ``factors``) in which another study differs; ``detail`` says more about a
    bad manifest. A front end words the way out (resuming, another folder) in its own
    terms.
    """

    def __init__(
        self, folder: Path, holds: FolderHolds, differs: tuple[str, ...] = (), detail: str = ""
    ) -> None:
        self.folder = folder
        self.holds = holds
        self.differs = differs
        self.detail = detail
        where = shown_path(folder)
        if holds == "this study":
            text = f"{where} already holds this study; resume it to finish it"
        elif holds == "another study":
            text = f"{where} holds a study that differs in: {', '.join(differs) or 'its identity'}"
        elif holds == "other files":
            text = f"{where} is not empty and holds no study"
        else:
            text = f"{where} holds a study record that cannot be read: {detail}"
        super().__init__(text)


class SimulationError(LabsimError):
    """A run cannot make progress: the same thing repeats at one simulated instant for ever.

    The message names the cohort, procedure and step (or the rig group) that repeat.
    """


class NoDisplayError(LabsimError):
    """A window is asked for where nobody could see it; ``problem`` says why there is none."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(f"{problem}, so a window cannot be shown")


class ReplayError(LabsimError):
    """A recorded attempt cannot be replayed with this scenario, or taken over at this moment."""


class RecordsError(LabsimError):
    """The trainee attempt database cannot be used safely.

    ``unusable`` is set when the file is no usable records database at all (a folder, a
    pipe, another program's file, a damaged one): another file is then the way out, and a
    front end says how to choose one.
    """

    def __init__(self, message: str, unusable: Path | None = None) -> None:
        self.unusable = unusable
        super().__init__(message)


class CalibrationError(LabsimError):
    """The records hold too little to calibrate from.

    ``attempts`` is how many attempts there were; ``step`` the ``(procedure, step)`` with
    the fewest timed tries, ``tries`` their number and ``needed`` the least a step needs
    (``step`` is None when no step was timed at all).
    """

    def __init__(
        self, attempts: int, needed: int, step: tuple[str, str] | None = None, tries: int = 0
    ) -> None:
        self.attempts = attempts
        self.needed = needed
        self.step = step
        self.tries = tries
        if not attempts:
            text = "no attempts to calibrate from"
        else:
            where = "" if step is None else f": {step[0]}.{step[1]} has {tries}"
            text = (
                f"too little data to calibrate{where}; each step needs at least {needed}"
                " timed tries (steps done). Record or simulate more attempts"
            )
        super().__init__(text)
