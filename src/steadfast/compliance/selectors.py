"""Reads for compliance: is this channel of this lead open, and if not, why not."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from steadfast.compliance.models import Channel, ConsentRecord, ReplyReview, Suppression
from steadfast.db import prepared
from steadfast.db.prepared import among
from steadfast.db.rows import models_read
from steadfast.firms.models import Firm
from steadfast.leads.models import Lead

CHANNELS = ("call", "sms", "email")


@dataclass(frozen=True)
class ChannelState:
    open: bool
    why_not: str = ""
    dead: bool = False  # the channel itself no longer works (not merely not allowed)


def consent_current(*, lead: Lead) -> dict[str, bool]:
    """Current consent per channel: the latest grant or revoke decides; no record means no
    consent. Pause, keep and limit records sit on the same ledger but change no consent."""
    return _consents_for([lead])[lead.pk]


def suppressions_for(*, lead: Lead) -> dict[str, Suppression]:
    """The suppression of each channel of this lead's phone or email, if any."""
    return _suppressions_for([lead]).get(lead.pk, {})


def _suppressions_for(leads: list[Lead]) -> dict[int, dict[str, Suppression]]:
    by_value: dict[tuple[int, str], list[Lead]] = {}
    for lead in leads:
        for value in (lead.phone, lead.email):
            if value:
                by_value.setdefault((lead.firm_id, value), []).append(lead)
    found: dict[int, dict[str, Suppression]] = {}
    if not by_value:
        return found
    # Every channel named, so that the (firm, channel, value) index is read, not every
    # suppression of the firm (a do-not-call list may hold hundreds of thousands). Direct
    # statements (db.prepared): an import's every batch makes them.
    firms, firm_params = among("x.firm_id", sorted({f for f, _ in by_value}))
    values, value_params = among("x.value", sorted({v for _, v in by_value}))
    rows = models_read(
        Suppression,
        _SUPPRESSIONS_SQL.replace("{firms}", firms).replace("{values}", values),
        [*firm_params, *value_params],
    )
    for row in rows:
        for lead in by_value.get((row.firm_id, row.value), []):
            if (row.channel == "email") == (row.value == lead.email):
                found.setdefault(lead.pk, {}).setdefault(row.channel, row)
    return found


def _consents_for(leads: list[Lead]) -> dict[int, dict[str, bool]]:
    state = {lead.pk: dict.fromkeys(CHANNELS, False) for lead in leads}
    ids, params = among("lead_id", list(state))
    records = prepared.execute(_CONSENTS_SQL.format(ids=ids), params).rows
    for lead_id, channel, action in records:
        state[lead_id][channel] = action == ConsentRecord.Action.GRANT
    return state


def _paused_among(leads: list[Lead]) -> set[int]:
    """Which of these leads have a reply awaiting a person's decision."""
    ids, params = among("lead_id", [lead.pk for lead in leads])
    found = prepared.execute(_PAUSED_SQL.format(ids=ids), params).rows
    return {lead_id for (lead_id,) in found}


_SUPPRESSIONS_SQL = prepared.constants(
    "SELECT {columns} FROM compliance_suppression x WHERE {firms}"
    " AND x.channel IN (%(call)s, %(sms)s, %(mail)s) AND {values}",
    call=Channel.CALL,
    sms=Channel.SMS,
    mail=Channel.EMAIL,
)
_CONSENTS_SQL = prepared.constants(
    "SELECT lead_id, channel, action FROM compliance_consentrecord"
    " WHERE {ids} AND action IN (%(grant)s, %(revoke)s) ORDER BY at, id",
    grant=ConsentRecord.Action.GRANT,
    revoke=ConsentRecord.Action.REVOKE,
)
_PAUSED_SQL = prepared.constants(
    "SELECT lead_id FROM compliance_replyreview WHERE {ids} AND state = %(pending)s",
    pending=ReplyReview.State.PENDING,
)


_WHY = {
    Suppression.Reason.OPT_OUT: "the person opted out",
    Suppression.Reason.INTERNAL_DNC: "the number is on the firm's do-not-call list",
    Suppression.Reason.CARRIER_OPT_OUT: "the person opted out at the carrier",
    Suppression.Reason.STAFF: "marked do-not-contact by staff",
}


def channel_states(*, lead: Lead) -> dict[str, ChannelState]:
    return channel_states_paused(lead=lead)[0]


def channel_states_paused(*, lead: Lead) -> tuple[dict[str, ChannelState], bool]:
    """`channel_states` of one lead, and whether a reply of theirs awaits a person's decision
    (which closes every channel), read in one statement: the engine asks at every event."""
    phone, email = lead.phone or None, lead.email or None  # no address: no suppression of it
    (row,) = prepared.execute(
        _STATES_SQL,
        {"lead": lead.pk, "firm": lead.firm_id, "phone": phone, "email": email},
    ).rows
    sms_consent, call_consent, paused, *found = row
    suppressed = {
        channel: Suppression(channel=channel, reason=reason, evidence=_json(evidence))
        for channel, reason, evidence in zip(
            ("call", "sms", "email"), found[::2], found[1::2], strict=True
        )
        if reason is not None
    }
    consent = {
        "sms": sms_consent == ConsentRecord.Action.GRANT,
        "call": call_consent == ConsentRecord.Action.GRANT,
        "email": False,  # no decision reads it
    }
    is_paused = paused is not None
    return (
        channel_states_from(lead=lead, suppressed=suppressed, consent=consent, paused=is_paused),
        is_paused,
    )


# The latest grant or revoke of texts and of prerecorded calls (consent_latest index), a reply
# awaiting a decision, and the suppression of each channel of the lead's phone and email
# (unique per firm, channel and value).
_STATES_SQL = """
SELECT
    (SELECT c.action FROM compliance_consentrecord c
        WHERE c.lead_id = %(lead)s AND c.channel = %(sms)s AND c.action IN (%(grant)s, %(revoke)s)
        ORDER BY c.at DESC, c.id DESC LIMIT 1),
    (SELECT c.action FROM compliance_consentrecord c
        WHERE c.lead_id = %(lead)s AND c.channel = %(call)s AND c.action IN (%(grant)s, %(revoke)s)
        ORDER BY c.at DESC, c.id DESC LIMIT 1),
    (SELECT 1 FROM compliance_replyreview r
        WHERE r.lead_id = %(lead)s AND r.state = %(pending)s LIMIT 1),
    (SELECT s.reason FROM compliance_suppression s
        WHERE s.firm_id = %(firm)s AND s.channel = %(call)s AND s.value = %(phone)s),
    (SELECT s.evidence FROM compliance_suppression s
        WHERE s.firm_id = %(firm)s AND s.channel = %(call)s AND s.value = %(phone)s),
    (SELECT s.reason FROM compliance_suppression s
        WHERE s.firm_id = %(firm)s AND s.channel = %(sms)s AND s.value = %(phone)s),
    (SELECT s.evidence FROM compliance_suppression s
        WHERE s.firm_id = %(firm)s AND s.channel = %(sms)s AND s.value = %(phone)s),
    (SELECT s.reason FROM compliance_suppression s
        WHERE s.firm_id = %(firm)s AND s.channel = %(mail)s AND s.value = %(email)s),
    (SELECT s.evidence FROM compliance_suppression s
        WHERE s.firm_id = %(firm)s AND s.channel = %(mail)s AND s.value = %(email)s)
"""
# Its constants written in (prepared.constants: on SQLite it is then planned once, not at
# every run).
_STATES_SQL = prepared.constants(
    _STATES_SQL,
    call=Channel.CALL,
    sms=Channel.SMS,
    mail=Channel.EMAIL,
    grant=ConsentRecord.Action.GRANT,
    revoke=ConsentRecord.Action.REVOKE,
    pending=ReplyReview.State.PENDING,
)


def _json(value: Any) -> Any:
    """A JSON column as read by a raw query (SQLite returns its text)."""
    return json.loads(value) if isinstance(value, str) else value


def channel_states_for(*, leads: list[Lead]) -> dict[int, dict[str, ChannelState]]:
    """Whether each channel may be used for this lead, before any timing rule.

    A person's call needs no recorded consent (the lead asked to be contacted) but respects
    every suppression; texts need SMS consent; an automated voicemail drop (a prerecorded
    message) needs call consent; email needs a valid address and no unsubscribe.
    """
    if len(leads) == 1:  # one lead (an API post, a simulated arrival): one statement
        (lead,) = leads
        return {lead.pk: channel_states_paused(lead=lead)[0]}
    suppressions = _suppressions_for(leads)
    consents = _consents_for(leads)
    paused = _paused_among(leads)
    return {
        lead.pk: channel_states_from(
            lead=lead,
            suppressed=suppressions.get(lead.pk, {}),
            consent=consents[lead.pk],
            paused=lead.pk in paused,
        )
        for lead in leads
    }


def channel_states_from(
    *, lead: Lead, suppressed: dict[str, Suppression], consent: dict[str, bool], paused: bool
) -> dict[str, ChannelState]:
    """channel_states_for one lead from what was read already: the suppression of each
    channel of its phone or email, its current consent per channel, and whether a reply of
    its awaits a person's decision (the dispatcher reads them all in one statement)."""
    states = _states(lead, suppressed, consent)
    if paused:
        # A reply that might be a stop: nothing goes out until a person has decided.
        for channel, state in states.items():
            if state.open:
                states[channel] = ChannelState(False, PAUSED_WHY)
    return states


PAUSED_WHY = "paused: a reply awaits a person's decision (opt-out or not)"


def reply_reviews_pending(*, firm: Firm) -> QuerySet[ReplyReview]:
    """Replies that might be a stop, oldest first, for the people who decide."""
    return (
        ReplyReview.objects.filter(firm=firm, state=ReplyReview.State.PENDING)
        .select_related("lead")
        .order_by("created_at", "id")
    )


def reply_review_pending(*, lead: Lead) -> ReplyReview | None:
    return (
        ReplyReview.objects.filter(lead=lead, state=ReplyReview.State.PENDING)
        .order_by("created_at", "id")
        .first()
    )


def _states(
    lead: Lead, suppressed: dict[str, Suppression], consent: dict[str, bool]
) -> dict[str, ChannelState]:
    states: dict[str, ChannelState] = {}

    def blocked(channel: str) -> ChannelState | None:
        row = suppressed.get(channel)
        if row is None:
            return None
        if row.reason == Suppression.Reason.DEAD:
            return ChannelState(
                False, row.evidence.get("why", "the channel no longer works"), dead=True
            )
        return ChannelState(False, _WHY.get(Suppression.Reason(row.reason), "suppressed"))

    if not lead.phone:
        states["call"] = ChannelState(False, "no valid phone number", dead=True)
        states["sms"] = ChannelState(False, "no valid phone number", dead=True)
        states["voicemail_drop"] = states["call"]
    else:
        states["call"] = blocked("call") or ChannelState(True)
        states["sms"] = blocked("sms") or (
            ChannelState(True) if consent["sms"] else ChannelState(False, "no SMS consent")
        )
        if not states["call"].open:
            states["voicemail_drop"] = states["call"]
        elif not consent["call"]:
            states["voicemail_drop"] = ChannelState(False, "no consent to prerecorded calls")
        else:
            states["voicemail_drop"] = ChannelState(True)
    if not lead.email:
        states["email"] = ChannelState(False, "no valid email address", dead=True)
    else:
        states["email"] = blocked("email") or ChannelState(True)
    return states
