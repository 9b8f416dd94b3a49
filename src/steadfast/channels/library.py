"""The firm's message templates: staff-editable rows, seeded from the default texts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from steadfast import clock
from steadfast.audit.services import audit_record
from steadfast.channels.default_templates import DEFAULT_TEMPLATES
from steadfast.channels.models import MessageTemplate, TemplateChannel
from steadfast.channels.templates import validate
from steadfast.errors import Refused
from steadfast.firms.models import Firm, User


def _defaults() -> Mapping[str, Mapping[str, Any]]:

    return DEFAULT_TEMPLATES


def template_name(key: str) -> str:
    """What people call template `key`: 'First text, after a missed call' for first_sms; a
    firm's own template by its key in words ('intake_followup' → 'Intake followup')."""
    default = _defaults().get(key)
    if default and default.get("name"):
        return str(default["name"])
    return key.replace("_", " ").strip().capitalize() or key


def _channel_of(key: str, default: Mapping[str, Any]) -> str:
    channel = str(default.get("channel") or "")
    if channel in TemplateChannel.values:
        return channel
    if default.get("subject"):
        return TemplateChannel.EMAIL
    return TemplateChannel.VOICEMAIL if "voicemail" in key else TemplateChannel.SMS


def template_for(firm: Firm, key: str) -> MessageTemplate:
    """The firm's template `key`; the default text becomes the firm's own on first use.

    Raises KeyError for a key that is neither the firm's nor a default.
    """
    found = MessageTemplate.objects.filter(firm=firm, key=key).first()
    if found is not None:
        return found
    default = _defaults()[key]
    try:
        with transaction.atomic():
            return MessageTemplate.objects.create(
                firm=firm,
                key=key,
                channel=_channel_of(key, default),
                subject=str(default.get("subject") or ""),
                body=str(default.get("body") or ""),
                html=str(default.get("html") or ""),
                updated_at=clock.now(),
            )
    except IntegrityError:
        # Seeded by another process at the same moment.
        return MessageTemplate.objects.get(firm=firm, key=key)


def templates_seed(*, firm: Firm) -> list[MessageTemplate]:
    """Every default template the firm lacks, created; the firm's whole list returned."""
    for key in _defaults():
        template_for(firm, key)
    return list(MessageTemplate.objects.filter(firm=firm).order_by("key"))


class TemplateInvalid(Refused):
    def __init__(self, problems: dict[str, list[str]]) -> None:
        self.problems = problems
        super().__init__(
            "; ".join(f"{part}: {', '.join(found)}" for part, found in problems.items())
        )


def template_update(
    *,
    template: MessageTemplate,
    body: str,
    subject: str = "",
    html: str = "",
    actor: User | None,
    now: datetime,
) -> MessageTemplate:
    """A person's new wording. Nothing is saved unless every part renders with the lead's
    variables; TemplateInvalid names each problem by part (subject, body, html)."""

    body, subject, html = body.strip(), subject.strip(), html.strip()
    problems: dict[str, list[str]] = {}
    if not body:
        problems["body"] = ["must not be empty"]
    if template.channel == TemplateChannel.EMAIL and not subject:
        problems["subject"] = ["an email needs a subject"]
    for part, source in (("subject", subject), ("body", body), ("html", html)):
        found = validate(source) if source else []
        if found:
            problems.setdefault(part, []).extend(found)
    if problems:
        raise TemplateInvalid(problems)
    changes = {
        part: True
        for part, new in (("subject", subject), ("body", body), ("html", html))
        if getattr(template, part) != new
    }
    template.subject, template.body, template.html = subject, body, html
    template.updated_by, template.updated_at = actor, now
    template.save(update_fields=["subject", "body", "html", "updated_by", "updated_at"])
    audit_record(
        firm=template.firm,
        at=now,
        action="template.updated",
        obj=template,
        actor=actor,
        changes={"key": template.key, "changed": sorted(changes)},
    )
    return template
