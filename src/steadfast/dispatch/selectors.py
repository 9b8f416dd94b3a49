"""What the dispatcher reads about one claimed touch immediately before its send.

It runs for every message sent, so the reads are few statements written directly (the ORM
costs more than the database here), on SQLite and PostgreSQL alike, inside the transaction
that then moves the touch planned→sending (engine.dispatcher.touch_start):

1. `touch_lead_lock`: the lead's row, locked (PostgreSQL: FOR UPDATE; SQLite: the transaction
   already holds the one write lock). It is the lock every opt-out takes first.
2. `touch_send_facts`: once the lock is ours, one statement — so one snapshot taken *after*
   the lock, which sees whatever its previous holder committed — reads the touch and its lead
   with everything the checks and the message need: the suppressions of the lead's phone and
   email, the latest consent to texts and to prerecorded calls, a reply awaiting a person's
   decision, the kept local-presence number, whether the number was ever texted (the address
   ever emailed) before, whether the person ever wrote or called in, and whether a bar hold of
   the lead was released. Reading them in the locking statement would not do: a statement's
   snapshot is taken before it waits for the lock.

The decisions stay where they are: compliance.selectors decides what the suppressions,
consent and reviews mean (`channel_states_from`), compliance.bar what the bar rules say.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections

from steadfast.compliance.models import ConsentRecord, ReplyReview, Suppression
from steadfast.compliance.selectors import ChannelState, channel_states_from
from steadfast.db import prepared, rows
from steadfast.dispatch.models import Direction, Touch, TouchChannel, TouchState
from steadfast.firms.models import Firm, OutboundNumber
from steadfast.leads.models import Lead


@dataclass
class SendFacts:
    touch: Touch
    lead: Lead
    states: dict[str, ChannelState]  # each channel open or not, and why (compliance.selectors)
    kept: OutboundNumber | None  # the lead's kept number, still the firm's and active
    kept_stale: bool  # the lead keeps a number that no longer is: choose again
    texted_before: bool  # a text to the lead's number was sent before (not this touch)
    emailed_before: bool  # an email to the lead's address was sent before (not this touch)
    replied: bool  # the person wrote or called in (the bar rules let the firm answer them)
    released_holds: bool  # a person released a bar hold of this lead (read them: rare)


def touch_lead_lock(*, touch_id: int, token: str, now: datetime) -> bool:
    """Lock the lead of this touch if the touch is still planned, this claim's and due;
    returns whether it is (PostgreSQL). On SQLite the transaction (BEGIN IMMEDIATE) already
    holds the database's write lock, which every opt-out needs too: nothing to do."""
    if connection.vendor != "postgresql":
        return True
    found = prepared.execute(
        "SELECT l.id FROM dispatch_touch t JOIN leads_lead l ON l.id = t.lead_id "
        "WHERE t.id = %s AND t.state = %s AND t.claimed_by = %s AND t.due_at <= %s "
        "FOR UPDATE OF l",
        [touch_id, TouchState.PLANNED, token, now],
    )
    return bool(found.rows)


def touch_send_facts(*, touch_id: int, token: str, now: datetime) -> SendFacts | None:
    """The touch, if still planned, this claim's and due, with what its send needs (above).
    Call after `touch_lead_lock`, in the same transaction."""
    wrapper = connections[DEFAULT_DB_ALIAS]  # this thread's (the proxy looks it up each time)
    touches, leads = rows.reader(wrapper, Touch, "t"), rows.reader(wrapper, Lead, "l")
    found = prepared.execute(
        _FACTS_SQL.format(touch=touches.columns, lead=leads.columns),
        {"touch": touch_id, "token": token, "now": wrapper.ops.adapt_datetimefield_value(now)},
    )
    row = found.rows[0] if found.rows else None
    if row is None:
        return None
    touch = touches.model(row, 0, wrapper)
    lead = leads.model(row, touches.width, wrapper)
    Touch.lead.field.set_cached_value(touch, lead)  # as select_related("lead") would
    (
        call_reason, call_evidence, sms_reason, sms_evidence, email_reason, email_evidence,
        sms_consent, call_consent, paused,
        kept_id, number_id, number_e164, number_usable,
        texted_before, emailed_before, replied, released,
    ) = row[touches.width + leads.width :]  # fmt: skip
    suppressed = {
        channel: Suppression(channel=channel, reason=reason, evidence=_json(evidence))
        for channel, reason, evidence in (
            ("call", call_reason, call_evidence),
            ("sms", sms_reason, sms_evidence),
            ("email", email_reason, email_evidence),
        )
        if reason is not None
    }
    consent = {
        "sms": sms_consent == ConsentRecord.Action.GRANT,
        "call": call_consent == ConsentRecord.Action.GRANT,
        "email": False,  # no decision reads it
    }
    kept = None
    if number_id is not None and number_usable:
        kept = OutboundNumber(pk=number_id, firm_id=lead.firm_id, e164=number_e164, active=True)
    return SendFacts(
        touch=touch,
        lead=lead,
        states=channel_states_from(
            lead=lead, suppressed=suppressed, consent=consent, paused=paused is not None
        ),
        kept=kept,
        kept_stale=kept_id is not None and kept is None,
        texted_before=texted_before is not None,
        emailed_before=emailed_before is not None,
        replied=replied is not None,
        released_holds=released is not None,
    )


# The suppressions are unique per (firm, channel, value): one row each at most, joined. The
# consent is the latest grant or revoke of the channel (consent_latest index); "texted before"
# reads the touch_to_address index, "replied" touch_timeline. Yes-or-no questions are scalar
# subqueries with LIMIT 1 rather than EXISTS, which PostgreSQL may run as one hashed scan of
# the whole table when it misjudges how many rows come out of the joins.
_FACTS_SQL = """
SELECT {touch}, {lead},
    s_call.reason, s_call.evidence, s_sms.reason, s_sms.evidence,
    s_email.reason, s_email.evidence,
    (SELECT c.action FROM compliance_consentrecord c
        WHERE c.lead_id = l.id AND c.channel = %(sms)s AND c.action IN (%(grant)s, %(revoke)s)
        ORDER BY c.at DESC, c.id DESC LIMIT 1),
    (SELECT c.action FROM compliance_consentrecord c
        WHERE c.lead_id = l.id AND c.channel = %(call)s AND c.action IN (%(grant)s, %(revoke)s)
        ORDER BY c.at DESC, c.id DESC LIMIT 1),
    (SELECT 1 FROM compliance_replyreview r
        WHERE r.lead_id = l.id AND r.state = %(pending)s LIMIT 1),
    kept.id, n.id, n.e164, (n.active AND n.firm_id = kept.firm_id),
    (SELECT 1 FROM dispatch_touch p
        WHERE p.firm_id = l.firm_id AND p.to_address = l.phone AND p.channel = %(sms)s
        AND p.direction = %(outbound)s AND p.state = %(sent)s AND p.id <> t.id LIMIT 1),
    (SELECT 1 FROM dispatch_touch p
        WHERE p.firm_id = l.firm_id AND p.to_address = l.email AND p.channel = %(email)s
        AND p.direction = %(outbound)s AND p.state = %(sent)s AND p.id <> t.id LIMIT 1),
    (SELECT 1 FROM dispatch_touch i
        WHERE i.lead_id = l.id AND i.direction = %(inbound)s LIMIT 1),
    (SELECT 1 FROM compliance_barhold h
        WHERE h.lead_id = l.id AND h.released_at IS NOT NULL LIMIT 1)
FROM dispatch_touch t
JOIN leads_lead l ON l.id = t.lead_id
LEFT JOIN compliance_suppression s_call ON s_call.firm_id = l.firm_id
    AND s_call.channel = %(call)s AND s_call.value = l.phone AND l.phone <> ''
LEFT JOIN compliance_suppression s_sms ON s_sms.firm_id = l.firm_id
    AND s_sms.channel = %(sms)s AND s_sms.value = l.phone AND l.phone <> ''
LEFT JOIN compliance_suppression s_email ON s_email.firm_id = l.firm_id
    AND s_email.channel = %(email)s AND s_email.value = l.email AND l.email <> ''
LEFT JOIN channels_leadnumber kept ON kept.lead_id = l.id
LEFT JOIN firms_outboundnumber n ON n.id = kept.number_id
WHERE t.id = %(touch)s AND t.state = %(planned)s AND t.claimed_by = %(token)s
    AND t.due_at <= %(now)s
"""
# Its constants written in (prepared.constants: on SQLite it is then planned once, not at
# every run).
_FACTS_SQL = prepared.constants(
    _FACTS_SQL,
    planned=TouchState.PLANNED,
    call=TouchChannel.CALL,
    sms=TouchChannel.SMS,
    email=TouchChannel.EMAIL,
    grant=ConsentRecord.Action.GRANT,
    revoke=ConsentRecord.Action.REVOKE,
    pending=ReplyReview.State.PENDING,
    outbound=Direction.OUT,
    inbound=Direction.IN,
    sent=TouchState.SENT,
)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


# --- Reads the engine makes at every event, written directly --------------------------------


def lead_lock_read(*, lead_id: int) -> Lead:
    """The lead with its firm, its row locked (PostgreSQL: FOR UPDATE, of both rows, as the
    ORM's select_for_update().select_related("firm") takes them; SQLite: the transaction
    holds the write lock). Raises Lead.DoesNotExist. Call in a transaction."""
    wrapper = connections[DEFAULT_DB_ALIAS]
    leads, firms = rows.reader(wrapper, Lead, "l"), rows.reader(wrapper, Firm, "f")
    lock = " FOR UPDATE" if wrapper.vendor == "postgresql" else ""
    found = prepared.execute(
        f"SELECT {leads.columns}, {firms.columns} FROM leads_lead l "  # noqa: S608 - columns of the models
        f"JOIN firms_firm f ON f.id = l.firm_id WHERE l.id = %s{lock}",
        [lead_id],
    ).rows
    if not found:
        raise Lead.DoesNotExist(f"no lead {lead_id}")
    lead = leads.model(found[0], 0, wrapper)
    Lead.firm.field.set_cached_value(lead, firms.model(found[0], leads.width, wrapper))
    return lead
