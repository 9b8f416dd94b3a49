"""The nurture pages: programs and their steps (edited with a live preview), campaigns with
their counts (managers), and the public "talk to us" redirect a nurture email links to."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steadfast import clock
from steadfast.channels.templates import (
    VARIABLES,
    TemplateProblem,
    context_for,
    practice_phrase,
    sample_context,
    sms_segments,
    validate,
)
from steadfast.channels.templates import render as render_template
from steadfast.engine import campaigns
from steadfast.engine import nurture as nurture_engine
from steadfast.errors import Refused
from steadfast.firms.models import Firm, Role
from steadfast.leads.models import Lead
from steadfast.nurture import selectors, services
from steadfast.nurture.forms import CampaignForm, NewProgramForm, ProgramForm, StepForm
from steadfast.nurture.models import Campaign, Program, ProgramStep
from steadfast.web.access import FirmRequest, firm_view

# --- the public redirect ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def talk(request: HttpRequest, token: str) -> HttpResponse:
    """The "talk to us" link of a nurture email. Opening it asks "shall we call you?" and
    changes nothing: mail security scanners open every link of a message, and a call nobody
    asked for is the last thing a nurture email should cause. The reader's click on the
    button is counted, the lead handed to a person, and the reader sent on to the firm's
    website (or told a call is coming)."""
    touch = services.talk_touch(token=token)
    if touch is None:
        return render(request, "nurture/talk.html", {"invalid": True}, status=404)
    firm = touch.lead.firm
    if request.method == "GET":
        return render(request, "nurture/talk.html", {"firm": firm, "ask": True})
    nurture_engine.talk_click(touch=touch, now=clock.now())
    if firm.website:
        return redirect(firm.website)
    return render(request, "nurture/talk.html", {"firm": firm})


# --- programs --------------------------------------------------------------------------------


@firm_view(Role.MANAGER)
def nurture_index(request: FirmRequest) -> HttpResponse:
    firm = request.firm
    services.programs_seed(firm=firm)
    form = NewProgramForm(request.POST or None, firm=firm)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(
                firm=firm,
                name=form.cleaned_data["name"],
                practice_area=form.cleaned_data["practice_area"],
            )
        except Refused as exc:
            form.add_error("name", exc.message)
        else:
            messages.success(request, f"Program “{program.name}” created: add its steps.")
            return redirect("nurture:program", program_id=program.pk)
    programs = [
        (p, selectors.program_counts(program=p), practice_phrase(p.practice_area).capitalize())
        for p in selectors.programs_of(firm=firm)
    ]
    campaigns = [
        (c, selectors.campaign_counts(campaign=c)) for c in selectors.campaigns_of(firm=firm)[:50]
    ]
    return render(
        request,
        "nurture/index.html",
        {"programs": programs, "campaigns": campaigns, "form": form},
        status=400 if form.errors else 200,
    )


def _program(request: FirmRequest, program_id: int) -> Program:
    return get_object_or_404(Program, pk=program_id, firm=request.firm)


@firm_view(Role.MANAGER)
def program_edit(request: FirmRequest, program_id: int) -> HttpResponse:
    program = _program(request, program_id)
    initial = {
        "name": program.name,
        "practice_area": program.practice_area,
        "active": program.active,
        "send_hour": program.send_hour,
    }
    form = ProgramForm(request.POST or None, initial=initial, firm=request.firm)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.program_update(
                program=program,
                name=data["name"],
                practice_area=data["practice_area"],
                active=data["active"],
                send_hour=data["send_hour"],
            )
        except Refused as exc:
            form.add_error(None, exc.message)
            program.refresh_from_db()
        else:
            messages.success(request, f"“{program.name}” saved.")
            return redirect("nurture:program", program_id=program.pk)
    steps = list(program.steps.order_by("position"))
    weeks = 0
    rows = []
    for step in steps:
        weeks += step.delay_weeks
        rows.append({"step": step, "week": weeks})
    return render(
        request,
        "nurture/program.html",
        {
            "program": program,
            "form": form,
            "rows": rows,
            "counts": selectors.program_counts(program=program),
        },
        status=400 if form.errors else 200,
    )


def _preview(firm: Firm, *, channel: str, subject: str, body: str) -> dict[str, Any]:
    """What a sample lead of this firm would get, as the send fills it in."""
    lead = Lead(
        firm=firm,
        first_name="Jane",
        last_name="Doe",
        phone="+13125550142",
        email="jane.doe@example.com",
        practice_area=(firm.practice_areas or ["personal_injury"])[0],
    )
    context = context_for(
        lead,
        firm,
        extra={
            "unsubscribe_url": sample_context()["unsubscribe_url"],
            "talk_url": sample_context()["talk_url"],
        },
    )
    out: dict[str, Any] = {"channel": channel, "problems": {}, "lead_name": lead.full_name}
    parts = {"subject": subject.strip(), "body": body.strip()}
    if channel != "email":
        parts.pop("subject")
    for part, source in parts.items():
        if not source:
            out["problems"][part] = ["must not be empty"]
            continue
        found = validate(source)
        if not found:
            try:
                out[part] = render_template(source, context)
            except TemplateProblem as exc:
                found = [exc.message]
        if found:
            out["problems"][part] = found
    if channel == "sms" and out.get("body"):
        out["segments"] = sms_segments(out["body"])
    return out


def _step_page(
    request: FirmRequest,
    program: Program,
    step: ProgramStep | None,
    form: StepForm,
    status: int = 200,
) -> HttpResponse:
    data = form.data if form.is_bound else form.initial
    preview = _preview(
        request.firm,
        channel=str(data.get("channel") or "email"),
        subject=str(data.get("subject") or ""),
        body=str(data.get("body") or ""),
    )
    return render(
        request,
        "nurture/step.html",
        {
            "program": program,
            "step": step,
            "form": form,
            "preview": preview,
            "variables": list(VARIABLES.items()),
        },
        status=status,
    )


@firm_view(Role.MANAGER)
def step_edit(request: FirmRequest, program_id: int, step_id: int | None = None) -> HttpResponse:
    program = _program(request, program_id)
    step = (
        get_object_or_404(ProgramStep, pk=step_id, program=program) if step_id is not None else None
    )
    initial = (
        {
            "channel": step.channel,
            "delay_weeks": step.delay_weeks,
            "subject": step.subject,
            "body": step.body,
        }
        if step
        else {"channel": "email", "delay_weeks": 8}
    )
    if request.method != "POST":
        return _step_page(request, program, step, StepForm(initial=initial))
    form = StepForm(request.POST)
    if not form.is_valid():
        return _step_page(request, program, step, form, status=400)
    data = form.cleaned_data
    try:
        saved = services.step_save(
            program=program,
            step=step,
            channel=data["channel"],
            delay_weeks=data["delay_weeks"],
            subject=data["subject"],
            body=data["body"],
        )
    except services.StepInvalid as exc:
        for part, problems in exc.problems.items():
            form.add_error(part if part in form.fields else None, "; ".join(problems))
        return _step_page(request, program, step, form, status=400)
    except Refused as exc:
        form.add_error(None, exc.message)
        return _step_page(request, program, step, form, status=400)
    messages.success(request, f"Step {saved.position} of “{program.name}” saved.")
    return redirect("nurture:program", program_id=program.pk)


@require_POST
@firm_view(Role.MANAGER)
def step_delete(request: FirmRequest, program_id: int, step_id: int) -> HttpResponse:
    program = _program(request, program_id)
    step = get_object_or_404(ProgramStep, pk=step_id, program=program)
    services.step_delete(step=step)
    messages.success(request, f"Step {step.position} removed.")
    return redirect("nurture:program", program_id=program.pk)


@require_POST
@firm_view(Role.MANAGER)
def preview(request: FirmRequest) -> HttpResponse:
    """The preview panel for what is typed, not saved (htmx, as the text changes)."""
    data = {k: request.POST.get(k, "")[:20_000] for k in ("channel", "subject", "body")}
    channel = data["channel"] if data["channel"] in ("email", "sms") else "email"
    return render(
        request,
        "nurture/step.html#preview",
        {
            "preview": _preview(
                request.firm, channel=channel, subject=data["subject"], body=data["body"]
            )
        },
    )


# --- campaigns -------------------------------------------------------------------------------


@firm_view(Role.MANAGER)
def campaign_new(request: FirmRequest) -> HttpResponse:
    firm = request.firm
    zone = ZoneInfo(firm.timezone)
    now = clock.now()
    initial = {"starts_at": now.astimezone(zone).replace(second=0, microsecond=0, tzinfo=None)}
    form = CampaignForm(request.POST or None, initial=initial, firm=firm)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            # The form's time is the firm's wall clock.
            starts_at = data["starts_at"].replace(tzinfo=None).replace(tzinfo=zone)
            try:
                campaign = campaigns.campaign_create(
                    firm=firm,
                    data=campaigns.CampaignInput(
                        name=data["name"],
                        subject=data["subject"],
                        body=data["body"],
                        starts_at=starts_at,
                        practice_area=data["practice_area"],
                        source_id=data["source"].pk if data["source"] else None,
                        state=data["state"],
                        min_months_in_nurture=data["min_months_in_nurture"],
                        rate_per_hour=data["rate_per_hour"],
                        hour_from=data["hour_from"],
                        hour_to=data["hour_to"],
                    ),
                    actor=request.user,
                    now=now,
                )
            except campaigns.CampaignInvalid as exc:
                for part, problems in exc.problems.items():
                    form.add_error(part if part in form.fields else None, "; ".join(problems))
            except Refused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, f"Campaign “{campaign.name}” planned for {campaign.planned} leads."
                )
                return redirect("nurture:campaign", campaign_id=campaign.pk)
    typed: Any = form.data if form.is_bound else {}
    return render(
        request,
        "nurture/campaign_new.html",
        {
            "form": form,
            "preview": _preview(
                firm,
                channel="email",
                subject=str(typed.get("subject") or "Information from {{ firm.name }}"),
                body=str(typed.get("body") or "Hi {{ lead.first_name }},"),
            ),
            "variables": list(VARIABLES.items()),
        },
        status=status,
    )


@require_GET
@firm_view(Role.MANAGER)
def campaign_detail(request: FirmRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(
        Campaign.objects.select_related("source", "created_by"), pk=campaign_id, firm=request.firm
    )
    return render(
        request,
        "nurture/campaign.html",
        {"campaign": campaign, "counts": selectors.campaign_counts(campaign=campaign)},
    )


@require_POST
@firm_view(Role.MANAGER)
def campaign_stop(request: FirmRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id, firm=request.firm)
    stopped = campaigns.campaign_stop(campaign=campaign, now=clock.now())
    messages.success(request, f"Campaign “{campaign.name}” stopped: {stopped} sends cancelled.")
    return redirect("nurture:campaign", campaign_id=campaign.pk)
