"""Checked scenarios kept between runs as lab plans: the same file runs again unloaded.

Loading reads YAML, builds the pydantic validators, validates and checks the lab: more CPU
than a one-hour ``labsim run`` itself. A scenario that loaded cleanly is kept as the plain
data of its :class:`~labsim.engine.plan.LabPlan` (what the engine simulates) in the user's
cache folder, under a key made of the file's bytes, the ``--set`` values, labsim's version
and the state of the code and packages that decide what a file means. The next run with the
same key simulates the kept plan: it never imports the YAML parser or the validators.

Safe by construction: the data is marshal'd plain values, never pickle, and decoding makes
nothing but the plan's own frozen records (each checked as it is made); a file is read only
when it and its folder belong to this user and nobody else may write to them. Anything
unexpected is a miss, and the file is loaded as if there were no cache. A scenario with
``include:`` is not kept (its key would need every included file); nor is anything that
failed (errors always come from a load).
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.util
import marshal
import os
import stat
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labsim.durations import DurationSpec
from labsim.engine import plan as plans
from labsim.errors import FileError
from labsim.files import cache_home, read_bounded, write_atomic
from labsim.limits import MAX_FILE_BYTES

if TYPE_CHECKING:
    from labsim.scenarios.loader import LoadedScenario

__all__ = ["KEPT", "ScenarioCache"]

#: Entries kept at most; the oldest go first.
KEPT = 200

#: Bump when the layout of an entry changes.
_LAYOUT = 3

#: The records an entry may hold, by name; nothing else is ever made from an entry.
_RECORDS: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        DurationSpec,
        plans.RunPlan,
        plans.SkillPlan,
        plans.FailurePlan,
        plans.RigPlan,
        plans.StepPlan,
        plans.ProcedurePlan,
        plans.CohortPlan,
        plans.LabPlan,
    )
}
_PLAIN = (str, int, float, bool, type(None))

#: Code whose change can change what a file means as a plan: its files' sizes and times go
#: into the key, so an edited checkout never reads an entry its old code wrote.
_CODE = Path(__file__).resolve().parent
_MORE_CODE = (
    "units.py",
    "limits.py",
    "errors.py",
    "durations.py",
    "__init__.py",
    "engine/plan.py",
)
#: Packages that decide what a file reads as: the YAML parser, the validators, and the
#: language registry that language tags are checked against. Their files are stamped, never
#: imported (a run from the cache does not need them).
_PARSERS = ("yaml", "pydantic", "pydantic_core", "langcodes")


class _Uncacheable(Exception):
    """A value outside the plain data an entry holds, or an entry that does not decode."""


class ScenarioCache:
    """The cache entry of one scenario file with its ``--set`` values."""

    def __init__(self, raw: bytes, assignments: list[str], folder: Path) -> None:
        self._raw = raw
        # The whole key is kept in the entry and compared on reading, so the name need only
        # spread entries: a checksum clash is a miss (and a rewrite), never a wrong plan.
        self._key = marshal.dumps((_key_parts(), raw, assignments))
        self.path = folder / f"{zlib.crc32(self._key):08x}-{len(self._key):x}.marshal"

    @classmethod
    def for_run(cls, file: Path, assignments: list[str] | None) -> ScenarioCache | None:
        """The entry for ``file``; ``None`` when it cannot be read (the load says why)."""
        folder = _folder()
        if folder is None:
            return None
        try:
            raw = read_bounded(file, MAX_FILE_BYTES)
        except (FileError, OSError):
            return None
        return cls(raw, list(assignments or []), folder)

    def load(self) -> plans.LabPlan | None:
        """The kept plan, or ``None`` (a miss) for anything short of a sound entry."""
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not _private(info) or info.st_size > MAX_FILE_BYTES * 8:
                return None
            with open(fd, "rb", closefd=False) as stream:
                blob = stream.read()
        except OSError:
            return None
        finally:
            os.close(fd)
        try:
            layout, key, value = marshal.loads(blob)
            if layout != _LAYOUT or key != self._key:
                return None
            plan = _decode(value)
        except (_Uncacheable, ValueError, EOFError, TypeError):
            return None
        return plan if type(plan) is plans.LabPlan else None

    def store(self, loaded: LoadedScenario, file: Path) -> plans.LabPlan:
        """The plan of ``loaded``, kept if it includes nothing and ``file`` is unchanged."""
        plan = plans.LabPlan.of(loaded.scenario)
        if loaded.data.get("include"):
            return plan
        try:
            value = _encode(plan)
            if _decode(value) != plan:
                return plan
            if read_bounded(file, MAX_FILE_BYTES) != self._raw:
                return plan  # changed while it was loaded: this entry would lie
            blob = marshal.dumps((_LAYOUT, self._key, value))
            write_atomic(self.path, blob)
            _prune(self.path.parent)
        except (_Uncacheable, FileError, OSError, ValueError):
            pass
        return plan


def _prune(folder: Path) -> None:
    """Keep the newest :data:`KEPT` entries: a script of many ``--set`` runs stays bounded."""
    entries = []
    for entry in os.scandir(folder):
        if entry.name.endswith(".marshal") and entry.is_file(follow_symlinks=False):
            entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
    if len(entries) > KEPT:
        for _, path in sorted(entries)[: len(entries) - KEPT]:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _folder() -> Path | None:
    """The user's cache folder for scenarios, made private to the user; ``None`` if unsafe."""
    folder = cache_home() / "scenarios"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return None
    return folder if stat.S_ISDIR(info.st_mode) and _private(info) else None


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else."""
    getuid = getattr(os, "getuid", None)
    owner_ok = getuid is None or info.st_uid == getuid()
    return owner_ok and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _key_parts() -> tuple[Any, ...]:
    """What besides the file decides what it means: versions, scenario code and parsers."""
    from labsim import __version__

    files = sorted(_CODE.glob("*.py")) + [_CODE.parent / name for name in _MORE_CODE]
    for package in _PARSERS:  # an upgrade rewrites the package: a new size or time
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin:
            files.append(Path(spec.origin))
    stamps = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        stamps.append((str(path), info.st_size, info.st_mtime_ns))
    return (_LAYOUT, __version__, sys.version, stamps)


def _encode(value: Any) -> Any:
    """Plain data for ``value``: tuples tag the records and the tuples of a plan."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is tuple:
        return ("tuple", [_encode(item) for item in value])
    if _RECORDS.get(kind.__name__) is kind:
        return (kind.__name__, [_encode(getattr(value, name)) for name in _fields(kind)])
    raise _Uncacheable(value)


def _decode(value: Any) -> Any:
    """The values :func:`_encode` was given, each record made (and checked) anew."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is not tuple or len(value) != 2 or type(value[1]) is not list:
        raise _Uncacheable(kind)
    tag, items = value
    if tag == "tuple":
        return tuple(_decode(item) for item in items)
    record = _RECORDS.get(tag) if type(tag) is str else None
    if record is None or len(items) != len(_fields(record)):
        raise _Uncacheable(tag)
    made = record(*(_decode(item) for item in items))
    _check_types(made)
    return made


def _fields(record: type) -> tuple[str, ...]:
    """The field names of a record: a named tuple's, or a dataclass's."""
    names = getattr(record, "_fields", None)
    return names if names is not None else tuple(f.name for f in dataclasses.fields(record))


def _check_types(record: Any) -> None:
    """Refuse a record whose fields are not of the kinds its annotations name."""
    annotations = type(record).__annotations__
    for name in _fields(type(record)):
        written = annotations[name]  # a string, or a forward reference holding it
        allowed = _ALLOWED.get(str(getattr(written, "__forward_arg__", written)))
        if allowed is None or type(getattr(record, name)) not in allowed:
            raise _Uncacheable(f"{type(record).__name__}.{name}")


#: The value types each annotation of a plan record allows (``tuple[...]``: any tuple; what
#: the tuple holds is checked as its own items are made).
_ALLOWED: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "bool": (bool,),
    "float": (float,),
    "int | None": (int, type(None)),
    "float | None": (float, type(None)),
    "tuple[float, ...]": (tuple,),
    "tuple[str, ...]": (tuple,),
    "tuple[tuple[float, float], ...]": (tuple,),
    "tuple[RigPlan, ...]": (tuple,),
    "tuple[StepPlan, ...]": (tuple,),
    "tuple[ProcedurePlan, ...]": (tuple,),
    "tuple[SkillPlan, ...]": (tuple,),
    "tuple[CohortPlan, ...]": (tuple,),
    "DurationSpec": (DurationSpec,),
    "DurationSpec | None": (DurationSpec, type(None)),
    "FailurePlan | None": (plans.FailurePlan, type(None)),
    "RunPlan": (plans.RunPlan,),
}
