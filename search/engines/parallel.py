"""Preparing documents for a full rebuild in other processes than the one that writes.

A rebuild reads documents from the content apps (database queries and Python object
building), analyses them (segmentation: the most CPU) and writes them into SQLite. With
the analysis in a pool but the reading and the pool's bookkeeping in the writing
process, that process was the bottleneck: its threads share one interpreter lock.

So the writer forks a *producer*, which iterates the documents and hands batches to a
pool of analysis workers; each worker puts its prepared rows straight on a queue the
writer reads. The writer's own work is reading that queue and inserting. Batches
arrive in the order they finish, not in document order (a duplicate id keeps whichever
copy arrives first). The producer leads a process group of its own, so stopping the
rebuild stops it and its workers together.
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queue_module
import signal
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator

from .base import batched

#: The queue the workers put prepared batches on; set before the producer is forked,
#: so the producer and its workers inherit it.
_results = None
_lock = threading.Lock()


def _prepare_and_send(job: tuple[Callable, list]) -> int:
    prepare, batch = job
    rows = prepare(batch)
    _results.put(("rows", rows))
    return len(rows)


def _produce(docs: Iterable, workers: int, prepare: Callable, initializer: Callable, batch_size: int) -> None:
    os.setpgrp()
    try:
        sent = 0
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=initializer)
        try:
            jobs = ((prepare, batch) for batch in batched(docs, batch_size))
            for n in pool.imap_unordered(_prepare_and_send, jobs):
                sent += n
        finally:
            # Never terminate a worker that may be writing to the shared queue (a half-written
            # message would leave the reader waiting for the rest): let them finish and exit.
            pool.close()
            pool.join()
        _results.put(("done", sent))
    except BaseException:
        _results.put(("error", traceback.format_exc()))


class ParallelPrepared:
    """Iterate the prepared rows of ``docs`` (``prepare(batch) -> rows``), computed by a
    producer process and ``workers`` analysis processes. Call :meth:`stop` when done."""

    def __init__(self, docs: Iterable, workers: int, prepare: Callable, initializer: Callable, batch_size: int) -> None:
        global _results
        ctx = multiprocessing.get_context("fork")
        with _lock:
            _results = ctx.Queue(maxsize=4 * workers)
            self.queue = _results
            self.process = ctx.Process(
                target=_produce, args=(docs, workers, prepare, initializer, batch_size), daemon=False
            )
            self.process.start()

    def __iter__(self) -> Iterator[tuple]:
        received, expected = 0, None
        while expected is None or received < expected:
            try:
                kind, payload = self.queue.get(timeout=1.0)
            except queue_module.Empty:
                if not self.process.is_alive() and self.queue.empty():
                    raise RuntimeError("the process preparing search documents ended unexpectedly") from None
                continue
            if kind == "rows":
                received += len(payload)
                yield from payload
            elif kind == "done":
                expected = payload
            else:
                raise RuntimeError(f"preparing search documents failed:\n{payload}")

    def stop(self) -> None:
        if self.process.is_alive():
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except (ProcessLookupError, PermissionError):
                self.process.terminate()
        self.process.join(timeout=30)
        self.queue.close()
        self.queue.cancel_join_thread()
