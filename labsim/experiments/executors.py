"""Where replications run: in this process, on a local process pool, or on Dask.

Every executor has one method, :meth:`Executor.map_unordered`: apply a function to a
stream of payloads and yield the results as they finish, with at most ``window`` payloads
submitted at a time (so memory stays flat however long the study). Results come back in
any order; the study sorts them. Dask is optional and imported only when asked for.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from types import TracebackType
from typing import Any, Protocol, TypeVar

from labsim.errors import LabsimError, SettingError

__all__ = [
    "DASK_HINT",
    "DaskExecutor",
    "Executor",
    "ExecutorError",
    "PoolExecutor",
    "SerialExecutor",
    "default_workers",
    "make_executor",
]

P = TypeVar("P")
R = TypeVar("R")

DASK_HINT = "install it with: pip install 'labsim[dask]'"
#: Seconds to wait for a Dask scheduler before giving up.
CONNECT_TIMEOUT = 5.0


class ExecutorError(LabsimError):
    """The executor itself failed (a worker process died, the scheduler went away).

    The replications that finished before are kept by the study; resuming it finishes it.
    """


class Executor(Protocol):
    """Runs a function over payloads; a context manager that owns its workers."""

    workers: int
    description: str

    def __enter__(self) -> Executor: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...

    def map_unordered(
        self, fn: Callable[[P], R], payloads: Iterable[P], window: int
    ) -> Iterator[R]:
        """Yield ``fn(payload)`` for every payload as each finishes."""
        ...


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not every platform has affinity
        return os.cpu_count() or 1


class SerialExecutor:
    """Runs everything in this process, in order: no start-up cost, easy to debug."""

    workers = 1
    description = "this process"

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map_unordered(
        self, fn: Callable[[P], R], payloads: Iterable[P], window: int
    ) -> Iterator[R]:
        """Yield ``fn(payload)`` one after the other."""
        for payload in payloads:
            yield fn(payload)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class PoolExecutor:
    """A pool of worker processes on this machine.

    When this process runs no other thread, workers are forked from it: they start at once
    with the simulation already imported. Otherwise (a threaded host program), they are
    forked from a clean server process that imports the simulation once (``forkserver``).
    Either way the workers are started before the study's progress bar starts a thread.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.description = f"a local pool of {workers} processes"
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> PoolExecutor:
        methods = multiprocessing.get_all_start_methods()
        context: BaseContext
        if "fork" in methods and threading.active_count() == 1:
            context = multiprocessing.get_context("fork")
        else:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["labsim.experiments.runner"])
        self._pool = ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_ignore_interrupts
        )
        # Start the workers now. Freezing this process's objects first keeps the forked
        # workers' garbage collector off them (no copy-on-write of the parent's heap).
        gc.freeze()
        try:
            self._pool.submit(os.getpid).result()
        except BaseException as error:  # Ctrl-C while the workers start: stop them too
            self.__exit__(type(error))
            raise
        finally:
            gc.unfreeze()
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if kind is None:
            pool.shutdown(wait=True)
            return
        # Interrupted or failed: stop the replications in flight and drop what is queued.
        # The workers go first, so that the pool's manager thread ends at once and can be
        # waited for. Left running, it races Python's exit handler, which may write to the
        # wake-up pipe the thread has just closed ("Exception ignored ... OSError: [Errno 9]
        # Bad file descriptor" after a refused --resume or a Ctrl-C, on CPython 3.11).
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            with contextlib.suppress(Exception):
                process.kill()
        pool.shutdown(wait=True, cancel_futures=True)

    def map_unordered(
        self, fn: Callable[[P], R], payloads: Iterable[P], window: int
    ) -> Iterator[R]:
        """Yield results as workers finish, keeping at most ``window`` payloads submitted."""
        pool = self._pool
        if pool is None:
            raise RuntimeError("use the executor in a 'with' block")
        pending: set[Future[R]] = set()
        source = iter(payloads)
        try:
            while True:
                for payload in source:
                    pending.add(pool.submit(fn, payload))
                    if len(pending) >= window:
                        break
                if not pending:
                    return
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield future.result()
        except BrokenProcessPool as error:
            raise ExecutorError(f"a worker process died ({error})") from None


class DaskExecutor:
    """Dask distributed: a :class:`LocalCluster` of ``workers`` processes, or a scheduler.

    ``address`` is ``tcp://host:port`` (``dask://host:port`` is accepted); the scheduler's
    workers must be able to import this version of labsim.
    """

    def __init__(self, workers: int, address: str | None = None) -> None:
        self.workers = workers
        self.address = address
        self.description = (
            f"a Dask LocalCluster of {workers} processes"
            if address is None
            else f"the Dask scheduler at {address}"
        )
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> DaskExecutor:
        dist = _distributed()
        Client, LocalCluster = dist.Client, dist.LocalCluster
        if self.address is None:
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster)
            return self
        try:
            self._client = Client(self.address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as error:
            raise SettingError(
                "executor",
                f"cannot reach the Dask scheduler within {CONNECT_TIMEOUT:g} s ({error}); "
                "is it running, and is the address right?",
                value=self.address,
            ) from None
        except Exception as error:  # something answered, but not a Dask scheduler
            raise SettingError(
                "executor",
                "did not answer as a Dask scheduler "
                f"({type(error).__name__}: {str(error)[:200]}); is the address right?",
                value=self.address,
            ) from None
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))
        self.description = f"the Dask scheduler at {self.address} ({self.workers} workers)"
        return self

    def __exit__(self, *exc: object) -> None:
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        with contextlib.suppress(Exception):
            if client is not None:
                client.close()
        with contextlib.suppress(Exception):
            if cluster is not None:
                cluster.close()

    def map_unordered(
        self, fn: Callable[[P], R], payloads: Iterable[P], window: int
    ) -> Iterator[R]:
        """Submit up to ``window`` tasks, then one more for each that finishes."""
        as_completed = _distributed().as_completed
        client = self._client
        if client is None:
            raise RuntimeError("use the executor in a 'with' block")
        source = iter(payloads)
        first = [
            client.submit(fn, p, pure=False) for _, p in zip(range(window), source, strict=False)
        ]
        if not first:
            return
        queue = as_completed(first)
        for future in queue:
            try:
                result = future.result()
            except (OSError, TimeoutError) as error:
                raise ExecutorError(f"lost the Dask cluster: {error}") from None
            yield result
            for payload in source:
                queue.add(client.submit(fn, payload, pure=False))
                break


def _distributed() -> Any:
    """The ``distributed`` module, or an error (setting ``executor``) saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise SettingError(
            "executor", f"needs Dask distributed; {DASK_HINT}", value="dask"
        ) from None
    return distributed


def make_executor(spec: str, workers: int | None = None) -> Executor:
    """The executor ``spec`` names: ``local``, ``dask`` or ``dask://HOST:PORT``.

    ``local`` with one worker runs in this process. Local pools and clusters get at most
    one worker per available CPU, whatever is asked.

    Raises:
        SettingError: for an unknown executor (setting ``executor``) or a worker count
            below 1 (``workers``); entering a Dask executor raises it (``executor``) when
            Dask is missing or the scheduler cannot be reached.
    """
    if workers is not None and workers < 1:
        raise SettingError("workers", f"must be 1 or more (got {workers})")
    # More processes than CPUs only adds start-up time and memory: cap at what is here.
    count = min(workers or default_workers(), default_workers())
    text = spec.strip()
    if text == "local":
        return SerialExecutor() if count == 1 else PoolExecutor(count)
    if text == "dask":
        return DaskExecutor(count)
    for scheme in ("dask://", "tcp://", "tls://"):
        if text.startswith(scheme) and len(text) > len(scheme):
            target = text.removeprefix("dask://")
            address = target if "://" in target else f"tcp://{target}"
            return DaskExecutor(count, address)
    raise SettingError("executor", f"must be 'local', 'dask' or 'dask://HOST:PORT' (got {spec!r})")
