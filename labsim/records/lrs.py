"""Sending the outbox to a learning record store: xAPI 1.0.3 ``POST statements`` in batches.

Each batch is a JSON array posted to ``<endpoint>/statements`` with the
``X-Experience-API-Version: 1.0.3`` header and HTTP Basic authentication. The LRS answers
200 with the ids it stored, or 204 when it held them all already: either way the batch is
marked sent. A 409 (a statement with one of these ids differs from the one stored) rejects
the whole batch, so its statements are then sent one by one; a single 409 means the LRS
already holds that id, which, ids being name-based, is the same attempt: it counts as sent.
Network errors, 429 and 5xx answers are retried with exponential backoff; other answers stop
the push with the LRS's reason. Whatever happens, what was acknowledged stays marked and the
rest stays in the outbox for the next push.
"""

from __future__ import annotations

import base64
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final

from labsim.errors import RecordsError, SettingError
from labsim.records.outbox import Outbox, Pending

__all__ = ["XAPI_VERSION", "Credentials", "LrsClient", "PushReport", "push_outbox"]

XAPI_VERSION: Final = "1.0.3"
_RETRY_STATUS: Final = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Credentials:
    """HTTP Basic credentials (never shown in a ``repr``)."""

    user: str
    password: str = field(repr=False)

    def header(self) -> str:
        """The ``Authorization`` header value."""
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"


@dataclass
class PushReport:
    """What a push did: statements acknowledged (new or already held), retries made."""

    sent: int = 0
    duplicates: int = 0
    retries: int = 0
    batches: int = 0


class _Retry(Exception):
    """A failure worth trying again (network, 429, 5xx)."""


def statements_url(endpoint: str) -> str:
    """The statements resource of an xAPI endpoint (``.../xAPI/`` -> ``.../xAPI/statements``).

    Raises:
        SettingError: (``endpoint``) the endpoint is not an http(s) URL.
    """
    if not endpoint.startswith(("http://", "https://")):
        raise SettingError(
            "endpoint", "give the LRS's xAPI endpoint as an http(s) URL", value=endpoint
        )
    base = endpoint.rstrip("/")
    return base if base.endswith("/statements") else base + "/statements"


class LrsClient:
    """POSTs batches of statements; ``sleep`` is injectable so tests need not wait."""

    def __init__(
        self,
        endpoint: str,
        credentials: Credentials,
        *,
        timeout: float = 30.0,
        retries: int = 5,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.url = statements_url(endpoint)
        self.credentials = credentials
        self.timeout, self.retries, self.backoff, self.sleep = timeout, retries, backoff, sleep

    def post(
        self, statements: Sequence[dict[str, object]], report: PushReport
    ) -> tuple[int, int | None]:
        """POST one batch, retrying; returns the HTTP status (200, 204 or 409) and a count.

        The count is, for a 200, how many statements the LRS says it stored now (None if
        it does not say).

        Raises:
            RecordsError: the LRS refused the batch, or stayed unreachable after the retries.
        """
        body = json.dumps(list(statements), ensure_ascii=False).encode("utf-8")
        for attempt in range(self.retries + 1):
            try:
                return self._once(body)
            except _Retry as problem:
                if attempt == self.retries:
                    raise RecordsError(
                        f"the LRS at {self.url} did not take the statements after"
                        f" {self.retries + 1} tries ({problem})"
                    ) from None
                report.retries += 1
                self.sleep(min(self.backoff * 2**attempt, 60.0))
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, body: bytes) -> tuple[int, int | None]:
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "X-Experience-API-Version": XAPI_VERSION,
                "Authorization": self.credentials.header(),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return int(answer.status), _stored(answer.read())
        except urllib.error.HTTPError as error:
            if error.code == 409:
                return 409, None
            reason = _reason(error)
            if error.code in _RETRY_STATUS:
                raise _Retry(f"HTTP {error.code}: {reason}") from None
            if error.code in (401, 403):
                raise RecordsError(
                    f"the LRS at {self.url} refused the credentials of {self.credentials.user!r}"
                    f" (HTTP {error.code}: {reason}); check LABSIM_LRS_USER and"
                    " LABSIM_LRS_PASSWORD"
                ) from None
            raise RecordsError(
                f"the LRS at {self.url} refused the statements (HTTP {error.code}: {reason})"
            ) from None
        except (urllib.error.URLError, OSError) as error:
            raise _Retry(str(getattr(error, "reason", error))) from None


def _stored(body: bytes) -> int | None:
    """How many ids the LRS's answer lists (the statements it stored now)."""
    try:
        ids = json.loads(body or b"null")
    except ValueError:
        return None
    return len(ids) if isinstance(ids, list) else None


def _reason(error: urllib.error.HTTPError) -> str:
    try:
        text = error.read().decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return (text or str(error.reason))[:300]


def push_outbox(
    outbox: Outbox,
    client: LrsClient,
    *,
    batch: int = 50,
    progress: Callable[[int, int], None] | None = None,
) -> PushReport:
    """Send every statement waiting in ``outbox``; returns what was done.

    ``progress(sent, total)`` is called after each batch acknowledged.

    Raises:
        RecordsError: the LRS refused or stayed unreachable (what was sent stays marked).
        SettingError: (``batch``) the batch size is below 1.
    """
    if batch < 1:
        raise SettingError("batch", f"must be at least 1 (got {batch})")
    report = PushReport()
    total = outbox.counts()[1]
    while True:
        chunk = outbox.pending(limit=batch)
        if not chunk:
            return report
        _send(outbox, client, chunk, report)
        report.batches += 1
        if progress is not None:
            progress(report.sent, total)


def _send(outbox: Outbox, client: LrsClient, chunk: list[Pending], report: PushReport) -> None:
    status, stored = client.post([p.body for p in chunk], report)
    if status != 409:
        outbox.mark_sent([p.statement_id for p in chunk])
        report.sent += len(chunk)
        if status == 204:
            report.duplicates += len(chunk)
        elif stored is not None:
            report.duplicates += len(chunk) - stored
        return
    for one in chunk:
        single, _ = client.post([one.body], report)
        outbox.mark_sent([one.statement_id])
        report.sent += 1
        report.duplicates += int(single in (204, 409))
