"""`steadfast serve`: the embedded mode.

Migrate, seed a demo firm, serve the web app and run the worker, in one process.
"""

from __future__ import annotations

import os
import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from waitress.server import create_server

from steadfast import clock
from steadfast.firms.services import DEMO_ADMIN, demo_firm_seed
from steadfast.wsgi import application


class Command(BaseCommand):
    help = "Run Steadfast in one process: web app and worker, on the embedded database"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-seed", action="store_true", help="do not create the demo firm")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        seeded = None if options["no_seed"] else demo_firm_seed(now=clock.now())
        host, port = options["host"], options["port"]
        server = web_server(host=host, port=port, threads=options["threads"])
        url = f"http://{host}:{port}/"
        _follow_address(host, port)
        self.stdout.write(f"Steadfast is running at {url}  (Ctrl-C stops it)")
        if seeded:
            firm, password = seeded
            self.stdout.write(f"Demo firm: {firm.name} (slug {firm.slug})")
            self.stdout.write(f"Log in at {url}login/ as {DEMO_ADMIN} with password {password}")
        self.stdout.flush()

        stop = threading.Event()
        web = threading.Thread(target=server.run, name="web", daemon=True)
        web.start()
        worker = _start_worker(stop)

        def _stop(signum: int, frame: Any) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, _stop)
        try:
            while not stop.wait(0.5):
                if not web.is_alive():
                    break
        except KeyboardInterrupt:
            pass
        stop.set()
        self.stdout.write("Stopping…")
        server.close()
        if worker is not None:
            worker.join(timeout=10)
        self.stdout.write("Stopped.")


def web_server(*, host: str, port: int, threads: int) -> Any:
    """waitress serving the app. A body over STEADFAST_MAX_REQUEST_BODY is refused with 413
    from its Content-Length, before a byte of it is read or buffered."""
    return create_server(
        application,
        host=host,
        port=port,
        threads=threads,
        ident="steadfast",
        max_request_body_size=settings.STEADFAST_MAX_REQUEST_BODY,
    )


def public_url_for(host: str, port: int) -> str:
    """The address `serve` is reached at, for links in messages and provider callbacks."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 (reading the bind address, not binding)
        host = "127.0.0.1"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def _follow_address(host: str, port: int) -> None:
    # Unsubscribe links and callbacks name the address actually served, unless the operator
    # said where the outside world reaches Steadfast (STEADFAST_PUBLIC_URL wins).
    if os.environ.get("STEADFAST_PUBLIC_URL"):
        return
    settings.PUBLIC_URL = public_url_for(host, port)
    settings.CSRF_TRUSTED_ORIGINS = [settings.PUBLIC_URL]


def _start_worker(stop: threading.Event) -> threading.Thread | None:
    try:
        from steadfast.dispatch.worker import run_worker
    except ImportError:
        return None
    thread = threading.Thread(target=run_worker, kwargs={"stop": stop}, name="worker", daemon=True)
    thread.start()
    return thread
