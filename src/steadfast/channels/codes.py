"""What a provider's error code means for the lead: one table, one place.

Each entry says which outcome the touch gets and which of the lead's channels is dead
(PRODUCT.md §1 "Dead channels"):

- "phone": the number does not exist or is disconnected; calls and texts to it end.
- "sms": the number cannot take texts (landline, blocked); texts end, calls go on.
- "sms_opt_out": the person opted out at the carrier (replied STOP to the sending number):
  texts end because the person asked, which is an opt-out, not a dead number.
- "email": the address bounced permanently; emails end.
- None: a temporary or configuration problem; the channel stays open.

`reason` is the lead's invalid reason when this leaves it with no working channel.

Sources: Twilio's error dictionary (twilio.com/docs/api/errors/<code>) for the five-digit
codes; RFC 5321 §4.2 and RFC 3463 for SMTP reply codes; RFC 3261 §21.4 for SIP responses
that Twilio passes on as SipResponseCode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DeadKind = Literal["phone", "sms", "sms_opt_out", "email"]


@dataclass(frozen=True)
class CodeMeaning:
    code: str
    outcome: str  # a dispatch Outcome value: undelivered, bounced, disconnected, busy, no_answer
    dead: DeadKind | None
    meaning: str

    @property
    def reason(self) -> str:
        """The lead's InvalidReason if this was its last working channel; "" if none."""
        if self.dead in (None, "sms_opt_out"):
            return ""
        if self.dead == "email":
            return "bad_email"
        return "disconnected" if self.outcome == "disconnected" else "bad_phone"


_TABLE: tuple[CodeMeaning, ...] = (
    # Twilio messaging: delivery errors reported in the status callback.
    CodeMeaning(
        "30003",
        "undelivered",
        None,
        "Unreachable destination handset: switched off or out of coverage",
    ),
    CodeMeaning("30004", "undelivered", "sms", "Message blocked by the recipient or carrier"),
    CodeMeaning(
        "30005", "undelivered", "phone", "Unknown destination handset: the number does not exist"
    ),
    CodeMeaning(
        "30006",
        "undelivered",
        "sms",
        "Landline or unreachable carrier: the number cannot take texts",
    ),
    CodeMeaning("30007", "undelivered", None, "Filtered by the carrier as spam"),
    CodeMeaning("30008", "undelivered", None, "Unknown delivery error"),
    CodeMeaning("30034", "undelivered", None, "Sending number not registered for A2P 10DLC"),
    # Twilio REST API: the request to send was refused.
    CodeMeaning("21211", "undelivered", "phone", "Invalid 'To' phone number"),
    CodeMeaning("21217", "disconnected", "phone", "Phone number does not appear to be valid"),
    CodeMeaning("21408", "undelivered", None, "Sending to this region is not enabled"),
    CodeMeaning(
        "21610",
        "undelivered",
        "sms_opt_out",
        "The recipient replied STOP to this number: opted out at the carrier",
    ),
    CodeMeaning("21612", "undelivered", "sms", "The number cannot be reached by SMS"),
    CodeMeaning("21614", "undelivered", "sms", "'To' number is not a mobile number"),
    # Twilio voice.
    CodeMeaning("13224", "disconnected", "phone", "Dial: invalid phone number"),
    CodeMeaning("13225", "disconnected", None, "Dial: forbidden phone number (account setting)"),
    # SIP responses on a call (SipResponseCode).
    CodeMeaning("404", "disconnected", "phone", "SIP 404: the number was not found"),
    CodeMeaning("410", "disconnected", "phone", "SIP 410: the number is gone (disconnected)"),
    CodeMeaning("484", "disconnected", "phone", "SIP 484: address incomplete"),
    CodeMeaning("486", "busy", None, "SIP 486: busy here"),
    CodeMeaning("480", "no_answer", None, "SIP 480: temporarily unavailable"),
    # SMTP replies (RFC 5321 §4.2.3) from the relay or, later, in a bounce.
    CodeMeaning("550", "bounced", "email", "SMTP 550: mailbox unavailable (no such user)"),
    CodeMeaning("551", "bounced", "email", "SMTP 551: user not local"),
    CodeMeaning("553", "bounced", "email", "SMTP 553: mailbox name not allowed"),
    CodeMeaning("552", "bounced", None, "SMTP 552: mailbox full (temporary)"),
    CodeMeaning("5.1.1", "bounced", "email", "Bad destination mailbox address"),
    CodeMeaning("5.1.2", "bounced", "email", "Bad destination domain"),
    CodeMeaning("5.1.10", "bounced", "email", "Recipient address has a null MX"),
    # Bounce reports without a usable code (an ESP's "hard bounce").
    CodeMeaning("bounce", "bounced", "email", "Hard bounce"),
)

CODES: dict[str, CodeMeaning] = {entry.code: entry for entry in _TABLE}


def code_meaning(code: str | int | None) -> CodeMeaning | None:
    """The table entry for a provider code, or None for a code it does not know (or none)."""
    if code is None:
        return None
    return CODES.get(str(code).strip())
