"""`steadfast web`: the web tier for scale-out, served by gunicorn."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser
from django.db import connections
from gunicorn.app.base import BaseApplication

from steadfast.commands import SteadfastCommand
from steadfast.stopping import leave
from steadfast.wsgi import application


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return application


class Command(SteadfastCommand):
    help = (
        "Serve the web app with gunicorn (scale-out on PostgreSQL; workers run apart)\n\n"
        "Run `steadfast worker` as well: this serves pages and the API only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
        )
        parser.add_argument(
            "--port", type=int, default=8000, help="port to listen on (default: 8000)"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "2")),
            help="gunicorn worker processes (default: $WEB_CONCURRENCY, else 2)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("createcachetable", verbosity=0)
        # gunicorn forks its workers from this process: a database connection opened here
        # would be inherited by every worker, one socket shared by all of them, and their
        # queries would read each other's answers. Close it before any fork; each worker
        # opens its own on its first request.
        connections.close_all()
        metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        if metrics_dir:
            # The files of the previous run belong to processes that are gone.
            shutil.rmtree(metrics_dir, ignore_errors=True)
            Path(metrics_dir).mkdir(parents=True, exist_ok=True)
        # Stopping: gunicorn's master turns SIGTERM into a graceful stop (its handler only
        # queues the signal and wakes the master through a pipe): workers finish the requests
        # in hand within graceful_timeout, then exit; SIGINT and SIGQUIT stop at once.
        _Gunicorn(
            {
                "bind": f"{options['host']}:{options['port']}",
                "workers": options["workers"],
                "accesslog": "-",
                "graceful_timeout": 20,
                "child_exit": _child_exit,
                "worker_exit": _worker_exit,
            }
        ).run()


def _worker_exit(server: Any, worker: Any) -> None:
    """A worker process that has finished its requests leaves at once. The interpreter's own
    shutdown would first garbage-collect the whole application (phone metadata, rule tables,
    templates): tens of seconds of CPU on a busy machine, which made every stop wait for
    graceful_timeout and then kill the workers. The exit status stays the one gunicorn chose
    (its master stops on a worker that failed to boot)."""
    raised = sys.exc_info()[1]
    code = raised.code if isinstance(raised, SystemExit) else 1
    leave(code if isinstance(code, int) else 0 if code is None else 1)


def _child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
