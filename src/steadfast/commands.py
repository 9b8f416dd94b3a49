"""The base of Steadfast's own commands: their --help shows their options, not Django's."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from django.core.management.base import BaseCommand, CommandParser, DjangoHelpFormatter

# Django's options stay accepted (scripts may pass -v 0) but are left out of --help.
DJANGO_OPTIONS = {
    "--version",
    "-v",
    "--verbosity",
    "--settings",
    "--pythonpath",
    "--traceback",
    "--no-color",
    "--force-color",
    "--skip-checks",
}


class _HelpFormatter(DjangoHelpFormatter):
    """Keeps the paragraphs of a command's description (argparse would join them)."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n\n".join(
            textwrap.fill(paragraph, width, initial_indent=indent, subsequent_indent=indent)
            for paragraph in text.split("\n\n")
        )


class SteadfastCommand(BaseCommand):
    #: The name a person types, when it differs from the module's (`import` → import_leads).
    name = ""
    suppressed_base_arguments = DJANGO_OPTIONS

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        parser = super().create_parser(prog_name, self.name or subcommand, **kwargs)
        for action in parser._actions:
            if set(action.option_strings) & DJANGO_OPTIONS:
                action.help = argparse.SUPPRESS
        return parser
