"""Settings: the firm's cadences (manager+), and the built-in default, read-only, to copy."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST
from pydantic import ValidationError

from steadfast import clock
from steadfast.cadences.definition import DEFAULT_CADENCE, CadenceDefinition, Step
from steadfast.cadences.definition import parse_definition as definition_parse
from steadfast.cadences.models import Cadence
from steadfast.cadences.services_admin import (
    CadenceInvalid,
    cadence_copy_default,
    cadence_create,
    cadence_enrolled_count,
    cadence_update,
)
from steadfast.channels.library import templates_seed
from steadfast.channels.models import MessageTemplate
from steadfast.firms.models import Role
from steadfast.leads.models import Lead
from steadfast.web.access import FirmRequest, firm_view
from steadfast.web.cadence_forms import ACTIONS, CadenceForm, StepForm, StepFormSet, step_initial

PREFIX = "steps"
MAX_STEPS = 50
ACTION_NAMES = dict(ACTIONS)
NEW_CADENCE_STEPS = [
    {
        "n": 1,
        "action": "call",
        "start": "arrival",
        "template": "first_call_script",
        "voicemail_template": "voicemail",
        "label": "First call",
    }
]


# --- describing steps ----------------------------------------------------------------------------


def step_when(step: Step) -> str:
    """'when step 1 ends no answer or voicemail, 5m later' — the step's timing in words."""
    if step.start == "arrival":
        when = "at arrival"
    elif step.start == "outcome":
        outcomes = " or ".join(o.replace("_", " ") for o in step.outcomes)
        when = f"when step {step.of} ends {outcomes}"
    else:
        when = f"after step {step.of}"
    later = []
    if step.delay_td:
        later.append(step.delay)
    if step.business_days:
        later.append(f"{step.business_days} business day{'s' if step.business_days > 1 else ''}")
    if later:
        when += f", {' + '.join(later)} later"
    if step.other_part_of_day:
        when += ", at another part of the day"
    return when


def step_rows(definition: CadenceDefinition) -> list[dict[str, Any]]:
    rows = []
    for step in definition.steps:
        if isinstance(step.template, dict):
            templates = [f"{k}: {v}" for k, v in step.template.items() if v]
        else:
            templates = [step.template] if step.template else []
        if step.voicemail_template:
            templates.append(f"voicemail: {step.voicemail_template}")
        rows.append(
            {
                "n": step.n,
                "action": ACTION_NAMES.get(step.action, step.action),
                "when": step_when(step),
                "templates": templates,
                "label": step.label,
            }
        )
    return rows


def applies_to(cadence: Cadence) -> str:
    """Which leads get this cadence; "" when none do (neither default nor narrowed)."""
    if cadence.practice_area or cadence.source_id:
        text = "leads"
        if cadence.practice_area:
            text += f" about {cadence.practice_area.replace('_', ' ')}"
        if cadence.source is not None:
            text += f" from {cadence.source.name}"
        return text
    if cadence.is_default:
        return "every lead no narrower cadence fits"
    return ""


# --- views ---------------------------------------------------------------------------------------


@require_GET
@firm_view(Role.MANAGER)
def cadence_list(request: FirmRequest) -> HttpResponse:
    cadences = list(
        Cadence.objects.filter(firm=request.firm)
        .select_related("source")
        .order_by("-active", "name")
    )
    rows = []
    for cadence in cadences:
        try:
            steps = len(definition_parse(cadence.definition).steps)
        except ValidationError:
            steps = 0
        rows.append(
            {
                "cadence": cadence,
                "applies_to": applies_to(cadence),
                "steps": steps,
                "enrolled": cadence_enrolled_count(cadence=cadence),
                "learned": (cadence.definition or {}).get("timing") == "learned",
            }
        )
    has_default = any(c.is_default and c.active for c in cadences)
    return render(
        request,
        "web/settings/cadences.html",
        {
            "rows": rows,
            "default_steps": len(DEFAULT_CADENCE["steps"]),
            "default_name": DEFAULT_CADENCE["name"],
            "builtin_in_use": not has_default,
            "section": "cadences",
        },
    )


@require_GET
@firm_view(Role.MANAGER)
def cadence_default(request: FirmRequest) -> HttpResponse:
    definition = definition_parse(DEFAULT_CADENCE)
    return render(
        request,
        "web/settings/cadence_default.html",
        {"definition": definition, "steps": step_rows(definition), "section": "cadences"},
    )


@require_POST
@firm_view(Role.MANAGER)
def cadence_copy(request: FirmRequest) -> HttpResponse:
    cadence = cadence_copy_default(firm=request.firm, now=clock.now(), actor=request.user)
    note = " It is now the firm's default." if cadence.is_default else ""
    messages.success(request, f"Copied the built-in default as “{cadence.name}”.{note}")
    return redirect("web:settings_cadence", cadence_id=cadence.pk)


def _templates(request: FirmRequest) -> list[MessageTemplate]:
    return templates_seed(firm=request.firm)


def _practice_areas(request: FirmRequest, current: str = "") -> list[str]:
    stored = (
        Lead.objects.filter(firm=request.firm)
        .exclude(practice_area="")
        .values_list("practice_area", flat=True)
        .distinct()
    )
    return sorted({*(request.firm.practice_areas or []), *stored, *([current] if current else [])})


def _forms(
    request: FirmRequest, cadence: Cadence | None, data: Any = None
) -> tuple[CadenceForm, Any]:
    templates = _templates(request)
    areas = _practice_areas(request, cadence.practice_area if cadence else "")
    if data is not None:
        form = CadenceForm(data, firm=request.firm, practice_areas=areas)
        steps = StepFormSet(data, prefix=PREFIX, form_kwargs={"templates": templates})
        return form, steps
    if cadence is None:
        definition: dict[str, Any] = {"steps": NEW_CADENCE_STEPS}
        initial: dict[str, Any] = {"active": True}
    else:
        definition = cadence.definition
        initial = {
            "name": cadence.name,
            "practice_area": cadence.practice_area,
            "source": cadence.source_id,
            "is_default": cadence.is_default,
            "active": cadence.active,
        }
    caps = definition.get("caps") or {}
    initial.update(
        cap_call=caps.get("call", 3),
        cap_sms=caps.get("sms", 2),
        cap_email=caps.get("email", 2),
        timing=definition.get("timing", "fixed"),
    )
    try:
        step_initials = [step_initial(s) for s in definition_parse(definition).steps]
    except ValidationError:
        step_initials = []
    form = CadenceForm(initial=initial, firm=request.firm, practice_areas=areas)
    steps = StepFormSet(initial=step_initials, prefix=PREFIX, form_kwargs={"templates": templates})
    return form, steps


def _with_new_row(data: Any) -> Any:
    """The posted formset with one more step (adding a step without htmx)."""
    data = data.copy()
    try:
        total = int(data.get(f"{PREFIX}-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    total = max(0, min(total, MAX_STEPS - 1))
    data[f"{PREFIX}-TOTAL_FORMS"] = str(total + 1)
    data[f"{PREFIX}-{total}-n"] = str(total + 1)
    data[f"{PREFIX}-{total}-delay"] = "0m"
    data[f"{PREFIX}-{total}-business_days"] = "0"
    return data


def _kept_steps(steps: Any) -> list[StepForm]:
    """The step forms to save, in step order: not removed, not an untouched empty row."""
    kept = [
        f
        for f in steps.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("n")
    ]
    return sorted(kept, key=lambda f: f.cleaned_data["n"])


def _editor(request: FirmRequest, cadence: Cadence | None) -> HttpResponse:
    problems: list[str] = []
    status = 200
    if request.method == "POST" and request.POST.get("action") == "add_step":
        form, steps = _forms(request, cadence, _with_new_row(request.POST))
    elif request.method == "POST":
        form, steps = _forms(request, cadence, request.POST)
        if form.is_valid() and steps.is_valid():
            kept = _kept_steps(steps)
            data = form.cleaned_data
            values = {
                "name": data["name"],
                "practice_area": data["practice_area"],
                "source": data["source"],
                "is_default": data["is_default"],
                "active": data["active"],
                "definition": {
                    "caps": {
                        "call": data["cap_call"],
                        "sms": data["cap_sms"],
                        "email": data["cap_email"],
                    },
                    "timing": data["timing"],
                    "steps": [f.step_data() for f in kept],
                },
            }
            now = clock.now()
            try:
                if cadence is None:
                    cadence = cadence_create(
                        firm=request.firm, now=now, actor=request.user, **values
                    )
                    messages.success(request, f"Cadence “{cadence.name}” created.")
                else:
                    changed = cadence_update(cadence=cadence, now=now, actor=request.user, **values)
                    messages.success(
                        request,
                        f"“{cadence.name}” saved as version {cadence.version}."
                        if changed
                        else "Nothing changed.",
                    )
            except CadenceInvalid as exc:
                for problem in exc.problems:
                    problems.append(problem.message)
                    if problem.step is not None and problem.step < len(kept):
                        target = kept[problem.step]
                        field = problem.field if problem.field in target.fields else None
                        target.add_error(field, problem.message)
                    elif problem.field in form.fields:
                        form.add_error(problem.field, problem.message)
            else:
                return redirect("web:settings_cadence", cadence_id=cadence.pk)
        status = 400
    else:
        form, steps = _forms(request, cadence)
    context = {
        "cadence": cadence,
        "form": form,
        "steps": steps,
        "problems": problems,
        "enrolled": cadence_enrolled_count(cadence=cadence) if cadence else 0,
        "section": "cadences",
        "max_steps": MAX_STEPS,
    }
    if request.method == "POST" and request.POST.get("action") == "add_step":
        status = 200
    return render(request, "web/settings/cadence.html", context, status=status)


@firm_view(Role.MANAGER)
def cadence_new(request: FirmRequest) -> HttpResponse:
    return _editor(request, None)


@firm_view(Role.MANAGER)
def cadence_edit(request: FirmRequest, cadence_id: int) -> HttpResponse:
    cadence = get_object_or_404(
        Cadence.objects.select_related("source", "firm"), pk=cadence_id, firm=request.firm
    )
    return _editor(request, cadence)


@require_GET
@firm_view(Role.MANAGER)
def cadence_step_row(request: FirmRequest) -> HttpResponse:
    """One more, empty step form (htmx appends it), and the formset's new form count."""
    try:
        index = int(request.GET.get(f"{PREFIX}-TOTAL_FORMS", "0"))
    except ValueError:
        index = 0
    index = max(0, min(index, MAX_STEPS - 1))
    templates = _templates(request)
    formset = StepFormSet(prefix=PREFIX, form_kwargs={"templates": templates})
    step = StepForm(
        prefix=f"{PREFIX}-{index}",
        initial={"n": index + 1, "delay": "0m", "business_days": 0},
        templates=templates,
    )
    formset.add_fields(step, index)
    return render(
        request,
        "web/settings/_cadence_step.html",
        {"step": step, "index": index, "total": index + 1, "oob": True},
    )
