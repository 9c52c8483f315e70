"""Work shared among forked processes: when a process may fork, and a map over a pool of them.

A fork copies only the calling thread, so a process that runs other threads (a server, a pool of
threads) could hand its children a lock that no thread will ever release: it does the work
itself. A worker leaves SIGTERM to its default and ignores SIGINT: the build's own handlers,
inherited by the fork, would print a traceback per worker, and the parent stops the pool itself.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def cores() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0))


def may_fork() -> bool:
    """Whether this process runs no thread but the calling one."""
    return threading.active_count() == 1


def map_in_forks(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    workers: int,
    chunksize: int | None = None,
) -> list[Result]:
    """``function`` over ``items`` in ``workers`` forked processes, the results in order (the
    processes inherit what this one holds, so ``function`` may read module state set before)."""
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_default_signals)
    try:
        results = pool.map(function, items, chunksize=chunksize)
    except BaseException:
        pool.terminate()
        raise
    pool.close()  # the workers end when the work is done, not by a signal
    pool.join()
    return results


def _default_signals() -> None:
    """A worker dies quietly when the pool is stopped."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
