"""Settings: the firm's message templates (manager+), edited with a live preview for a sample
lead, the SMS segment count, and every unknown variable named before anything is saved."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.csp import CSP
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_POST

from steadfast import clock
from steadfast.cadences.definition import DEFAULT_CADENCE, parse_definition
from steadfast.cadences.models import Cadence
from steadfast.channels.default_templates import DEFAULT_TEMPLATES
from steadfast.channels.library import (
    TemplateInvalid,
    template_name,
    template_update,
    templates_seed,
)
from steadfast.channels.models import MessageTemplate, TemplateChannel
from steadfast.channels.templates import (
    VARIABLES,
    SegmentInfo,
    TemplateProblem,
    context_for,
    sample_context,
    sms_segments,
    validate,
)
from steadfast.channels.templates import (
    render as render_template,
)
from steadfast.firms.models import Firm, Role, User
from steadfast.leads.models import Lead
from steadfast.web.access import FirmRequest, firm_view

PARTS = ("subject", "body", "html")
CHANNEL_LABELS = {
    "sms": "Text (SMS)",
    "email": "Email",
    "voicemail": "Voicemail",
    "call": "Call script",
}
# Texts the engine sends by itself, outside any cadence (engine/events.py).
AUTOMATIC_REPLIES = {
    "optout_confirmation": "the one confirmation after an opt-out",
    "help_reply": "the answer to HELP",
    "optout_confirmation_es": "the confirmation after an opt-out written in Spanish",
    "help_reply_es": "the answer to AYUDA / HELP in Spanish",
}
# The rendered HTML part waits here for the preview frame to fetch it.
HTML_PREVIEW_SECONDS = 3600
# The preview frame shows staff-written HTML: its own strict policy, styles inline as emails
# have them, no scripts, no requests, shown only inside this site's pages.
EMAIL_FRAME_CSP: dict[str, list[str]] = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.UNSAFE_INLINE],
    "img-src": ["data:"],
    "frame-ancestors": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.NONE],
}


class TemplateForm(forms.Form):
    subject = forms.CharField(label="Subject", max_length=300, required=False)
    body = forms.CharField(
        label="Text", max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    html = forms.CharField(
        label="HTML version (optional)",
        max_length=100_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Email clients that show HTML get this one; leave it empty to send text only.",
    )

    def __init__(self, *args: Any, channel: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if channel != TemplateChannel.EMAIL:
            del self.fields["subject"]
            del self.fields["html"]
            labels = {"sms": "Text message", "voicemail": "Voicemail script", "call": "Call script"}
            self.fields["body"].label = labels.get(channel, "Text")
        for name in self.fields:
            self.fields[name].widget.attrs.setdefault("spellcheck", "true")


# --- the preview ---------------------------------------------------------------------------------


@dataclass
class Preview:
    subject: str = ""
    body: str = ""
    html: str = ""
    problems: dict[str, list[str]] = field(default_factory=dict)
    segments: SegmentInfo | None = None
    wide_characters: list[str] = field(default_factory=list)
    lead_name: str = ""
    practice_area: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def _sample_lead(firm: Firm) -> Lead:
    area = (firm.practice_areas or ["personal_injury"])[0]
    return Lead(
        firm=firm,
        first_name="Jane",
        last_name="Doe",
        phone="+13125550142",
        email="jane.doe@example.com",
        practice_area=area,
    )


def preview_build(
    *, firm: Firm, agent: User, channel: str, subject: str, body: str, html: str
) -> Preview:
    """What a sample lead of this firm would get, rendered as the sends render it."""
    lead = _sample_lead(firm)
    context = context_for(
        lead,
        firm,
        agent=agent if channel == TemplateChannel.CALL else None,
        extra={"unsubscribe_url": sample_context()["unsubscribe_url"]},
    )
    preview = Preview(lead_name=lead.full_name, practice_area=context["lead"]["practice_area"])
    sources = {"subject": subject.strip(), "body": body.strip(), "html": html.strip()}
    # The same refusals as template_update, shown while typing.
    if not sources["body"]:
        preview.problems["body"] = ["must not be empty"]
    if channel == TemplateChannel.EMAIL and not sources["subject"]:
        preview.problems["subject"] = ["an email needs a subject"]
    for part, source in sources.items():
        if not source:
            continue
        found = validate(source)
        if not found:
            try:
                setattr(preview, part, render_template(source, context))
            except TemplateProblem as exc:
                found = [exc.message]
        if found:
            preview.problems.setdefault(part, []).extend(found)
    if channel == TemplateChannel.SMS and "body" not in preview.problems:
        preview.segments = sms_segments(preview.body)
        if preview.segments.encoding == "UCS-2":
            preview.wide_characters = [
                c for c in dict.fromkeys(preview.body) if sms_segments(c).encoding == "UCS-2"
            ]
    return preview


def _html_key(request: FirmRequest, template: MessageTemplate) -> str:
    return f"template-preview:{request.firm.pk}:{request.user.pk}:{template.pk}"


def _preview_context(
    request: FirmRequest, template: MessageTemplate, subject: str, body: str, html: str
) -> dict[str, Any]:
    preview = preview_build(
        firm=request.firm,
        agent=request.user,
        channel=template.channel,
        subject=subject,
        body=body,
        html=html,
    )
    html_version = ""
    if preview.html:
        cache.set(_html_key(request, template), preview.html, HTML_PREVIEW_SECONDS)
        html_version = hashlib.sha256(preview.html.encode()).hexdigest()[:12]
    return {"template": template, "preview": preview, "html_version": html_version}


# --- where each template is used -----------------------------------------------------------------


def _usage(firm: Firm) -> dict[str, list[str]]:
    """template key → ["Quick follow-up, step 2", …] over the firm's cadences and the default."""
    cadences: list[tuple[str, Any]] = [
        (c.name + ("" if c.active else " (inactive)"), c.definition)
        for c in Cadence.objects.filter(firm=firm).order_by("name")
    ]
    cadences.append(("Built-in default", DEFAULT_CADENCE))
    used: dict[str, list[str]] = {key: [use] for key, use in AUTOMATIC_REPLIES.items()}
    for name, data in cadences:
        try:
            definition = parse_definition(data)
        except ValueError:
            continue
        for step in definition.steps:
            keys = (
                list(step.template.values()) if isinstance(step.template, dict) else [step.template]
            )
            for key in [*keys, step.voicemail_template]:
                if key:
                    used.setdefault(key, []).append(f"{name}, step {step.n}")
    return used


def _is_default_text(template: MessageTemplate) -> bool:
    default = DEFAULT_TEMPLATES.get(template.key)
    if default is None:
        return False
    return all(
        getattr(template, part) == str(default.get(part) or "").strip()
        or getattr(template, part) == str(default.get(part) or "")
        for part in PARTS
    )


def _ordered(templates: list[MessageTemplate]) -> list[MessageTemplate]:
    """In the order of the cadence's steps (the defaults' order), then the firm's own keys."""
    position = {key: n for n, key in enumerate(DEFAULT_TEMPLATES)}
    return sorted(templates, key=lambda t: (position.get(t.key, len(position)), t.key))


# --- views ---------------------------------------------------------------------------------------


@require_GET
@firm_view(Role.MANAGER)
def template_list(request: FirmRequest) -> HttpResponse:
    templates = _ordered(templates_seed(firm=request.firm))
    used = _usage(request.firm)
    # updated_by is loaded per row otherwise.
    editors = User.objects.in_bulk({t.updated_by_id for t in templates if t.updated_by_id})
    rows = [
        {
            "template": t,
            "channel": CHANNEL_LABELS.get(t.channel, t.channel),
            "default_text": _is_default_text(t),
            "used_by": used.get(t.key, []),
            "editor": editors.get(t.updated_by_id) if t.updated_by_id else None,
        }
        for t in templates
    ]
    return render(
        request, "web/settings/message_templates.html", {"rows": rows, "section": "templates"}
    )


def _get_template(request: FirmRequest, template_id: int) -> MessageTemplate:
    return get_object_or_404(MessageTemplate, pk=template_id, firm=request.firm)


def _edit_page(
    request: FirmRequest,
    template: MessageTemplate,
    form: TemplateForm,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    data = {
        part: (form.data.get(part, "") if form.is_bound else getattr(template, part))
        for part in PARTS
    }
    context = {
        **_preview_context(request, template, **data),
        "form": form,
        "channel": CHANNEL_LABELS.get(template.channel, template.channel),
        "section": "templates",
        "variables": list(VARIABLES.items()),
        "default_text": _is_default_text(template),
        "has_default": template.key in DEFAULT_TEMPLATES,
        "used_by": _usage(request.firm).get(template.key, []),
        "editor": template.updated_by,
        **extra,
    }
    return render(request, "web/settings/message_template.html", context, status=status)


def _saved_form(template: MessageTemplate) -> TemplateForm:
    initial = {part: getattr(template, part) for part in PARTS}
    return TemplateForm(initial=initial, channel=template.channel)


@firm_view(Role.MANAGER)
def template_edit(request: FirmRequest, template_id: int) -> HttpResponse:
    template = _get_template(request, template_id)
    if request.method != "POST":
        return _edit_page(request, template, _saved_form(template))
    action = request.POST.get("action", "save")
    if action in ("reset", "reset_confirm") and template.key in DEFAULT_TEMPLATES:
        if action == "reset":
            # Two steps: the firm's own wording is gone once replaced.
            return _edit_page(
                request,
                template,
                _saved_form(template),
                confirm_reset=True,
                default=DEFAULT_TEMPLATES[template.key],
            )
        default = DEFAULT_TEMPLATES[template.key]
        template_update(
            template=template,
            subject=str(default.get("subject") or ""),
            body=str(default.get("body") or ""),
            html=str(default.get("html") or ""),
            actor=request.user,
            now=clock.now(),
        )
        messages.success(request, f"{template_name(template.key)} is back to the default text.")
        return redirect("web:settings_template", template_id=template.pk)
    form = TemplateForm(request.POST, channel=template.channel)
    if not form.is_valid():
        return _edit_page(request, template, form, status=400)
    data = form.cleaned_data
    try:
        template_update(
            template=template,
            subject=data.get("subject", ""),
            body=data["body"],
            html=data.get("html", ""),
            actor=request.user,
            now=clock.now(),
        )
    except TemplateInvalid as exc:
        for part, problems in exc.problems.items():
            form.add_error(part if part in form.fields else None, "; ".join(problems))
        template.refresh_from_db()
        return _edit_page(request, template, form, status=400)
    messages.success(request, f"{template_name(template.key)} saved.")
    return redirect("web:settings_templates")


@require_POST
@firm_view(Role.MANAGER)
def template_preview(request: FirmRequest, template_id: int) -> HttpResponse:
    """The preview panel for what is typed, not saved (htmx, as the text changes)."""
    template = _get_template(request, template_id)
    data = {part: request.POST.get(part, "")[:100_000] for part in PARTS}
    return render(
        request,
        "web/settings/message_template.html#preview",
        _preview_context(request, template, **data),
    )


@require_GET
@xframe_options_sameorigin
@csp_override(EMAIL_FRAME_CSP)
@firm_view(Role.MANAGER)
def template_html(request: FirmRequest, template_id: int) -> HttpResponse:
    """The HTML part as the sample lead gets it, for the sandboxed frame of the preview."""
    template = _get_template(request, template_id)
    html = cache.get(_html_key(request, template))
    if html is None:
        html = preview_build(
            firm=request.firm,
            agent=request.user,
            channel=template.channel,
            subject=template.subject,
            body=template.body,
            html=template.html,
        ).html
    return HttpResponse(html or "<p>No HTML version.</p>", content_type="text/html; charset=utf-8")
