"""Work on two or more cores, for large teams.

Extracting relations is independent per file and the largest part of reading a large team;
rendering an agent's page is independent of the other pages. On a system that can fork
(Linux), :func:`fork_map` and :func:`share` run such work in forked workers, which see
everything already in memory (the name index, the parsed files, the team) without pickling
it; only the results travel back. Everything stays in this process for small inputs, where
starting a worker costs more than it saves, in a process with other threads (``mkdocs
serve``: forking one is unsafe), and with ``AGENT_HANDBOOK_JOBS=1``.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
A = TypeVar("A")
B = TypeVar("B")

#: Below this many items the work is done in this process.
MIN_ITEMS = 64

_task: Callable[[Any], Any] | None = None


def jobs(count: int, min_items: int = MIN_ITEMS) -> int:
    """How many processes to use for ``count`` items."""
    wanted = os.environ.get("AGENT_HANDBOOK_JOBS", "")
    if wanted.isdigit() and int(wanted) >= 1:
        limit = int(wanted)
    else:
        if count < min_items:
            return 1
        try:
            limit = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            limit = os.cpu_count() or 1
        limit = min(limit, 8)
    if limit <= 1 or count < 2:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    return min(limit, count)


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection for a while: a burst of allocation (extracting, rendering,
    loading what workers send back) triggers collections that each scan the whole team in
    memory again, about a tenth of a large build. What they would free waits until after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def fork_map(func: Callable[[T], R], items: Sequence[T], min_items: int = MIN_ITEMS) -> list[R]:
    """``[func(x) for x in items]``, shared between forked workers when that pays."""
    with gc_paused():
        return _fork_map(func, items, min_items)


def _fork_map(func: Callable[[T], R], items: Sequence[T], min_items: int) -> list[R]:
    count = jobs(len(items), min_items)
    if count == 1:
        return [func(x) for x in items]
    global _task
    _task = func
    try:
        chunks = [list(items[i::count]) for i in range(count)]
        with multiprocessing.get_context("fork").Pool(count - 1) as pool:
            pending = pool.map_async(_run, chunks[1:])
            results = [[func(x) for x in chunks[0]], *pending.get()]
    except OSError:  # no fork after all (resource limits): do the work here
        return [func(x) for x in items]
    finally:
        _task = None
    out: list[Any] = [None] * len(items)
    for offset, result in enumerate(results):
        out[offset::count] = result
    return out


def _run(chunk: list[Any]) -> list[Any]:
    assert _task is not None
    gc.disable()  # a worker lives for one task; collecting would also copy shared memory
    return [_task(item) for item in chunk]


def share(
    work: Callable[[T], R], items: Sequence[T], here: Callable[[], A], there: Callable[[], B]
) -> tuple[list[R], A, B]:
    """``[work(x) for x in items]``, ``here()`` and ``there()``, on two processes when that
    pays (as for :func:`fork_map`).

    A forked worker runs ``there()``, then takes items from the front; this process runs
    ``here()``, then takes items from the back until the two meet, so the side with less
    work of its own does more of the items. Only the worker's results and ``there()``'s
    value travel back: what the worker changes in its copy of memory stays there. Serial,
    in order, when sharing does not pay.
    """
    with gc_paused():
        return _share(work, items, here, there)


def _share(
    work: Callable[[T], R], items: Sequence[T], here: Callable[[], A], there: Callable[[], B]
) -> tuple[list[R], A, B]:
    if jobs(len(items)) == 1:
        return [work(x) for x in items], here(), there()
    context = multiprocessing.get_context("fork")
    bounds = context.Array("q", [0, len(items)])  # the next item from the front; the back's end

    def worker() -> tuple[dict[int, R], B]:
        other = there()
        done: dict[int, R] = {}
        while True:
            with bounds.get_lock():
                index = bounds[0]
                if index >= bounds[1]:
                    break
                bounds[0] = index + 1
            done[index] = work(items[index])
        return done, other

    global _task
    _task = worker
    try:
        with context.Pool(1) as pool:
            pending = pool.apply_async(_call)
            mine = here()
            done: dict[int, R] = {}
            while True:
                with bounds.get_lock():
                    index = bounds[1] - 1
                    if index < bounds[0]:
                        break
                    bounds[1] = index
                done[index] = work(items[index])
            theirs, other = pending.get()
    except OSError:  # no fork after all
        return [work(x) for x in items], here(), there()
    finally:
        _task = None
    done.update(theirs)
    return [done[i] for i in range(len(items))], mine, other


def _call() -> Any:
    assert _task is not None
    gc.disable()
    return _task()
