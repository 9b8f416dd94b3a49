"""`steadfast simulate FILE.yaml [--json]` (PRODUCT.md §5.4)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandParser
from django.db import connection

from steadfast.cadences.compare import MODES, compare, format_text
from steadfast.cadences.scenario import ScenarioError, load_scenario
from steadfast.cadences.simulation import simulate
from steadfast.commands import SteadfastCommand


class Command(SteadfastCommand):
    help = (
        "Run a scenario through the real engine on a virtual clock (see examples/)\n\n"
        "Nothing is written to the database; a bad file is one line naming what is wrong, "
        "and exit status 2."
    )
    # A simulation runs on a private database of its own: the deployment checks tell nothing.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="the scenario YAML file (PRODUCT.md §5.4; examples/ has some)"
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="print the result as JSON only (each lead's touches and a summary)",
        )
        parser.add_argument(
            "--compare",
            nargs=2,
            metavar="MODE",
            help="run the population under two call timings and compare them: "
            "default (the cadence's fixed rule) and learned, e.g. --compare default learned",
        )
        parser.add_argument(
            "--seeds",
            type=int,
            default=None,
            metavar="K",
            help="with --compare: how many seeds (runs per mode; default 3)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self._fail(f"{path}: cannot read the scenario file ({exc.__class__.__name__})")
        try:
            scenario = load_scenario(text)
        except ScenarioError as exc:
            self._fail(f"{path}: {exc}")
        if options["compare"]:
            modes = options["compare"]
            for mode in modes:
                if mode not in MODES:
                    self._fail(f"--compare: {mode!r} is not a timing: use default or learned")
            seeds = 3 if options["seeds"] is None else options["seeds"]
            if not 1 <= seeds <= 100:
                self._fail("--seeds: give a number of seeds from 1 to 100")
            prepare_database()
            compared = compare(scenario, modes, seeds=seeds)
            if options["json"]:
                self.stdout.write(json.dumps(compared, indent=1))
            else:
                for line in format_text(compared):
                    self.stdout.write(line)
            return
        if options["seeds"] is not None:
            self._fail("--seeds: only with --compare")
        prepare_database()
        result = simulate(scenario)
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=1))
            return
        for lead in result["leads"]:
            reason = f" ({lead['status_reason']})" if lead["status_reason"] else ""
            self.stdout.write(f"{lead['ref']}: {lead['status']}{reason}")
            for t in lead["touches"]:
                step = f"step {t['step']}" if t["step"] else "—"
                self.stdout.write(
                    f"  {t['at'][:16].replace('T', ' ')}  {t['direction']:3} "
                    f"{t['channel']:14} {step:7} {t['outcome']:12} {t['rule']}"
                )
        self.stdout.write("summary: " + ", ".join(f"{k} {v}" for k, v in result["summary"].items()))

    def _fail(self, message: str) -> None:
        sys.stderr.write(message + "\n")
        raise SystemExit(2)


def prepare_database() -> None:
    """The schema, ready. An in-memory database (what `steadfast simulate` runs on) is copied
    from a prepared SQLite file made by migrating once and kept under STEADFAST_VAR_DIR/cache,
    named by a hash of every migration; any other database is migrated as usual."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():  # type: ignore[attr-defined]
        call_command("migrate", interactive=False, verbosity=0)
        return
    prepared = Path(settings.VAR_DIR) / "cache" / f"simulate-schema-{_migrations_key()}.sqlite3"
    connection.ensure_connection()
    live = connection.connection
    if prepared.exists():
        try:
            with sqlite3.connect(prepared) as source:
                source.backup(live)
            return
        except sqlite3.DatabaseError:
            pass  # unreadable (cut short, say): made afresh below
    call_command("migrate", interactive=False, verbosity=0)
    try:
        prepared.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=prepared.parent, suffix=".partial")
        os.close(handle)
        with sqlite3.connect(partial) as target:
            live.backup(target)
        target.close()
        os.replace(partial, prepared)
    except OSError:
        pass  # a read-only var folder: migrate on every run instead


def _migrations_key() -> str:
    """Changes whenever a migration of any installed app (Django's own included) changes."""
    digest = hashlib.sha256(django.get_version().encode())
    for app in sorted(apps.get_app_configs(), key=lambda a: a.label):
        for path in sorted((Path(app.path) / "migrations").glob("*.py")):
            digest.update(f"{app.label}/{path.name}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
