"""`steadfast --help` lists Steadfast's own commands, and every option is explained."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest
from django.core.management import get_commands, load_command_class

from steadfast.cli import COMMANDS


def steadfast(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "steadfast", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_help_lists_steadfasts_commands_with_one_line_each_and_not_djangos():
    done = steadfast("--help")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for name, _ in COMMANDS:
        [line] = [line for line in lines if line.startswith(f"  {name} ")]
        assert len(line.split(maxsplit=1)[1]) > 20  # a real description
    for django_command in ("startapp", "flush", "squashmigrations", "import_leads"):
        assert django_command not in done.stdout
    assert "steadfast help --django" in done.stdout


def test_import_is_the_command_the_readme_names():
    done = steadfast("import", "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: steadfast import ")
    assert "Exit status: 0 when every row was imported, 1 when some rows were rejected" in (
        " ".join(done.stdout.split())
    )


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _parsers(sub)
    return found


@pytest.mark.parametrize("module", [module for _, module in COMMANDS])
def test_every_option_is_explained(module: str):
    command = load_command_class(get_commands()[module], module)
    unexplained = []
    for parser in _parsers(command.create_parser("steadfast", module)):
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
                continue
            if action.help == argparse.SUPPRESS:
                continue
            if not action.help:
                unexplained.append(f"{parser.prog}: {action.dest}")
    assert unexplained == []
    help_text = command.create_parser("steadfast", module).format_help()
    assert "--settings" not in help_text and "--traceback" not in help_text
