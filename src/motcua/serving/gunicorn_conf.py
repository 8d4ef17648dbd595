"""gunicorn settings that `motcua serve` loads (``-c python:motcua.serving.gunicorn_conf``);
the command line given by the command sets the rest."""

from __future__ import annotations

import os
from typing import Any


def child_exit(server: Any, worker: Any) -> None:
    # A worker that ends leaves its metric files; mark them dead so that gauges of live
    # processes stop counting it (counters and histograms keep their totals).
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


# gunicorn's own messages (worker boot, timeouts, shutdown) in the same format as the
# application's, so that one parser reads the whole journal.
if os.environ.get("MOTCUA_LOG_FORMAT", "").strip().lower() == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(levelname)s %(name)s %(message)s %(process)d",
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": "time",
            },
        },
        "handlers": {
            "error_console": {"class": "logging.StreamHandler", "formatter": "json",
                              "stream": "ext://sys.stderr"},
        },
        # gunicorn merges this over its defaults key by key: name a root without handlers
        # (the application configures its own) so that none of its defaults dangles.
        "root": {"level": "WARNING", "handlers": []},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error_console"],
                               "propagate": False},
        },
    }
