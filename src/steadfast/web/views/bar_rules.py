"""The bar rules: the table with its sources (settings), the leads a rule holds, and a
manager's release of one with a reason (compliance.bar)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from steadfast import clock
from steadfast.compliance import bar
from steadfast.compliance.models import BarHold, BarRuleSettings
from steadfast.compliance.services import bar_overrides_update
from steadfast.dispatch.models import Direction, Touch
from steadfast.engine.events import bar_hold_release
from steadfast.errors import Refused
from steadfast.firms.models import Role
from steadfast.ids import parse_id
from steadfast.leads.models import Initiation
from steadfast.web.access import FirmRequest, firm_view
from steadfast.web.forms import STATE_NAMES, json_object

KIND_NAMES = {
    "live_contact": "Live contact",
    "waiting_period": "Accident waiting period",
    "label": "Required labels",
    "newsletter_opt_in": "Newsletter opt-in",
    "disclosure": "Lead-service disclosure",
}
CHANNEL_NAMES = {"call": "calls", "sms": "texts", "email": "emails"}
EXAMPLE = {
    "TX.waiting_period": {"days": 31},
    "NY.label": {"subject_label": "ATTORNEY ADVERTISING"},
    "GA.live_contact": {},
}


@dataclass(frozen=True)
class Row:
    rule: bar.BarRule
    kind: str
    state: str
    applies: str  # why it applies to this firm, or "" when it does not
    what: str
    covers: str
    channels: str


def _covers(rule: bar.BarRule) -> str:
    if set(rule.origins) == set(bar.ORIGINS):
        return "every lead"
    names = {
        "firm": "leads who asked the firm",
        "vendor_named": "vendor leads whose wording names the firm",
        "vendor": "vendor leads whose wording does not name the firm",
        "staff": "leads entered by staff",
    }
    return "; ".join(names[o] for o in bar.ORIGINS if o in rule.origins)


def _what(rule: bar.BarRule) -> str:
    text = rule.text.format(days=rule.days)
    if rule.kind == "label":
        parts = []
        if rule.subject_label:
            parts.append(f"subject: “{rule.subject_label}”")
        if rule.start_label:
            parts.append(f"start: “{rule.start_label}”")
        if rule.end_label:
            parts.append(f"end: “{rule.end_label}”")
        text += " — " + ", ".join(parts)
    if rule.kind == "disclosure":
        text += f" — “{rule.snippet}”"
    if rule.kind == "waiting_period":
        text += f" (practice areas containing: {', '.join(rule.practice_words)})"
    return text


def rows(rules: bar.BarRuleSet, states: set[str]) -> list[Row]:
    found = []
    for rule in sorted(rules.rules.values(), key=lambda r: (r.state not in states, r.key)):
        if rule.state in states:
            applies = "the firm is licensed here"
        elif rule.follows_recipient:
            applies = "leads in this state"
        else:
            applies = ""
        if not rule.enabled:
            applies = ""
        found.append(
            Row(
                rule=rule,
                kind=KIND_NAMES[rule.kind],
                state=STATE_NAMES.get(rule.state, rule.state),
                applies=applies,
                what=_what(rule),
                covers=_covers(rule),
                channels=", ".join(CHANNEL_NAMES[c] for c in sorted(rule.channels)),
            )
        )
    return found


class BarOverridesForm(forms.Form):
    overrides = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        label="Overrides (JSON)",
    )

    def clean_overrides(self) -> dict[str, Any]:
        value = json_object(
            self.cleaned_data["overrides"], example='keyed by rule, like {"TX.waiting_period": {…}}'
        )
        try:
            bar.bar_rules_for(value or None)
        except Refused as exc:
            raise forms.ValidationError(str(exc)) from None
        return value


class ReleaseForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        label="Why this rule does not hold this lead",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


@firm_view(Role.MANAGER)
def bar_rules_settings(request: FirmRequest) -> HttpResponse:
    firm = request.firm
    stored = BarRuleSettings.objects.filter(firm=firm).first()
    current = dict(stored.overrides or {}) if stored else {}
    form = BarOverridesForm(
        request.POST or None,
        initial={"overrides": json.dumps(current, indent=2) if current else ""},
    )
    status = 200
    if request.method == "POST":
        if not request.membership.has_role(Role.ADMIN):
            return render(request, "403.html", status=403)
        if form.is_valid():
            try:
                changed = bar_overrides_update(
                    firm=firm,
                    overrides=form.cleaned_data["overrides"],
                    now=clock.now(),
                    actor=request.user,
                )
            except Refused as exc:
                form.add_error("overrides", str(exc))
            else:
                messages.success(request, "Bar rules saved." if changed else "Nothing changed.")
                return redirect("web:settings_bar_rules")
        status = 400
    rules = bar.firm_bar_rules(firm)
    context = {
        "section": "bar_rules",
        "form": form,
        "rows": rows(rules, bar.licensed_states(firm)),
        "version": rules.version,
        "notice": bar.NOTICE,
        "states": sorted(bar.licensed_states(firm)),
        "example": json.dumps(EXAMPLE, indent=2),
        "can_edit": request.membership.has_role(Role.ADMIN),
        "initiations": Initiation.choices,
    }
    return render(request, "web/settings/bar_rules.html", context, status=status)


@firm_view(Role.MANAGER)
def bar_holds(request: FirmRequest) -> HttpResponse:
    """The leads a bar rule holds now, newest first; each can be released with a reason."""
    held = (
        BarHold.objects.filter(firm=request.firm, released_at__isnull=True)
        .filter(Q(until__isnull=True) | Q(until__gt=clock.now()))  # a waiting period that ended
        .exclude(Exists(Touch.objects.filter(lead=OuterRef("lead"), direction=Direction.IN)))
        .select_related("lead")
        .order_by("-created_at", "-id")[:200]
    )
    released = (
        BarHold.objects.filter(firm=request.firm, released_at__isnull=False)
        .select_related("lead", "released_by")
        .order_by("-released_at", "-id")[:50]
    )
    return render(
        request,
        "web/bar_holds.html",
        {"held": list(held), "released": list(released), "form": ReleaseForm()},
    )


@require_POST
@firm_view(Role.MANAGER)
def bar_hold_release_view(request: FirmRequest, hold_id: str) -> HttpResponse:
    hold = get_object_or_404(BarHold, pk=parse_id(hold_id), firm=request.firm)
    form = ReleaseForm(request.POST)
    back = request.POST.get("back") == "lead"
    target = redirect("web:lead", lead_id=hold.lead_id) if back else redirect("web:bar_holds")
    if not form.is_valid():
        messages.error(request, "Not released: give the reason this rule does not hold the lead.")
        return target
    try:
        bar_hold_release(
            hold=hold, actor=request.user, reason=form.cleaned_data["reason"], now=clock.now()
        )
    except Refused as exc:
        messages.error(request, f"Not released: {exc.message}")
        return target
    messages.success(request, f"{hold.lead.full_name} is released from {hold.rule}.")
    return target
