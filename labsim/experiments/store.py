"""The study folder's results store: append-only, crash-safe, resumable.

Layout of a study folder::

    manifest.json   what the study is (scenario hash, factors, seed, replications, ...)
    runs.jsonl      one JSON line per finished replication, in the order they finished
    batch.log       wall-clock times, hosts and workers (never part of the results)

Each batch of finished replications is appended with one ``write`` and made durable with
``fsync`` before the study goes on, so a crash or Ctrl-C loses only replications that
were still running. A line torn by a crash is cut off when the folder is opened again.
Resuming only continues a folder whose manifest has the same identity hash: results
of a different scenario or command are never mixed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from labsim.errors import FileError, StudyFolderError, shown_path
from labsim.experiments.runner import Record
from labsim.files import reason, write_atomic

__all__ = ["LOG", "MANIFEST", "RESULTS", "ResultStore", "identity_hash"]

MANIFEST = "manifest.json"
RESULTS = "runs.jsonl"
LOG = "batch.log"
_FORMAT = 1


def identity_hash(identity: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of ``identity``."""
    text = json.dumps(identity, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ResultStore:
    """The records of one study folder; open it with :meth:`open`."""

    def __init__(self, folder: Path, manifest: dict[str, Any]) -> None:
        self.folder = folder
        self.manifest = manifest
        self.done: set[tuple[int, int]] = set()
        self.failed = 0
        self._results: IO[bytes] | None = None
        self._log: IO[str] | None = None

    @classmethod
    def open(
        cls,
        folder: Path,
        identity: dict[str, Any],
        *,
        resume: bool,
        info: dict[str, Any] | None = None,
    ) -> ResultStore:
        """Create a study folder, or reopen one to resume it.

        Raises:
            StudyFolderError: when the folder holds another study (or this one and not
                ``resume``), or other files, or a manifest that cannot be read.
            FileError: when the folder cannot be created or written.
        """
        digest = identity_hash(identity)
        manifest_path = folder / MANIFEST
        if manifest_path.exists():
            old = _read_manifest(folder)
            if not resume:
                raise StudyFolderError(folder, "this study")
            if old.get("hash") != digest:
                raise StudyFolderError(
                    folder, "another study", _differences(old.get("identity", {}), identity)
                )
            store = cls(folder, old)
        else:
            if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
                raise StudyFolderError(folder, "other files")
            manifest = {"format": _FORMAT, "hash": digest, "identity": identity, **(info or {})}
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise FileError(shown_path(folder), reason(error), "create") from None
            write_atomic(manifest_path, json.dumps(manifest, indent=2, default=str) + "\n")
            store = cls(folder, manifest)
        try:
            store._scan()
            store._results = open(folder / RESULTS, "ab", buffering=0)  # noqa: SIM115
            store._log = open(folder / LOG, "a", encoding="utf-8")  # noqa: SIM115
        except OSError as error:
            store.close()
            raise FileError(shown_path(folder), reason(error), "use the study folder") from None
        return store

    def _scan(self) -> None:
        """Note the finished replications; cut off a line torn by a crash."""
        path = self.folder / RESULTS
        if not path.exists():
            return
        good = 0
        with open(path, "rb") as handle:
            for raw in handle:
                if not raw.endswith(b"\n"):
                    break
                try:
                    record = Record.from_json(raw.decode("utf-8"))
                except ValueError:
                    break
                good += len(raw)
                if record.key not in self.done:
                    self.done.add(record.key)
                    self.failed += record.error is not None
        if good != path.stat().st_size:
            with open(path, "r+b") as handle:
                handle.truncate(good)
                os.fsync(handle.fileno())

    def append(self, records: Iterable[Record]) -> list[Record]:
        """Write the records not stored yet and make them durable; return those written."""
        if self._results is None:
            raise RuntimeError("the store is closed")
        fresh = []
        for record in records:
            if record.key not in self.done:
                self.done.add(record.key)
                self.failed += record.error is not None
                fresh.append(record)
        if fresh:
            data = memoryview("".join(r.to_json() + "\n" for r in fresh).encode("utf-8"))
            try:
                while data:
                    data = data[self._results.write(data) or 0 :]
                os.fsync(self._results.fileno())
            except OSError as error:
                raise FileError(shown_path(self.folder / RESULTS), reason(error), "write") from None
        return fresh

    def records(self) -> Iterator[Record]:
        """Every stored record, once per replication, in the order they were written."""
        path = self.folder / RESULTS
        if not path.exists():
            return
        seen: set[tuple[int, int]] = set()
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                record = Record.from_json(line)
                if record.key not in seen:
                    seen.add(record.key)
                    yield record

    def log(self, message: str) -> None:
        """Add a time-stamped line to ``batch.log``."""
        if self._log is not None:
            stamp = time.strftime("%Y-%m-%d %H:%M:%S")
            with contextlib.suppress(OSError):  # the log is never part of the results
                self._log.write(f"{stamp} {message}\n")
                self._log.flush()

    def close(self) -> None:
        """Close the files (the records are durable already)."""
        for handle in (self._results, self._log):
            if handle is not None:
                with contextlib.suppress(OSError):  # the log's last line may not fit
                    handle.close()
        self._results = self._log = None

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise StudyFolderError(folder, "a bad manifest", detail=f"{MANIFEST}: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != _FORMAT:
        detail = f"{MANIFEST} is not a labsim study manifest (format {_FORMAT})"
        raise StudyFolderError(folder, "a bad manifest", detail=detail)
    return manifest


def _differences(old: dict[str, Any], new: dict[str, Any]) -> tuple[str, ...]:
    """The identity fields in which two studies differ."""
    return tuple(sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k)))
