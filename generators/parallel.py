"""Work sharing for builds: worker processes forked once the parent is ready, so lessons are never pickled.

A batch of workers is forked from the building process after it has loaded the lessons and warmed up what the
batch needs (imported libraries, parsed fonts): the workers inherit all of it instead of repeating it. They
take tasks in order from a shared counter and send each result back through a pipe. The parent starts no
threads, so forking is safe.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

_FORK = multiprocessing.get_context("fork")


def _work(tasks: Sequence[Any], function: Callable[[Any], Any], counter, results: Connection) -> None:
    while True:
        with counter.get_lock():
            index = counter.value
            counter.value += 1
        if index >= len(tasks):
            break
        results.send((index, function(tasks[index])))
    results.close()


class Batch:
    """Tasks shared among worker processes forked now; results() waits for them."""

    def __init__(self, tasks: Sequence[Any], function: Callable[[Any], Any], workers: int) -> None:
        self.tasks = tasks
        # Kept for the batch's lifetime: freed, its shared memory would be handed to the next batch's counter.
        self.counter = counter = _FORK.Value("i", 0)
        self.readers: list[Connection] = []
        self.processes = []
        gc.freeze()  # the workers' collector then never walks (and so never copies) the memory they share
        for _ in range(max(1, min(workers, len(tasks)))):
            reader, writer = _FORK.Pipe(duplex=False)
            process = _FORK.Process(target=_work, args=(tasks, function, counter, writer), daemon=True)
            process.start()
            writer.close()
            self.readers.append(reader)
            self.processes.append(process)


def run_batches(batches: list[Batch]) -> list[dict[int, Any]]:
    """Wait for every batch; return each batch's results by task index (a task whose worker died has none)."""
    results: list[dict[int, Any]] = [{} for _ in batches]
    owner = {reader: number for number, batch in enumerate(batches) for reader in batch.readers}
    while owner:
        for reader in wait(list(owner)):
            try:
                index, result = reader.recv()
            except EOFError:
                reader.close()
                del owner[reader]
                continue
            results[owner[reader]][index] = result
    for batch in batches:
        for process in batch.processes:
            process.join()
    return results
