"""`steadfast serve`: the embedded mode.

Migrate, seed a demo firm, serve the web app and run the worker, in one process.

Stopping (SIGTERM, or Ctrl-C): the worker stops taking new touches and finishes the batch it
holds, the web server closes, the process exits 0. More SIGTERMs change nothing; a third Ctrl-C
forces the exit (steadfast.stopping).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from waitress.server import create_server

from steadfast import clock
from steadfast.commands import SteadfastCommand
from steadfast.demo import demo_fill
from steadfast.firms.models import Firm
from steadfast.firms.services import DEMO_ADMIN, DEMO_SLUG, demo_firm_seed
from steadfast.leads.models import Lead
from steadfast.stopping import TICK, install_stop_signals
from steadfast.wsgi import application

# Static files the pages load from node_modules (package.json).
FRONT_END = ("vendor/htmx/htmx.min.js",)
WORKER_FINISH_SECONDS = 30.0  # how long the worker may take to finish its batch
DEMO_HISTORY_LEADS, DEMO_HISTORY_DAYS = 300, 30


class Command(SteadfastCommand):
    help = (
        "Run the web app and the worker in one process (seeds the demo firm on first start)\n\n"
        "Migrates the database; on an empty one it creates the demo firm and its admin and "
        "prints the login. Ctrl-C stops both."
    )

    # Checked in handle, after the front-end packages (their absence is one clear line there).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
        )
        parser.add_argument(
            "--port", type=int, default=8000, help="port to listen on (default: 8000)"
        )
        # A burst of API posts is stored in batches of the requests in flight
        # (leads.services.lead_capture_together): more threads, bigger batches, less work a
        # lead. They share one interpreter, so more do not add CPU, only fewer waits.
        parser.add_argument(
            "--threads", type=int, default=32, help="web requests served at once (default: 32)"
        )
        parser.add_argument(
            "--no-seed",
            action="store_true",
            help="do not create the demo firm on an empty database",
        )
        parser.add_argument(
            "--demo-history",
            action="store_true",
            help=(
                "while the demo firm has no leads yet, first fill a month of history through "
                "the engine (as `steadfast demo` does; about a minute) so every report shows "
                "something"
            ),
        )

    def _say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        # First of all, so that a stop asked during the migrations is a clean stop too.
        stopper = install_stop_signals()
        missing = [path for path in FRONT_END if finders.find(path) is None]
        if missing:
            # Without them the pages load but never update live: refuse rather than mislead.
            raise CommandError(
                f"the front-end packages are missing ({', '.join(missing)}): run scripts/start, "
                "or npm ci in the checkout",
                returncode=2,
            )
        self.check()
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        if stopper.stop_requested:
            self.stdout.write("Stopped before serving.")
            return
        seeded = None if options["no_seed"] else demo_firm_seed(now=clock.now())
        if options["demo_history"]:
            demo_history_fill(self._say)
        if stopper.stop_requested:
            self.stdout.write("Stopped before serving.")
            return
        host, port = options["host"], options["port"]
        rate_limits_in_memory()
        server = web_server(host=host, port=port, threads=options["threads"])
        url = f"http://{host}:{port}/"
        _follow_address(host, port)
        self.stdout.write(f"Steadfast is running at {url}  (Ctrl-C stops it)")
        if seeded:
            firm, password = seeded
            self.stdout.write(f"Demo firm: {firm.name} (slug {firm.slug})")
            self.stdout.write(f"Log in at {url}login/ as {DEMO_ADMIN} with password {password}")
        if not options["demo_history"] and _empty_demo_firm() is not None:
            self.stdout.write(
                "No leads yet. To see every report full, stop and start once with "
                "--demo-history (scripts/start --demo-history)."
            )
        self.stdout.flush()

        # Tells the worker thread to stop. Set here, by the main loop, never by a signal
        # handler: Event.set() takes a lock the interrupted main thread may be holding.
        stop = threading.Event()
        web = threading.Thread(target=server.run, name="web", daemon=True)
        web.start()
        worker = _start_worker(stop)

        died = ""
        while not stopper.wait(TICK):
            died = _dead(web=web, worker=worker)
            if died:
                self.stderr.write(f"The {died} stopped on its own; stopping Steadfast.")
                break
        self.stdout.write("Stopping: the worker finishes its batch, the web server closes…")
        self.stdout.flush()
        stop.set()
        server.close()
        if worker is not None:
            worker.join(timeout=WORKER_FINISH_SECONDS)
            if worker.is_alive():
                self.stderr.write(
                    "The worker did not finish in time; its touches go back to the queue "
                    "when their lease runs out."
                )
        web.join(timeout=5)
        self.stdout.write("Stopped.")
        self.stdout.flush()
        if died:
            raise CommandError(f"the {died} stopped unexpectedly")


def demo_history_fill(write: Callable[[str], Any]) -> int:
    """`--demo-history`: a month of history for the demo firm while it has no leads (so a
    restart never adds a second one). Returns how many leads it added."""
    firm = _empty_demo_firm()
    if firm is None:
        write("The demo firm already has leads (or there is none): no demo history added.")
        return 0
    write(
        f"Filling {DEMO_HISTORY_LEADS} leads of history over {DEMO_HISTORY_DAYS} days "
        f"for {firm.name} (about a minute)…"
    )
    result = demo_fill(firm=firm, count=DEMO_HISTORY_LEADS, days=DEMO_HISTORY_DAYS, now=clock.now())
    write(f"{result.leads} leads and {result.touches} calls, texts and emails added.")
    return result.leads


def _empty_demo_firm() -> Firm | None:
    """The demo firm while it has no leads (the only firm on a database `serve` seeded)."""
    firm = Firm.objects.filter(slug=DEMO_SLUG).first()
    if firm is None or Lead.objects.filter(firm=firm).exists():
        return None
    return firm


def _dead(*, web: threading.Thread, worker: threading.Thread | None) -> str:
    if not web.is_alive():
        return "web server"
    if worker is not None and not worker.is_alive():
        return "worker"
    return ""


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


def rate_limits_in_memory() -> None:
    """This process serves every web request: the rate limits count in its memory, exactly
    (the count is never shared with another server) and without a database write per request.
    A Redis the operator configured (REDIS_URL) stays where they count."""
    if not settings.REDIS_URL:
        settings.STEADFAST_RATE_LIMIT_CACHE = "process"


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
        from steadfast.engine.worker import run_worker
    except ImportError:
        return None
    thread = threading.Thread(target=run_worker, kwargs={"stop": stop}, name="worker", daemon=True)
    thread.start()
    return thread
