"""A lead's own contact hours, from what they wrote ("only after 5 pm", "not at work").

A reply that limits when to call or text without ending contact is a partial revocation
(FCC 24-24: consent may be revoked in part, by any reasonable means): those hours are off for
this lead. The window is a list of blocked spans of the lead-local day, each on some weekdays,
for some channels (a call's limit also holds for a voicemail drop; email is never held). The
timing function (engine.timing) treats it as one more rule, so every planned touch, a text
that waited through an outage and a person's manual send all obey it.

`window_from_text` reads the common ways people say it, in English and Spanish; a phrase it
does not know leaves the reply to a person, as any other reply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from steadfast.compliance.optout_text import drop_quoted_and_signature, strip_accents

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKDAYS = frozenset(WEEKDAYS[:5])
EVERY_DAY = frozenset(WEEKDAYS)
END_OF_DAY = time.max
WORK_HOURS = (time(9), time(17))  # "not at work": a working day's usual hours


@dataclass(frozen=True)
class Span:
    """Blocked: from `start` to `end` (lead-local) on these weekdays."""

    days: frozenset[str]
    start: time
    end: time

    def holds(self, local: datetime) -> bool:
        day = WEEKDAYS[local.weekday()]
        return day in self.days and self.start <= local.time() < self.end

    def describe(self) -> str:
        days = "" if self.days == EVERY_DAY else f" on {_days(self.days)}"
        if self.start == time(0):
            return f"not before {self.end:%H:%M}{days}"
        if self.end == END_OF_DAY:
            return f"not after {self.start:%H:%M}{days}"
        return f"not {self.start:%H:%M} to {self.end:%H:%M}{days}"


def _days(days: frozenset[str]) -> str:
    if days == WORKDAYS:
        return "weekdays"
    if days == EVERY_DAY - WORKDAYS:
        return "weekends"
    return ", ".join(d for d in WEEKDAYS if d in days)


@dataclass(frozen=True)
class ContactWindow:
    blocked: tuple[Span, ...]
    channels: frozenset[str]  # "call" and/or "sms"
    text: str = ""  # the person's words

    def applies_to(self, kind: str) -> bool:
        return ("call" if kind == "voicemail_drop" else kind) in self.channels

    def span_at(self, local: datetime) -> Span | None:
        """The blocked span `local` (a lead-local wall time) falls in, if any."""
        return next((s for s in self.blocked if s.holds(local)), None)

    def describe(self) -> str:
        channels = " and ".join(
            {"call": "calls", "sms": "texts"}[c] for c in ("call", "sms") if c in self.channels
        )
        return f"{channels}: " + "; ".join(s.describe() for s in self.blocked)

    def to_json(self) -> dict[str, Any]:
        return {
            "channels": sorted(self.channels),
            "blocked": [
                {
                    "days": [d for d in WEEKDAYS if d in s.days],
                    "start": s.start.strftime("%H:%M"),
                    "end": "24:00" if s.end == END_OF_DAY else s.end.strftime("%H:%M"),
                }
                for s in self.blocked
            ],
            "text": self.text,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> ContactWindow | None:
        if not data or not data.get("blocked"):
            return None
        spans = []
        for span in data["blocked"]:
            end = END_OF_DAY if span["end"] == "24:00" else time.fromisoformat(span["end"])
            spans.append(Span(frozenset(span["days"]), time.fromisoformat(span["start"]), end))
        return cls(tuple(spans), frozenset(data.get("channels") or ("call", "sms")), data["text"])


# --- reading it from a reply --------------------------------------------------------------

_CLOCK = (
    r"(?:(?P<{n}h>\d{{1,2}})(?:[:.](?P<{n}m>\d{{2}}))?\s*(?P<{n}ap>a\.?\s?m\.?|p\.?\s?m\.?)?"
    r"|(?P<{n}noon>noon|midday|mediodia))"
)
_T1, _T2 = _CLOCK.format(n="a"), _CLOCK.format(n="b")
_LAS = r"(?:(?:las|la|the)\s+)?"
_AFTER = re.compile(rf"\b(?:after|past|despues de|a partir de)\s+{_LAS}{_T1}(?![\d:])")
_BEFORE = re.compile(rf"\b(?:before|until|till|til|antes de)\s+{_LAS}{_T1}(?![\d:])")
_BETWEEN = re.compile(rf"\b(?:between|entre)\s+{_LAS}{_T1}\s+(?:and|y|to|-)\s+{_LAS}{_T2}")
_AT_WORK = re.compile(
    r"\b(?:at work|while i(?: am|m)? (?:at )?work(?:ing)?|during work(?:ing)?(?: hours)?"
    r"|during (?:the )?(?:work ?day|business hours)|work hours|al trabajo|en el trabajo"
    r"|en horas? de trabajo)\b"
)
_NIGHT = re.compile(r"\b(?:at night|late at night|nights|so late|too late|de noche|en la noche)\b")
_EARLY = re.compile(r"\b(?:so early|too early|early in the morning|tan temprano|muy temprano)\b")
_EVENINGS = re.compile(r"\b(?:evenings?|in the evening|por la tarde|en la tarde)\b")
_MORNINGS = re.compile(r"\b(?:mornings?|in the morning|por la manana|en la manana)\b")
_WEEKENDS = re.compile(r"\b(?:weekends?|fines? de semana)\b")
# The wording that makes it a limit rather than a wish: a negation, or "only".
_LIMIT = re.compile(
    r"\b(?:do not|dont|don't|not|no|never|stop(?! by| in| over| at)|quit|only|just|solo"
    r"|solamente|nunca|no me|no llamen)\b"
)
# "only text after work": the working day is off.
_AFTER_WORK = re.compile(
    r"\b(?:after work|after i get off(?: work)?|after i (?:am|m) off(?: work)?|after my shift"
    r"|despues del trabajo|saliendo del trabajo|cuando salga del trabajo)\b"
)
_ASKS = re.compile(
    r"\b(?:call|text|reach|contact|email|message|available|free|best time|llam\w*|escrib\w*"
    r"|disponible|mejor hora|works?|is (?:good|fine|better|best)|better|good time)\b"
)
_CALLS = re.compile(r"\b(?:call|calls|calling|phone|ring|llam\w*)\b")
_TEXTS = re.compile(r"\b(?:text|texts|texting|txt|sms|message|messages|escrib\w*|mensaj\w*)\b")


def _clock(m: re.Match[str], n: str, *, after: bool, limit: bool) -> time | None:
    if m[f"{n}noon"]:
        return time(12)
    hour, minute = int(m[f"{n}h"]), int(m[f"{n}m"] or 0)
    suffix = (m[f"{n}ap"] or "").replace(".", "").replace(" ", "")
    if hour > 23 or minute > 59:
        return None
    if suffix == "pm" and hour < 12:
        hour += 12
    elif suffix == "am" and hour == 12:
        hour = 0
    elif not suffix and 1 <= hour <= 7:
        hour += 12  # "after 5": people mean the afternoon; nobody asks for 5 a.m.
    elif not suffix and 8 <= hour <= 11 and after and limit:
        hour += 12  # "no calls after 9": the evening
    return time(hour, minute)


def window_from_text(text: str) -> tuple[ContactWindow | None, bool]:
    """The contact window a reply asks for, and whether it is a limit ("don't call before 5",
    "only after 5 pm") rather than a wish ("call me after 5")."""
    plain = strip_accents(drop_quoted_and_signature(text)).lower()
    for clause in re.split(r"[.!?;,\n]+|\bbut\b|\bpero\b", plain):
        found = _spans(clause)
        if found is None:
            continue
        spans, limit = found
        calls, texts = bool(_CALLS.search(clause)), bool(_TEXTS.search(clause))
        channels = frozenset(
            (["call"] if calls or not texts else []) + (["sms"] if texts or not calls else [])
        )
        return ContactWindow(tuple(spans), channels, text.strip()[:300]), limit
    return None, False


def _spans(clause: str) -> tuple[list[Span], bool] | None:
    limit = bool(_LIMIT.search(clause))
    day = EVERY_DAY
    if m := _BETWEEN.search(clause):
        start = _clock(m, "a", after=False, limit=False)
        end = _clock(m, "b", after=True, limit=False)
        if start and end and start < end:
            return [Span(day, time(0), start), Span(day, end, END_OF_DAY)], limit
    negated_before = re.search(r"\b(?:not|no|never|do not|dont|don't|nunca)\b", clause)
    visit = re.search(r"\b(?:stop|come|drop|swing) (?:by|in|over)\b|\bvisit\b|\bpasar\b", clause)
    if not limit and (not _ASKS.search(clause) or (visit and not _CALLS.search(clause))):
        return None  # "I'll stop by after 4": a time, not contact hours
    if m := _AFTER.search(clause):
        at = _clock(m, "a", after=True, limit=bool(negated_before))
        if at is None:
            return None
        # "no calls after 8": blocked from then; "only after 5", "call me after 5": until then.
        no_after = negated_before and negated_before.start() < m.start() and "only" not in clause
        if no_after:
            return [Span(day, at, END_OF_DAY)], True
        return [Span(day, time(0), at)], limit
    if m := _BEFORE.search(clause):
        at = _clock(m, "a", after=False, limit=limit)
        if at is None:
            return None
        if negated_before and negated_before.start() < m.start():
            return [Span(day, time(0), at)], True  # "don't call before 5", "not before noon"
        return [Span(day, at, END_OF_DAY)], limit  # "call me before 3"
    contact = bool(_CALLS.search(clause) or _TEXTS.search(clause))  # not "too late to file"
    if _AFTER_WORK.search(clause) and contact:
        return [Span(WORKDAYS, *WORK_HOURS)], limit  # "only text after work", "call after work"
    if not limit:
        if _EVENINGS.search(clause) and _ASKS.search(clause):
            return [Span(day, time(0), time(17))], False  # "best time is evenings"
        return None
    if _AT_WORK.search(clause) and (contact or len(clause.split()) <= 5):
        return [Span(WORKDAYS, *WORK_HOURS)], True  # not "me lastime en el trabajo y no..."
    if _NIGHT.search(clause) and contact:
        return [Span(day, time(20), END_OF_DAY)], True
    if _EARLY.search(clause) and contact:
        return [Span(day, time(0), time(10))], True
    negated = bool(re.search(r"\b(?:not|no|never|do not|dont|don't|nunca)\b", clause))
    if negated and re.search(r"\b(?:during the day|daytime|in the day)\b", clause):
        return [Span(day, time(9), time(17))], True  # "not during the day, I work"
    if negated and contact and _MORNINGS.search(clause):
        return [Span(day, time(0), time(12))], True  # "don't call in the morning"
    if negated and contact and _EVENINGS.search(clause):
        return [Span(day, time(17), END_OF_DAY)], True  # "no texts in the evening"
    if negated and contact and _WEEKENDS.search(clause):
        return [Span(EVERY_DAY - WORKDAYS, time(0), END_OF_DAY)], True  # "not on weekends"
    if re.search(r"\bonly\b", clause) and _EVENINGS.search(clause):
        return [Span(day, time(0), time(17))], True
    if re.search(r"\bonly\b", clause) and _MORNINGS.search(clause):
        return [Span(day, time(12), END_OF_DAY)], True
    if re.search(r"\bonly\b", clause) and re.search(r"\b(?:weekdays?|entre semana)\b", clause):
        return [Span(EVERY_DAY - WORKDAYS, time(0), END_OF_DAY)], True  # "only on weekdays"
    if re.search(r"\bonly\b", clause) and _WEEKENDS.search(clause):
        return [Span(WORKDAYS, time(0), END_OF_DAY)], True
    return None
