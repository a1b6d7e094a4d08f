"""Several API processes on one socket: each worker builds its app; their metrics are summed.

``vigie api --workers N`` (``VIGIE_API_WORKERS``) has uvicorn start N processes that accept on
the same socket, so that the API uses N cores: one process runs its event loop, and its Python,
on one core at a time. Each worker has its own connection pool, concurrency cap and count of
failed authentications. Their Prometheus metrics are kept in files of one directory
(``prometheus_client``'s multiprocess mode), made when the API starts and removed when it stops,
and ``/metrics`` sums them, whichever worker answers.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import FastAPI

from api.app import create_app
from api.middleware import METRICS_DIR
from core.runtime import start_program


def app_of_worker() -> FastAPI:
    """The app of one worker process, from the settings in its environment."""
    return create_app(start_program())


@contextmanager
def shared_metrics() -> Iterator[str]:
    """A fresh directory for the workers' metrics, named in the environment they inherit."""
    path = tempfile.mkdtemp(prefix="vigie-api-metrics-")
    os.environ[METRICS_DIR] = path
    try:
        yield path
    finally:
        del os.environ[METRICS_DIR]
        shutil.rmtree(path, ignore_errors=True)
