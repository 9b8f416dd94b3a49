"""A suppression is added once per firm, channel and address: the first reason stands, and
only its adding is audited."""

from __future__ import annotations

import pytest

from steadfast.audit.models import AuditEvent
from steadfast.compliance.models import Suppression
from steadfast.compliance.services import suppression_add

pytestmark = pytest.mark.django_db


def test_a_suppression_is_added_once_and_the_first_reason_stands(jane, now):
    first = suppression_add(
        lead=jane, channel="sms", reason=Suppression.Reason.OPT_OUT, now=now, evidence={"a": 1}
    )
    again = suppression_add(lead=jane, channel="sms", reason=Suppression.Reason.DEAD, now=now)

    assert first is not None and again is not None and again.pk == first.pk
    stored = Suppression.objects.get(firm=jane.firm, channel="sms", value="+13125550142")
    assert (stored.reason, stored.lead, stored.evidence) == ("opt_out", jane, {"a": 1})
    assert AuditEvent.objects.filter(action="suppression.added").count() == 1


def test_a_lead_without_that_address_is_not_suppressed(capture, now):
    no_email = capture(first_name="Kim", phone="+1 312 555 0143", state="IL")

    assert suppression_add(lead=no_email, channel="email", reason="opt_out", now=now) is None
    assert not Suppression.objects.exists()
