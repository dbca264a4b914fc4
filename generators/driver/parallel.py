"""Work sharing for builds: worker processes forked once the parent is ready, so lessons are never pickled.

Each batch of workers is forked from the building process once it has loaded the lessons and warmed up what
the batch needs (imported libraries, parsed fonts): the workers inherit all of it instead of repeating it.
Workers take tasks in order from a counter in shared memory; when their own batch is done they help with the
batches forked before theirs. Each result goes back through a pipe and is handed on as it arrives. The parent
starts no threads, so forking is safe.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

_FORK = multiprocessing.get_context("fork")


class Batch:
    """Tasks shared among worker processes forked now; results_as_done() hands back their results."""

    def __init__(self, tasks: Sequence[Any], function: Callable[[Any], Any], workers: int,
                 earlier: Sequence[Batch] = ()) -> None:
        self.tasks = tasks
        self.function = function
        # Kept for the batch's lifetime: freed, its shared memory would be handed to the next batch's counter.
        self.counter = _FORK.Value("i", 0)
        self.number = len(earlier)
        self.readers: list[Connection] = []
        self.processes = []
        gc.freeze()  # until the results are all in: the workers' collector never walks (so never copies) shared memory
        queue = [self, *reversed(earlier)]
        try:
            for _ in range(max(1, min(workers, len(tasks)))):
                reader, writer = _FORK.Pipe(duplex=False)
                process = _FORK.Process(target=_work, args=(queue, writer), daemon=True)
                process.start()
                writer.close()
                self.readers.append(reader)
                self.processes.append(process)
        except BaseException:  # could not fork them all (out of processes or memory): none of this batch runs
            stop([self])
            raise

    def take(self) -> int | None:
        """Return the index of the next task nobody has taken, or None."""
        with self.counter.get_lock():
            index = self.counter.value
            if index >= len(self.tasks):
                return None
            self.counter.value = index + 1
        return index


def _work(queue: list[Batch], results: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    for batch in queue:
        while (index := batch.take()) is not None:
            results.send((batch.number, index, batch.function(batch.tasks[index])))
    results.close()


def results_as_done(batches: list[Batch]) -> Iterator[tuple[int, int, Any]]:
    """Yield (batch number, task index, result) as the workers send them; then wait for the workers to exit.

    A task whose worker died yields nothing. If the caller stops early or is interrupted, the workers are stopped.
    """
    readers = [reader for batch in batches for reader in batch.readers]
    processes = [process for batch in batches for process in batch.processes]
    try:
        while readers:
            for reader in wait(readers):
                try:
                    number, index, result = reader.recv()
                except EOFError:
                    reader.close()
                    readers.remove(reader)
                    continue
                yield number, index, result
    except BaseException:  # also GeneratorExit, when the caller closes the iterator before the end
        stop(batches)
        raise
    for process in processes:
        process.join()
    gc.unfreeze()


def stop(batches: list[Batch]) -> None:
    """Stop every worker and wait for it (when interrupted, before the caller removes what they were writing)."""
    processes = [process for batch in batches for process in batch.processes]
    for process in processes:
        process.terminate()
    for process in processes:
        process.join()
    gc.unfreeze()
