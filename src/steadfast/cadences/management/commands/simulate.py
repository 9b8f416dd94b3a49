"""`steadfast simulate FILE.yaml [--json]` (PRODUCT.md §5.4)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser

from steadfast.cadences.scenario import ScenarioError, load_scenario
from steadfast.cadences.simulation import simulate
from steadfast.commands import SteadfastCommand


class Command(SteadfastCommand):
    help = (
        "Run a scenario through the real engine on a virtual clock (see examples/)\n\n"
        "Nothing is written to the database; a bad file is one line naming what is wrong, "
        "and exit status 2."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="the scenario YAML file (PRODUCT.md §5.4; examples/ has some)"
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="print the result as JSON only (each lead's touches and a summary)",
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
        call_command("migrate", interactive=False, verbosity=0)
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
