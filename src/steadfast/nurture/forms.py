"""The forms of the nurture pages: a program's settings, a step, a new campaign."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from steadfast.channels.templates import practice_area_choices
from steadfast.firms.models import Firm
from steadfast.leads.models import LeadSource
from steadfast.nurture.models import StepChannel


def _areas(firm: Firm, blank: str) -> list[tuple[str, str]]:
    known = dict(practice_area_choices())
    for area in firm.practice_areas or []:
        known.setdefault(area, area.replace("_", " ").capitalize())
    return [("", blank), *sorted(known.items(), key=lambda kv: kv[1])]


class ProgramForm(forms.Form):
    name = forms.CharField(max_length=100)
    practice_area = forms.ChoiceField(required=False)
    active = forms.BooleanField(
        required=False, help_text="Off: no new sends; planned ones are not sent."
    )
    send_hour = forms.IntegerField(
        min_value=8,
        max_value=20,
        initial=10,
        label="Send hour (lead-local)",
        help_text="Each send is planned a few minutes past this hour in the lead's time zone, "
        "inside the legal window.",
    )

    def __init__(self, *args: Any, firm: Firm, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["practice_area"]).choices = _areas(
            firm, "Any practice area without its own"
        )


class NewProgramForm(forms.Form):
    name = forms.CharField(max_length=100)
    practice_area = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, firm: Firm, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["practice_area"]).choices = _areas(
            firm, "Any practice area without its own"
        )


class StepForm(forms.Form):
    channel = forms.ChoiceField(
        choices=StepChannel.choices,
        help_text="A text check-in goes only to leads with SMS consent, at most one a quarter.",
    )
    delay_weeks = forms.IntegerField(
        min_value=1,
        max_value=104,
        label="Weeks after the previous step",
        help_text="The first step counts from the move to nurture.",
    )
    subject = forms.CharField(max_length=300, required=False, label="Subject (emails)")
    body = forms.CharField(
        max_length=20_000, widget=forms.Textarea(attrs={"rows": 14}), label="Text"
    )


class CampaignForm(forms.Form):
    name = forms.CharField(max_length=100)
    subject = forms.CharField(max_length=300)
    body = forms.CharField(
        max_length=20_000, widget=forms.Textarea(attrs={"rows": 12}), label="Text"
    )
    practice_area = forms.ChoiceField(required=False, label="Segment: practice area")
    source = forms.ModelChoiceField(
        queryset=LeadSource.objects.none(),
        required=False,
        empty_label="Any",
        label="Segment: lead source",
    )
    state = forms.CharField(
        max_length=2, required=False, label="Segment: state", help_text="Two letters, e.g. IL"
    )
    min_months_in_nurture = forms.IntegerField(
        min_value=0, max_value=240, initial=0, label="Segment: at least this many months in nurture"
    )
    starts_at = forms.DateTimeField(
        label="Start (firm time)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    rate_per_hour = forms.IntegerField(
        min_value=1,
        max_value=100_000,
        initial=1000,
        label="Emails an hour at most",
        help_text="So a large segment does not reach the email provider at once.",
    )
    hour_from = forms.IntegerField(min_value=8, max_value=20, initial=9, label="From (lead-local)")
    hour_to = forms.IntegerField(min_value=9, max_value=21, initial=17, label="Until (lead-local)")

    def __init__(self, *args: Any, firm: Firm, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["practice_area"]).choices = _areas(firm, "Any")
        cast(forms.ModelChoiceField, self.fields["source"]).queryset = LeadSource.objects.filter(
            firm=firm
        ).order_by("name")
