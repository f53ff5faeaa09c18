"""Where the work runs: the calling process, a local process pool, or a Dask cluster.

An engine only runs functions of `extractor.batch.work` and hands back futures;
what to submit and when (and so how much is in flight) is the runner's business.
All three expose the same small interface: `slots`, `submit(fn, *args)`,
`wait_first(futures)` and `close(cancel)`.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Collection
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from extractor.batch.work import init_local_worker, worker_extractor

ENGINES = ("local", "dask")


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def wait_first_local(futures: Collection[cf.Future]) -> set[cf.Future]:
    return cf.wait(futures, return_when=cf.FIRST_COMPLETED).done


class InlineEngine:
    """Everything in the calling process (`--workers 0`): for debugging and tiny inputs."""

    name = "local"
    slots = 1

    def __init__(self, use_model: bool):
        worker_extractor(use_model)

    def submit(self, fn: Callable, *args) -> cf.Future:
        future: cf.Future = cf.Future()
        try:
            future.set_result(fn(*args))
        except Exception as exc:
            future.set_exception(exc)
        return future

    wait_first = staticmethod(wait_first_local)

    def close(self, cancel: bool = False) -> None:
        pass


class LocalEngine:
    """A pool of worker processes on this machine, each loading the pipeline once."""

    name = "local"

    def __init__(self, workers: int, use_model: bool):
        self.slots = workers
        self.use_model = use_model
        # forkserver: workers start from a clean process, not a copy of this one with
        # its open database, threads (tqdm) and half-read archives.
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context(
            "forkserver" if "forkserver" in methods else "spawn")
        self.executor = self._new_executor()

    def _new_executor(self) -> cf.ProcessPoolExecutor:
        return cf.ProcessPoolExecutor(max_workers=self.slots, mp_context=self.context,
                                      initializer=init_local_worker,
                                      initargs=(self.use_model,))

    def submit(self, fn: Callable, *args) -> cf.Future:
        try:
            return self.executor.submit(fn, *args)
        except BrokenProcessPool:
            # A worker died (e.g. killed for memory); its tasks are reported as failed
            # and retried next run, and the batch goes on with a fresh pool.
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = self._new_executor()
            return self.executor.submit(fn, *args)

    wait_first = staticmethod(wait_first_local)

    def close(self, cancel: bool = False) -> None:
        if cancel:
            # Interrupted: stop the workers now rather than let them finish a scan of
            # a large archive. They never write to the store, so nothing is lost.
            for process in list(getattr(self.executor, "_processes", {}).values()):
                process.terminate()
        self.executor.shutdown(wait=True, cancel_futures=cancel)


class DaskEngine:
    """Tasks on a Dask cluster: an existing one (`scheduler` address) or a LocalCluster
    of `workers` single-threaded worker processes."""

    name = "dask"

    def __init__(self, workers: int, use_model: bool, scheduler: str | None = None,
                 processes: bool = True):
        from distributed import Client, LocalCluster

        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            # Ctrl-C reaches the whole process group; worker processes started while
            # SIGINT is ignored inherit that, so only this process handles it and
            # shuts the cluster down in order.
            with sigint_ignored():
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                            processes=processes, dashboard_address=None,
                                            scheduler_kwargs={"dashboard": False},
                                            silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        self.slots = max(1, sum(self.client.nthreads().values()))

    def submit(self, fn: Callable, *args) -> Any:
        # pure=False: two tasks are never the same, whatever their arguments.
        return self.client.submit(fn, *args, pure=False)

    @staticmethod
    def wait_first(futures: Collection[Any]) -> set:
        from distributed import wait

        return wait(list(futures), return_when="FIRST_COMPLETED").done

    def close(self, cancel: bool = False) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


@contextmanager
def sigint_ignored():
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def make_engine(engine: str, workers: int, use_model: bool, scheduler: str | None = None,
                dask_processes: bool = True):
    if engine == "dask":
        return DaskEngine(workers, use_model, scheduler, processes=dask_processes)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if workers <= 0:
        return InlineEngine(use_model)
    return LocalEngine(workers, use_model)
