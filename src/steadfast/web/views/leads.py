"""The leads list and the lead page with its actions."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from steadfast import clock
from steadfast.analytics.models import CaseFee
from steadfast.analytics.services import case_fee_set
from steadfast.cadences.selectors import lead_progress
from steadfast.compliance import bar
from steadfast.compliance.contact_window import ContactWindow
from steadfast.compliance.models import ReplyReview
from steadfast.compliance.selectors import reply_review_pending
from steadfast.csvexport import write_rows
from steadfast.engine.events import (
    ContactNotAllowed,
    contact_allowed,
    lead_mark,
    lead_opt_out,
    manual_message_send,
    reply_review_decide,
)
from steadfast.engine.nurture import nurture_enroll
from steadfast.errors import Refused
from steadfast.firms.models import Role
from steadfast.leads.models import Lead, Note, Status
from steadfast.leads.search import search_fold
from steadfast.leads.selectors import (
    consent_current,
    lead_get_for_firm,
    lead_next_touch,
    lead_planned_touches,
    lead_timeline,
    leads_contact_validity,
)
from steadfast.web import services
from steadfast.web.access import FirmRequest, firm_view
from steadfast.web.forms import (
    CaseFeeForm,
    LeadFilterForm,
    MarkForm,
    MessageForm,
    NoteForm,
    OptOutForm,
)

PAGE_SIZE = 25
AGES = {"1d": timedelta(days=1), "7d": timedelta(days=7), "30d": timedelta(days=30)}


def _practice_areas(request: FirmRequest) -> list[str]:
    seen = list(request.firm.practice_areas or [])
    stored = (
        Lead.objects.filter(firm=request.firm)
        .exclude(practice_area="")
        .values_list("practice_area", flat=True)
        .distinct()
    )
    return sorted(set(seen) | set(stored))


def _filtered(leads: QuerySet[Lead], data: dict[str, Any], now: datetime) -> QuerySet[Lead]:
    if data.get("status"):
        leads = leads.filter(status=data["status"])
    if data.get("source"):
        leads = leads.filter(source=data["source"])
    if data.get("practice_area"):
        leads = leads.filter(practice_area=data["practice_area"])
    age = data.get("age")
    if age in AGES:
        leads = leads.filter(arrived_at__gte=now - AGES[age])
    elif age == "older":
        leads = leads.filter(arrived_at__lt=now - AGES["30d"])
    query = (data.get("q") or "").strip()
    if query:
        digits = re.sub(r"\D", "", query)
        if len(digits) >= 3 and len(digits) >= len(query.replace(" ", "")) // 2:
            leads = leads.filter(Q(phone__contains=digits) | Q(phone_raw__contains=query))
        else:
            # Folded on both sides: "nunez" finds "Núñez", on SQLite as on PostgreSQL.
            for word in search_fold(query).split():
                leads = leads.filter(search_text__contains=word)
    return leads


EXPORT_COLUMNS = (
    ("id", "pk"),
    ("arrived_at", "arrived_at"),
    ("source", "source.name"),
    ("external_id", "external_id"),
    ("status", "status"),
    ("status_reason", "status_reason"),
    ("first_name", "first_name"),
    ("last_name", "last_name"),
    ("phone", "phone"),
    ("email", "email"),
    ("state", "jurisdiction_state"),
    ("practice_area", "practice_area"),
    ("message", "message"),
)


def _column(lead: Lead, path: str) -> Any:
    value: Any = lead
    for part in path.split("."):
        value = getattr(value, part, None) if value is not None else None
    return value.isoformat() if isinstance(value, datetime) else value


@firm_view(Role.MANAGER)
def lead_export(request: FirmRequest) -> HttpResponse:
    """The leads the list shows (same filters), as CSV; formulas neutralised (csvexport)."""
    form = LeadFilterForm(
        request.GET or None, firm=request.firm, practice_areas=_practice_areas(request)
    )
    leads = Lead.objects.filter(firm=request.firm).select_related("source")
    data = form.cleaned_data if form.is_valid() else {}
    leads = _filtered(leads, data, clock.now()).order_by("-arrived_at", "-id")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="leads.csv"'
    rows = ([_column(lead, path) for _, path in EXPORT_COLUMNS] for lead in leads.iterator())
    write_rows(response, [[name for name, _ in EXPORT_COLUMNS]])
    write_rows(response, rows)
    return response


@firm_view()
def lead_list(request: FirmRequest) -> HttpResponse:
    form = LeadFilterForm(
        request.GET or None, firm=request.firm, practice_areas=_practice_areas(request)
    )
    leads = Lead.objects.filter(firm=request.firm).select_related("source", "assigned_to")
    data = form.cleaned_data if form.is_valid() else {}
    leads = _filtered(leads, data, clock.now()).order_by("-arrived_at", "-id")
    page = Paginator(leads, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    validity = leads_contact_validity(leads=page.object_list)
    for lead in page.object_list:
        lead.contact_checks = validity[lead.pk]  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "web/leads/list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


CHANNEL_LABELS = {"call": "Call", "sms": "SMS", "email": "Email"}
CHANNEL_WORDS = {"call": "calls", "sms": "texts", "email": "emails"}


def _and(words: list[str]) -> str:
    return " and ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def _detail_context(request: FirmRequest, lead: Lead, **forms: Form) -> dict[str, Any]:
    now = clock.now()
    consent = consent_current(lead=lead)
    allowed = {}
    for channel, label in CHANNEL_LABELS.items():
        ok, why = contact_allowed(lead=lead, channel=channel, now=now)
        allowed[channel] = {
            "label": label,
            "consent": consent.get(channel, False),
            "allowed": ok,
            "why": why,
        }
    timeline = lead_timeline(lead=lead)
    timeline.reverse()
    case_fee = CaseFee.objects.filter(lead=lead).first()
    context: dict[str, Any] = {
        "lead": lead,
        "now": now,
        "checks": list(lead.checks.all()),
        "channels": allowed,
        "progress": lead_progress(lead=lead),
        "review": reply_review_pending(lead=lead),
        "contact_window": ContactWindow.from_json(lead.contact_window),
        "next_touch": lead_next_touch(lead=lead),
        "timeline": timeline,
        "reminders": list(
            lead.notes.filter(remind_at__isnull=False, done_at__isnull=True).order_by("remind_at")
        ),
        "message_form": forms.get("message_form")
        or MessageForm(initial={"channel": "sms" if allowed["sms"]["allowed"] else "email"}),
        "note_form": forms.get("note_form") or NoteForm(),
        "mark_form": forms.get("mark_form") or MarkForm(),
        "fee_form": forms.get("fee_form")
        or CaseFeeForm(initial={"fee": case_fee.fee if case_fee else None}),
        "case_fee": case_fee,
        "may_set_fee": request.membership.has_role(Role.MANAGER),
        "opt_out_form": forms.get("opt_out_form") or OptOutForm(),
        "bar_holds": _bar_holds(lead, now),
        "origin_evidence": [
            (ORIGIN_LABELS.get(key, key.replace("_", " ").capitalize()), value)
            for key, value in (lead.initiation_evidence or {}).items()
            if key != "why"
        ],
        "can_release": request.membership.has_role(Role.MANAGER),
        "disclosure": bar.disclosure(lead),
        "newsletter_opt_in": lead.newsletter_opt_in_at is not None,
    }
    return context


ORIGIN_LABELS = {
    "source": "Source",
    "source_kind": "Kind of source",
    "page_url": "Page",
    "vendor_lead_id": "Vendor's lead id",
    "consent_text": "Consent wording stored",
    "named_firm_as": "Wording names the firm as",
    "entered_by": "Entered by",
    "decided": "Decided",
}


def _bar_holds(lead: Lead, now: datetime) -> list[Any]:
    """The bar-rule holds to show: released ones, and those still holding (a waiting period
    that ended, or a person who wrote in, holds nothing any more)."""
    replied = bar.person_initiated(lead)
    return [
        h
        for h in lead.bar_holds.select_related("released_by")
        if h.released_at is not None or (not replied and (h.until is None or h.until > now))
    ]


@firm_view()
def lead_detail(request: FirmRequest, lead_id: int) -> HttpResponse:
    lead = lead_get_for_firm(firm=request.firm, lead_id=lead_id)
    return render(request, "web/leads/detail.html", _detail_context(request, lead))


def _again(request: FirmRequest, lead: Lead, error: str, **forms: Form) -> HttpResponse:
    if error:
        messages.error(request, error)
    return render(
        request, "web/leads/detail.html", _detail_context(request, lead, **forms), status=400
    )


@require_POST
@firm_view()
def lead_message(request: FirmRequest, lead_id: int) -> HttpResponse:
    lead = lead_get_for_firm(firm=request.firm, lead_id=lead_id)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _again(request, lead, "", message_form=form)
    data = form.cleaned_data
    try:
        manual_message_send(
            lead=lead,
            channel=data["channel"],
            body=data["body"],
            subject=data["subject"],
            now=clock.now(),
            actor=request.user,
        )
    except ContactNotAllowed as exc:
        return _again(request, lead, f"Not sent: {exc.reason}.", message_form=form)
    except Refused as exc:
        return _again(request, lead, f"Not sent: {exc.message}", message_form=form)
    messages.success(request, f"{CHANNEL_LABELS[data['channel']]} sent to {lead.full_name}.")
    return redirect("web:lead", lead_id=lead.pk)


@require_POST
@firm_view()
def lead_note(request: FirmRequest, lead_id: int) -> HttpResponse:
    lead = lead_get_for_firm(firm=request.firm, lead_id=lead_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _again(request, lead, "", note_form=form)
    remind_at = form.cleaned_data["remind_at"]
    try:
        services.note_add(
            lead=lead,
            body=form.cleaned_data["body"],
            remind_at=remind_at,
            now=clock.now(),
            author=request.user,
        )
    except Refused as exc:
        return _again(request, lead, exc.message, note_form=form)
    messages.success(request, "Reminder added." if remind_at else "Note added.")
    return redirect("web:lead", lead_id=lead.pk)


@require_POST
@firm_view()
def lead_note_done(request: FirmRequest, lead_id: int, note_id: int) -> HttpResponse:
    lead = lead_get_for_firm(firm=request.firm, lead_id=lead_id)
    note = get_object_or_404(Note, pk=note_id, lead=lead, firm=request.firm)
    services.note_done(note=note, now=clock.now(), actor=request.user)
    messages.success(request, "Reminder done.")
    if request.POST.get("back") == "queue":
        return redirect("web:queue")
    return redirect("web:lead", lead_id=lead.pk)


@require_POST
@firm_view()
def lead_mark_view(request: FirmRequest, lead_id: int) -> HttpResponse:
    lead = lead_get_for_firm(firm=request.firm, lead_id=lead_id)
    form = MarkForm(request.POST)
    if not form.is_valid():
        return _again(request, lead, "", mark_form=form)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            now = clock.now()
            lead_mark(
                lead=lead,
                status=data["status"],
                reason=data["reason"],
                note=data["note"],
                now=now,
                actor=request.user,
            )
            if data["status"] == Status.NURTURE:
                lead.refresh_from_db()
                nurture_enroll(lead=lead, now=now)
    except Refused as exc:
        return _again(request, lead, exc.message, mark_form=form)
    messages.success(request, f"{lead.full_name} is now {data['status'].replace('_', ' ')}.")
    return redirect("web:lead", lead_id=lead.pk)


@require_POST
@firm_view(role=Role.MANAGER)
def lead_fee_view(request: FirmRequest, lead_id: int) -> HttpResponse:
    lead = lead_get_for_firm(firm=request.firm, lead_id=lead_id)
    form = CaseFeeForm(request.POST)
    if not form.is_valid():
        return _again(request, lead, "", fee_form=form)
    try:
        changed = case_fee_set(
            lead=lead, fee=form.cleaned_data["fee"], now=clock.now(), actor=request.user
        )
    except Refused as exc:
        return _again(request, lead, exc.message, fee_form=form)
    fee = form.cleaned_data["fee"]
    messages.success(
        request, f"Case fee ${fee:,.2f} recorded." if changed else "The fee was already that."
    )
    return redirect("web:lead", lead_id=lead.pk)


@require_POST
@firm_view()
def lead_opt_out_view(request: FirmRequest, lead_id: int) -> HttpResponse:
    lead = lead_get_for_firm(firm=request.firm, lead_id=lead_id)
    form = OptOutForm(request.POST)
    if not form.is_valid():
        return _again(request, lead, "", opt_out_form=form)
    channels = set(form.cleaned_data["channels"])
    if not form.cleaned_data["confirmed"]:
        # Nothing happens on one click: say what will stop, and ask.
        return render(
            request,
            "web/leads/opt_out_confirm.html",
            {
                "lead": lead,
                "stopped": [c for c in CHANNEL_WORDS if c in channels],
                "stopped_words": _and([CHANNEL_WORDS[c] for c in CHANNEL_WORDS if c in channels]),
                "kept_words": _and([CHANNEL_WORDS[c] for c in CHANNEL_WORDS if c not in channels]),
                "planned": lead_planned_touches(lead=lead),
            },
        )
    try:
        lead_opt_out(
            lead=lead,
            channels=channels,
            now=clock.now(),
            source="staff",
            actor=request.user,
            evidence={"by": request.user.email, "via": "web app"},
        )
    except Refused as exc:
        return _again(request, lead, exc.message, opt_out_form=form)
    names = ", ".join(CHANNEL_LABELS[c] for c in ("call", "sms", "email") if c in channels)
    messages.success(request, f"{lead.full_name} opted out of: {names}.")
    return redirect("web:lead", lead_id=lead.pk)


DECISIONS = {"opt_out": True, "not_opt_out": False}


@require_POST
@firm_view()
def lead_reply_review(request: FirmRequest, lead_id: int, review_id: int) -> HttpResponse:
    """One click on a reply that might be a stop: "treat as opt-out" or "not an opt-out"."""
    lead = lead_get_for_firm(firm=request.firm, lead_id=lead_id)
    review = get_object_or_404(ReplyReview, pk=review_id, lead=lead, firm=request.firm)
    decision = request.POST.get("decision", "")
    if decision not in DECISIONS:
        return _again(request, lead, "Choose “treat as opt-out” or “not an opt-out”.")
    try:
        reply_review_decide(
            review=review, opt_out=DECISIONS[decision], actor=request.user, now=clock.now()
        )
    except ContactNotAllowed as exc:
        return _again(request, lead, f"Not recorded: {exc.reason}.")
    if DECISIONS[decision]:
        messages.success(request, f"{lead.full_name} opted out; the cadence has ended.")
    else:
        messages.success(request, f"Not an opt-out: {lead.full_name}'s cadence goes on.")
    return redirect("web:lead", lead_id=lead.pk)
