from __future__ import annotations

from django import forms

from steadfast.leads.models import InvalidReason
from steadfast.returns.models import UNREACHABLE
from steadfast.returns.services import MAX_WINDOW_HOURS

REASON_LABELS = {
    InvalidReason.BAD_PHONE: "Bad phone number (not a real number)",
    InvalidReason.DISCONNECTED: "Disconnected number",
    InvalidReason.WRONG_PERSON: "Wrong person",
    InvalidReason.BAD_EMAIL: "Bad email address (malformed or bounced)",
    InvalidReason.OUT_OF_JURISDICTION: "Outside the firm's states",
    InvalidReason.DUPLICATE: "Duplicate of a lead already delivered",
    InvalidReason.FAKE: "Fake details",
    UNREACHABLE: "Unreachable after a number of attempts",
}


class PolicyForm(forms.Form):
    window = forms.IntegerField(min_value=0, label="Return window", help_text="From delivery")
    window_unit = forms.ChoiceField(
        choices=[("days", "days"), ("hours", "hours")], label="Window unit"
    )
    reasons = forms.MultipleChoiceField(
        choices=list(REASON_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Reasons the vendor accepts",
    )
    unreachable_attempts = forms.IntegerField(
        min_value=1, max_value=50, required=False, label="Unreachable after attempts"
    )
    unreachable_days = forms.IntegerField(
        min_value=1, max_value=60, required=False, label="Over at least (days)"
    )
    price = forms.DecimalField(
        min_value=0, max_value=99999, decimal_places=2, label="Price per lead (USD)"
    )
    contact_name = forms.CharField(max_length=100, required=False, label="Vendor contact")
    contact_email = forms.EmailField(required=False, label="Vendor contact email")

    def clean(self) -> dict:
        data = super().clean() or {}
        window = data.get("window")
        if window is not None:
            hours = window * 24 if data.get("window_unit") == "days" else window
            if hours > MAX_WINDOW_HOURS:
                self.add_error("window", "At most a year.")
            data["window_hours"] = hours
        if UNREACHABLE in data.get("reasons", []) and not (
            data.get("unreachable_attempts") and data.get("unreachable_days")
        ):
            self.add_error(
                "unreachable_attempts", "Give the number of attempts and the days they span."
            )
        return data


class ResolveForm(forms.Form):
    vendor_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="The vendor's answer"
    )
