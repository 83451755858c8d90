"""Validated scenarios kept between runs, so that running the same file again skips loading.

Loading reads YAML, builds the pydantic validators, validates and checks the lab: about a
fifth of the CPU of a one-hour ``labsim run``. A scenario that loaded cleanly is kept as
plain data in the user's cache folder, under a key made of the file's bytes, the ``--set``
values, labsim's version and the state of its scenario code; the next run with the same
key rebuilds the very same models from it without validating again.

Safe by construction: the data is marshal'd plain values, never pickle, and decoding makes
nothing but the scenario models (looked up by name in their own modules, their fields
checked against the model); a file is read only when it and its folder belong to this
user and nobody else may write to them. Anything unexpected is a miss, and the file is
loaded as if there were no cache. A scenario with ``include:`` is not kept (its key would
need every included file); nor is anything that failed (errors always come from a load).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import importlib.util
import marshal
import os
import re
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labsim.errors import FileError
from labsim.files import read_bounded, write_atomic
from labsim.limits import MAX_FILE_BYTES
from labsim.scenarios.langtags import LanguageMap

if TYPE_CHECKING:
    from labsim.scenarios.loader import LoadedScenario
    from labsim.scenarios.models import Scenario

__all__ = ["KEPT", "ScenarioCache"]

#: Entries kept at most; the oldest go first.
KEPT = 200

#: Bump when the layout of an entry changes.
_LAYOUT = 1

#: Modules whose models an entry may name; nothing else is ever made from an entry.
_MODEL_MODULES = frozenset(
    {"labsim.scenarios.models", "labsim.scenarios.distributions", "labsim.scenarios.langtags"}
)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PLAIN = (str, int, float, bool, type(None))

#: Code whose change can change what a file validates to: its files' sizes and times go
#: into the key, so an edited checkout never reads an entry its old code wrote.
_CODE = Path(__file__).resolve().parent
_MORE_CODE = ("units.py", "limits.py", "errors.py", "__init__.py")
#: Packages besides pydantic (whose version goes in) that decide what a file reads as: the
#: YAML parser, and the language registry that language tags are checked against.
_PARSERS = ("yaml", "langcodes")


class _Uncacheable(Exception):
    """A value outside the plain data an entry holds, or an entry that does not decode."""


class ScenarioCache:
    """The cache entry of one scenario file with its ``--set`` values."""

    def __init__(self, raw: bytes, assignments: list[str], folder: Path) -> None:
        self._raw = raw
        digest = hashlib.sha256()
        for part in (repr(_key_parts()).encode(), raw, repr(assignments).encode()):
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)
        self.path = folder / f"{digest.hexdigest()}.marshal"

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

    def load(self) -> Scenario | None:
        """The kept scenario, or ``None`` (a miss) for anything short of a sound entry."""
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
            layout, value = marshal.loads(blob)
            if layout != _LAYOUT:
                return None
            scenario = _decode(value)
        except (_Uncacheable, ValueError, EOFError, TypeError):
            return None
        from labsim.scenarios.models import Scenario

        return scenario if type(scenario) is Scenario else None

    def store(self, loaded: LoadedScenario, file: Path) -> None:
        """Keep ``loaded`` if it is plain data, includes nothing and ``file`` is unchanged."""
        if loaded.data.get("include"):
            return
        try:
            value = _encode(loaded.scenario)
            if _decode(value) != loaded.scenario:
                return
            if read_bounded(file, MAX_FILE_BYTES) != self._raw:
                return  # changed while it was loaded: this entry would lie
            blob = marshal.dumps((_LAYOUT, value))
            write_atomic(self.path, blob)
            _prune(self.path.parent)
        except (_Uncacheable, FileError, OSError, ValueError):
            return


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
    from platformdirs import user_cache_path

    folder = user_cache_path("labsim") / "scenarios"
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
    """What besides the file decides what it validates to: versions and scenario code."""
    import pydantic

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
    return (_LAYOUT, __version__, pydantic.VERSION, sys.version, stamps)


def _encode(value: Any) -> Any:
    """Plain data for ``value``: tuples tag what is not a plain list, dict or scalar."""
    from pydantic import BaseModel

    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        return [_encode(item) for item in value]
    if kind is dict:
        if not all(type(key) in _PLAIN for key in value):
            raise _Uncacheable(value)
        return {key: _encode(item) for key, item in value.items()}
    if kind is tuple:
        return ("tuple", [_encode(item) for item in value])
    if kind is frozenset:
        return ("frozenset", [_encode(item) for item in value])
    if kind is LanguageMap:
        return ("languages", {str(key): str(text) for key, text in value.items()})
    if isinstance(value, BaseModel) and kind.__module__ in _MODEL_MODULES:
        fields = {name: _encode(value.__dict__[name]) for name in type(value).model_fields}
        private = value.__pydantic_private__
        if value.__pydantic_extra__ or private:
            raise _Uncacheable(value)
        return ("model", kind.__module__, kind.__qualname__, fields, sorted(value.model_fields_set))
    raise _Uncacheable(value)


def _decode(value: Any) -> Any:
    """The values :func:`_encode` was given, models rebuilt without validating them again."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        return [_decode(item) for item in value]
    if kind is dict:
        return {key: _decode(item) for key, item in value.items()}
    if kind is not tuple or not value or type(value[0]) is not str:
        raise _Uncacheable(kind)
    tag = value[0]
    if tag == "tuple" and len(value) == 2 and type(value[1]) is list:
        return tuple(_decode(item) for item in value[1])
    if tag == "frozenset" and len(value) == 2 and type(value[1]) is list:
        return frozenset(_decode(item) for item in value[1])
    if tag == "languages" and len(value) == 2 and type(value[1]) is dict:
        if not all(type(k) is str and type(v) is str for k, v in value[1].items()):
            raise _Uncacheable(tag)
        return LanguageMap(value[1])
    if tag == "model" and len(value) == 5:
        return _model(*value[1:])
    raise _Uncacheable(tag)


def _model(module: Any, name: Any, fields: Any, fields_set: Any) -> Any:
    """Rebuild one model the way ``model_construct`` does, after checking what it names."""
    from pydantic import BaseModel

    if module not in _MODEL_MODULES or type(name) is not str or not _NAME.fullmatch(name):
        raise _Uncacheable(name)
    cls = getattr(importlib.import_module(module), name, None)
    if not (isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == module):
        raise _Uncacheable(name)
    if type(fields) is not dict or set(fields) != set(cls.model_fields):
        raise _Uncacheable(name)
    if type(fields_set) is not list or not set(fields_set) <= set(fields):
        raise _Uncacheable(name)
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", {key: _decode(item) for key, item in fields.items()})
    object.__setattr__(model, "__pydantic_fields_set__", set(fields_set))
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model
