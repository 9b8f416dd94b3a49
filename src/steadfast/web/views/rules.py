"""Settings: the calling rules the firm's leads are held to, and the firm's overrides (admin).

The table shows what the planner will use: `rules_for(firm.compliance_overrides)`, the state's
row combined with the federal window and the firm's own "*" policy, each value with the text
of its source; a value that differs from the unmodified table is marked as the firm's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from steadfast import clock
from steadfast.compliance.rules import (
    DAY_NAMES,
    DEFAULT_RULES,
    FEDERAL_SOURCE,
    FEDERAL_WINDOW,
    JURISDICTIONS,
    WEEKDAYS,
    RuleSet,
    StateRule,
    rules_for,
)
from steadfast.errors import Refused
from steadfast.firms.models import Firm, Role
from steadfast.web import services
from steadfast.web.access import FirmRequest, firm_view
from steadfast.web.forms import STATE_NAMES, ComplianceOverridesForm, RuleOverrideForm

FIRM_POLICY = "the firm's own policy for every lead"
EXAMPLE = {
    "IL": {"window": ["09:00", "20:00"]},
    "TX": {"windows": {"sat": None}},
    "*": {"max_per_24h": 2},
}


@dataclass(frozen=True)
class Shown:
    """One value of the table, where it comes from, and whether the firm changed it."""

    text: str
    source: str
    overridden: bool = False


@dataclass(frozen=True)
class Jurisdiction:
    code: str  # "" for the federal baseline
    name: str
    days: list[tuple[str, Shown]]
    holidays: Shown
    cap: Shown
    applies_to: Shown
    verified: bool


def _layers(rules: RuleSet, state: str) -> list[tuple[StateRule, str]]:
    """The rules over a call to a lead of `state`, with the source each one cites."""
    layers = []
    rule = rules.states.get(state)
    if rule is not None and "call" in rule.applies_to:
        layers.append((rule, rule.source))
    if rules.firm_wide is not None and "call" in rules.firm_wide.applies_to:
        layers.append((rules.firm_wide, FIRM_POLICY))
    return layers


def _day(rules: RuleSet, state: str, day: str) -> Shown:
    start, end = FEDERAL_WINDOW
    opens = closes = FEDERAL_SOURCE
    for rule, source in _layers(rules, state):
        window = rule.windows[day]
        if window is None:
            return Shown("no calls or texts", source)
        if window[0] > start:
            start, opens = window[0], source
        if window[1] < end:
            end, closes = window[1], source
    source = opens if opens == closes else f"opens: {opens}; closes: {closes}"
    if start >= end:
        return Shown("no allowed hours", source)
    return Shown(f"{start:%H:%M}\N{EN DASH}{end:%H:%M}", source)


def _holidays(rules: RuleSet, state: str) -> Shown:
    banned, extra, sources = False, [], []
    for rule, source in _layers(rules, state):
        if (rule.no_state_holidays and state) or rule.extra_holidays:
            sources.append(source)
        banned = banned or (rule.no_state_holidays and bool(state))
        extra += [spec for spec in rule.extra_holidays if spec not in extra]
    parts = (["the state's legal holidays"] if banned else []) + [
        spec.replace("_", " ") for spec in extra
    ]
    if not parts:
        return Shown("none", _base_source(rules, state))
    return Shown("no calls or texts on " + "; ".join(parts), "; ".join(sources))


def _cap(rules: RuleSet, state: str) -> Shown:
    caps = [(r.max_per_24h, s) for r, s in _layers(rules, state) if r.max_per_24h is not None]
    if not caps:
        return Shown("no cap", _base_source(rules, state))
    most, source = min(caps, key=lambda c: c[0] or 0)
    return Shown(f"at most {most} calls and texts", source)


def _applies_to(rules: RuleSet, state: str) -> Shown:
    rule = rules.states.get(state)
    channels = rule.applies_to if rule is not None else frozenset({"call", "sms"})
    text = " and ".join({"call": "calls", "sms": "texts"}[c] for c in sorted(channels))
    return Shown(text, _base_source(rules, state))


def _base_source(rules: RuleSet, state: str) -> str:
    rule = rules.states.get(state)
    return rule.source if rule is not None else FEDERAL_SOURCE


def _marked(value: Shown, default: Shown) -> Shown:
    return Shown(value.text, value.source, overridden=value.text != default.text)


def jurisdiction_rows(rules: RuleSet, states: list[str]) -> list[Jurisdiction]:
    """The effective rules for each of `states` and for the federal baseline (code "")."""
    rows = []
    for code in [*states, ""]:
        days = [
            (
                DAY_NAMES[day],
                _marked(_day(rules, code, day), _day(DEFAULT_RULES, code, day)),
            )
            for day in WEEKDAYS
        ]
        rule = rules.states.get(code)
        rows.append(
            Jurisdiction(
                code=code,
                name=STATE_NAMES.get(code, code) if code else "Federal baseline",
                days=days,
                holidays=_marked(_holidays(rules, code), _holidays(DEFAULT_RULES, code)),
                cap=_marked(_cap(rules, code), _cap(DEFAULT_RULES, code)),
                applies_to=_marked(_applies_to(rules, code), _applies_to(DEFAULT_RULES, code)),
                verified=rule.verified if rule is not None else True,
            )
        )
    return rows


def _states(firm: Firm) -> list[str]:
    """The states the firm serves, then any other state its overrides name."""
    served = [s.strip().upper() for s in firm.states or [] if isinstance(s, str)]
    named = sorted(str(k).strip().upper() for k in (firm.compliance_overrides or {}))
    found: list[str] = []
    for code in [*served, *named]:
        if code in JURISDICTIONS and code not in found:
            found.append(code)
    return found


def _in_words(code: str, entry: Any) -> str:
    """One override as a sentence: 'Illinois: calls and texts 09:00-20:00; at most 2 in
    any 24 hours'."""
    if not isinstance(entry, dict):
        return f"{code}: {entry!r}"
    parts = []
    if isinstance(entry.get("window"), list | tuple) and len(entry["window"]) == 2:
        parts.append(f"calls and texts {entry['window'][0]}\N{EN DASH}{entry['window'][1]}")
    banned = [DAY_NAMES[d] for d, w in (entry.get("windows") or {}).items() if w is None]
    if banned:
        parts.append("none on " + ", ".join(banned))
    if entry.get("max_per_24h"):
        parts.append(f"at most {entry['max_per_24h']} in any 24 hours")
    if entry.get("no_state_holidays"):
        parts.append("none on the state's holidays")
    other = sorted(set(entry) - {"window", "windows", "max_per_24h", "no_state_holidays"})
    if other:
        parts.append("also " + ", ".join(other).replace("_", " "))
    who = "Every lead" if code == "*" else STATE_NAMES.get(code, code)
    return f"{who}: " + "; ".join(parts or ["no change"])


def _save(request: FirmRequest, overrides: dict[str, Any]) -> HttpResponse | None:
    try:
        changed = services.firm_compliance_overrides_update(
            firm=request.firm, overrides=overrides, now=clock.now(), actor=request.user
        )
    except Refused as exc:
        messages.error(request, f"Not saved: {exc}.")
        return None
    messages.success(request, "Calling rules saved." if changed else "Nothing changed.")
    return redirect("web:settings_rules")


@firm_view(Role.ADMIN)
def rules_settings(request: FirmRequest) -> HttpResponse:
    firm = request.firm
    current = dict(firm.compliance_overrides or {})
    action = request.POST.get("action", "json") if request.method == "POST" else ""
    form = ComplianceOverridesForm(
        request.POST if action == "json" else None,
        initial={"overrides": json.dumps(current, indent=2) if current else ""},
    )
    rule_form = RuleOverrideForm(
        request.POST if action == "rule" else None, states=_states(firm), current=current
    )
    saved: HttpResponse | None = None
    if action == "json" and form.is_valid():
        saved = _save(request, form.cleaned_data["overrides"])
    elif action == "rule" and rule_form.is_valid():
        saved = _save(request, rule_form.cleaned_data["overrides"])
    elif action == "remove":
        code = request.POST.get("state", "")
        saved = _save(request, {k: v for k, v in current.items() if k != code})
    if saved is not None:
        return saved
    try:
        rules = rules_for(current or None)
        stored_error = ""
    except Refused as exc:  # stored before validation existed, e.g. through the admin
        rules, stored_error = DEFAULT_RULES, str(exc)
    context = {
        "form": form,
        "section": "rules",
        "rows": jurisdiction_rows(rules, _states(firm)),
        "rules_version": rules.version,
        "stored_error": stored_error,
        "example": json.dumps(EXAMPLE, indent=2),
        "rule_form": rule_form,
        "overrides": [(code, _in_words(code, entry)) for code, entry in current.items()],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "web/settings/rules.html", context, status=status)
