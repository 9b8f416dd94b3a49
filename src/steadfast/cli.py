"""The `steadfast` command (PRODUCT.md §5.1). Subcommands are Django management commands.

`steadfast --help` lists Steadfast's own commands; Django's stay reachable (`steadfast help
--django`, or by name) but out of the way.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# `import` is a Python keyword, so the command's module is import_leads; both names work.
ALIASES = {"import": "import_leads"}
# Processes that run until stopped: once they have shut down in order they leave at once,
# without the interpreter's final garbage collection of the whole application (seconds of CPU
# on a busy machine, during which a supervisor waits; see steadfast.stopping.leave).
LONG_RUNNING = {"serve", "worker", "web"}

# What `steadfast --help` lists, in the order a newcomer meets them: (name, command module).
COMMANDS = (
    ("serve", "serve"),
    ("web", "web"),
    ("worker", "worker"),
    ("sources", "sources"),
    ("users", "users"),
    ("import", "import_leads"),
    ("simulate", "simulate"),
    ("demo", "demo"),
    ("dnc_import", "dnc_import"),
    ("retention", "retention"),
    ("integrations", "integrations"),
    ("rollups", "rollups"),
    ("returns", "returns"),
    ("backup", "backup"),
    ("restore", "restore"),
    ("rotate_keys", "rotate_keys"),
)
HELP_FLAGS = ("-h", "--help", "help")


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
        if len(argv) == 1 or (argv[1] in HELP_FLAGS and len(argv) == 2):
            _print_commands()
            return
        if argv[1] == "help" and argv[2:] == ["--django"]:
            argv = argv[:2]
        elif argv[1] == "help":
            argv[2] = ALIASES.get(argv[2], argv[2])
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


def command_summaries() -> list[tuple[str, str]]:
    """(name, first line of its help) for each of Steadfast's commands."""
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    apps = get_commands()
    summaries = []
    for name, module in COMMANDS:
        command = load_command_class(apps[module], module)
        summaries.append((name, str(command.help).split("\n")[0].strip()))
    return summaries


def _print_commands() -> None:
    summaries = command_summaries()
    width = max(len(name) for name, _ in summaries)
    lines = [
        "usage: steadfast COMMAND [options]",
        "",
        "Lead intake and follow-up for law firms. Commands:",
        "",
        *(f"  {name.ljust(width)}  {text}" for name, text in summaries),
        "",
        "`steadfast COMMAND --help` explains a command's options; --firm SLUG may be left out",
        "while there is one firm. Django's own commands: `steadfast help --django`.",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
