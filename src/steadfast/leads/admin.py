"""Back office for sources, leads and what was found about them.

Leads arrive only through capture (API, web form, import), which validates them and keeps
the evidence; the admin can correct a person's name or notes but never adds a lead, and
never shows a source's key hash.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from steadfast import clock
from steadfast.compliance.models import ConsentRecord
from steadfast.firms.admin import ReadOnlyAdmin, ReadOnlyInline
from steadfast.leads.models import Lead, LeadSource, Note, StatusChange, ValidityCheck
from steadfast.leads.services import source_revoke_key


@admin.register(LeadSource)
class LeadSourceAdmin(admin.ModelAdmin):
    """Sources are created with `steadfast sources create` (or the web app), which makes the
    API key and shows it once; here they can be renamed, priced, paused or have their key
    revoked. The key itself is never stored, and its hash is never shown."""

    list_display = (
        "name",
        "firm",
        "kind",
        "cost_per_lead",
        "return_window_days",
        "active",
        "key_state",
        "created_at",
    )
    list_filter = ("kind", "active", "firm")
    search_fields = ("name", "api_key_prefix", "firm__name")
    list_select_related = ("firm",)
    fields = (
        "firm",
        "name",
        "kind",
        "cost_per_lead",
        "return_window_days",
        "active",
        "form_consent_text",
        "form_link",
        "api_key_prefix",
        "api_key_revoked_at",
        "created_at",
    )
    readonly_fields = ("firm", "form_link", "api_key_prefix", "api_key_revoked_at", "created_at")
    actions = ("revoke_keys",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="API key")
    def key_state(self, source: LeadSource) -> str:
        if not source.api_key_hash:
            return "none"
        return "revoked" if source.api_key_revoked_at else f"{source.api_key_prefix}… active"

    @admin.display(description="web form")
    def form_link(self, source: LeadSource) -> str:
        if not source.form_token:
            return "—"
        url = reverse("lead_form", args=[source.form_token])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, url)

    @admin.action(description="Revoke the API key of the selected sources")
    def revoke_keys(self, request: HttpRequest, queryset: QuerySet[LeadSource]) -> None:
        now = clock.now()
        revoked = 0
        for source in queryset.select_related("firm").filter(api_key_revoked_at=None):
            source_revoke_key(source=source, now=now)
            revoked += 1
        self.message_user(
            request,
            f"Revoked {revoked} key(s); those sources' posts now get 401.",
            messages.SUCCESS,
        )


class ValidityCheckInline(ReadOnlyInline):
    model = ValidityCheck
    fields = ("kind", "result", "code", "detail", "checked_at")


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ("at", "from_status", "to_status", "reason", "note", "actor")


class ConsentInline(ReadOnlyInline):
    model = ConsentRecord
    fields = ("at", "channel", "action", "source", "text_shown", "page_url", "ip_address")


class NoteInline(ReadOnlyInline):
    model = Note
    fields = ("created_at", "author", "body", "remind_at", "done_at")


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "full_name",
        "firm",
        "source",
        "status",
        "status_reason",
        "phone",
        "email",
        "jurisdiction_state",
        "arrived_at",
    )
    list_filter = ("status", "status_reason", "timezone_source", "firm", "source")
    search_fields = (
        "first_name",
        "last_name",
        "phone",
        "phone_raw",
        "email",
        "email_raw",
        "external_id",
    )
    date_hierarchy = "arrived_at"
    list_select_related = ("firm", "source")
    raw_id_fields = ("duplicate_of",)
    autocomplete_fields = ("assigned_to",)
    inlines = (ValidityCheckInline, StatusChangeInline, ConsentInline, NoteInline)
    # What validation found and the status history are evidence; status changes go through
    # the web app, which records who did it and why.
    readonly_fields = (
        "firm",
        "source",
        "external_id",
        "phone_raw",
        "phone",
        "phone_region",
        "email_raw",
        "email",
        "stated_state",
        "stated_zip",
        "status",
        "status_reason",
        "duplicate_of",
        "timezone",
        "timezone_source",
        "timezone_candidates",
        "jurisdiction_state",
        "submitted_at",
        "arrived_at",
        "updated_at",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "firm",
                    "source",
                    "external_id",
                    "status",
                    "status_reason",
                    "duplicate_of",
                    "assigned_to",
                )
            },
        ),
        ("Person", {"fields": ("first_name", "last_name", "practice_area", "message")}),
        (
            "Contact data as sent and as validated",
            {
                "fields": (
                    "phone_raw",
                    "phone",
                    "phone_region",
                    "email_raw",
                    "email",
                    "stated_state",
                    "stated_zip",
                    "jurisdiction_state",
                    "timezone",
                    "timezone_source",
                    "timezone_candidates",
                )
            },
        ),
        ("Times", {"fields": ("submitted_at", "arrived_at", "updated_at")}),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A lead's messages are kept for the retention period (docs/bar-rules.md): deleting the
        # lead would delete them. The retention job is the one way they go.
        return False


@admin.register(ValidityCheck)
class ValidityCheckAdmin(ReadOnlyAdmin):
    list_display = ("lead", "kind", "result", "code", "detail", "checked_at")
    list_filter = ("kind", "result", "code")
    search_fields = (
        "code",
        "detail",
        "lead__first_name",
        "lead__last_name",
        "lead__phone",
        "lead__email",
    )
    date_hierarchy = "checked_at"
    list_select_related = ("lead",)
    raw_id_fields = ("lead",)


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = ("lead", "from_status", "to_status", "reason", "actor", "at")
    list_filter = ("to_status", "reason", "firm")
    search_fields = ("note", "lead__first_name", "lead__last_name", "lead__phone", "actor__email")
    date_hierarchy = "at"
    list_select_related = ("lead", "actor")
    raw_id_fields = ("lead",)


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ("lead", "author", "short_body", "remind_at", "done_at", "created_at")
    list_filter = ("firm",)
    search_fields = ("body", "lead__first_name", "lead__last_name", "author__email")
    date_hierarchy = "created_at"
    list_select_related = ("lead", "author")
    raw_id_fields = ("lead",)
    fields = ("lead", "body", "remind_at", "done_at", "author", "firm", "created_at")
    readonly_fields = ("author", "firm", "created_at")

    @admin.display(description="note")
    def short_body(self, note: Note) -> str:
        return note.body if len(note.body) <= 80 else note.body[:79] + "…"

    def save_model(self, request: HttpRequest, obj: Note, form: Any, change: bool) -> None:
        # A note belongs to its lead's firm; the firm is never chosen by hand.
        obj.firm_id = obj.lead.firm_id
        if not change:
            obj.created_at = clock.now()
            obj.author = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
