"""The `steadfast` command (PRODUCT.md §5.1). Subcommands are Django management commands."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# `steadfast import` is a Python keyword as a module name; the command lives in import_leads.
ALIASES = {"import": "import_leads"}
# Processes that run until stopped: once they have shut down in order they leave at once,
# without the interpreter's final garbage collection of the whole application (seconds of CPU
# on a busy machine, during which a supervisor waits; see steadfast.stopping.leave).
LONG_RUNNING = {"serve", "worker", "web"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "steadfast"
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
        if argv[1] == "simulate":
            # A simulation never touches real data: it runs on a private in-memory database.
            os.environ["DATABASE_URL"] = "sqlite://:memory:"
        if argv[1] == "web":
            # Several gunicorn processes: each writes its metrics to a file in this directory
            # and /metrics adds them up. prometheus_client reads the variable when imported.
            var = Path(os.environ.get("STEADFAST_VAR_DIR") or Path.cwd() / "var")
            os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(var / "metrics"))
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        print(f"steadfast: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except SystemExit as exc:
        if len(argv) > 1 and argv[1] in LONG_RUNNING:
            _leave(exc.code)
        raise
    if len(argv) > 1 and argv[1] in LONG_RUNNING:
        _leave(0)


def _leave(code: object) -> None:
    from steadfast.stopping import leave

    leave(code if isinstance(code, int) else 0 if code is None else 1)


if __name__ == "__main__":
    main()
