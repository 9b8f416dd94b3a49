"""The firm's templates: seeded from the default texts on first use, edited by staff."""

from __future__ import annotations

from datetime import datetime

import pytest

from steadfast.audit.models import AuditEvent
from steadfast.channels.default_templates import DEFAULT_TEMPLATES
from steadfast.channels.library import (
    TemplateInvalid,
    template_for,
    template_update,
    templates_seed,
)
from steadfast.channels.models import MessageTemplate
from steadfast.firms.models import Firm, User


def test_it_seeds_a_firms_template_from_the_default_text(firm: Firm) -> None:
    template = template_for(firm, "first_email")

    default = DEFAULT_TEMPLATES["first_email"]
    assert (template.channel, template.subject, template.body) == (
        "email",
        default["subject"],
        default["body"],
    )
    assert template_for(firm, "first_email").pk == template.pk


def test_it_keeps_each_firms_wording_apart(
    firm: Firm, other_firm: Firm, alice: User, now: datetime
) -> None:
    ours = template_for(firm, "first_sms")
    template_update(
        template=ours,
        body="Hi {{ lead.first_name }}, {{ firm.name }} here. Reply STOP to opt out.",
        actor=alice,
        now=now,
    )

    assert template_for(firm, "first_sms").body.startswith("Hi {{ lead.first_name }}, {{ firm")
    assert template_for(other_firm, "first_sms").body == DEFAULT_TEMPLATES["first_sms"]["body"]
    assert AuditEvent.objects.filter(action="template.updated", firm=firm).count() == 1


def test_it_refuses_wording_that_would_fail_when_sent(
    firm: Firm, alice: User, now: datetime
) -> None:
    template = template_for(firm, "first_email")
    before = template.body

    with pytest.raises(TemplateInvalid) as raised:
        template_update(
            template=template, subject="", body="Hi {{ lead.frist_name }}", actor=alice, now=now
        )

    assert "an email needs a subject" in raised.value.problems["subject"]
    assert "lead.first_name" in raised.value.problems["body"][0]  # suggests the right name
    assert MessageTemplate.objects.get(pk=template.pk).body == before


def test_it_seeds_every_default_once(firm: Firm) -> None:
    first = templates_seed(firm=firm)
    again = templates_seed(firm=firm)

    assert sorted(t.key for t in first) == sorted(DEFAULT_TEMPLATES)
    assert [t.pk for t in again] == [t.pk for t in first]


def test_it_knows_no_template_by_a_made_up_key(firm: Firm) -> None:
    with pytest.raises(KeyError):
        template_for(firm, "no_such_template")


def test_it_sends_the_new_wording_as_soon_as_a_template_is_edited(
    firm: Firm, other_firm: Firm, alice: User, capture, now: datetime
) -> None:
    from steadfast.dispatch.models import Touch
    from steadfast.engine.compose import outgoing

    lead = capture(phone="+13125550142")
    touch = Touch(firm=firm, lead=lead, channel="sms", template="first_sms", due_at=now)
    before = outgoing(touch=touch, lead=lead, now=now).body_text
    assert before.startswith("Hi Jane")
    template_update(
        template=template_for(firm, "first_sms"),
        body="Jane? {{ firm.name }} again, at the same moment. Reply STOP to opt out.",
        actor=alice,
        now=now,
    )

    after = outgoing(touch=touch, lead=lead, now=now).body_text

    assert after == "Jane? Lakeshore Injury Law again, at the same moment. Reply STOP to opt out."
    theirs = template_for(other_firm, "first_sms")
    assert theirs.body == DEFAULT_TEMPLATES["first_sms"]["body"]


def test_it_compiles_a_template_once_for_all_the_messages_that_use_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from steadfast.channels import templates

    compiled: list[str] = []
    real = templates._TEXT.from_string

    def counting(source: str, *args: object, **kwargs: object) -> object:
        compiled.append(source)
        return real(source)

    monkeypatch.setattr(templates._TEXT, "from_string", counting)
    source = "Hi {{ lead.first_name }}, counted once. Reply STOP to opt out."
    context = templates.sample_context()

    texts = {templates.render(source, {**context, "lead": {"first_name": n}}) for n in "ABC"}
    edited = templates.render(source.replace("counted", "edited"), context)

    assert texts == {f"Hi {n}, counted once. Reply STOP to opt out." for n in "ABC"}
    assert edited == "Hi Jane, edited once. Reply STOP to opt out."
    assert compiled == [source, source.replace("counted", "edited")]
