"""The engine is one package with one-way dependencies, and every touch is created by one
function (docs/engine.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from steadfast.dispatch.models import Direction, Touch, TouchChannel, TouchState
from steadfast.engine import planner

SRC = Path(__file__).resolve().parents[2] / "src" / "steadfast"


def test_the_import_contracts_hold():
    """Edges call the engine, the engine calls the apps, never the other way round."""
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--no-cache"], cwd=SRC.parents[1], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout


def test_no_module_but_the_planner_writes_touches():
    writers = (
        "Touch.objects.create(",
        "Touch.objects.bulk_create(",
        "Touch.objects.get_or_create(",
    )
    found = [
        f"{path.relative_to(SRC)}: {needle}"
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts and path.name != "planner.py"
        for needle in writers
        if needle in path.read_text(encoding="utf-8")
    ]
    assert found == []


def test_a_touch_must_begin_planned_or_received_and_say_why(capture, now):
    lead = capture(phone="3125550100")
    common = {"firm_id": lead.firm_id, "lead": lead, "channel": TouchChannel.SMS, "due_at": now}
    with pytest.raises(ValueError, match="cannot begin sent"):
        planner.touch_add(
            **common, direction=Direction.OUT, state=TouchState.SENT, reason="x", created_at=now
        )
    with pytest.raises(ValueError, match="cannot begin planned"):
        planner.touch_add(
            **common, direction=Direction.IN, state=TouchState.PLANNED, reason="x", created_at=now
        )
    with pytest.raises(ValueError, match="say why"):
        planner.touch_add(
            **common, direction=Direction.OUT, state=TouchState.PLANNED, created_at=now
        )
    before = Touch.objects.count()
    touch = planner.touch_add(
        **common, direction=Direction.OUT, state=TouchState.PLANNED, reason="test", created_at=now
    )
    assert touch.pk is not None and Touch.objects.count() == before + 1
