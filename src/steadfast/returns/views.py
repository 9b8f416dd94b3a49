"""Managers' pages for vendor returns: candidates, disputes, packets, policies, statements."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from steadfast import clock
from steadfast.csvexport import write_rows
from steadfast.firms.models import Role
from steadfast.leads.models import Lead, LeadSource
from steadfast.returns import selectors
from steadfast.returns.forms import REASON_LABELS, PolicyForm, ResolveForm
from steadfast.returns.models import Dispute
from steadfast.returns.packet import packet_build, packet_json, packet_pdf
from steadfast.returns.services import (
    PolicyInput,
    ReturnRefused,
    dispute_create,
    dispute_packet,
    dispute_resolve,
    dispute_submit,
    policy_save,
)
from steadfast.web.access import FirmRequest, firm_view


@firm_view(Role.MANAGER)
def returns_index(request: FirmRequest) -> HttpResponse:
    now = clock.now()
    candidates = selectors.return_candidates(firm=request.firm, now=now)
    by_source: dict[LeadSource, list[selectors.Candidate]] = {}
    for candidate in candidates:
        by_source.setdefault(candidate.lead.source, []).append(candidate)
    sources = LeadSource.objects.filter(firm=request.firm).order_by("name")
    return render(
        request,
        "returns/index.html",
        {
            "groups": sorted(by_source.items(), key=lambda kv: kv[0].name),
            "policies": [selectors.policy_for(source=s) for s in sources],
            "closing": sum(1 for c in candidates if c.urgent),
            "now": now,
            "reason_labels": REASON_LABELS,
            "disputes": Dispute.objects.filter(firm=request.firm).select_related("source")[:50],
        },
    )


@require_POST
@firm_view(Role.MANAGER)
def dispute_new(request: FirmRequest) -> HttpResponse:
    source_id = _int(request.POST.get("source"))
    source = LeadSource.objects.filter(firm=request.firm, pk=source_id or 0).first()
    if source is None:
        raise Http404("no such source")
    lead_ids = [n for n in (_int(v) for v in request.POST.getlist("lead")) if n is not None]
    try:
        dispute = dispute_create(
            firm=request.firm, source=source, lead_ids=lead_ids, actor=request.user, now=clock.now()
        )
    except ReturnRefused as exc:
        messages.error(request, str(exc))
        return redirect("returns:index")
    messages.success(request, f"Return request {dispute.pk} drafted for {source.name}.")
    return redirect("returns:dispute", dispute_id=dispute.pk)


def _dispute(request: FirmRequest, dispute_id: int) -> Dispute:
    dispute = selectors.dispute_get(firm=request.firm, dispute_id=dispute_id)
    if dispute is None:
        raise Http404("no such dispute")
    return dispute


@firm_view(Role.MANAGER)
def dispute_detail(request: FirmRequest, dispute_id: int) -> HttpResponse:
    dispute = _dispute(request, dispute_id)
    items = list(dispute.items.select_related("lead"))
    return render(
        request,
        "returns/dispute.html",
        {
            "dispute": dispute,
            "items": items,
            "policy": selectors.policy_for(source=dispute.source),
            "total": sum((i.price for i in items), Decimal(0)),
            "form": ResolveForm(),
            "reason_labels": REASON_LABELS,
        },
    )


@require_POST
@firm_view(Role.MANAGER)
def dispute_action(request: FirmRequest, dispute_id: int) -> HttpResponse:
    dispute = _dispute(request, dispute_id)
    action = request.POST.get("action")
    now = clock.now()
    try:
        if action == "submit":
            dispute_submit(
                dispute=dispute, how=request.POST.get("how", ""), actor=request.user, now=now
            )
            messages.success(request, "Marked submitted to the vendor; the packet is sealed.")
        elif action == "resolve":
            decisions: dict[int, tuple[bool, str | Decimal]] = {}
            for item in dispute.items.all():
                verdict = request.POST.get(f"item-{item.pk}")
                if verdict not in ("accept", "reject"):
                    raise ReturnRefused(f"lead {item.lead_id}: accepted or rejected?")
                decisions[item.pk] = (
                    verdict == "accept",
                    request.POST.get(f"credit-{item.pk}", ""),
                )
            dispute = dispute_resolve(
                dispute=dispute,
                decisions=decisions,
                vendor_reason=request.POST.get("vendor_reason", ""),
                actor=request.user,
                now=now,
            )
            messages.success(
                request, f"{dispute.get_state_display()}: credit ${dispute.credit} recorded."
            )
        else:
            raise ReturnRefused("unknown action")
    except ReturnRefused as exc:
        messages.error(request, str(exc))
    return redirect("returns:dispute", dispute_id=dispute.pk)


def _check_format(fmt: str) -> None:
    if fmt not in ("pdf", "json"):
        raise Http404("packets are .pdf or .json")


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@firm_view(Role.MANAGER)
def dispute_packet_file(request: FirmRequest, dispute_id: int, fmt: str) -> HttpResponse:
    _check_format(fmt)
    dispute = _dispute(request, dispute_id)
    signed = dispute_packet(dispute=dispute, now=dispute.submitted_at or clock.now())
    name = f"return-{dispute.pk}-{dispute.source.name}".replace(" ", "-").lower()
    if fmt == "pdf":
        return _download(packet_pdf(signed), "application/pdf", f"{name}.pdf")
    return _download(packet_json(signed), "application/json", f"{name}.json")


@firm_view(Role.MANAGER)
def lead_packet_file(request: FirmRequest, lead_id: int, fmt: str) -> HttpResponse:
    _check_format(fmt)
    lead = get_object_or_404(Lead.objects.select_related("source"), pk=lead_id, firm=request.firm)
    now = clock.now()
    why = selectors.lead_return_reason(
        lead=lead, policy=selectors.policy_for(source=lead.source), now=now
    )
    signed = packet_build(
        firm=request.firm,
        items=[(lead, why[0] if why else "")],
        now=now,
        title=f"Evidence for lead {lead.pk} from {lead.source.name}",
    )
    if fmt == "pdf":
        return _download(packet_pdf(signed), "application/pdf", f"lead-{lead.pk}-evidence.pdf")
    return _download(packet_json(signed), "application/json", f"lead-{lead.pk}-evidence.json")


@firm_view(Role.MANAGER)
def policy_edit(request: FirmRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(LeadSource, pk=source_id, firm=request.firm)
    policy = selectors.policy_for(source=source)
    hours = int(policy.window.total_seconds() // 3600)
    initial = {
        "window": hours // 24 if hours % 24 == 0 else hours,
        "window_unit": "days" if hours % 24 == 0 else "hours",
        "reasons": list(policy.reasons),
        "unreachable_attempts": policy.unreachable_attempts,
        "unreachable_days": policy.unreachable_days,
        "contact_name": policy.contact_name,
        "contact_email": policy.contact_email,
        "price": source.cost_per_lead,
    }
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            policy_save(
                source=source,
                data=PolicyInput(
                    window_hours=data["window_hours"],
                    reasons=data["reasons"],
                    unreachable_attempts=data["unreachable_attempts"],
                    unreachable_days=data["unreachable_days"],
                    contact_name=data["contact_name"],
                    contact_email=data["contact_email"],
                    price=data["price"],
                ),
                actor=request.user,
                now=clock.now(),
            )
        except ReturnRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Return policy of {source.name} saved.")
            return redirect("returns:index")
    status = 400 if request.method == "POST" else 200
    return render(request, "returns/policy.html", {"form": form, "source": source}, status=status)


def _month(value: str | None) -> date:
    today = clock.now().date()
    try:
        year, month = (int(p) for p in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return date(today.year, today.month, 1)


@firm_view(Role.MANAGER)
def statement(request: FirmRequest) -> HttpResponse:
    month = _month(request.GET.get("month"))
    rows = selectors.vendor_statement(firm=request.firm, month=month, now=clock.now())
    if request.GET.get("format") == "csv":
        out = io.StringIO()
        header = ["source", "month", "bought", "cost", "returnable", "returned", "credited"]
        write_rows(
            out,
            [
                [*header, "rejected", "net_cost"],
                *(
                    [
                        r.source.name,
                        f"{month:%Y-%m}",
                        r.bought,
                        r.cost,
                        r.returnable,
                        r.returned,
                        r.credited,
                        r.rejected,
                        r.net_cost,
                    ]
                    for r in rows
                ),
            ],
        )
        return _download(out.getvalue().encode(), "text/csv", f"vendor-statement-{month:%Y-%m}.csv")
    return render(
        request,
        "returns/statement.html",
        {
            "rows": rows,
            "month": month,
            "totals": {
                "bought": sum(r.bought for r in rows),
                "cost": sum((r.cost for r in rows), Decimal(0)),
                "credited": sum((r.credited for r in rows), Decimal(0)),
                "net_cost": sum((r.net_cost for r in rows), Decimal(0)),
            },
        },
    )


def _int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**62 else None
