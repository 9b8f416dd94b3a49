"""Counting every row a lead capture writes, to prove that a refused request stored nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from steadfast.audit.models import AuditEvent
from steadfast.compliance.models import ConsentRecord
from steadfast.dispatch.models import Touch
from steadfast.leads.models import Lead, StatusChange, ValidityCheck


@pytest.fixture
def stored(db: None) -> Callable[[], dict[str, int]]:
    """How many rows of each kind a lead capture writes exist right now."""

    def counts() -> dict[str, int]:
        models = (Lead, ValidityCheck, StatusChange, ConsentRecord, AuditEvent, Touch)
        return {model.__name__: model.objects.count() for model in models}

    return counts
