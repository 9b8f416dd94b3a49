"""What a provider's error code means for the lead: the outcome to record and which channel died.

One table for every provider code Steadfast acts on. `dead` names what stops working:
"phone" (calls and texts), "sms" (texts only, e.g. a landline), "email", or None when the
failure may be temporary and the cadence simply goes on. `reason` is the lead's invalid reason
if this leaves it with no working channel.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorMeaning:
    code: str
    outcome: str          # an Outcome value: undelivered, bounced, disconnected, opted_out
    dead: str | None      # "phone" | "sms" | "email" | None
    reason: str           # InvalidReason value when it leaves the lead without a channel
    description: str


_TABLE = [
    # Twilio messaging errors: https://www.twilio.com/docs/api/errors
    ErrorMeaning("30003", "undelivered", None, "", "Unreachable handset (off or out of coverage)"),
    ErrorMeaning("30004", "undelivered", None, "", "Message blocked by the recipient or carrier"),
    ErrorMeaning("30005", "undelivered", "phone", "bad_phone", "Unknown destination: the number does not exist"),
    ErrorMeaning("30006", "undelivered", "sms", "bad_phone", "Landline or unreachable carrier: cannot take texts"),
    ErrorMeaning("30007", "undelivered", None, "", "Filtered by the carrier"),
    ErrorMeaning("30008", "undelivered", None, "", "Unknown delivery error"),
    ErrorMeaning("21211", "undelivered", "phone", "bad_phone", "Invalid 'To' phone number"),
    ErrorMeaning("21614", "undelivered", "sms", "bad_phone", "'To' number is not a mobile number"),
    ErrorMeaning("21610", "opted_out", "sms", "", "The recipient opted out at the carrier (STOP)"),
    # Call results
    ErrorMeaning("disconnected", "disconnected", "phone", "disconnected", "The number is disconnected"),
    ErrorMeaning("wrong_person", "wrong_person", "phone", "wrong_person", "The number reaches someone else"),
    # Email (SMTP / ESP bounce classes; RFC 3463 5.1.x = bad address)
    ErrorMeaning("5.1.1", "bounced", "email", "bad_email", "Mailbox does not exist"),
    ErrorMeaning("5.1.2", "bounced", "email", "bad_email", "Domain does not exist"),
    ErrorMeaning("bounce", "bounced", "email", "bad_email", "Hard bounce"),
]
MEANINGS = {m.code: m for m in _TABLE}


def meaning(code: str, *, channel: str) -> ErrorMeaning:
    """The meaning of a code; unknown codes are temporary failures (the cadence goes on)."""
    found = MEANINGS.get(str(code).strip())
    if found:
        return found
    if channel == "email" and str(code).startswith("5."):
        return ErrorMeaning(str(code), "bounced", "email", "bad_email", "Permanent email failure")
    outcome = "bounced" if channel == "email" else "undelivered"
    return ErrorMeaning(str(code), outcome, None, "", "Temporary or unknown failure")
