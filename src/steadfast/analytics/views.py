"""The manager's analytics pages: each report a chart with the same figures as a table beside
it, CSV for every report, and a monthly PDF for the managing attorney."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from steadfast import clock
from steadfast.analytics import forecast as forecasting
from steadfast.analytics import reports
from steadfast.analytics.models import PracticeAreaFee, SourceSpend
from steadfast.analytics.services import SpendImportError, spend_import
from steadfast.csvexport import write_rows
from steadfast.engine import answer_model, learned_timing
from steadfast.firms.models import Membership, Role
from steadfast.ids import parse_id
from steadfast.leads.models import LeadSource
from steadfast.web.access import FirmRequest, firm_view

REPORTS = {
    "speed": "Speed to lead",
    "contact": "Contact rate",
    "funnel": "Funnel",
    "money": "Money",
    "workload": "Workload",
    "nurture": "Nurture",
    "forecast": "Forecast",
}
MAX_RANGE = timedelta(days=731)


@dataclass(frozen=True)
class Query:
    filters: reports.Filters
    report: str
    problems: list[str]


def _date(value: str | None, default: date, name: str, problems: list[str]) -> date:
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{name}: not a date (YYYY-MM-DD)")
        return default


def _query(request: FirmRequest) -> Query:
    problems: list[str] = []
    today = clock.now().astimezone(reports.Filters(request.firm, date.min, date.min).zone).date()
    end = _date(request.GET.get("end"), today, "end", problems)
    start = _date(request.GET.get("start"), end - timedelta(days=89), "start", problems)
    if start > end:
        problems.append("start: after the end of the range")
        start = end - timedelta(days=89)
    if end - start > MAX_RANGE:
        problems.append("range: at most two years")
        start = end - MAX_RANGE
    source_ids = []
    for value in request.GET.getlist("source"):
        source_id = parse_id(value)
        if source_id is not None:
            source_ids.append(source_id)
        elif value:
            problems.append(f"source: {value!r} is not a source")
    agent = request.GET.get("agent", "")
    report = request.GET.get("report", "speed")
    if report not in REPORTS:
        problems.append(f"report: one of {', '.join(REPORTS)}")
        report = "speed"
    return Query(
        reports.Filters(
            request.firm,
            start,
            end,
            tuple(
                LeadSource.objects.filter(firm=request.firm, pk__in=source_ids).values_list(
                    "pk", flat=True
                )
            ),
            request.GET.get("practice_area", "")[:60],
            parse_id(agent),
        ),
        report,
        problems,
    )


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _money(value: Decimal | None) -> str:
    return "—" if value is None else f"${value:,.2f}"


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    heat: bool = False  # cells "41% (112)" shaded by their rate


def _answer_model_table(f: reports.Filters) -> Table:
    """What learned call timing believes: the firm's answer model as a heat map."""
    model = learned_timing.firm_model(f.firm, now=clock.now())
    hours = range(8, 21)  # the federal calling window, 08:00-21:00 lead-local
    rows = []
    for d in range(7):
        cells = []
        for h in hours:
            est = answer_model.firm_estimate(model, weekday=d, hour=h)
            cells.append(f"{_share(est.mean)} ({est.attempts})")
        rows.append([reports.WEEKDAYS[d], *cells])
    return Table(
        "Learned call timing: the answer rate the model expects by the lead's local hour and "
        "weekday — every call of the last year, whatever the dates above; a cell with few calls "
        "(in brackets) leans on its hour and the firm's rate",
        ["", *[f"{h:02d}" for h in hours]],
        rows,
        heat=True,
    )


def build(report: str, f: reports.Filters) -> tuple[list[Table], dict[str, Any]]:
    """The report's tables (what the page, the CSV and the PDF show) and its chart data."""
    if report == "speed":
        r = reports.speed_to_lead(f)
        header = [
            "",
            "Leads",
            "First attempt (median)",
            "p90",
            "Within 5 min",
            "First contact (median)",
            "p90",
            "Contacted",
        ]

        def line(row: reports.SpeedRow) -> list[str]:
            return [
                row.label,
                str(row.leads),
                _minutes(row.attempt_median),
                _minutes(row.attempt_p90),
                _share(row.attempt_within_5),
                _minutes(row.contact_median),
                _minutes(row.contact_p90),
                str(row.contacted),
            ]

        tables = [
            Table(
                "All leads, and those that arrived outside calling hours apart",
                header,
                [line(r.overall), line(r.in_hours), line(r.outside_hours)],
            ),
            Table("By source", header, [line(x) for x in r.by_source]),
            Table("By agent (who made the first call)", header, [line(x) for x in r.by_agent]),
            Table("By arrival hour (firm's time)", header, [line(x) for x in r.by_hour]),
        ]
        chart = {
            "type": "bar",
            "labels": [x.label for x in r.by_source],
            "datasets": [
                {
                    "label": "Median minutes to first attempt",
                    "data": [round((x.attempt_median or 0) / 60, 1) for x in r.by_source],
                },
                {
                    "label": "Median minutes to first contact",
                    "data": [round((x.contact_median or 0) / 60, 1) for x in r.by_source],
                },
            ],
        }
        return tables, chart
    if report == "contact":
        c = reports.contact_rate(f)
        days = reports.WEEKDAYS
        heat_rows = []
        cells = {(h.weekday, h.hour): h for h in c.heat}
        hours = sorted({h.hour for h in c.heat})
        for d in range(7):
            heat_rows.append(
                [
                    days[d],
                    *(
                        f"{_share(cells[(d, h)].rate)} ({cells[(d, h)].attempts})"
                        if (d, h) in cells
                        else ""
                        for h in hours
                    ),
                ]
            )
        tables = [
            Table(
                "Contact rate by source (valid leads)",
                ["Source", "Leads", "Valid", "Contacted", "Rate"],
                [
                    [x.label, str(x.leads), str(x.valid), str(x.contacted), _share(x.rate)]
                    for x in c.by_source
                ],
            ),
            Table(
                "Reached by the n-th attempt (cumulative share of valid leads)",
                ["Attempt", "Reached", "Share"],
                [[str(n), str(k), _share(s)] for n, k, s in c.by_attempt],
            ),
            Table(
                "Answer rate of calls by the lead's local hour and weekday "
                "(calls behind each cell)",
                ["", *[f"{h:02d}" for h in hours]],
                heat_rows,
                heat=True,
            ),
            _answer_model_table(f),
        ]
        chart = {
            "type": "line",
            "labels": [str(n) for n, _, _ in c.by_attempt],
            "datasets": [
                {
                    "label": "Share reached by attempt n",
                    "data": [round(s * 100, 1) for _, _, s in c.by_attempt],
                }
            ],
            "heat": [
                {"day": h.weekday, "hour": h.hour, "rate": h.rate, "n": h.attempts} for h in c.heat
            ],
        }
        return tables, chart
    if report == "funnel":
        funnel_rows = reports.funnel(f)
        reasons = sorted({k for fr in funnel_rows for k in fr.invalid_by_reason})
        tables = [
            Table(
                "From arrival to signed, by source",
                [
                    "Source",
                    *[s.replace("_", " ") for s in reports.FUNNEL],
                    *[s.replace("_", " ") for s in reports.BESIDE],
                ],
                [
                    [
                        fr.label,
                        *[str(fr.counts[s]) for s in reports.FUNNEL],
                        *[str(fr.counts[s]) for s in reports.BESIDE],
                    ]
                    for fr in funnel_rows
                ],
            ),
            Table(
                "Invalid leads by reason",
                ["Source", *[r.replace("_", " ") for r in reasons]],
                [
                    [fr.label, *[str(fr.invalid_by_reason.get(k, 0)) for k in reasons]]
                    for fr in funnel_rows
                ],
            ),
        ]
        chart = {
            "type": "bar",
            "labels": [s for s in reports.FUNNEL],
            "datasets": [
                {"label": fr.label, "data": [fr.counts[s] for s in reports.FUNNEL]}
                for fr in funnel_rows
                if fr.source_id is not None
            ],
        }
        return tables, chart
    if report == "money":
        m = reports.money(f)
        tables = [
            Table(
                "Cost per stage and return on spend, by source (net of vendor credits)",
                [
                    "Source",
                    "Spend",
                    "Credits",
                    "Net",
                    "Per lead",
                    "Per valid",
                    "Per contacted",
                    "Per qualified",
                    "Per signed case",
                    "Signed",
                    "Fees",
                    "Return on spend",
                    "Spend from",
                ],
                [
                    [
                        r.label,
                        _money(r.spend),
                        _money(r.credits),
                        _money(r.net),
                        _money(r.per_lead),
                        _money(r.per_valid),
                        _money(r.per_contacted),
                        _money(r.per_qualified),
                        _money(r.per_signed),
                        str(r.signed),
                        _money(r.revenue),
                        "—" if r.return_on_spend is None else f"{r.return_on_spend:.1f}x",
                        r.spend_source,
                    ]
                    for r in m.rows
                ],
            ),
            Table(
                "Spend per source per month",
                ["Source", "Month", "Spend"],
                [[s, mo, _money(a)] for s, mo, a in m.monthly],
            ),
        ]
        chart = {
            "type": "bar",
            "labels": [r.label for r in m.rows],
            "datasets": [
                {
                    "label": "Cost per signed case (USD)",
                    "data": [float(r.per_signed or 0) for r in m.rows],
                }
            ],
        }
        return tables, chart
    if report == "workload":
        work = reports.workload(f)
        outcomes = sorted({o for r in work for o in r.outcomes})
        tables = [
            Table(
                "Calls per agent per day",
                [
                    "Day",
                    "Agent",
                    "Calls",
                    *[o.replace("_", " ") for o in outcomes],
                    "Waited (median)",
                    "Waited (p90)",
                ],
                [
                    [
                        r.day.isoformat(),
                        r.agent,
                        str(r.calls),
                        *[str(r.outcomes.get(o, 0)) for o in outcomes],
                        _minutes(r.wait_median),
                        _minutes(r.wait_p90),
                    ]
                    for r in work
                ],
            )
        ]
        per_day: dict[str, int] = {}
        for w in work:
            per_day[w.day.isoformat()] = per_day.get(w.day.isoformat(), 0) + w.calls
        chart = {
            "type": "bar",
            "labels": list(per_day),
            "datasets": [{"label": "Calls", "data": list(per_day.values())}],
        }
        return tables, chart
    if report == "nurture":
        n = reports.nurture(f)
        tables = [
            Table(
                "Nurture pool at the end of each week",
                ["Week ending", "Leads in nurture"],
                [[d.isoformat(), str(k)] for d, k in n.pool],
            ),
            Table(
                "Back from nurture to a person, per month",
                ["Month", "Re-engaged"],
                [[m, str(k)] for m, k in n.reengaged],
            ),
        ]
        chart = {
            "type": "line",
            "labels": [d.isoformat() for d, _ in n.pool],
            "datasets": [{"label": "Leads in nurture", "data": [k for _, k in n.pool]}],
        }
        return tables, chart
    now = clock.now()
    loaded = forecasting.load_history(f.firm, now)
    predictions = forecasting.forecast(firm=f.firm, now=now, loaded=loaded)
    test = forecasting.backtest(firm=f.firm, now=now, loaded=loaded)
    tables = [
        Table(
            "Signed cases expected from the leads in the pipeline",
            ["Horizon", "Expected", "80 % interval", "Open leads"],
            [
                [
                    f"next {p.horizon_days} days",
                    f"{p.expected:.1f}",
                    f"{p.low} to {p.high}",
                    str(p.open_leads),
                ]
                for p in predictions
            ],
        ),
        Table(
            "Backtest: 30-day forecasts made at past dates against what then happened"
            + (
                f" (mean absolute error {test.mean_absolute_error:.1f}, "
                f"actual inside the 80 % interval {test.coverage:.0%} of the time)"
                if test.points
                and test.mean_absolute_error is not None
                and test.coverage is not None
                else ""
            ),
            ["Forecast made on", "Expected", "80 % interval", "Actual"],
            [
                [
                    p.as_of.astimezone(f.zone).date().isoformat(),
                    f"{p.forecast.expected:.1f}",
                    f"{p.forecast.low} to {p.forecast.high}",
                    str(p.actual),
                ]
                for p in test.points
            ],
        ),
    ]
    chart = {
        "type": "bar",
        "labels": [f"{p.horizon_days} days" for p in predictions],
        "datasets": [
            {"label": "Expected signed cases", "data": [round(p.expected, 1) for p in predictions]},
            {"label": "80 % interval, low", "data": [p.low for p in predictions]},
            {"label": "80 % interval, high", "data": [p.high for p in predictions]},
        ],
    }
    return tables, chart


def _csv(tables: list[Table], name: str) -> HttpResponse:
    out = io.StringIO()
    for i, table in enumerate(tables):
        write_rows(out, [*([[]] if i else []), [table.caption], table.header, *table.rows])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@firm_view(Role.MANAGER)
def analytics_page(request: FirmRequest) -> HttpResponse:
    query = _query(request)
    f = query.filters
    tables, chart = build(query.report, f)
    if request.GET.get("format") == "csv" and not query.problems:
        return _csv(tables, f"{query.report}-{f.start}-{f.end}")
    agents = Membership.objects.filter(firm=request.firm).select_related("user")
    return render(
        request,
        "analytics/page.html",
        {
            "reports": REPORTS,
            "report": query.report,
            "title": REPORTS[query.report],
            "filters": f,
            "problems": query.problems,
            "tables": tables,
            "chart": chart,
            "sources": LeadSource.objects.filter(firm=request.firm).order_by("name"),
            "agents": [m.user for m in agents],
            "practice_areas": request.firm.practice_areas,
            "querystring": request.GET.urlencode(),
        },
        status=400 if query.problems else 200,
    )


@firm_view(Role.MANAGER)
def monthly_pdf(request: FirmRequest) -> HttpResponse:
    from weasyprint import HTML  # loads Pango: only when a PDF is asked for

    today = clock.now().astimezone(reports.Filters(request.firm, date.min, date.min).zone).date()
    first_of_this = today.replace(day=1)
    default = (first_of_this - timedelta(days=1)).replace(day=1)
    month = default
    value = request.GET.get("month", "")
    if value:
        try:
            year, mon = (int(p) for p in value.split("-"))
            month = date(year, mon, 1)
        except ValueError:
            return HttpResponse("month: YYYY-MM", status=400, content_type="text/plain")
    last = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    f = reports.Filters(request.firm, month, last)
    sections = [
        (REPORTS[key], build(key, f)[0])
        for key in ("speed", "contact", "funnel", "money", "forecast")
    ]
    html = render_to_string(
        "analytics/monthly_pdf.html",
        {"firm": request.firm, "month": month, "sections": sections, "generated": clock.now()},
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="steadfast-{month:%Y-%m}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@firm_view(Role.MANAGER)
def money_settings(request: FirmRequest) -> HttpResponse:
    sources = list(LeadSource.objects.filter(firm=request.firm).order_by("name"))
    if request.method == "POST" and "file" in request.FILES:
        try:
            saved = spend_import(
                firm=request.firm, file=request.FILES["file"], actor=request.user, now=clock.now()
            )
        except SpendImportError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"Imported {saved} month{'s' if saved != 1 else ''} of spend."
            )
        return redirect("analytics:money")
    if request.method == "POST":
        now = clock.now()
        problems = []
        try:
            month = date.fromisoformat(request.POST.get("month", "") + "-01")
        except ValueError:
            month = None
            problems.append("month: YYYY-MM")
        for source in sources:
            raw = request.POST.get(f"spend-{source.pk}", "").strip().replace(",", "")
            if not raw or month is None:
                continue
            try:
                amount = Decimal(raw)
                if not amount.is_finite() or not 0 <= amount <= Decimal("99999999"):
                    raise InvalidOperation
            except InvalidOperation:
                problems.append(f"{source.name}: not an amount")
                continue
            SourceSpend.objects.update_or_create(
                source=source,
                month=month,
                defaults={
                    "firm": request.firm,
                    "amount": amount.quantize(Decimal("0.01")),
                    "entered_by": request.user,
                    "entered_at": now,
                },
            )
        for area in request.firm.practice_areas:
            raw = request.POST.get(f"fee-{area}", "").strip().replace(",", "")
            if not raw:
                continue
            try:
                fee = Decimal(raw)
                if not fee.is_finite() or not 0 <= fee <= Decimal("99999999"):
                    raise InvalidOperation
            except InvalidOperation:
                problems.append(f"{area}: not an amount")
                continue
            PracticeAreaFee.objects.update_or_create(
                firm=request.firm,
                practice_area=area,
                defaults={"expected_fee": fee.quantize(Decimal("0.01"))},
            )
        for problem in problems:
            messages.error(request, problem)
        if not problems:
            messages.success(request, "Saved.")
        return redirect("analytics:money")
    fees = dict(
        PracticeAreaFee.objects.filter(firm=request.firm).values_list(
            "practice_area", "expected_fee"
        )
    )
    spends = (
        SourceSpend.objects.filter(firm=request.firm)
        .select_related("source")
        .order_by("-month", "source__name")[:60]
    )
    return render(
        request,
        "analytics/money.html",
        {
            "sources": sources,
            "fees": [(a, fees.get(a)) for a in request.firm.practice_areas],
            "spends": spends,
            "reports": REPORTS,
        },
    )
