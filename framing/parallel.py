"""Processing documents on several cores, in order, with a progress bar.

Work is shared between worker processes (threads would not help: the work is
Python code under the GIL). Each worker builds its matcher and attributor once;
documents stream through in chunks and results come back in input order, so the
output is the same whatever ``n_jobs`` is.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

__all__ = ["imap_documents", "resolve_jobs"]

_STATE: dict[str, Any] = {}


def resolve_jobs(n_jobs: int | None) -> int:
    """``None`` or 1: one process; ``-1``: all cores; ``n``: n processes.

    Examples
    --------
    >>> resolve_jobs(1), resolve_jobs(None), resolve_jobs(-1) == (os.cpu_count() or 1)
    (1, 1, True)
    """
    if n_jobs is None or n_jobs == 0:
        return 1
    if n_jobs < 0:
        return max(1, (os.cpu_count() or 1) + 1 + n_jobs)
    return int(n_jobs)


def progress_disabled(progress: bool | None) -> bool | None:
    """tqdm's ``disable`` for framing's ``progress`` argument: ``None`` shows a bar only on a terminal."""
    return False if progress else (None if progress is None else True)


def _init(setup: Callable[..., Any], args: tuple) -> None:
    _STATE["worker"] = setup(*args)


def _run(doc):
    return _STATE["worker"](doc)


def imap_documents(
    setup: Callable[..., Callable[[Any], Any]],
    args: tuple,
    documents: Iterable,
    *,
    n_jobs: int | None = 1,
    progress: bool | None = None,
    desc: str = "documents",
    chunksize: int = 32,
) -> Iterator:
    """Apply ``setup(*args)`` (a function of one document) to every document, in order.

    ``setup`` runs once per process and returns the per-document function, so
    expensive objects (matchers, models) are built once. ``progress=None`` shows
    a bar only on a terminal; ``False`` never.
    """
    from tqdm.auto import tqdm

    jobs = resolve_jobs(n_jobs)
    bar = tqdm(desc=desc, unit="doc", disable=progress_disabled(progress),
               leave=False)
    try:
        if jobs == 1:
            fn = setup(*args)
            for doc in documents:
                yield fn(doc)
                bar.update()
            return
        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        with ctx.Pool(jobs, initializer=_init, initargs=(setup, args)) as pool:
            for result in pool.imap(_run, documents, chunksize=chunksize):
                yield result
                bar.update()
    finally:
        bar.close()
