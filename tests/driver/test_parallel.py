"""Work sharing between forked workers: every task runs once, later workers help earlier batches."""

from __future__ import annotations

import os
import time
from pathlib import Path

from generators.driver.parallel import Batch, results_as_done


def run_batches(batches: list[Batch]) -> list[dict]:
    """Return each batch's results by task index, once every worker is done."""
    results: list[dict] = [{} for _ in batches]
    for number, index, result in results_as_done(batches):
        results[number][index] = result
    return results


def test_every_task_runs_once_and_results_come_back_by_index():
    batch = Batch(list(range(20)), lambda number: number * number, workers=3)
    assert run_batches([batch]) == [{number: number * number for number in range(20)}]


def test_later_workers_take_tasks_an_earlier_batch_has_not_started(tmp_path: Path):
    done = tmp_path / "done"
    done.mkdir()

    def slow_first(index: int) -> int:
        if index == 0:  # holds the earlier batch's only worker until the other two tasks are done elsewhere
            (tmp_path / "started").touch()
            deadline = time.monotonic() + 30
            while len(list(done.iterdir())) < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
        else:
            (done / str(index)).touch()
        return os.getpid()

    earlier = Batch([0, 1, 2], slow_first, workers=1)
    deadline = time.monotonic() + 30
    while not (tmp_path / "started").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    later = Batch(["a", "b"], lambda _: os.getpid(), workers=2, earlier=[earlier])
    first, second = run_batches([earlier, later])
    assert sorted(first) == [0, 1, 2] and sorted(second) == [0, 1]
    assert first[0] == earlier.processes[0].pid
    assert {first[1], first[2]} <= {process.pid for process in later.processes}


def test_a_task_whose_worker_dies_has_no_result():
    batch = Batch([1, 2], lambda number: os._exit(1) if number == 2 else number, workers=1)
    assert run_batches([batch]) == [{0: 1}]


def test_results_come_back_as_tasks_end_and_closing_early_stops_the_workers(tmp_path: Path):
    def task(index: int) -> int:
        if index == 1:  # never ends by itself
            time.sleep(60)
        return index

    batch = Batch([0, 1], task, workers=2)
    started = time.monotonic()
    results = results_as_done([batch])
    assert next(results) == (0, 0, 0)  # while the other task is still running
    results.close()
    assert time.monotonic() - started < 30
    assert not any(process.is_alive() for process in batch.processes)
