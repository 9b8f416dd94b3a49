"""`steadfast web`: the web tier for scale-out, served by gunicorn."""

from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser
from gunicorn.app.base import BaseApplication

from steadfast.commands import SteadfastCommand
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
        _Gunicorn(
            {
                "bind": f"{options['host']}:{options['port']}",
                "workers": options["workers"],
                "accesslog": "-",
            }
        ).run()
