"""Settings: message templates (manager+) with a live preview, the SMS segment count, unknown
variables named and refused, and a way back to the default text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from django.test import Client
from django.utils.html import escape

from steadfast.audit.models import AuditEvent
from steadfast.channels.default_templates import DEFAULT_TEMPLATES
from steadfast.channels.library import template_for, template_update
from steadfast.channels.models import MessageTemplate
from steadfast.firms.models import Firm, Role, User
from tests.conftest import make_user

NEW_SMS = (
    "Hi {{ lead.first_name }}, {{ firm.name }} here about your inquiry. Reply STOP to opt out."
)
CURLY_APOSTROPHE = "\u2019"  # not in GSM-7: a text with it is sent as UCS-2


@pytest.fixture
def mia(firm: Firm) -> User:
    """Lakeshore's intake manager."""
    return make_user(firm, "mia@lakeshore.example", Role.MANAGER)


@pytest.fixture
def first_sms(firm: Firm) -> MessageTemplate:
    return template_for(firm, "first_sms")


def url(template: MessageTemplate, suffix: str = "") -> str:
    return f"/settings/templates/{template.pk}/{suffix}"


def test_it_lists_every_template_with_its_channel_and_last_editor(
    as_user: Callable[[User], Client],
    mia: User,
    firm: Firm,
    first_sms: MessageTemplate,
    now: datetime,
):
    template_update(template=first_sms, body=NEW_SMS, actor=mia, now=now)

    page = as_user(mia).get("/settings/templates/").content.decode()

    for key, default in DEFAULT_TEMPLATES.items():
        assert f">{default['name']}</a>" in page and f">{key}</small>" in page
    row = page.split(">First text, after a missed call</a>")[1].split("</tr>")[0]
    assert "Text (SMS)" in row
    assert "Mia" in row  # the last editor
    assert "Built-in default, step 2" in row  # where it is used
    email_row = page.split(">First email</a>")[1].split("</tr>")[0]
    assert "default text" in email_row and "nobody yet" in email_row
    assert MessageTemplate.objects.filter(firm=firm).count() == len(DEFAULT_TEMPLATES)


def test_it_saves_an_edit_and_records_who_made_it(
    as_user: Callable[[User], Client], mia: User, first_sms: MessageTemplate
):
    response = as_user(mia).post(url(first_sms), {"body": NEW_SMS, "action": "save"})

    assert response.status_code == 302
    first_sms.refresh_from_db()
    assert first_sms.body == NEW_SMS
    assert first_sms.updated_by == mia
    event = AuditEvent.objects.get(action="template.updated")
    assert event.actor == mia and event.changes["changed"] == ["body"]


def test_it_refuses_an_unknown_variable_by_name_and_changes_nothing(
    as_user: Callable[[User], Client], mia: User, first_sms: MessageTemplate
):
    before = first_sms.body

    response = as_user(mia).post(
        url(first_sms), {"body": "Hi {{ lead.frist_name }}, call us.", "action": "save"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "unknown variable {{ lead.frist_name }} (did you mean {{ lead.first_name }}?)" in page
    assert "Nothing was changed" in page
    # What was typed stays in the form, to be fixed.
    assert "Hi {{ lead.frist_name }}, call us." in page
    assert MessageTemplate.objects.get(pk=first_sms.pk).body == before
    assert not AuditEvent.objects.filter(action="template.updated").exists()


def test_it_refuses_an_email_without_a_subject(
    as_user: Callable[[User], Client], mia: User, firm: Firm
):
    email = template_for(firm, "first_email")
    before = (email.subject, email.body)

    response = as_user(mia).post(
        url(email), {"subject": " ", "body": "Hello {{ lead.first_name }}", "html": ""}
    )

    assert response.status_code == 400
    assert "an email needs a subject" in response.content.decode()
    email.refresh_from_db()
    assert (email.subject, email.body) == before


def test_it_previews_the_text_for_a_sample_lead_with_its_segment_count(
    as_user: Callable[[User], Client], mia: User, first_sms: MessageTemplate
):
    client = as_user(mia)

    short = client.post(url(first_sms, "preview/"), {"body": NEW_SMS}).content.decode()
    assert "Hi Jane, Lakeshore Injury Law here about your inquiry." in short
    assert "1 segment</strong>" in short and "GSM-7 (160 per segment)" in short

    curly_text = f"{NEW_SMS} We{CURLY_APOSTROPHE}re here."
    curly = client.post(url(first_sms, "preview/"), {"body": curly_text})
    page = curly.content.decode()
    assert "2 segments</strong>" in page
    assert "UCS-2 (67 per segment)" in page
    assert f"“{CURLY_APOSTROPHE}”" in page  # named as the reason

    long = client.post(url(first_sms, "preview/"), {"body": "x" * 161}).content.decode()
    assert "2 segments</strong>" in long and "161 characters" in long
    assert MessageTemplate.objects.get(pk=first_sms.pk).body == first_sms.body  # not saved


def test_it_names_problems_in_the_preview_while_typing(
    as_user: Callable[[User], Client], mia: User, first_sms: MessageTemplate
):
    page = (
        as_user(mia)
        .post(url(first_sms, "preview/"), {"body": "Hi {{ lead.frist_name }}"})
        .content.decode()
    )

    assert "This cannot be saved yet" in page
    assert "unknown variable {{ lead.frist_name }} (did you mean {{ lead.first_name }}?)" in page
    assert 'id="segments"' not in page


def test_it_shows_the_html_of_an_email_in_a_locked_down_frame(
    as_user: Callable[[User], Client], mia: User, firm: Firm
):
    email = template_for(firm, "first_email")
    client = as_user(mia)

    panel = client.post(
        url(email, "preview/"),
        {"subject": "Your inquiry", "body": "Hi", "html": "<p>Hi <b>{{ lead.first_name }}</b></p>"},
    ).content.decode()
    assert f'src="/settings/templates/{email.pk}/preview.html?v=' in panel
    assert "<iframe" in panel and " sandbox " in panel

    frame = client.get(url(email, "preview.html"))
    assert frame.content.decode() == "<p>Hi <b>Jane</b></p>"
    assert "default-src 'none'" in frame["Content-Security-Policy"]
    assert "script-src" not in frame["Content-Security-Policy"]
    assert frame["X-Frame-Options"] == "SAMEORIGIN"


def test_it_opens_a_template_with_its_wording_and_the_variables_it_may_use(
    as_user: Callable[[User], Client], mia: User, first_sms: MessageTemplate
):
    page = as_user(mia).get(url(first_sms)).content.decode()

    assert escape(first_sms.body) in page  # in the text box, to edit
    assert "Hi Jane, this is Lakeshore Injury Law" in page  # the preview

    assert "{{ lead.first_name }}" in page
    assert "{{ firm.service_area }}" in page
    assert "The states the firm serves" in page


def test_it_resets_a_template_to_the_default_text_after_asking(
    as_user: Callable[[User], Client], mia: User, first_sms: MessageTemplate, now: datetime
):
    template_update(template=first_sms, body=NEW_SMS, actor=mia, now=now)
    client = as_user(mia)

    asked = client.post(url(first_sms), {"action": "reset"})
    assert "Replace your wording with the default text?" in asked.content.decode()
    assert MessageTemplate.objects.get(pk=first_sms.pk).body == NEW_SMS

    done = client.post(url(first_sms), {"action": "reset_confirm"})
    assert done.status_code == 302
    assert (
        MessageTemplate.objects.get(pk=first_sms.pk).body
        == DEFAULT_TEMPLATES["first_sms"]["body"].strip()
    )
    assert AuditEvent.objects.filter(action="template.updated").count() == 2


def test_it_keeps_agents_out_of_templates(
    as_user: Callable[[User], Client], bob: User, first_sms: MessageTemplate
):
    client = as_user(bob)
    before = first_sms.body

    assert client.get("/settings/templates/").status_code == 403
    assert client.get(url(first_sms)).status_code == 403
    assert client.post(url(first_sms), {"body": NEW_SMS}).status_code == 403
    assert client.post(url(first_sms), {"action": "reset_confirm"}).status_code == 403
    assert client.post(url(first_sms, "preview/"), {"body": NEW_SMS}).status_code == 403
    assert client.get(url(first_sms, "preview.html")).status_code == 403
    assert MessageTemplate.objects.get(pk=first_sms.pk).body == before


def test_it_answers_404_for_another_firms_template(
    as_user: Callable[[User], Client], charlie: User, first_sms: MessageTemplate
):
    client = as_user(charlie)
    before = first_sms.body

    assert client.get(url(first_sms)).status_code == 404
    assert client.post(url(first_sms), {"body": NEW_SMS}).status_code == 404
    assert client.post(url(first_sms), {"action": "reset_confirm"}).status_code == 404
    assert client.post(url(first_sms, "preview/"), {"body": NEW_SMS}).status_code == 404
    assert client.get(url(first_sms, "preview.html")).status_code == 404
    assert MessageTemplate.objects.get(pk=first_sms.pk).body == before
    # Charlie's own list is Harbor's templates, not Lakeshore's.
    page = client.get("/settings/templates/").content.decode()
    assert f"/settings/templates/{first_sms.pk}/" not in page


def test_a_preview_of_a_huge_text_is_refused_quickly_with_a_reason(
    as_user: Callable[[User], Client], mia: User, first_sms: MessageTemplate
):
    response = as_user(mia).post(url(first_sms, "preview/"), {"body": "{{ 'x'*5000000 }}"})

    page = response.content.decode()
    assert "this repetition would be 5,000,000 characters" in page
    assert len(page) < 200_000
