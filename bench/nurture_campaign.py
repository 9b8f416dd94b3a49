"""A nurture campaign to 100,000 leads: how long planning takes, and the rate it goes out at.

Fills a fresh SQLite database (under var/) with the demo firm and N leads in nurture, spread
over four US time zones, then:

1. plans a campaign to all of them (`engine.campaigns.campaign_create`: the segment query, the
   spread at `--rate` an hour inside 09:00-17:00 lead-local, one bulk INSERT per 2,000 touches)
   and prints the time it took (target: < 30 s for 100,000);
2. runs the real worker step (`dispatch_one_batch`) through the console provider on a virtual
   clock, minute by minute from the campaign's start, for the first `--send` emails, and
   prints the peak number sent in any hour of virtual time (it must not exceed `--rate`) and
   the wall-clock send rate of this machine.

    .venv/bin/python bench/nurture_campaign.py                      # 100,000 leads
    .venv/bin/python bench/nurture_campaign.py --leads 20000 --send 500
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import deque
from datetime import timedelta
from pathlib import Path

ZONES = [("America/Chicago", "IL"), ("America/New_York", "NY"), ("America/Denver", "CO"),
         ("America/Los_Angeles", "CA")]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--rate", type=int, default=5_000, help="emails an hour at most")
    parser.add_argument("--send", type=int, default=2_000, help="emails to dispatch (virtual)")
    args = parser.parse_args()

    root = Path(__file__).resolve().parent.parent
    var = root / "var"
    var.mkdir(exist_ok=True)
    path = Path(tempfile.mkdtemp(dir=var, prefix="bench-nurture-")) / "db.sqlite3"
    url = f"sqlite:///{path}"
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "steadfast", "migrate", "-v0"], env=env, check=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
    import django

    django.setup()

    from steadfast import clock
    from steadfast.dispatch.models import Touch, TouchState
    from steadfast.engine.campaigns import CampaignInput, campaign_create
    from steadfast.engine.dispatcher import dispatch_one_batch
    from steadfast.firms.services import demo_firm_seed
    from steadfast.leads.models import Lead, LeadSource, StatusChange

    now = clock.now()
    seeded = demo_firm_seed(now=now)
    assert seeded is not None
    firm = seeded[0]
    source = LeadSource.objects.create(firm=firm, name="Bench")
    started = time.perf_counter()
    leads = Lead.objects.bulk_create(
        (
            Lead(
                firm=firm,
                source=source,
                first_name=f"L{i}",
                email=f"lead{i}@example.com",
                phone=f"+1312{5000000 + i:07d}",
                practice_area="personal_injury",
                timezone=ZONES[i % 4][0],
                timezone_candidates=[ZONES[i % 4][0]],
                timezone_source="state",
                jurisdiction_state=ZONES[i % 4][1],
                arrived_at=now - timedelta(days=200),
                status="nurture",
            )
            for i in range(args.leads)
        ),
        batch_size=5000,
    )
    StatusChange.objects.bulk_create(
        (
            StatusChange(
                firm=firm,
                lead=lead,
                from_status="contacting",
                to_status="nurture",
                at=now - timedelta(days=190),
            )
            for lead in leads
        ),
        batch_size=5000,
    )
    print(f"{args.leads:,} leads in nurture made in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    campaign = campaign_create(
        firm=firm,
        data=CampaignInput(
            name="Bench",
            subject="News from {{ firm.name }}",
            body="Hi {{ lead.first_name }},\n\nGeneral information.\n\nTalk to us: {{ talk_url }}",
            starts_at=now,
            min_months_in_nurture=3,
            rate_per_hour=args.rate,
        ),
        actor=None,
        now=now,
    )
    planning = time.perf_counter() - started
    span = (campaign.last_due_at - now) if campaign.last_due_at else timedelta(0)
    print(
        f"planned {campaign.planned:,} emails in {planning:.1f} s "
        f"(target < 30 s for 100,000); the last one is due {span.days} d "
        f"{span.seconds // 3600} h after the start at {args.rate:,} an hour"
    )

    # The plan itself: the most emails due in any hour (a sliding window over the due times).
    dues = list(
        Touch.objects.filter(template=campaign.template_key)
        .order_by("due_at")
        .values_list("due_at", flat=True)
    )
    busiest, first = 0, 0
    for last, due in enumerate(dues):
        while dues[first] <= due - timedelta(hours=1):
            first += 1
        busiest = max(busiest, last - first + 1)
    print(f"the plan: at most {busiest:,} emails due in any hour (configured {args.rate:,}/h)")

    # The worker on a virtual clock: every minute, whatever is due is sent.
    sent_at: deque = deque()
    peak = peak_minute = 0
    total = 0
    first_due = Touch.objects.filter(template=campaign.template_key).order_by("due_at").first()
    assert first_due is not None
    t = first_due.due_at
    wall = time.perf_counter()
    while total < args.send:
        with clock.frozen(t):
            while dispatch_one_batch(now=t):
                pass
        done = Touch.objects.filter(
            template=campaign.template_key, state=TouchState.SENT, done_at=t
        ).count()
        total += done
        peak_minute = max(peak_minute, done)
        sent_at.extend([t] * done)
        while sent_at and sent_at[0] <= t - timedelta(hours=1):
            sent_at.popleft()
        peak = max(peak, len(sent_at))
        t += timedelta(minutes=1)
    wall = time.perf_counter() - wall
    print(
        f"dispatched {total:,} emails through the console provider: peak {peak_minute:,} in a "
        f"minute and {peak:,} in any hour of virtual time (configured {args.rate:,}/h = "
        f"{args.rate / 60:.0f}/min); this machine sent "
        f"{total / wall:.0f} emails/s of wall-clock time"
    )


if __name__ == "__main__":
    main()
