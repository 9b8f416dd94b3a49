"""Small display helpers: times in a named zone, readable codes, badge colours."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

import phonenumbers
from django import template

from steadfast.channels.library import template_name
from steadfast.channels.templates import practice_phrase
from steadfast.web.wording import arrived_in_words, matter_in_words

register = template.Library()


@register.filter
def arrived_words(lead: Any, now: datetime) -> str:
    """When the lead reached out, as the agent says it: 'a few minutes ago', 'yesterday evening'."""
    return arrived_in_words(arrived=lead.arrived_at, now=now, zone=lead.timezone or "UTC")


@register.filter
def template_title(key: str) -> str:
    """A message template as people call it: 'First text, after a missed call'."""
    return template_name(key)


@register.filter
def practice_name(practice_area: str) -> str:
    """'auto_accident' → 'car accident', as the firm's settings and the script say it."""
    return practice_phrase(practice_area) if practice_area else ""


@register.filter
def matter_words(practice_area: str) -> str:
    """'a personal injury matter'."""
    return matter_in_words(practice_area)


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


@register.filter
def in_zone(value: datetime | None, zone: str) -> str:
    """'Mon 2 Mar 10:05 CST' in the given zone."""
    if not isinstance(value, datetime):
        return ""
    local = value.astimezone(_zone(zone))
    return f"{local:%a} {local.day} {local:%b %H:%M %Z}"


@register.filter
def clock_in_zone(value: datetime | None, zone: str) -> str:
    """'10:05 CST' in the given zone."""
    if not isinstance(value, datetime):
        return ""
    local = value.astimezone(_zone(zone))
    return f"{local:%H:%M %Z}"


@register.filter
def humanize_code(value: Any) -> str:
    """'no_answer' → 'no answer'."""
    return str(value or "").replace("_", " ")


BADGES = {
    "valid": "ok",
    "invalid": "bad",
    "unknown": "warn",
    "missing": "muted",
    "new": "info",
    "contacting": "info",
    "engaged": "ok",
    "qualified": "ok",
    "signed": "ok",
    "declined": "muted",
    "nurture": "muted",
    "opted_out": "bad",
    "planned": "info",
    "sending": "info",
    "sent": "ok",
    "failed": "bad",
    "cancelled": "muted",
    "received": "ok",
    "done": "ok",
    "skipped": "muted",
    "waiting": "muted",
    "ended": "muted",
    "connected": "ok",
    "voicemail": "info",
    "no_answer": "muted",
    "replied": "ok",
    "delivered": "ok",
    "bounced": "bad",
    "undelivered": "bad",
    "disconnected": "bad",
    "wrong_person": "bad",
}


@register.filter
def badge(value: Any) -> str:
    return BADGES.get(str(value), "muted")


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def plain(value: Any) -> str:
    """Evidence values for people: lists joined, nested dicts flattened, None as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(plain(v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{humanize_code(k)}: {plain(v)}" for k, v in value.items()) or "—"
    return str(value)


@register.filter
def phone(value: Any) -> str:
    """'+13125550142' → '(312) 555-0142'; other countries in international form."""
    text = str(value or "")
    if not text.startswith("+"):
        return text
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return text
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 1
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)
