"""`steadfast serve` without the front-end packages refuses to start, saying what to run."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def test_it_refuses_to_start_without_the_front_end_packages(settings, tmp_path):
    settings.STATICFILES_DIRS = [("vendor/htmx", tmp_path / "node_modules" / "htmx.org" / "dist")]
    with pytest.raises(CommandError) as refused:
        call_command("serve", "--port", "0")
    assert refused.value.returncode == 2
    assert "front-end packages are missing" in str(refused.value)
    assert "scripts/start" in str(refused.value)
