"""Reads for compliance: is this channel of this lead open, and if not, why not."""

from __future__ import annotations

from dataclasses import dataclass

from steadfast.compliance.models import ConsentRecord, Suppression
from steadfast.leads.models import Lead

CHANNELS = ("call", "sms", "email")


@dataclass(frozen=True)
class ChannelState:
    open: bool
    why_not: str = ""
    dead: bool = False  # the channel itself no longer works (not merely not allowed)


def consent_current(*, lead: Lead) -> dict[str, bool]:
    """Current consent per channel: the latest record decides; no record means no consent."""
    state = dict.fromkeys(CHANNELS, False)
    for record in ConsentRecord.objects.filter(lead=lead).order_by("at", "id"):
        state[record.channel] = record.action == ConsentRecord.Action.GRANT
    return state


def suppressions_for(*, lead: Lead) -> dict[str, Suppression]:
    """The suppression of each channel of this lead's phone or email, if any."""
    found: dict[str, Suppression] = {}
    values = [v for v in (lead.phone, lead.email) if v]
    if not values:
        return found
    for row in Suppression.objects.filter(firm_id=lead.firm_id, value__in=values):
        if (row.channel == "email") == (row.value == lead.email):
            found.setdefault(row.channel, row)
    return found


_WHY = {
    Suppression.Reason.OPT_OUT: "the person opted out",
    Suppression.Reason.INTERNAL_DNC: "the number is on the firm's do-not-call list",
    Suppression.Reason.CARRIER_OPT_OUT: "the person opted out at the carrier",
    Suppression.Reason.STAFF: "marked do-not-contact by staff",
}


def channel_states(*, lead: Lead) -> dict[str, ChannelState]:
    """Whether each channel may be used for this lead, before any timing rule.

    A person's call needs no recorded consent (the lead asked to be contacted) but respects
    every suppression; texts need SMS consent; an automated voicemail drop (a prerecorded
    message) needs call consent; email needs a valid address and no unsubscribe.
    """
    suppressed = suppressions_for(lead=lead)
    consent = consent_current(lead=lead)
    states: dict[str, ChannelState] = {}

    def blocked(channel: str) -> ChannelState | None:
        row = suppressed.get(channel)
        if row is None:
            return None
        if row.reason == Suppression.Reason.DEAD:
            return ChannelState(
                False, row.evidence.get("why", "the channel no longer works"), dead=True
            )
        return ChannelState(False, _WHY.get(row.reason, "suppressed"))

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
