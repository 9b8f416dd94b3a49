"""Lead sources, leads, what validation found about them, and their status history."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from steadfast.firms.models import Firm
from steadfast.leads.search import search_fold


class SourceKind(models.TextChoices):
    API = "api", "Lead vendor (API)"
    WEB_FORM = "web_form", "Web form"
    CSV = "csv", "CSV import"
    MANUAL = "manual", "Entered by staff"
    PHONE = "phone", "Inbound call"


class LeadSource(models.Model):
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="sources")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=SourceKind.choices, default=SourceKind.API)
    cost_per_lead = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    return_window_days = models.PositiveSmallIntegerField(
        default=0, help_text="Days within which the vendor takes back invalid leads; 0 = none"
    )
    # The key is shown once; only a prefix (to find the row) and a SHA-256 of the whole key are
    # kept. Keys are 256-bit random, so a fast hash is enough (no dictionary to attack).
    api_key_prefix = models.CharField(max_length=16, blank=True, db_index=True)
    api_key_hash = models.CharField(max_length=64, blank=True)
    api_key_revoked_at = models.DateTimeField(null=True, blank=True)
    # The embeddable web form is reached by this public token, never by the API key.
    form_token = models.CharField(max_length=32, unique=True, null=True, blank=True)
    form_consent_text = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["firm", "name"], name="source_name_unique")]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    NEW = "new"
    CONTACTING = "contacting"
    ENGAGED = "engaged"
    QUALIFIED = "qualified"
    SIGNED = "signed"
    DECLINED = "declined"
    NURTURE = "nurture"
    INVALID = "invalid"
    OPTED_OUT = "opted_out"


class InvalidReason(models.TextChoices):
    BAD_PHONE = "bad_phone"
    DISCONNECTED = "disconnected"
    WRONG_PERSON = "wrong_person"
    BAD_EMAIL = "bad_email"
    OUT_OF_JURISDICTION = "out_of_jurisdiction"
    DUPLICATE = "duplicate"
    FAKE = "fake"


class TimezoneSource(models.TextChoices):
    ZIP = "zip", "Stated ZIP code"
    STATE = "state", "Stated state"
    AREA_CODE = "area_code", "Phone area code"
    FIRM = "firm", "Firm's zone (nothing else known)"


class Initiation(models.TextChoices):
    """Who started the contact (the bar rules' "request" versus "solicitation")."""

    FIRM = "firm", "The person asked this firm (its own form or number)"
    VENDOR_NAMED = "vendor_named", "Lead vendor; the consent wording names this firm"
    VENDOR = "vendor", "Lead vendor; the consent wording does not name this firm"
    STAFF = "staff", "Entered by staff"


# Statuses in which Steadfast still works the lead on its own.
ACTIVE_STATUSES = (Status.NEW, Status.CONTACTING)
# Statuses after which no automated contact ever happens.
FINAL_STATUSES = (Status.INVALID, Status.OPTED_OUT, Status.SIGNED, Status.DECLINED)


class Lead(models.Model):
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="leads")
    source = models.ForeignKey(LeadSource, on_delete=models.PROTECT, related_name="leads")
    # NULL, not "", when the source sends none: the uniqueness per source applies only to real ids.
    external_id = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001
    # What the source sent, one digest per field (leads.services.intake_fingerprint): the same
    # external_id again is the same lead only if it is the same input.
    intake_fingerprint = models.JSONField(default=dict, blank=True)

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, blank=True)
    phone_raw = models.CharField(max_length=64, blank=True, help_text="As the source sent it")
    phone = models.CharField(max_length=20, blank=True, db_index=True, help_text="E.164")
    phone_region = models.CharField(max_length=2, blank=True)
    email_raw = models.CharField(max_length=320, blank=True, help_text="As the source sent it")
    email = models.CharField(max_length=320, blank=True, db_index=True, help_text="Normalised")
    stated_state = models.CharField(max_length=2, blank=True)
    stated_zip = models.CharField(max_length=10, blank=True)
    practice_area = models.CharField(max_length=60, blank=True)
    message = models.TextField(blank=True)
    # The language the lead wrote in (ISO 639-1, "" when unknown): routes the call to an agent
    # who speaks it.
    language = models.CharField(max_length=8, blank=True)
    # Name, email and phone folded to lower case without accents ("nunez jane@…"), so search
    # finds "Núñez" from "nunez" on SQLite and PostgreSQL alike. Kept current by save().
    search_text = models.TextField(blank=True, default="")

    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    status_reason = models.CharField(max_length=24, choices=InvalidReason.choices, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )

    timezone = models.CharField(max_length=64)
    timezone_source = models.CharField(max_length=10, choices=TimezoneSource.choices)
    # Every zone the lead may be in; timing uses only the intersection of their windows.
    timezone_candidates = models.JSONField(default=list)
    # Hours the person asked not to be called or texted (compliance.contact_window, as JSON).
    contact_window = models.JSONField(default=dict, blank=True)
    jurisdiction_state = models.CharField(max_length=2, blank=True)
    # Who started the contact, decided at intake (leads.origin) with what showed it: the
    # source, the consent wording and what in it named the firm (or that nothing did).
    initiated_by = models.CharField(
        max_length=12, choices=Initiation.choices, default=Initiation.VENDOR
    )
    initiation_evidence = models.JSONField(default=dict, blank=True)
    # The person asked for the firm's newsletter (Texas 7.05(e)): when, and how.
    newsletter_opt_in_at = models.DateTimeField(null=True, blank=True)
    newsletter_opt_in_evidence = models.JSONField(default=dict, blank=True)

    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_leads",
    )
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="As the source said")
    arrived_at = models.DateTimeField(db_index=True, help_text="When Steadfast received it")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=models.Q(external_id__isnull=False),
                name="lead_external_id_unique_per_source",
            ),
        ]
        indexes = [
            # Duplicate detection: same firm, same phone or email, recent arrival.
            models.Index(fields=["firm", "phone", "arrived_at"], name="lead_dup_phone"),
            models.Index(fields=["firm", "email", "arrived_at"], name="lead_dup_email"),
            models.Index(fields=["firm", "status", "arrived_at"], name="lead_firm_status"),
            # An import's rows without an external_id: the same row imported before.
            models.Index(
                fields=["source", "first_name", "last_name"],
                condition=models.Q(external_id__isnull=True),
                name="lead_same_row",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.fold_search_text():
            fields = kwargs.get("update_fields")
            if fields is not None:
                kwargs["update_fields"] = {*fields, "search_text"}
        super().save(*args, **kwargs)

    def fold_search_text(self) -> bool:
        """Bring `search_text` up to date with the name, email and phone (save() does; a bulk
        insert calls it itself). Returns whether it changed."""
        text = search_fold(" ".join([self.first_name, self.last_name, self.email, self.phone]))
        if text == self.search_text:
            return False
        self.search_text = text
        return True

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class CheckKind(models.TextChoices):
    PHONE = "phone"
    EMAIL = "email"
    JURISDICTION = "jurisdiction"
    DUPLICATE = "duplicate"
    CARRIER = "carrier", "Carrier / call result"
    BOUNCE = "bounce", "Email bounce"


class CheckResult(models.TextChoices):
    VALID = "valid"
    INVALID = "invalid"
    UNKNOWN = "unknown"
    MISSING = "missing"


class ValidityCheck(models.Model):
    """One finding about a lead's data, with the evidence a vendor return needs."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(max_length=12, choices=CheckKind.choices)
    result = models.CharField(max_length=8, choices=CheckResult.choices)
    code = models.CharField(max_length=40, blank=True, help_text="Machine-readable finding")
    detail = models.CharField(max_length=300, blank=True, help_text="What a person reads")
    evidence = models.JSONField(default=dict, blank=True)
    checked_at = models.DateTimeField()

    class Meta:
        ordering = ["checked_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.result} ({self.code})"


class StatusChange(models.Model):
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    reason = models.CharField(max_length=24, blank=True)
    note = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"


class Note(models.Model):
    """A person's note or reminder on a lead."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    remind_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:40]
