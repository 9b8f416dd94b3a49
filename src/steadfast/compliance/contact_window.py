"""A lead's own contact hours, from what they wrote ("only after 5 pm", "not at work").

A reply that limits when to call or text without ending contact is a partial revocation
(FCC 24-24: consent may be revoked in part, by any reasonable means): those hours are off for
this lead. The window is a list of blocked spans of the lead-local day, each on some weekdays,
for some channels (a call's limit also holds for a voicemail drop; email is never held). The
timing function (engine.timing) treats it as one more rule, so every planned touch, a text
that waited through an outage and a person's manual send all obey it.

`window_from_text` reads the common ways people say it, in English and Spanish — hours ("only
after 5 pm", "don't call between 9 and 5"), parts of the day, and days of the week alone or
with hours ("not on Saturdays", "Monday through Friday between 7 and 3", "solo los fines de
semana"); a phrase it does not know leaves the reply to a person, as any other reply.
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
        if self.start == time(0) and self.end == END_OF_DAY:
            return f"not{days}"
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
# "quit on me after 8 months", "antes de 2 semanas": a length of time, not an hour of the day.
_NOT_HOUR = (
    r"(?!\s*(?:months?|years?|yrs?|weeks?|wks?|days?|hours?|hrs?|minutes?|mins?|times|x\b"
    r"|meses|mes|anos|semanas|dias|horas|minutos|veces))"
)
_AFTER = re.compile(rf"\b(?:after|past|despues de|a partir de)\s+{_LAS}{_T1}(?![\d:]){_NOT_HOUR}")
_BEFORE = re.compile(rf"\b(?:before|until|till|til|antes de)\s+{_LAS}{_T1}(?![\d:]){_NOT_HOUR}")
_BETWEEN = re.compile(
    rf"\b(?:between|entre|from|de)\s+{_LAS}{_T1}\s*(?:and|y|to|-|a|until|till|thru|through)\s*"
    rf"{_LAS}{_T2}(?![\d:])"
)
_AT_WORK = re.compile(
    r"\b(?:at work|while i(?: am|'?m)? (?:at )?work(?:ing)?|during work(?:ing)?(?: hours)?"
    r"|during (?:the )?(?:work ?day|business hours)|work hours|al trabajo|en el trabajo"
    r"|en horas? de trabajo|during school(?: hours)?|school hours|during class(?:es)?"
    r"|(?:en|durante) (?:horas? de )?clases?|horario (?:de clases|escolar))\b"
)
_NIGHT = re.compile(r"\b(?:at night|late at night|nights|so late|too late|de noche|en la noche)\b")
_EARLY = re.compile(r"\b(?:so early|too early|early in the morning|tan temprano|muy temprano)\b")
_EVENINGS = re.compile(r"\b(?:evenings?|in the evening|(?:por|en) las? tardes?)\b")
_AFTERNOONS = re.compile(r"\b(?:(?:the |in the )?afternoons?)\b")
_MORNINGS = re.compile(r"\b(?:mornings?|in the morning|(?:por|en) las? mananas?)\b")
# "Mornings are bad for me", "anytime before noon is no good": a time said not to do.
_BAD_TIME = re.compile(
    r"\b(?:are|is|s|son|es)\s+(?:(?:really|very|just|always|usually|kind of|muy)\s+)?(?:bad|no good"
    r"|not good|not great|hard|tough|rough|terrible|impossible|a no|malas?|dificil(?:es)?)\b"
)
# The wording that makes it a limit rather than a wish: a negation, or "only".
_LIMIT = re.compile(
    r"\b(?:do not|dont|don't|not|no|never|nothing|stop(?! by| in| over| at| worr| stress| cry)|quit"
    r"|only"
    r"|just|solo"
    r"|solamente|nunca|no me|no llamen|nomas|nada mas)\b"
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
_CALLS = re.compile(r"\b(?:call|calls|calling|phone|ring|llam\w*|marqu\w*|marca\w*)\b")
_TEXTS = re.compile(r"\b(?:text|texts|texting|txt|sms|message|messages|escrib\w*|mensaj\w*)\b")

# Days of the week: "not on Saturdays", "Monday through Friday", "de lunes a viernes", "entre
# semana", "weekends". Short forms ("sat", "wed") only in a range ("mon-fri"), where they cannot
# be the past of "sit" or a wedding.
_DAY_WORDS = {
    "mon": r"mondays?|lunes", "tue": r"tuesdays?|martes", "wed": r"wednesdays?|miercoles",
    "thu": r"thursdays?|jueves", "fri": r"fridays?|viernes", "sat": r"saturdays?|sabados?",
    "sun": r"sundays?|domingos?",
}  # fmt: skip
_DAY_SHORT = {
    "mon": "mon", "tue": "tues?", "wed": "weds?", "thu": "thu|thur|thurs", "fri": "fri",
    "sat": "sat", "sun": "sun",
}  # fmt: skip
_DAY = "|".join(f"(?:{w})" for w in _DAY_WORDS.values())
_DAY_OR_SHORT = "|".join(f"(?:{w}|{_DAY_SHORT[d]})" for d, w in _DAY_WORDS.items())
_DAY_RANGE = re.compile(
    rf"\b(?P<a>{_DAY_OR_SHORT})\.?\s*(?:through|thru|to|till|until|-|a)\s*(?P<b>{_DAY_OR_SHORT})\b"
)
_DAY_NAME = re.compile(rf"\b(?:{_DAY})\b")
_WORKWEEK = re.compile(
    r"\b(?:week ?days?|work ?days?|business days?|working days|during the week"
    r"|entre semana|dias (?:de semana|entre semana|habiles|laborales|de trabajo))\b"
)
_WEEKEND_DAYS = re.compile(r"\b(?:week ?ends?|fines? de semana)\b")
# Words that say the days are off ("not on Saturdays", "I can't take calls Monday through
# Friday", "entre semana no puedo contestar"), or the only ones on ("solo los fines de semana").
_DAYS_OFF = re.compile(
    r"\b(?:not|no|never|do not|dont|don't|can't|cant|cannot|can not|unable|won't|wont"
    r"|stop(?! by| in| over| worr| stress| cry)|quit|nunca|no puedo|no me|dejen de|deje de)\b"
)
_DAYS_ONLY = re.compile(r"\b(?:only|solo|solamente|unicamente|nada mas)\b")
# What the days are about: contact, or being free to answer (not "I don't work weekends").
_DAYS_CONTACT = re.compile(
    r"\b(?:call|calls|calling|phone|ring|text|texts|texting|txt|message|messages|contact|reach"
    r"|talk|answer|pick up|available|free|take calls|llam\w*|escrib\w*|mensaj\w*|contest\w*"
    r"|habl\w*|disponible|respond\w*|atiend\w*|atender|marqu\w*|textos?)\b"
)


def _day_of(word: str) -> str:
    return next(d for d, w in _DAY_WORDS.items() if re.fullmatch(f"{w}|{_DAY_SHORT[d]}", word))


# A day named once beside words of one occasion ("I'm not available Monday, how about
# Wednesday?", "not this Saturday"): a date to arrange, not days to keep off.
_ONE_DAY = re.compile(
    r"\b(?:this|next|tomorrow|today|tonight|how about|what about|instead|available|free|works?"
    r"|appointment|meeting|este|proximo|manana|hoy|mejor)\b"
)


def _days_in(clause: str) -> frozenset[str] | None:
    """The days of the week a clause names, if any. A single day named once counts only
    without words of one occasion."""
    days: set[str] = set()
    for m in _DAY_RANGE.finditer(clause):
        a, b = WEEKDAYS.index(_day_of(m["a"])), WEEKDAYS.index(_day_of(m["b"]))
        days |= {WEEKDAYS[(a + i) % 7] for i in range((b - a) % 7 + 1)}
    rest = _DAY_RANGE.sub(" ", clause)
    named = [m[0] for m in _DAY_NAME.finditer(rest)]
    if not days and len(named) == 1 and not named[0].endswith("s") and _ONE_DAY.search(clause):
        named = []  # "not Monday, how about Wednesday": one occasion
    days |= {_day_of(word) for word in named}
    if _WORKWEEK.search(rest):
        days |= WORKDAYS
    if _WEEKEND_DAYS.search(rest):
        days |= EVERY_DAY - WORKDAYS
    return frozenset(days) if days and days != EVERY_DAY else None


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


def _hours(m: re.Match[str], n: str) -> list[int] | None:
    """The hours a clock time written without a.m./p.m. may mean ("7": 7 or 19)."""
    if m[f"{n}noon"]:
        return [12]
    hour, minute = int(m[f"{n}h"]), int(m[f"{n}m"] or 0)
    suffix = (m[f"{n}ap"] or "").replace(".", "").replace(" ", "")
    if hour > 23 or minute > 59:
        return None
    if suffix:
        if hour > 12:
            return None
        return [hour % 12 + (12 if suffix == "pm" else 0)]
    return [hour, hour + 12] if 1 <= hour <= 11 else [hour]


def _range(m: re.Match[str]) -> tuple[time, time] | None:
    """ "between 7 and 3": 07:00 to 15:00. Of the readings that run forward, the one inside a
    waking day (7:00 to 22:00), then the shortest, then the one as written."""
    starts, ends = _hours(m, "a"), _hours(m, "b")
    if not starts or not ends:
        return None
    readings = [(a, b) for a in starts for b in ends if a < b]
    if not readings:
        return None
    a, b = min(readings, key=lambda r: (not (r[0] >= 7 and r[1] <= 22), r[1] - r[0], r))
    return time(a, int(m["am"] or 0)), time(b, int(m["bm"] or 0)) if b < 24 else END_OF_DAY


# Someone else who calls or texts the person: when they do is not a limit on the firm.
_OTHERS_CONTACT = re.compile(
    r"\b(?:(?:bill |debt )?collectors?|creditors?|(?:the |their |his |her )?insurance"
    r"(?: company| adjuster)?|adjusters?|the other (?:driver|party|side)|scammers|robocallers"
    r"|the hospital|my ex|my boss|my landlord|cobradores|la aseguranza|la aseguradora)\b"
    r"(?:(?:\s+\w+){0,3}\s+(?:keeps?|won'?t|will not|wont|don'?t|never|still|always|stop|keep on"
    r"|no dejan de|siguen)\s+(?:\w+\s+)?|\s+)(?:call|text|email|messag|harass|llam|escrib)\w*"
)


_LUNCH = re.compile(r"\b(until|till|til|before)\s+(after\s+)?lunch(?:time)?\b")


def window_from_text(text: str) -> tuple[ContactWindow | None, bool]:
    """The contact window a reply asks for, and whether it is a limit ("don't call before 5",
    "only after 5 pm") rather than a wish ("call me after 5")."""
    plain = strip_accents(drop_quoted_and_signature(text)).lower()
    # "don't call me til after lunch", "not before lunch": lunch as an hour, only in a limit
    plain = _LUNCH.sub(lambda m: f"{m[1]} {'1 pm' if m[2] else 'noon'}", plain)
    # "can u call after 5:30? cant answer at work": a time asked for, with why no other will do
    reason = bool(_CANNOT_ANSWER.search(plain)) and not _RIGHT_NOW.search(plain)
    for clause in re.split(r"[.!?;,\n]+|\bbut\b|\bpero\b", plain):
        if _OTHERS_CONTACT.search(clause):
            continue  # "the collectors won't stop calling me at work": someone else's calls
        found = _spans(clause, reason=reason, asked="?" in plain)
        if found is None:
            continue
        spans, limit = found
        calls, texts = bool(_CALLS.search(clause)), bool(_TEXTS.search(clause))
        if not calls and not texts:
            # "You can call but not before 10am", "Weekdays only. Don't call me on weekends":
            # the channel is named beside the times
            calls, texts = bool(_CALLS.search(plain)), bool(_TEXTS.search(plain))
        channels = frozenset(
            (["call"] if calls or not texts else []) + (["sms"] if texts or not calls else [])
        )
        return ContactWindow(tuple(spans), channels, text.strip()[:300]), limit
    return None, False


# Why only those times will do, as a standing fact ("I can't answer at work", "en el rancho no
# tengo señal"), not as a moment ("can't talk right now, call me at 6").
_CANNOT_ANSWER = re.compile(
    r"\b(?:can'?t|can\u2019t|cannot|can not|unable to|not able to|no puedo|no podemos)"
    r" (?:answer|pick up|talk|take (?:calls|the phone)|have my phone|contestar|responder|hablar)"
    r"|\bno (?:tengo|hay|agarra) (?:senal|recepcion|cobertura)\b"
)
_RIGHT_NOW = re.compile(r"\b(?:right now|rn|at the moment|ahorita|ahora mismo|orita)\b")


def _spans(
    clause: str, *, reason: bool = False, asked: bool = False
) -> tuple[list[Span], bool] | None:
    days = _days_in(clause)
    if days is None:
        return _hour_spans(clause, reason=reason, asked=asked)
    off, only = _DAYS_OFF.search(clause), _DAYS_ONLY.search(clause)
    if _PAST.search(clause):
        return _hour_spans(clause)  # "no me llamaron el viernes", "you didn't call on Monday"
    if re.search(r"\bwork(?:s|ing)?\b|\btrabaj[oa]\b", clause) and not _DAYS_CONTACT.search(clause):
        return _hour_spans(clause)  # "I only work weekends", "I don't work Sundays"
    if not only and not _DAYS_CONTACT.search(clause) and not _SHORT_DAYS_OFF.fullmatch(clause):
        return _hour_spans(clause)
    if not off and not only:
        return _hour_spans(clause)  # "call me Saturday after 10": a wish about one day
    hours = _hour_spans(clause, off=bool(off))
    spans = hours[0] if hours else []
    if only:
        # "only on weekends", "solo los fines de semana": the other days are off; hours said
        # beside them hold on those days ("only weekdays after 5").
        blocked = [Span(EVERY_DAY - days, time(0), END_OF_DAY)]
        return blocked + [Span(days, s.start, s.end) for s in spans], True
    # "not on Saturdays", "I can't take calls Monday through Friday between 7 and 3".
    if not spans:
        return [Span(days, time(0), END_OF_DAY)], True
    return [Span(days & s.days, s.start, s.end) for s in spans if days & s.days], True


# "no pude contestar porque estaba en el trabajo": where the person was, not a limit.
_WAS_AT_WORK = re.compile(
    r"\b(?:estaba|estuve|was|were)\s+(?:\w+\s+)?(?:at work|en el trabajo|working|trabajando)\b"
)
_PAST = re.compile(
    r"\b(?:did not|didn't|didnt|never (?:called|texted|answered)|(?:llam|escrib|mand|contact"
    r"|marc|contest|habl)\w*(?:aron|ieron|aste|iste|aba|aban|ia|ian))\b"
)
# "not on Saturdays please", "never Sundays": short enough that the days can only be about us.
_SHORT_DAYS_OFF = re.compile(
    r"(?:(?:please|pls|and|but|also|just)\s+)*(?:(?:not|no|never|nunca|no los)\s+(?:on\s+|los\s+)?"
    rf"(?:{_DAY}|weekends|week ?days|fines de semana|entre semana)"
    # "los domingos no", "Sundays no"
    rf"|(?:on\s+|los\s+)?(?:{_DAY}|weekends|week ?days|fines de semana|entre semana)\s+(?:no|not"
    r"|never|nunca|no puedo|i can't|i cant|i cannot|i can not))(?:\s+(?:please|pls|por favor))*"
)


def _bad_time(said: str) -> tuple[time, time] | None:
    """The hours named before "is bad", "are no good" ("mornings", "anytime before noon")."""
    if said.strip() and not re.search(r"\b(?:that|it|this|today|tomorrow|now)\s*$", said):
        if m := _BEFORE.search(said):
            at = _clock(m, "a", after=False, limit=True)
            return (time(0), at) if at is not None else None
        if m := _AFTER.search(said):
            at = _clock(m, "a", after=True, limit=True)
            return (at, END_OF_DAY) if at is not None else None
        if _days_in(said) is not None:
            return None  # "Friday morning is bad for me, can we do Monday": one day's plan
        for part, hours in (
            ("mornings|mananas|morning", (time(0), time(12))),
            ("afternoons|afternoon", (time(12), time(17))),
            ("evenings|tardes|evening", (time(17), END_OF_DAY)),
        ):
            # plural, or any/every: a standing rule, not "the morning is bad for the meeting"
            if re.search(
                rf"\b(?:(?:any|every|all)\s?(?:time )?(?:in the )?(?:{part})|(?:las )?"
                rf"(?:{part.split('|')[0]}|{part.split('|')[1]}))\b",
                said,
            ):
                return hours
    return None


def _hour_spans(
    clause: str, *, off: bool = False, reason: bool = False, asked: bool = False
) -> tuple[list[Span], bool] | None:
    limit = bool(_LIMIT.search(clause))

    day = EVERY_DAY
    bad = None if asked else _BAD_TIME.search(clause)  # "Mornings are no good. Afternoons?"
    if bad and (said := _bad_time(clause[: bad.start()])):
        return [Span(day, *said)], True  # "Mornings are bad for me", "before noon is no good"
    if m := _BETWEEN.search(clause):
        hours = _range(m)
        if hours:
            start, end = hours
            before = clause if off else clause[: m.start()]
            if re.search(
                r"\b(?:not|no|never|do not|dont|don't|can't|cant|cannot|unable|nunca)\b", before
            ):
                return [Span(day, start, end)], True  # "don't call between 9 and 5"
            return [Span(day, time(0), start), Span(day, end, END_OF_DAY)], limit
    negated_before = re.search(r"\b(?:not|no|never|nothing|do not|dont|don't|nunca)\b", clause)
    visit = re.search(r"\b(?:stop|come|drop|swing) (?:by|in|over)\b|\bvisit\b|\bpasar\b", clause)
    limit = limit or (
        reason and not visit and bool(_AFTER.search(clause) or _BEFORE.search(clause))
    )
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
    now_at_work = re.search(r"\b(?:i m|i'm|im|i am)\s+(?:at work|working)\b", clause) and not (
        re.search(r"\b(?:not|don't|dont|do not|never|while|when)\b", clause)
    )  # "no sorry I'm at work, can we talk at lunch?": where they are now, not a limit
    told_state = re.search(
        r"\b(?:been|was|were|busy|slammed|swamped|stuck|got|estaba|estuve|estaban)\b", clause
    )
    if (
        _AT_WORK.search(clause)
        and not now_at_work
        and not _WAS_AT_WORK.search(clause)
        and (contact or (len(clause.split()) <= 5 and not told_state))
    ):
        # not "me lastime en el trabajo y no...", "just been slammed at work", "I missed your
        # call because I was at work"
        return [Span(WORKDAYS, *WORK_HOURS)], True
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
    only = re.search(r"\b(?:only|solo|solamente|nomas|nada mas|unicamente)\b", clause)
    if only and _AFTERNOONS.search(clause):
        return [Span(day, time(0), time(12))], True  # "call me only the afternoon"
    if only and _EVENINGS.search(clause):
        return [Span(day, time(0), time(17))], True
    if only and _MORNINGS.search(clause):
        return [Span(day, time(12), END_OF_DAY)], True
    return None
