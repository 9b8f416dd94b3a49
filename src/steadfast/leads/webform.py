"""The embeddable web form of a lead source: /f/<form_token>/ (PRODUCT.md F1).

A firm puts it on its own site in an iframe (or links to it). What a person submits goes
through the API's schema and `lead_capture`, like every other lead, and the consent they give
is recorded with the exact wording they saw, the page, their IP address and browser.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import us
from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from steadfast import clock
from steadfast.engine.events import lead_arrive
from steadfast.firms.models import Firm
from steadfast.leads import validation
from steadfast.leads.importing import (
    FieldErrors,
    lead_input_from_fields,
    rejection_problem,
)
from steadfast.leads.models import LeadSource, SourceKind
from steadfast.leads.services import LeadConflict, LeadInput, LeadRejected
from steadfast.ratelimits import RateLimited, rate_limit_hit

logger = logging.getLogger(__name__)

FIELDS = ("first_name", "last_name", "phone", "email", "state", "zip", "practice_area", "message")
# Humans never see this field (it is moved off-screen and hidden from assistive technology);
# simple bots fill in every field they find.
HONEYPOT = "contact_url"
# Each rendering of the form carries a fresh id, so a double click or a refresh of the
# thank-you page posts the same submission again and finds the lead it already created.
_SUBMISSION = re.compile(r"[0-9a-f]{32}")
STATES = sorted([*us.states.STATES, us.states.DC], key=lambda s: s.name)
# When the form was shown, signed so a script cannot claim it waited. A post sooner than
# STEADFAST_FORM_MIN_SECONDS after it, or with no valid stamp, stores nothing; a form left open
# longer than a day is shown again with a fresh stamp.
SHOWN = "shown"
_SHOWN_SALT = "steadfast.webform.shown"
_SHOWN_MAX_SECONDS = 86400


def _shown_stamp(source: LeadSource) -> str:
    return signing.dumps(
        {"at": int(clock.now().timestamp()), "form": source.form_token}, salt=_SHOWN_SALT
    )


def _time_on_page_problem(source: LeadSource, stamp: str) -> str | None:
    """Why this post cannot be taken as a person's, or None."""
    try:
        shown = signing.loads(stamp, salt=_SHOWN_SALT)
        waited = clock.now().timestamp() - int(shown["at"])
        if shown["form"] != source.form_token:
            raise ValueError
    except (signing.BadSignature, ValueError, TypeError, KeyError):
        return "This form has expired; please check your details and send it again."
    if waited > _SHOWN_MAX_SECONDS:
        return "This form has expired; please check your details and send it again."
    if waited < settings.STEADFAST_FORM_MIN_SECONDS:
        return "That was quicker than we expected; please check your details and send again."
    return None


def newsletter_wording(firm: Firm) -> str:
    """The newsletter checkbox: a separate, optional opt-in (Texas requires one before a firm
    sends its newsletter to people who are not clients: docs/bar-rules.md)."""
    return (
        f"Also send me {firm.name}'s newsletter by email, every few months. "
        "I can unsubscribe at any time."
    )


def consent_wording(source: LeadSource) -> str:
    """What the consent checkbox says: the source's own wording, else one naming the firm."""
    if source.form_consent_text.strip():
        return source.form_consent_text.strip()
    firm = source.firm.name
    return (
        f"I agree that {firm} may call and text me about my inquiry at the phone number I "
        "gave, including with automated technology and prerecorded messages, and email me at "
        f"the address I gave. Agreeing is not a condition of hiring {firm}. Message and data "
        "rates may apply; reply STOP to end texts at any time."
    )


def _wording_id(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _frameable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let other sites show this view in an iframe, and only this view.

    X-Frame-Options is left off, and if a Content-Security-Policy is configured, its
    frame-ancestors is widened for this response while the rest of the policy stays.
    """

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        policy = dict(getattr(settings, "SECURE_CSP", None) or {})
        if not policy:
            return view(request, *args, **kwargs)
        policy["frame-ancestors"] = ["*"]
        return csp_override(policy)(view)(request, *args, **kwargs)

    return xframe_options_exempt(wrapped)


# The form is posted from an iframe on the firm's own site, where browsers often withhold our
# cookies (third-party cookie blocking), so a CSRF token could not be checked. Nothing here
# acts on anyone's behalf: no session, no login, no existing data is read or changed; a forged
# post can do only what anyone can do by filling in the public form — submit a lead.
@csrf_exempt
@_frameable
@require_http_methods(["GET", "POST"])
def lead_form(request: HttpRequest, form_token: str) -> HttpResponse:
    source = (
        LeadSource.objects.select_related("firm").filter(form_token=form_token, active=True).first()
    )
    if source is None:
        raise Http404("no such form")
    wording = consent_wording(source)
    if request.method == "POST":
        return _submit(request, source, wording)
    return _form_page(
        request,
        source,
        values={name: "" for name in FIELDS},
        errors={},
        wording=wording,
        page=_page_url(request, posted=""),
        submission=secrets.token_hex(16),
        shown=_shown_stamp(source),
    )


def _submit(request: HttpRequest, source: LeadSource, wording: str) -> HttpResponse:
    """Capture what was posted, or show the form again with the problems next to the fields."""
    values = {name: request.POST.get(name, "").strip() for name in FIELDS}
    page = _page_url(request, posted=request.POST.get("page", ""))
    submission = request.POST.get("submission", "")
    if not _SUBMISSION.fullmatch(submission):
        submission = secrets.token_hex(16)
    if request.POST.get(HONEYPOT, "").strip():
        logger.info("web form %s: honeypot filled, submission dropped", source.pk)
        return _thanks(request, source, first_name=values["first_name"])

    now = clock.now()
    try:
        # Per form (a distributed flood of one firm's form) and per address.
        rate_limit_hit(
            scope="form-token",
            key=source.form_token or "",
            rate=settings.STEADFAST_RATE_LIMIT_FORM_TOKEN,
            now=now,
            what="to this form",
        )
        rate_limit_hit(
            scope="form-ip",
            key=request.META.get("REMOTE_ADDR", ""),
            rate=settings.STEADFAST_RATE_LIMIT_FORM_IP,
            now=now,
            what="from your address",
        )
    except RateLimited as exc:
        logger.info("web form %s: rate limited (%s)", source.pk, exc.what)
        response = render(
            request,
            "leads/webform_busy.html",
            {"firm": source.firm, "minutes": -(-exc.retry_after // 60)},
            status=429,
        )
        response["Retry-After"] = str(exc.retry_after)
        return response
    shown = request.POST.get(SHOWN, "")
    problem = _time_on_page_problem(source, shown)
    if problem is not None:
        logger.info("web form %s: posted without a person's time on the page", source.pk)
        return _form_page(
            request,
            source,
            values=values,
            errors={"form": [problem]},
            wording=wording,
            page=page,
            submission=submission,
            shown=_shown_stamp(source) if "expired" in problem else shown,
        )

    errors: dict[str, list[str]] = {}
    consented = request.POST.get("consent") == "yes"
    newsletter = request.POST.get("newsletter") == "yes"
    if consented and request.POST.get("consent_wording") != _wording_id(wording):
        errors["consent"] = [
            "The wording of this agreement has changed since the form was loaded; please "
            "read it and tick the box again."
        ]
        consented = False
    for name, problems in _form_only_problems(source, values).items():
        errors.setdefault(name, []).extend(problems)
    fields = {
        **values,
        "external_id": f"form-{submission}",
        "submitted_at": now,
        "consent_text": wording if consented else "",
        "consent_page_url": page,
        "consent_ip": request.META.get("REMOTE_ADDR") or None,
    }
    data: LeadInput | None = None
    try:
        data = lead_input_from_fields(
            fields,
            consent={
                "call": consented,
                "sms": consented,
                "email": consented,
                "newsletter": newsletter,
            },
            consent_user_agent=request.headers.get("User-Agent", ""),
            consent_source=SourceKind.WEB_FORM,
        )
        if newsletter:
            data.newsletter_text = newsletter_wording(source.firm)
    except FieldErrors as exc:
        for name, problem in exc.problems:
            errors.setdefault(name if name in FIELDS else "form", []).append(problem)
    if data is not None and not errors:
        try:
            lead_arrive(source=source, data=data, now=now)
        except LeadConflict:
            # This rendering of the form was sent already (then changed with Back): the
            # firm has the first one, and will hear the rest from the person.
            return _thanks(request, source, first_name=values["first_name"])
        except LeadRejected as exc:
            name, problem = rejection_problem(exc)
            errors.setdefault(name if name in FIELDS else "phone", []).append(problem)
    if errors:
        return _form_page(
            request,
            source,
            values=values,
            errors=errors,
            wording=wording,
            page=page,
            submission=submission,
            shown=shown,
        )
    return _thanks(request, source, first_name=values["first_name"])


def _form_only_problems(source: LeadSource, values: dict[str, str]) -> dict[str, list[str]]:
    """What a person can still fix on the form, beyond what the API itself refuses.

    A vendor's lead with a mistyped number is stored as invalid (the firm paid for it and
    needs the evidence); a person typing into our form is better served by being told. The
    checks are the very ones lead_capture runs.
    """
    problems: dict[str, list[str]] = {}
    if values["phone"]:
        phone = validation.check_phone(values["phone"])
        if phone.finding.result == "invalid":
            problems["phone"] = ["This does not look like a phone number we can call."]
    if values["email"]:
        email = validation.check_email(values["email"])
        if email.finding.result == "invalid":
            problems["email"] = ["This does not look like an email address."]
    areas = source.firm.practice_areas or []
    if values["practice_area"] and values["practice_area"] not in areas:
        problems["practice_area"] = ["Please choose one of the listed areas."]
    if values["state"] and values["state"] not in {s.abbr for s in STATES}:
        problems["state"] = ["Please choose a state from the list."]
    return problems


def _page_url(request: HttpRequest, *, posted: str) -> str:
    """The page the form was shown on, for the consent record.

    Inside an iframe that is the embedding page: the `page` query parameter the embed code
    sets, else the Referer of the first GET (browsers send it to the frame). Opened on its
    own, it is the form's own address.
    """
    own = request.build_absolute_uri(request.path)
    candidates = [request.GET.get("page", ""), posted]
    if request.method == "GET":
        candidates.append(request.headers.get("Referer", ""))
    for url in candidates:
        url = url.strip()
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc and len(url) <= 500:
            return url
    return own


def _area_label(area: str) -> str:
    return area.replace("_", " ").capitalize()


def _form_page(
    request: HttpRequest,
    source: LeadSource,
    *,
    values: dict[str, str],
    errors: dict[str, list[str]],
    wording: str,
    page: str,
    submission: str,
    shown: str,
) -> HttpResponse:
    firm = source.firm
    context = {
        "firm": firm,
        "values": values,
        "errors": errors,
        "error_count": sum(len(v) for v in errors.values()),
        "wording": wording,
        "wording_id": _wording_id(wording),
        "consent_checked": request.POST.get("consent") == "yes" and "consent" not in errors,
        "newsletter_wording": newsletter_wording(firm),
        "newsletter_checked": request.POST.get("newsletter") == "yes",
        "page": page,
        "submission": submission,
        "shown": shown,
        "honeypot": HONEYPOT,
        "practice_areas": [(a, _area_label(a)) for a in firm.practice_areas or []],
        "states": [(s.abbr, s.name) for s in STATES],
    }
    return render(request, "leads/webform.html", context)


def _thanks(request: HttpRequest, source: LeadSource, *, first_name: str) -> HttpResponse:
    return render(
        request, "leads/webform_thanks.html", {"firm": source.firm, "first_name": first_name}
    )
