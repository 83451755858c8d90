"""Reading input files and writing output files without hanging, flooding or half-writing.

Every file labsim reads (scenarios, included libraries, experiment files) goes through
:func:`read_bounded`: it opens without blocking, accepts only a regular file (never a named
pipe, a device such as ``/dev/zero`` behind a ``.yaml`` link, a folder or a socket) and
reads at most ``limit`` bytes whatever the file system says its size is (``/proc`` files
say 0). Every file labsim writes (study tables, plots, screenshots, frames, exports) goes
through :func:`write_atomic`: a temporary file in the same folder, ``fsync``, then a rename,
so that a full disk or a crash leaves the old file (or none) and no temporary behind
(:func:`csv_text` makes the text of the CSV files among them). Both raise
:class:`~labsim.errors.FileError`, which names the file and the reason; each reason is a
catalogue message, so that a window can say it in the person's language.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

from labsim.errors import FileError, shown_path
from labsim.i18n import N_

__all__ = [
    "cache_home",
    "check_name",
    "csv_text",
    "failure",
    "not_regular",
    "read_bounded",
    "reason",
    "sync_folder",
    "write_atomic",
]

_NAME_MAX = 255
_PATH_MAX = 4096
_CHUNK = 1 << 16

_REASONS = {
    errno.ENOENT: N_("no such file"),
    errno.ELOOP: N_("a symbolic link loop (a link that leads back to itself)"),
    errno.ENAMETOOLONG: N_("the name is too long for the file system"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EISDIR: N_("is a folder, not a file"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.ENOSPC: N_("the disk is full (no space left on the device)"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EROFS: N_("the file system is read-only"),
    errno.EFBIG: N_("the file is too large for the file system"),
}

_KINDS = (
    (stat.S_ISDIR, N_("is a folder, not a file")),
    (
        stat.S_ISFIFO,
        N_("is a named pipe (FIFO), not a regular file; reading it could wait for ever"),
    ),
    (stat.S_ISCHR, N_("is a character device (such as /dev/zero), not a regular file")),
    (stat.S_ISBLK, N_("is a block device, not a regular file")),
    (stat.S_ISSOCK, N_("is a socket, not a regular file")),
)


def cache_home() -> Path:
    """The labsim folder in the user's cache (what may be rebuilt), as platformdirs names it.

    On Linux that is the XDG rule (``$XDG_CACHE_HOME`` if it is an absolute path, else
    ``~/.cache``), read here: importing platformdirs would cost a run from the cache more
    than the rest of its set-up. Other systems ask platformdirs.
    """
    if sys.platform == "linux" and "ANDROID_DATA" not in os.environ:
        given = os.environ.get("XDG_CACHE_HOME", "")
        home = given if os.path.isabs(given) else os.path.expanduser("~/.cache")
        return Path(home) / "labsim"
    from platformdirs import user_cache_path

    return user_cache_path("labsim")


def check_name(path: str | os.PathLike[str], action: str = "read") -> None:
    """Refuse a name no file system accepts, before any system call sees it.

    Raises:
        FileError: for a NUL byte, a part longer than 255 bytes or a path over 4096 bytes.
    """
    text = os.fspath(path)
    if "\x00" in text:
        raise FileError(shown_path(text), N_("the name contains a NUL byte"), action)
    raw = text.encode("utf-8", "replace")
    if len(raw) > _PATH_MAX or any(len(part) > _NAME_MAX for part in raw.split(b"/")):
        raise FileError(shown_path(text), _REASONS[errno.ENAMETOOLONG], action)


def not_regular(path: str | os.PathLike[str]) -> str | None:
    """Why the existing ``path`` is not a regular file (a pipe, a device, ...), or None.

    Missing files and files that cannot be examined give None: opening them says more.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), None)


def reason(error: OSError) -> str:
    """What went wrong, in words a person acts on (``the disk is full``)."""
    return _REASONS.get(error.errno or 0) or error.strerror or str(error)


def failure(shown: str, error: OSError, action: str = "read") -> FileError:
    """The :class:`~labsim.errors.FileError` of ``error`` met on the file ``shown``."""
    return FileError(shown, reason(error), action)


def read_bounded(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path``, refusing anything else and anything large.

    Opening never blocks (a named pipe without a writer is refused at once), and at most
    ``limit`` + 1 bytes are read, so a file whose stat size is 0 cannot flood memory.

    Raises:
        FileError: naming the file and the reason (missing, not a regular file, a link
            loop, a name too long, too large, unreadable).
    """
    check_name(path)
    shown = shown_path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise failure(shown, error) from None
    try:
        info = os.fstat(fd)
        for test, kind in _KINDS:
            if test(info.st_mode):
                raise FileError(shown, kind)
        if info.st_size > limit:
            raise _too_large(shown, info.st_size, limit)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise _too_large(shown, None, limit)
        return b"".join(chunks)
    except OSError as error:
        raise failure(shown, error) from None
    finally:
        os.close(fd)


def _too_large(shown: str, size: int | None, limit: int) -> FileError:
    if size is None:  # read past the limit: a file whose size the file system does not say
        why = N_("the file is too large (more than that; the limit is {limit} bytes)")
        return FileError(shown, why, facts={"limit": f"{limit:,}"})
    why = N_("the file is too large ({size} bytes; the limit is {limit} bytes)")
    return FileError(shown, why, facts={"size": f"{size:,}", "limit": f"{limit:,}"})


def write_atomic(
    path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8"
) -> None:
    """Write ``path`` so that it is the old file or the whole new one, never part of one.

    The data goes to a temporary file in the same folder, is flushed to the disk, and is
    renamed over ``path``; on any failure (a full disk, say) the temporary file is removed.

    Raises:
        FileError: naming the file and the reason (folder missing, disk full, ...).
    """
    check_name(path, "write")
    target = Path(path)
    shown = shown_path(target)
    folder = target.parent
    if not folder.is_dir():
        found = next((p for p in (folder, *folder.parents) if os.path.lexists(p)), None)
        if found is not None and not found.is_dir():  # a file stands where a folder must
            raise FileError(shown, _REASONS[errno.ENOTDIR], "write")
        why = N_("the folder {folder} does not exist")
        raise FileError(shown, why, "write", facts={"folder": shown_path(folder)})
    if target.is_dir():
        raise FileError(shown, N_("it is a folder"), "write")
    temporary = folder / f".{target.name[:80]}.{os.urandom(6).hex()}.tmp"
    try:
        raw = data.encode(encoding) if isinstance(data, str) else data
        # 0o666 lets the umask decide the permissions, as for any new file.
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with open(handle, "wb") as stream:
            stream.write(raw)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise failure(shown, error, "write") from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
    sync_folder(folder)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the platform allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def csv_text(
    header: Iterable[object], rows: Iterable[Iterable[object]], *, crlf: bool = False
) -> str:
    """CSV text: a header row, then the rows (quoted as needed; ``None`` is an empty cell).

    Lines end in a line feed, or in carriage return and line feed as RFC 4180 has it where
    ``crlf`` is set (for files other programs import).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
