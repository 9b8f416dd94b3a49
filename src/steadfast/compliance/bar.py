"""The lawyers' conduct rules Steadfast applies (docs/bar-rules.md): a table, beside the
telemarketing rules of `rules.py` and in the same form.

The table is data, versioned by BAR_RULES_VERSION, each row citing its source. Defaults are the
cautious reading of the research notes (not legal advice: the firm's counsel confirms them). A
rule applies to a lead when the firm is licensed in the rule's state (the firm's `states`) —
or, for a rule that follows the recipient, when the lead is in that state — and the lead came
the way the rule covers (`origins`: who started the contact, leads.origin).

Kinds of rule:
  - live_contact: no calls (and in PA no texts) to a person who did not ask this firm; the
    touch is held until a manager releases the lead (with a reason, audited) or the person
    writes or calls in;
  - waiting_period: no written contact the firm starts about an accident or injury for `days`
    after the lead arrived (the accident was no later than that), unless the person writes or
    calls in;
  - label: words an email's subject or a message's start and end must carry;
  - newsletter_opt_in: the newsletter goes only to clients and to people who asked for it;
  - disclosure: a text the first message to a vendor's lead carries (Illinois: the paid lead
    service and its fee).

A firm's overrides (compliance.BarRuleSettings.overrides), e.g.
  {"TX.waiting_period": {"days": 31}, "NY.label": {"subject_label": "ATTORNEY ADVERTISING"},
   "GA.live_contact": {}, "PA.live_contact": {"enabled": false}}
edit a row, or add one for another state from the kind's model-rule row. `bar_rules_for`
validates them and names the key it cannot read.

For the nurture newsletter: `newsletter_allowed(lead)` returns a Refused (why) or None, and
`labelled(lead=…, channel="email", subject=…, body=…)` adds the labels an email needs.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any

from steadfast.compliance.models import BarHold, BarRuleSettings
from steadfast.compliance.rules import JURISDICTIONS
from steadfast.db import prepared
from steadfast.db.rows import models_read
from steadfast.dispatch.models import Direction
from steadfast.errors import Refused
from steadfast.firms.models import Firm
from steadfast.leads.models import Lead, LeadSource, Status
from steadfast.leads.origin import FIRM, STAFF, VENDOR, VENDOR_NAMED

BAR_RULES_VERSION = "2026-12-06"

KINDS = ("live_contact", "waiting_period", "label", "newsletter_opt_in", "disclosure")
ORIGINS = (FIRM, VENDOR_NAMED, VENDOR, STAFF)
HOLDING = frozenset({"live_contact", "waiting_period"})  # the kinds that hold a touch
TOUCH_CHANNEL = {"call": "call", "voicemail_drop": "call", "sms": "sms", "email": "email"}
KIND_CHANNELS = {
    "live_contact": frozenset({"call", "sms"}),
    "waiting_period": frozenset({"sms", "email"}),
    "label": frozenset({"sms", "email"}),
    "newsletter_opt_in": frozenset({"email"}),
    "disclosure": frozenset({"sms", "email"}),
}
# Practice areas an accident or injury waiting period covers: a lead's practice area matches
# when it contains one of these words ("auto_accident", "Personal injury", "wrongful death").
INJURY_WORDS = (
    "accident",
    "injury",
    "injuries",
    "wrongful death",
    "wrongful_death",
    "crash",
    "collision",
    "slip",
)
NOTICE = (
    "Defaults only, not legal advice: the firm's counsel must confirm each state's rules "
    "before relying on them."
)


@dataclass(frozen=True)
class BarRule:
    """One row of the table."""

    state: str
    kind: str
    text: str  # the rule in words, as a touch's *why* quotes it
    source: str
    channels: frozenset[str]
    origins: frozenset[str] = frozenset({VENDOR})  # who-started-the-contact values it covers
    follows_recipient: bool = False  # applies to a lead in the state whatever the firm's licence
    days: int = 0  # waiting_period
    practice_words: tuple[str, ...] = ()  # waiting_period
    subject_label: str = ""  # label: in an email's subject
    start_label: str = ""  # label: at the start of the message
    end_label: str = ""  # label: at the end of the message
    snippet: str = ""  # disclosure; {firm}, {vendor} and {fee} are filled in
    verified: bool = True  # False: a secondary source only, the rule's text was not seen
    enabled: bool = True
    overridden: tuple[str, ...] = ()  # the settings the firm's override changed

    @property
    def key(self) -> str:
        return f"{self.state}.{self.kind}"

    def cites(self) -> str:
        return f"{self.text} ({self.source})"


def _rule(state: str, kind: str, text: str, source: str, **values: Any) -> BarRule:
    values.setdefault("channels", KIND_CHANNELS[kind])
    return BarRule(state=state, kind=kind, text=text, source=source, **values)


_LIVE = "no live calls to a person who did not ask this firm"
_WAIT = "no written contact the firm starts about an accident or injury within {days} days"

_TABLE: list[BarRule] = [
    # ABA Model Rule 7.3(b), cmt [2] as amended in Pennsylvania (eff. 2024-11-14): "Such
    # person-to-person contact includes text messages".
    _rule(
        "PA",
        "live_contact",
        "no live calls or text messages to a person who did not ask this firm",
        "Pa. RPC 7.3(b) and cmt [2] (text messages added 2024-11-14)",
    ),
    # R. Regulating Fla. Bar 4-7.18(a): no solicitation "in person, by telephone" or real-time.
    _rule("FL", "live_contact", _LIVE, "R. Regulating Fla. Bar 4-7.18(a)", channels={"call"}),
    # Tex. DRPC 7.01(b)(2), 7.03(a)(1): live or interactive contact initiated by the lawyer with
    # a person "who has not sought the lawyer's advice or services". Texts: UNVERIFIED, not
    # encoded (counsel may add "sms" to channels).
    _rule("TX", "live_contact", _LIVE, "Tex. DRPC 7.01(b)(2), 7.03(a)(1)", channels={"call"}),
    # N.Y. RPC 7.3(a): live/phone solicitation only to close friends, relatives, former and
    # existing clients. Current text UNVERIFIED (secondary source).
    _rule("NY", "live_contact", _LIVE, "N.Y. RPC 7.3(a)", channels={"call"}, verified=False),
    # Cal. RPC 7.3(a), (e) (eff. 2018-11-01): live or real-time solicitation barred.
    _rule("CA", "live_contact", _LIVE, "Cal. RPC 7.3(a), (e)", channels={"call"}),
    # Accident and injury waiting periods: the rule binds the firm's lawyers, and the Texas
    # barratry statute reaches conduct in Texas, so these follow the recipient too.
    _rule(
        "FL",
        "waiting_period",
        _WAIT,
        "R. Regulating Fla. Bar 4-7.18(b)(1)(A)",
        days=30,
        practice_words=INJURY_WORDS,
        follows_recipient=True,
    ),
    _rule(
        "NY",
        "waiting_period",
        _WAIT,
        "N.Y. RPC 7.3(e); NYSBA Op. 1049; Alexander v. Cahill (2d Cir. 2010)",
        days=30,
        practice_words=INJURY_WORDS,
        follows_recipient=True,
        verified=False,
    ),
    _rule(
        "TX",
        "waiting_period",
        _WAIT,
        "Tex. Penal Code 38.12(d) (before the 31st day); Tex. DRPC 7.03",
        days=30,
        practice_words=INJURY_WORDS,
        follows_recipient=True,
    ),
    # NY: even a reply to a request is advertising (NYSBA Op. 1049); an email advertisement
    # carries "Attorney Advertising" in its subject line (NYSBA Op. 1016).
    _rule(
        "NY",
        "label",
        'emails say "Attorney Advertising" in the subject line',
        "N.Y. RPC 1.0(a), 7.1(f); NYSBA Op. 1016, Op. 1049",
        channels={"email"},
        origins=frozenset(ORIGINS),
        subject_label="Attorney Advertising",
    ),
    # Tex. DRPC 7.03(d)(2): solicitations "plainly marked or clearly designated an
    # 'ADVERTISEMENT'".
    _rule(
        "TX",
        "label",
        'written solicitations are marked "ADVERTISEMENT"',
        "Tex. DRPC 7.03(d)(2)",
        subject_label="ADVERTISEMENT",
        start_label="ADVERTISEMENT",
    ),
    # Cal. RPC 7.3(c): "Advertisement" "at the beginning and ending" of a solicitation.
    _rule(
        "CA",
        "label",
        'solicitations say "Advertisement" at their beginning and end',
        "Cal. RPC 7.3(c)",
        start_label="Advertisement",
        end_label="Advertisement",
    ),
    # Tex. DRPC 7.05(e): a newsletter is exempt from filing only when sent to clients, former
    # clients or "persons who have asked to receive the newsletter".
    _rule(
        "TX",
        "newsletter_opt_in",
        "the newsletter goes only to clients and to people who asked to receive it",
        "Tex. DRPC 7.05(e)",
        origins=frozenset(ORIGINS),
    ),
    # Ill. RPC 7.2(c) (eff. 2025-07-01): a lawyer paying an "intermediary connecting service"
    # discloses the relationship and any connecting fee "at the time of the connection".
    _rule(
        "IL",
        "disclosure",
        "a lead from a paid connecting service is told of the relationship and its fee",
        "Ill. RPC 7.2(c), eff. 2025-07-01",
        origins=frozenset({VENDOR, VENDOR_NAMED}),
        snippet="{firm} received your request through {vendor}, a lead service; {fee}",
    ),
]

# The row a firm's override starts from for a state the table has no row of that kind for.
MODEL_ROWS: dict[str, BarRule] = {
    "live_contact": _rule("*", "live_contact", _LIVE, "ABA Model Rule 7.3(b)", channels={"call"}),
    "waiting_period": _rule(
        "*", "waiting_period", _WAIT, "firm override", days=30, practice_words=INJURY_WORDS
    ),
    "label": _rule("*", "label", "solicitations are labelled", "firm override"),
    "newsletter_opt_in": _rule(
        "*",
        "newsletter_opt_in",
        "the newsletter goes only to clients and to people who asked to receive it",
        "firm override",
        origins=frozenset(ORIGINS),
    ),
    "disclosure": _rule(
        "*",
        "disclosure",
        "a lead from a paid lead service is told of the relationship",
        "firm override",
        origins=frozenset({VENDOR, VENDOR_NAMED}),
        snippet="{firm} received your request through {vendor}, a lead service; {fee}",
    ),
}

BAR_RULES: Mapping[str, BarRule] = MappingProxyType({r.key: r for r in _TABLE})


@dataclass(frozen=True)
class BarRuleSet:
    version: str
    rules: Mapping[str, BarRule]

    def for_states(self, states: set[str], lead_state: str = "") -> list[BarRule]:
        return [
            r
            for r in self.rules.values()
            if r.enabled and (r.state in states or (r.follows_recipient and r.state == lead_state))
        ]


DEFAULT_BAR_RULES = BarRuleSet(version=BAR_RULES_VERSION, rules=BAR_RULES)
_SETTINGS = {
    "enabled": "all",
    "origins": "all",
    "channels": "all",
    "follows_recipient": "all",
    "days": "waiting_period",
    "practice_words": "waiting_period",
    "subject_label": "label",
    "start_label": "label",
    "end_label": "label",
    "snippet": "disclosure",
}


def bar_rules_for(overrides: Mapping[str, Any] | None = None) -> BarRuleSet:
    """The table with a firm's overrides applied. Refuses (errors.Refused) an override it
    cannot read, naming the key."""
    if not overrides:
        return DEFAULT_BAR_RULES
    if not isinstance(overrides, Mapping):
        raise Refused(
            'bar rule overrides: expected an object keyed by rule, like {"TX.waiting_period": '
            '{"days": 31}}'
        )
    rules = dict(BAR_RULES)
    for key, spec in overrides.items():
        state, _, kind = str(key).strip().partition(".")
        state = state.upper()
        path = f"{key}"
        if state not in JURISDICTIONS or kind not in KINDS:
            raise Refused(
                f"{path}: not a rule; expected a two-letter state and one of "
                f"{', '.join(KINDS)}, like TX.waiting_period"
            )
        base = rules.get(f"{state}.{kind}") or replace(MODEL_ROWS[kind], state=state)
        rules[f"{state}.{kind}"] = _overridden(base, path, spec)
    return BarRuleSet(version=f"{BAR_RULES_VERSION}+firm", rules=MappingProxyType(rules))


def _label(where: str, value: Any) -> str:
    if not isinstance(value, str) or len(value.strip()) > 40:
        raise Refused(f"{where}: expected words of at most 40 characters, got {value!r}")
    return value.strip()


def _overridden(base: BarRule, path: str, spec: Any) -> BarRule:
    if not isinstance(spec, Mapping):
        raise Refused(f'{path}: expected an object like {{"enabled": false}}')
    changes: dict[str, Any] = {}
    for name, value in spec.items():
        where = f"{path}.{name}"
        if _SETTINGS.get(name) not in ("all", base.kind):
            allowed = [n for n, k in _SETTINGS.items() if k in ("all", base.kind)]
            raise Refused(
                f"{where}: unknown setting for a {base.kind} rule; expected one of "
                f"{', '.join(allowed)}"
            )
        if name in ("enabled", "follows_recipient"):
            if not isinstance(value, bool):
                raise Refused(f"{where}: expected true or false, got {value!r}")
            changes[name] = value
        elif name == "origins":
            if not isinstance(value, list | tuple) or not set(value) <= set(ORIGINS):
                raise Refused(f"{where}: expected a list of some of {', '.join(ORIGINS)}")
            changes[name] = frozenset(value)
        elif name == "channels":
            allowed_channels = KIND_CHANNELS[base.kind]
            if (
                not isinstance(value, list | tuple)
                or not value
                or not set(value) <= (allowed_channels)
            ):
                raise Refused(
                    f"{where}: expected a list of some of {', '.join(sorted(allowed_channels))}"
                )
            changes[name] = frozenset(value)
        elif name == "days":
            if type(value) is not int or not 1 <= value <= 365:
                raise Refused(f"{where}: expected a whole number of days from 1 to 365")
            changes[name] = value
        elif name == "practice_words":
            if (
                not isinstance(value, list | tuple)
                or not value
                or not all(isinstance(w, str) and w.strip() for w in value)
            ):
                raise Refused(f"{where}: expected a list of words like ['accident']")
            changes[name] = tuple(w.strip().lower() for w in value)
        elif name in ("subject_label", "start_label", "end_label"):
            changes[name] = _label(where, value)
        elif name == "snippet":
            if not isinstance(value, str) or not value.strip() or len(value) > 500:
                raise Refused(f"{where}: expected the disclosure text, 1 to 500 characters")
            try:
                value.format(firm="", vendor="", fee="")
            except (KeyError, IndexError, ValueError):
                raise Refused(
                    f"{where}: only {{firm}}, {{vendor}} and {{fee}} may be filled in"
                ) from None
            changes[name] = value.strip()
    rule = replace(base, overridden=tuple(sorted({*base.overridden, *map(str, spec)})), **changes)
    if rule.kind == "label" and not (rule.subject_label or rule.start_label or rule.end_label):
        raise Refused(f"{path}: a label rule needs a subject, start or end label")
    return rule


# --- the rules over one lead ----------------------------------------------------------------


# Firms whose bar rules a caller has read once and knows unchanged meanwhile (see
# `bar_rules_fixed`): firm id → rules. None everywhere else: each call reads them.
_fixed: ContextVar[Mapping[int, BarRuleSet] | None] = ContextVar("bar_rules_fixed", default=None)


@contextmanager
def bar_rules_fixed(firm: Firm) -> Iterator[BarRuleSet]:
    """Within this block `firm_bar_rules(firm)` answers what it read on entry, without reading
    again: for a caller that knows nothing changes them meanwhile (the simulator)."""
    rules = firm_bar_rules(firm)
    token = _fixed.set({**(_fixed.get() or {}), firm.pk: rules})
    try:
        yield rules
    finally:
        _fixed.reset(token)


def firm_bar_rules(firm: Firm) -> BarRuleSet:
    fixed = _fixed.get()
    if fixed is not None and firm.pk in fixed:
        return fixed[firm.pk]
    stored = BarRuleSettings.objects.filter(firm_id=firm.pk).values_list("overrides", flat=True)
    overrides = next(iter(stored), None)
    try:
        return bar_rules_for(overrides or None)
    except Refused:  # stored before validation (the admin): the cautious table
        return DEFAULT_BAR_RULES


def licensed_states(firm: Firm) -> set[str]:
    """The states whose bar rules bind the firm: the states it serves (Firm.states)."""
    return {str(s).strip().upper() for s in firm.states or [] if isinstance(s, str)}


def lead_state(lead: Lead) -> str:
    return lead.jurisdiction_state or lead.stated_state or ""


def applicable(
    lead: Lead, rules: BarRuleSet | None = None, *, released: Collection[str] | None = None
) -> list[BarRule]:
    """The rules over this lead: by the firm's licence and, for some, the lead's state; of
    those, the ones covering the way the lead came and not released for it. `released`: the
    rules a person released for this lead, when the caller has read them already."""
    rules = rules or firm_bar_rules(lead.firm)
    found = rules.for_states(licensed_states(lead.firm), lead_state(lead))
    found = [r for r in found if lead.initiated_by in r.origins]
    if lead.pk is None or not any(r.kind in HOLDING for r in found):
        return found  # only the rules that hold a touch are ever released
    if released is None:
        released = frozenset(
            BarHold.objects.filter(lead_id=lead.pk, released_at__isnull=False).values_list(
                "rule", flat=True
            )
        )
    return [r for r in found if r.key not in released]


def person_initiated(lead: Lead) -> bool:
    """The person wrote or called in: what the firm sends now answers them."""
    if lead.pk is None:
        return False
    # A direct statement (the planner asks at every event of a lead a bar rule is over).
    found = prepared.execute(
        "SELECT 1 FROM dispatch_touch WHERE lead_id = %s AND direction = %s LIMIT 1",
        [lead.pk, Direction.IN],
    )
    return bool(found.rows)


def _is_injury(rule: BarRule, lead: Lead) -> bool:
    area = (lead.practice_area or "").lower().replace("-", " ")
    return any(word.replace("_", " ") in area.replace("_", " ") for word in rule.practice_words)


@dataclass(frozen=True)
class BarRefusal:
    """A bar rule keeps this touch from going: until a moment (a waiting period) or until a
    person releases the lead (`until` None)."""

    rule: BarRule
    until: datetime | None = None

    @property
    def why(self) -> str:
        text = self.rule.text.format(days=self.rule.days)
        if self.until is not None:
            text += f", so not before {self.until:%Y-%m-%d %H:%M} UTC"
        return f"bar rule {self.rule.key}: {text} ({self.rule.source})"


def touch_refusal(
    *,
    lead: Lead,
    channel: str,
    now: datetime,
    rules: BarRuleSet | None = None,
    replied: bool | None = None,
    found: list[BarRule] | None = None,
) -> BarRefusal | None:
    """Whether a bar rule keeps a touch on `channel` (call, voicemail_drop, sms, email) from
    this lead now, and which. A person who wrote or called in is answered: nothing held."""
    kind = TOUCH_CHANNEL.get(channel)
    if kind is None:
        return None
    rules_here = found if found is not None else applicable(lead, rules)
    holding = [
        r for r in rules_here if r.kind in ("live_contact", "waiting_period") and kind in r.channels
    ]
    if not holding:
        return None
    if replied if replied is not None else person_initiated(lead):
        return None
    for rule in holding:
        if rule.kind == "live_contact":
            return BarRefusal(rule)
    for rule in holding:
        if _is_injury(rule, lead):
            until = lead.arrived_at + timedelta(days=rule.days)
            if until > now:
                return BarRefusal(rule, until=until)
    return None


def hold_values(*, lead: Lead, refusal: BarRefusal, now: datetime) -> dict[str, Any]:
    """The hold `hold` records for a lead stored in this transaction (which has none yet),
    as the column values of a bulk insert."""
    return {
        "firm_id": lead.firm_id,
        "lead_id": lead.pk,
        "rule": refusal.rule.key,
        "why": refusal.why[:300],
        "until": refusal.until,
        "created_at": now,
    }


def hold(*, lead: Lead, refusal: BarRefusal, now: datetime) -> None:
    """Record that a rule holds this lead, for the managers' list (once per rule)."""

    BarHold.objects.get_or_create(
        lead=lead,
        rule=refusal.rule.key,
        defaults={
            "firm_id": lead.firm_id,
            "why": refusal.why[:300],
            "until": refusal.until,
            "created_at": now,
        },
    )


# --- what a message carries -----------------------------------------------------------------


@dataclass(frozen=True)
class Labels:
    subject: list[str] = field(default_factory=list)
    start: list[str] = field(default_factory=list)
    end: list[str] = field(default_factory=list)


def labels_for(
    lead: Lead,
    channel: str,
    rules: BarRuleSet | None = None,
    found: list[BarRule] | None = None,
) -> Labels:
    labels = Labels()
    for rule in found if found is not None else applicable(lead, rules):
        if rule.kind != "label" or channel not in rule.channels:
            continue
        if channel == "email" and rule.subject_label:
            labels.subject.append(rule.subject_label)
        elif rule.start_label:  # a text has no subject: its start carries the subject label
            labels.start.append(rule.start_label)
        if channel == "email" and rule.start_label and rule.start_label not in labels.subject:
            labels.start.append(rule.start_label)
        if rule.end_label:
            labels.end.append(rule.end_label)
    return labels


def labelled(
    *,
    lead: Lead,
    channel: str,
    subject: str,
    body: str,
    rules: BarRuleSet | None = None,
    found: list[BarRule] | None = None,
) -> tuple[str, str]:
    """The subject and body with the labels the rules over this lead require (each once)."""
    labels = labels_for(lead, channel, rules, found)
    for label in labels.subject:
        if label.lower() not in subject.lower():
            subject = f"{label}: {subject}" if subject else label
    for label in reversed(labels.start):
        if not body.lstrip().lower().startswith(label.lower()):
            body = f"{label}\n{body}" if channel == "email" else f"{label}: {body}"
    for label in labels.end:
        if not body.rstrip().lower().endswith(label.lower()):
            body = f"{body.rstrip()}\n{label}"
    return subject, body


def disclosure(
    lead: Lead, rules: BarRuleSet | None = None, found: list[BarRule] | None = None
) -> str:
    """The disclosure text a vendor's lead is owed at the connection (Illinois), or ""."""
    texts = []
    for rule in found if found is not None else applicable(lead, rules):
        if rule.kind != "disclosure":
            continue
        source = _source_of(lead)
        fee = (
            f"{lead.firm.name} pays {source.name} a fee for each connection."
            if source.cost_per_lead > 0
            else f"{lead.firm.name} pays {source.name} no fee for connecting you."
        )
        texts.append(rule.snippet.format(firm=lead.firm.name, vendor=source.name, fee=fee))
    return " ".join(texts)


def _source_of(lead: Lead) -> LeadSource:
    """lead.source, read by a direct statement if the lead does not carry it yet (a send's
    lead is read without it), and kept on the lead as the ORM keeps it."""
    if lead.source_id is not None and not Lead.source.is_cached(lead):
        (source,) = models_read(
            LeadSource, "SELECT {columns} FROM leads_leadsource x WHERE x.id = %s", [lead.source_id]
        )
        Lead.source.field.set_cached_value(lead, source)
    return lead.source


def newsletter_allowed(lead: Lead, rules: BarRuleSet | None = None) -> Refused | None:
    """Whether the nurture newsletter may go to this lead under the bar rules: None, or a
    Refused saying which rule keeps it (a client — signed — is always allowed)."""

    if lead.status == Status.SIGNED or lead.newsletter_opt_in_at is not None:
        return None
    for rule in applicable(lead, rules):
        if rule.kind == "newsletter_opt_in":
            return Refused(
                f"bar rule {rule.key}: {rule.text} ({rule.source}); "
                f"{lead.full_name} has not asked for it"
            )
    return None
