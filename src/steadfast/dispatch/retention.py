"""How long the messages Steadfast sent are kept, and the one job that removes old ones.

Every outgoing message's touch keeps what was sent (subject and content, as sent), when
(`done_at`), to whom (`to_address`) and which wording (`template_version`). The lawyers'
advertising-record rules want copies kept for years (docs/bar-rules.md); Steadfast keeps them
at least STEADFAST_MESSAGE_RETENTION_YEARS (5, configurable upward only). Nothing in the app
deletes them: leads cannot be deleted in the back office and the touch ledger is read-only
there. `steadfast retention --apply` is the documented way older copies go: it clears the
subject and content of messages sent before the cut-off; the row (time, recipient, template
version, outcome) stays on the lead's timeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from steadfast.audit.services import audit_record
from steadfast.dispatch.models import Direction, Touch, TouchChannel
from steadfast.firms.models import Firm

MESSAGE_CHANNELS = (TouchChannel.SMS, TouchChannel.EMAIL, TouchChannel.VOICEMAIL_DROP)
REMOVED = "[removed by the retention job]"


def retention_years() -> int:
    return max(5, int(settings.STEADFAST_MESSAGE_RETENTION_YEARS))


def cutoff(now: datetime, years: int | None = None) -> datetime:
    """Messages sent before this moment are past the retention period (a year is 366 days, so
    the period is never shorter than the calendar's)."""
    return now - timedelta(days=366 * (years or retention_years()))


@dataclass
class RetentionReport:
    cutoff: datetime
    kept_years: int
    expired: int
    removed: int


def _expired(firm: Firm, before: datetime) -> QuerySet[Touch]:
    return (
        Touch.objects.filter(
            firm=firm,
            direction=Direction.OUT,
            channel__in=MESSAGE_CHANNELS,
            done_at__lt=before,
        )
        .exclude(content="")
        .exclude(content=REMOVED)
    )


def retention_run(*, firm: Firm, now: datetime, apply: bool = False) -> RetentionReport:
    """Count (and with `apply`, clear the wording of) this firm's messages sent before the
    retention cut-off. Audited when anything is removed."""
    years = retention_years()
    before = cutoff(now, years)
    with transaction.atomic():
        expired = _expired(firm, before)
        count = expired.count()
        removed = 0
        if apply and count:
            removed = expired.update(content=REMOVED, subject="")
            audit_record(
                firm=firm,
                at=now,
                action="messages.retention",
                obj=firm,
                actor_label="retention",
                changes={"removed": removed, "sent_before": before.isoformat(), "years": years},
            )
    return RetentionReport(cutoff=before, kept_years=years, expired=count, removed=removed)
