"""Batch processing at archive scale: `koperasi batch`.

    inputs --(acquire, main process)--> prefilter --(chunks)--> engine workers
           (parse + extract) --> outcomes --(main process)--> SQLite store --> --out

See `runner.run_batch` for the flow, `engines` for where the work runs (a local
process pool or a Dask cluster) and `extractor.deliver.store` for the database.
"""

from extractor.batch.runner import BatchOptions, BatchSummary, run_batch

__all__ = ["BatchOptions", "BatchSummary", "run_batch"]
