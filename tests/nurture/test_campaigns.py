"""Campaigns: one email to a segment of the nurture list, planned in bulk, spread at a rate
and at lead-local hours, sent through the dispatcher like every other touch."""

from __future__ import annotations

import itertools
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from steadfast.compliance.models import Suppression
from steadfast.compliance.services import suppression_add
from steadfast.dispatch.models import Touch, TouchState
from steadfast.engine.campaigns import CampaignInput, CampaignInvalid, campaign_create
from steadfast.nurture import selectors
from tests.nurture.conftest import run_until

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")


def _leads(in_nurture, n, first=0, **fields):
    return [
        in_nurture(
            first_name=f"Lead{i}",
            phone=f"+1 312 555 {1000 + i:04d}",
            email=f"lead{i}@example.com",
            enroll=False,
            **fields,
        )
        for i in range(first, first + n)
    ]


def _input(now, **overrides):
    fields = {
        "name": "Spring update",
        "subject": "News from {{ firm.name }}",
        "body": "Hi {{ lead.first_name }}, talk to us: {{ talk_url }}",
        "starts_at": now,
        "rate_per_hour": 4,
        "hour_from": 9,
        "hour_to": 11,
    }
    fields.update(overrides)
    return CampaignInput(**fields)


def test_it_spreads_the_segment_at_the_rate_inside_lead_local_hours(in_nurture, firm, now):
    leads = _leads(in_nurture, 10)
    campaign = campaign_create(firm=firm, data=_input(now), actor=None, now=now)
    assert campaign.planned == 10
    dues = sorted(
        Touch.objects.filter(template=campaign.template_key).values_list("due_at", flat=True)
    )
    # 4 an hour, 09:00-11:00 lead-local: the frozen Monday is 10:00, so 4 before 11:00,
    # 8 on Tuesday, and the rest on Wednesday morning.
    local = [d.astimezone(CHICAGO) for d in dues]
    assert all(9 <= t.hour < 11 for t in local)
    assert [t.day for t in local] == [2] * 4 + [3] * 6
    assert all(b - a >= timedelta(minutes=15) for a, b in itertools.pairwise(dues))
    run_until(now + timedelta(days=3))
    sent = Touch.objects.filter(template=campaign.template_key, state=TouchState.SENT)
    assert sent.count() == 10
    one = sent.get(lead=leads[0])
    assert one.subject == "News from Lakeshore Injury Law"
    assert "/n/" in one.content
    assert selectors.campaign_counts(campaign=campaign).sent == 10


def test_it_sends_only_to_the_segment_and_never_to_a_suppressed_address(in_nurture, firm, now):
    [kept, unsubscribed] = _leads(in_nurture, 2, practice_area="workers_comp")
    _leads(in_nurture, 1, first=2, practice_area="medical_malpractice")
    suppression_add(lead=unsubscribed, channel="email", now=now, reason=Suppression.Reason.OPT_OUT)
    campaign = campaign_create(
        firm=firm, data=_input(now, practice_area="workers_comp"), actor=None, now=now
    )
    planned = set(
        Touch.objects.filter(template=campaign.template_key).values_list("lead_id", flat=True)
    )
    assert planned == {kept.pk}


def test_months_in_nurture_counts_from_the_move_to_nurture(in_nurture, firm, now):
    _leads(in_nurture, 2)
    campaign = campaign_create(
        firm=firm, data=_input(now, min_months_in_nurture=3), actor=None, now=now
    )
    assert campaign.planned == 0
    later = now + timedelta(days=100)
    campaign = campaign_create(
        firm=firm,
        data=_input(later, name="Later", min_months_in_nurture=3),
        actor=None,
        now=later,
    )
    assert campaign.planned == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": " "}, "name"),
        ({"subject": "Hi {{ lead.nickname }}"}, "subject"),
        ({"body": ""}, "body"),
        ({"rate_per_hour": 0}, "rate_per_hour"),
        ({"hour_from": 6}, "hours"),
        ({"state": "Illinois"}, "state"),
        ({"source_id": 999999}, "source"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_plans_nothing(
    in_nurture, firm, now, overrides, field
):
    _leads(in_nurture, 1)
    with pytest.raises(CampaignInvalid) as refused:
        campaign_create(firm=firm, data=_input(now, **overrides), actor=None, now=now)
    assert field in refused.value.problems
    assert not Touch.objects.filter(template__startswith="campaign:").exists()
