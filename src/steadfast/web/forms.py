"""Forms of the web app. Each field has a label; choices come from the models."""

from __future__ import annotations

import json
import re
import zoneinfo
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any, cast

import holidays
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from steadfast import clock
from steadfast.channels.templates import practice_area_choices
from steadfast.compliance.overrides import looser_than_law
from steadfast.compliance.rules import DAY_NAMES as RULE_DAY_NAMES
from steadfast.compliance.rules import JURISDICTIONS
from steadfast.compliance.rules import WEEKDAYS as RULE_WEEKDAYS
from steadfast.errors import Refused
from steadfast.firms.models import WEEKDAYS, Firm, Role
from steadfast.leads import validation
from steadfast.leads.models import InvalidReason, LeadSource, SourceKind, Status
from steadfast.web.services import FIRM_FIELDS

DAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email and password do not match an account.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "username", "autofocus": True}
        )


# --- Leads ----------------------------------------------------------------------------------

AGE_CHOICES = [
    ("", "Any age"),
    ("1d", "Last 24 hours"),
    ("7d", "Last 7 days"),
    ("30d", "Last 30 days"),
    ("older", "Older than 30 days"),
]


class LeadFilterForm(forms.Form):
    q = forms.CharField(label="Search name, phone or email", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Status.choices]
    )
    source = forms.ModelChoiceField(
        label="Source", required=False, queryset=LeadSource.objects.none(), empty_label="Any source"
    )
    practice_area = forms.ChoiceField(label="Practice area", required=False)
    age = forms.ChoiceField(label="Arrived", required=False, choices=AGE_CHOICES)

    def __init__(self, *args: Any, firm: Firm, practice_areas: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source_field = self.fields["source"]
        assert isinstance(source_field, forms.ModelChoiceField)
        source_field.queryset = LeadSource.objects.filter(firm=firm).order_by("name")
        cast(forms.ChoiceField, self.fields["practice_area"]).choices = [
            ("", "Any practice area"),
            *((a, a.replace("_", " ").capitalize()) for a in practice_areas),
        ]


class MessageForm(forms.Form):
    prefix = "msg"  # several forms share the lead page

    channel = forms.ChoiceField(label="Send as", choices=[("sms", "SMS"), ("email", "Email")])
    subject = forms.CharField(label="Subject (email only)", required=False, max_length=200)
    body = forms.CharField(
        label="Message",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "The first text to a person gets “Reply STOP to opt out.” added. A message sent "
            "here takes the place of the cadence's next text or email if it is due within the "
            "hour."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("channel") == "email" and not (data.get("subject") or "").strip():
            self.add_error("subject", "An email needs a subject.")
        return data


class NoteForm(forms.Form):
    prefix = "note"  # several forms share the lead page

    body = forms.CharField(label="Note", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    remind_at = forms.DateTimeField(
        label="Remind me at (firm time, optional)",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_remind_at(self) -> datetime | None:
        remind_at: datetime | None = self.cleaned_data["remind_at"]
        # A date near the end of the calendar cannot even be converted to UTC.
        if remind_at is not None and remind_at > clock.now() + REMINDER_HORIZON:
            raise ValidationError("A reminder can be at most five years ahead.")
        return remind_at


# How far ahead a reminder may be set.
REMINDER_HORIZON = timedelta(days=5 * 366)

MARK_STATUSES = [
    (s, s.label)
    for s in (
        Status.ENGAGED,
        Status.QUALIFIED,
        Status.SIGNED,
        Status.DECLINED,
        Status.NURTURE,
        Status.INVALID,
    )
]


class MarkForm(forms.Form):
    prefix = "mark"  # several forms share the lead page

    status = forms.ChoiceField(label="Mark as", choices=MARK_STATUSES)
    reason = forms.ChoiceField(
        label="Reason (for invalid)", required=False, choices=[("", "—"), *InvalidReason.choices]
    )
    note = forms.CharField(label="Why (optional)", required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == Status.INVALID and not data.get("reason"):
            self.add_error("reason", "Say why the lead is invalid.")
        if data.get("status") != Status.INVALID:
            data["reason"] = ""
        return data


class CaseFeeForm(forms.Form):
    prefix = "fee"  # several forms share the lead page

    fee = forms.DecimalField(
        label="Case fee (USD)",
        min_value=0,
        max_value=Decimal("99999999.99"),
        max_digits=12,
        decimal_places=2,
        help_text="What the firm earned or expects from this case; return on spend uses it.",
    )


class OptOutForm(forms.Form):
    prefix = "optout"  # several forms share the lead page

    channels = forms.MultipleChoiceField(
        label="Stop contacting by",
        widget=forms.CheckboxSelectMultiple,
        choices=[("call", "Calls"), ("sms", "Texts"), ("email", "Emails")],
    )
    # Set by the confirmation page: the first post only shows what would stop.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


OUTCOMES = [
    ("no_answer", "No answer"),
    ("voicemail", "Voicemail"),
    ("connected", "Connected"),
    ("wrong_person", "Wrong person"),
    ("disconnected", "Disconnected"),
    ("do_not_contact", "Do not contact"),
]


class OutcomeForm(forms.Form):
    touch = forms.IntegerField(min_value=1)
    outcome = forms.ChoiceField(choices=OUTCOMES)
    note = forms.CharField(required=False, max_length=300)


# --- Settings -------------------------------------------------------------------------------


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\n]", value or "") if part.strip()]


# The zones a US firm is in, by the name people use for them.
US_ZONES = [
    ("America/New_York", "Eastern (New York)"),
    ("America/Chicago", "Central (Chicago)"),
    ("America/Denver", "Mountain (Denver)"),
    ("America/Phoenix", "Mountain, no daylight saving (Phoenix)"),
    ("America/Los_Angeles", "Pacific (Los Angeles)"),
    ("America/Anchorage", "Alaska (Anchorage)"),
    ("Pacific/Honolulu", "Hawaii (Honolulu)"),
    ("America/Puerto_Rico", "Atlantic (Puerto Rico)"),
]


def _zone_choices() -> list[tuple[str, Any]]:
    """The US zones first, by their everyday names; every other zone after them."""
    us = {z for z, _ in US_ZONES}
    zones = sorted(
        z
        for z in zoneinfo.available_timezones()
        if "/" in z and not z.startswith("Etc") and z not in us
    )
    return [
        ("United States", US_ZONES),
        ("Other zones", [(z, z.replace("_", " ")) for z in zones]),
    ]


class FirmForm(forms.ModelForm):
    timezone = forms.ChoiceField(label="Time zone", choices=_zone_choices)
    holiday_calendars = forms.CharField(
        label="Holiday calendars",
        required=False,
        help_text='Comma-separated: "US" for federal holidays, "US-IL" for federal + Illinois.',
    )
    closures = forms.CharField(
        label="Other closed days",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line: a date and a name, e.g. 2026-12-24 Office closed.",
    )
    states = forms.CharField(
        label="States served",
        required=False,
        help_text="Comma-separated two-letter codes, e.g. IL, WI.",
    )
    practice_areas = forms.MultipleChoiceField(
        label="Practice areas",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_practice_areas = forms.CharField(
        label="Other practice areas",
        required=False,
        help_text="Any not in the list, comma-separated, e.g. Nursing home abuse.",
    )

    class Meta:
        model = Firm
        # Business hours have their own per-day fields on the form (clean() assembles them).
        fields = [f for f in FIRM_FIELDS if f != "business_hours"]
        labels = {
            "name": "Firm name",
            "phone": "Main phone number",
            "email": "Email for replies",
            "address_line1": "Address",
            "address_line2": "Address (line 2)",
            "region": "State",
            "postal_code": "ZIP code",
            "max_calls": "Most calls in the active phase",
            "max_texts": "Most texts in the active phase",
            "max_emails": "Most emails in the active phase",
        }

    def __init__(
        self, *args: Any, closures: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        firm = self.instance
        if not self.is_bound:
            self.initial["holiday_calendars"] = ", ".join(firm.holiday_calendars or [])
            self.initial["states"] = ", ".join(firm.states or [])
        known = practice_area_choices()
        listed = {key for key, _ in known}
        own = [a for a in firm.practice_areas or [] if a not in listed]
        # The firm's own areas that are not in the list stay ticked, under their own name.
        cast(forms.MultipleChoiceField, self.fields["practice_areas"]).choices = known + [
            (a, a.replace("_", " ").capitalize()) for a in own
        ]
        if not self.is_bound:
            self.initial["practice_areas"] = list(firm.practice_areas or [])
            self.initial["closures"] = "\n".join(f"{d} {n}" for d, n in closures or [])
        hours = firm.business_hours or {}
        for day in WEEKDAYS:
            span = hours.get(day)
            self.fields[f"{day}_open"] = forms.TimeField(
                label=f"{DAY_NAMES[day]} opens",
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                initial=span[0] if span else None,
            )
            self.fields[f"{day}_close"] = forms.TimeField(
                label=f"{DAY_NAMES[day]} closes",
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                initial=span[1] if span else None,
            )

    def hour_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(DAY_NAMES[d], self[f"{d}_open"], self[f"{d}_close"]) for d in WEEKDAYS]

    def clean_holiday_calendars(self) -> list[str]:
        subdivisions = set(holidays.list_supported_countries()["US"])
        calendars = []
        for entry in _split(self.cleaned_data["holiday_calendars"]):
            code = entry.upper()
            if code != "US" and not (code.startswith("US-") and code[3:] in subdivisions):
                raise ValidationError(f'"{entry}" is not a calendar: use US or US-XX (a state).')
            calendars.append(code)
        return calendars

    def clean_states(self) -> list[str]:
        states = []
        for entry in _split(self.cleaned_data["states"]):
            code = validation.normalize_state(entry)
            if code is None:
                raise ValidationError(f'"{entry}" is not a US state.')
            if code not in states:
                states.append(code)
        return states

    def _practice_areas(self, data: dict[str, Any]) -> list[str]:
        """The ticked areas, then the others typed in words (kept as keys)."""
        areas = list(data.get("practice_areas") or [])
        for entry in _split(data.get("other_practice_areas") or ""):
            slug = re.sub(r"[^a-z0-9]+", "_", entry.lower()).strip("_")[:60]
            if slug and slug not in areas:
                areas.append(slug)
        return areas

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"]
        if not raw:
            return ""
        result = validation.check_phone(raw)
        if not result.e164 or result.finding.result != "valid":
            raise ValidationError(result.finding.detail)
        return result.e164

    def clean_closures(self) -> list[tuple[str, str]]:
        found = []
        for number, line in enumerate((self.cleaned_data["closures"] or "").splitlines(), 1):
            if not line.strip():
                continue
            day, _, name = line.strip().partition(" ")
            try:
                parsed = forms.DateField(input_formats=["%Y-%m-%d"]).clean(day)
            except ValidationError:
                raise ValidationError(
                    f'Line {number}: "{day}" is not a date like 2026-12-24.'
                ) from None
            found.append((parsed.isoformat(), name.strip() or "Closed"))
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        hours: dict[str, list[str] | None] = {}
        for day in WEEKDAYS:
            opening: time | None = data.get(f"{day}_open")
            closing: time | None = data.get(f"{day}_close")
            if opening is None and closing is None:
                hours[day] = None
            elif opening is None or closing is None:
                self.add_error(
                    f"{day}_open",
                    f"{DAY_NAMES[day]}: give both times, or neither for a closed day.",
                )
            elif opening >= closing:
                self.add_error(f"{day}_close", f"{DAY_NAMES[day]}: closing must be after opening.")
            else:
                hours[day] = [opening.strftime("%H:%M"), closing.strftime("%H:%M")]
        data["business_hours"] = hours
        data["practice_areas"] = self._practice_areas(data)
        return data


class SourceCreateForm(forms.Form):
    name = forms.CharField(label="Name", max_length=100)
    kind = forms.ChoiceField(label="Kind", choices=SourceKind.choices, initial=SourceKind.API)
    cost_per_lead = forms.DecimalField(
        label="Cost per lead (USD)",
        min_value=Decimal(0),
        max_digits=9,
        decimal_places=2,
        initial=Decimal(0),
    )
    return_window_days = forms.IntegerField(
        label="Return window (days)",
        min_value=0,
        max_value=365,
        initial=0,
        help_text="Days within which the vendor takes back invalid leads; 0 for none.",
    )


class SourceEditForm(forms.ModelForm):
    class Meta:
        model = LeadSource
        fields = ["cost_per_lead", "return_window_days", "active"]
        labels = {
            "cost_per_lead": "Cost per lead (USD)",
            "return_window_days": "Return window (days)",
            "active": "Accepts leads",
        }


class NumberForm(forms.Form):
    e164 = forms.CharField(label="Phone number", max_length=40)
    label = forms.CharField(label="Label", required=False, max_length=100)
    is_default = forms.BooleanField(label="Default number", required=False)

    def clean_e164(self) -> str:
        result = validation.check_phone(self.cleaned_data["e164"])
        if result.finding.result != "valid":
            raise ValidationError(result.finding.detail)
        return result.e164


class MemberInviteForm(forms.Form):
    email = forms.EmailField(
        label="Email",
        help_text="They get a link by email and join when they accept it.",
    )
    role = forms.ChoiceField(label="Role", choices=Role.choices, initial=Role.AGENT)


class InvitationAccountForm(forms.Form):
    """A new account, made by the invited person when they accept."""

    first_name = forms.CharField(label="First name", required=False, max_length=150)
    last_name = forms.CharField(label="Last name", required=False, max_length=150)
    password = forms.CharField(label="Choose a password", widget=forms.PasswordInput)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        validate_password(password)
        return password


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)


# --- My profile -----------------------------------------------------------------------------


class ProfileForm(forms.Form):
    first_name = forms.CharField(label="First name", required=False, max_length=150)
    last_name = forms.CharField(label="Last name", required=False, max_length=150)
    phone = forms.CharField(
        label="Your phone for click-to-call",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text="Call via Steadfast rings this phone first, then connects the lead. "
        "A US number such as (312) 555-0142; leave empty to dial by hand.",
    )
    queue_shortcuts = forms.BooleanField(
        label="Number keys 1 to 6 log a call outcome in the call queue",
        required=False,
        help_text="Turn off if the keys get in the way, e.g. of a screen reader's quick keys.",
    )
    power_dial = forms.BooleanField(
        label="Power dialing: after an outcome, ring my phone for the next call",
        required=False,
        help_text="Only where the firm's calls go through Twilio.",
    )

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        result = validation.check_phone(raw)  # phonenumbers, US region
        if result.finding.result != "valid":
            raise ValidationError(f"Your phone for click-to-call: {result.finding.detail}.")
        return result.e164


# --- Calling rules --------------------------------------------------------------------------


def json_object(text: str, *, example: str) -> dict[str, Any]:
    """A JSON object typed into a settings box ({} when the box is empty), or a
    ValidationError saying what is wrong: `example` shows what is expected."""
    text = text.strip()
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"Not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from None
    if not isinstance(value, dict):
        raise ValidationError(f"Expected an object {example}.")
    return value


class ComplianceOverridesForm(forms.Form):
    overrides = forms.CharField(
        label="Overrides (JSON)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "class": "code"}),
        help_text="Empty or {} keeps the rule table as it is.",
    )

    def clean_overrides(self) -> dict[str, Any]:
        value = json_object(
            self.cleaned_data["overrides"],
            example='keyed by state, like {"IL": {"window": ["09:00", "20:00"]}}',
        )
        if not value:
            return {}
        try:
            looser = looser_than_law(value)
        except Refused as exc:
            raise ValidationError(f"{exc}.") from None
        if looser:
            raise ValidationError(_looser_message(looser))
        return value


def _looser_message(problems: list[str]) -> str:
    return "Looser than the law, so not allowed: " + "; ".join(problems) + "."


STATE_NAMES = {code: name for name, code in holidays.US.subdivisions_aliases.items()}


class RuleOverrideForm(forms.Form):
    """One jurisdiction's override, in words: its hours, its cap, the days it bans."""

    state = forms.ChoiceField(label="For leads in")
    opens = forms.TimeField(
        label="Calls and texts from",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    closes = forms.TimeField(
        label="until",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    max_per_24h = forms.IntegerField(
        label="At most this many calls and texts in any 24 hours",
        required=False,
        min_value=1,
        max_value=20,
    )
    banned_days = forms.MultipleChoiceField(
        label="No calls or texts on",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(d, RULE_DAY_NAMES[d]) for d in RULE_WEEKDAYS],
    )
    no_state_holidays = forms.BooleanField(
        label="No calls or texts on the state's legal holidays either", required=False
    )

    def __init__(
        self, *args: Any, states: list[str], current: dict[str, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.current = current
        others = sorted(set(JURISDICTIONS) - set(states))
        cast(forms.ChoiceField, self.fields["state"]).choices = [
            ("The firm's states", [(s, STATE_NAMES.get(s, s)) for s in states]),
            ("Every lead", [("*", "Every lead, whatever the state (the firm's own policy)")]),
            ("Other states", [(s, STATE_NAMES.get(s, s)) for s in others]),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens"), data.get("closes")
        entry: dict[str, Any] = {}
        if (opens is None) != (closes is None):
            self.add_error("closes", "Give both times, or neither to keep the law's hours.")
        elif opens is not None and closes is not None:
            if opens >= closes:
                self.add_error("closes", "The end must come after the start.")
            entry["window"] = [opens.strftime("%H:%M"), closes.strftime("%H:%M")]
        if data.get("max_per_24h"):
            entry["max_per_24h"] = data["max_per_24h"]
        if data.get("banned_days"):
            entry["windows"] = dict.fromkeys(data["banned_days"])
        if data.get("no_state_holidays"):
            entry["no_state_holidays"] = True
        if self.errors:
            return data
        if not entry:
            raise ValidationError("Set the hours, a cap or a day without calls: nothing to save.")
        overrides = {**self.current, data["state"]: entry}
        try:
            looser = looser_than_law(overrides)
        except Refused as exc:
            raise ValidationError(f"{exc}.") from None
        if looser:
            raise ValidationError(_looser_message(looser))
        data["overrides"] = overrides
        return data
