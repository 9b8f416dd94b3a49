"""Forms of the cadence editor: the cadence itself, and one form per step (a formset).

The forms only check what a field can check on its own; whether the steps make a cadence is
decided by `steadfast.cadences.services_admin`, which names the step in every problem.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms import formset_factory

from steadfast.cadences.definition import Step
from steadfast.channels.library import template_name
from steadfast.channels.models import MessageTemplate, TemplateChannel
from steadfast.dispatch.models import Outcome
from steadfast.firms.models import Firm
from steadfast.leads.models import LeadSource

ACTIONS = [
    ("call", "Call by a person"),
    ("sms", "Text (SMS)"),
    ("email", "Email"),
    ("voicemail_drop", "Automatic voicemail drop"),
    ("sms_or_email", "Text, or email if no text is possible"),
    ("nurture", "Move to nurture (end)"),
]
STARTS = [
    ("arrival", "the lead's arrival"),
    ("outcome", "an outcome of step…"),
    ("done", "step … being done"),
]
OUTCOMES = [(value, value.replace("_", " ")) for value in Outcome.values]
CHANNEL_GROUPS = [
    (TemplateChannel.CALL, "Call scripts"),
    (TemplateChannel.VOICEMAIL, "Voicemails"),
    (TemplateChannel.SMS, "Texts"),
    (TemplateChannel.EMAIL, "Emails"),
]


class CadenceForm(forms.Form):
    name = forms.CharField(label="Name", max_length=100)
    practice_area = forms.ChoiceField(label="For leads about", required=False)
    source = forms.ModelChoiceField(
        label="From the source",
        required=False,
        queryset=LeadSource.objects.none(),
        empty_label="Any source",
    )
    is_default = forms.BooleanField(
        label="The firm's default: used for every lead no narrower cadence fits", required=False
    )
    active = forms.BooleanField(label="Active", required=False)
    cap_call = forms.IntegerField(label="Calls at most", min_value=0, max_value=10)
    cap_sms = forms.IntegerField(label="Texts at most", min_value=0, max_value=10)
    cap_email = forms.IntegerField(label="Emails at most", min_value=0, max_value=10)
    timing = forms.ChoiceField(
        label="Second and later calls",
        required=False,
        choices=[
            ("fixed", "Fixed rule: as the steps say"),
            ("learned", "Learned: the hour of that day when this firm's leads answer most"),
        ],
    )

    def clean_timing(self) -> str:
        return self.cleaned_data.get("timing") or "fixed"

    def __init__(self, *args: Any, firm: Firm, practice_areas: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source_field = cast(forms.ModelChoiceField, self.fields["source"])
        source_field.queryset = LeadSource.objects.filter(firm=firm).order_by("name")
        cast(forms.ChoiceField, self.fields["practice_area"]).choices = [
            ("", "Any practice area"),
            *((a, a.replace("_", " ").capitalize()) for a in practice_areas),
        ]


class StepForm(forms.Form):
    n = forms.IntegerField(label="Step", min_value=1, max_value=50)
    action = forms.ChoiceField(
        label="Action",
        choices=[("", "Choose…"), *ACTIONS],
        error_messages={"required": "Choose what this step does."},
    )
    start = forms.ChoiceField(label="Starts after", choices=STARTS)
    of = forms.IntegerField(label="Of step", required=False, min_value=1, max_value=50)
    outcomes = forms.MultipleChoiceField(
        label="Outcomes it waits for",
        required=False,
        choices=OUTCOMES,
        widget=forms.CheckboxSelectMultiple,
    )
    delay = forms.CharField(
        label="Delay", max_length=12, initial="0m", help_text="30s, 15m, 2h or 3d"
    )
    business_days = forms.IntegerField(
        label="Business days later", min_value=0, max_value=60, initial=0
    )
    other_part_of_day = forms.BooleanField(
        label="At another part of the day than the step it follows", required=False
    )
    template = forms.ChoiceField(label="Template", required=False)
    template_email = forms.ChoiceField(label="Email template (text or email)", required=False)
    voicemail_template = forms.ChoiceField(label="Voicemail (no answer)", required=False)
    label = forms.CharField(label="Label", max_length=80, required=False)

    def __init__(self, *args: Any, templates: list[MessageTemplate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grouped: list[Any] = [("", "None")]
        for channel, title in CHANNEL_GROUPS:
            keys = [(t.key, template_name(t.key)) for t in templates if t.channel == channel]
            if keys:
                grouped.append((title, keys))
        only = {
            "template_email": TemplateChannel.EMAIL,
            "voicemail_template": TemplateChannel.VOICEMAIL,
        }
        for name in ("template", "template_email", "voicemail_template"):
            field = cast(forms.ChoiceField, self.fields[name])
            if name in only:
                field.choices = [
                    ("", "None"),
                    *((t.key, template_name(t.key)) for t in templates if t.channel == only[name]),
                ]
            else:
                field.choices = grouped

    def step_data(self) -> dict[str, Any]:
        """This step as the cadence schema has it (see cadences/definition.py)."""
        data = self.cleaned_data
        action, start = data["action"], data["start"]
        template: str | dict[str, str] = data["template"]
        if action == "sms_or_email":
            template = {"sms": data["template"], "email": data["template_email"]}
        elif action == "nurture":
            template = ""
        return {
            "n": data["n"],
            "action": action,
            "start": start,
            "of": data["of"] if start != "arrival" else None,
            "outcomes": list(data["outcomes"]) if start == "outcome" else [],
            "delay": data["delay"].strip() or "0m",
            "business_days": data["business_days"] or 0,
            "other_part_of_day": data["other_part_of_day"],
            "template": template,
            "voicemail_template": data["voicemail_template"] if action == "call" else "",
            "label": data["label"].strip(),
        }


def step_initial(step: Step) -> dict[str, Any]:
    """A stored step as the form's initial values."""
    sms, email = step.template_for("sms"), step.template_for("email")
    return {
        "n": step.n,
        "action": step.action,
        "start": step.start,
        "of": step.of,
        "outcomes": list(step.outcomes),
        "delay": step.delay,
        "business_days": step.business_days,
        "other_part_of_day": step.other_part_of_day,
        "template": sms if isinstance(step.template, dict) else step.template,
        "template_email": email if isinstance(step.template, dict) else "",
        "voicemail_template": step.voicemail_template,
        "label": step.label,
    }


class BaseStepFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this step"


StepFormSet = formset_factory(
    StepForm, formset=BaseStepFormSet, extra=0, can_delete=True, max_num=50, absolute_max=50
)
