"""Back office view of consent and suppressions: evidence, so shown and never edited here.

Consent changes and opt-outs go through the compliance services (web app, inbound messages),
which audit them; removing a suppression by hand here would silently undo someone's opt-out.
"""

from __future__ import annotations

from django.contrib import admin

from steadfast.compliance.models import (
    BarHold,
    BarRuleSettings,
    ConsentRecord,
    ReplyReview,
    Suppression,
)
from steadfast.firms.admin import ReadOnlyAdmin


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    list_display = ("lead", "channel", "action", "source", "page_url", "ip_address", "at")
    list_filter = ("channel", "action", "source", "firm")
    search_fields = (
        "lead__first_name",
        "lead__last_name",
        "lead__phone",
        "lead__email",
        "text_shown",
        "page_url",
        "ip_address",
    )
    date_hierarchy = "at"
    list_select_related = ("lead",)
    raw_id_fields = ("lead",)


@admin.register(Suppression)
class SuppressionAdmin(ReadOnlyAdmin):
    list_display = ("value", "channel", "reason", "firm", "lead", "created_at")
    list_filter = ("channel", "reason", "firm")
    search_fields = ("value", "lead__first_name", "lead__last_name")
    date_hierarchy = "created_at"
    list_select_related = ("firm", "lead")
    raw_id_fields = ("lead",)


@admin.register(ReplyReview)
class ReplyReviewAdmin(ReadOnlyAdmin):
    """Decided in the web app (the lead page), where the decision is put on the ledger."""

    list_display = ("lead", "channel", "state", "text", "created_at", "decided_by", "decided_at")
    list_filter = ("state", "channel", "language", "firm")
    search_fields = ("text", "lead__first_name", "lead__last_name", "lead__phone")
    date_hierarchy = "created_at"
    list_select_related = ("lead", "decided_by")
    raw_id_fields = ("lead", "touch")


@admin.register(BarRuleSettings)
class BarRuleSettingsAdmin(ReadOnlyAdmin):
    """Changed in Settings → Bar rules, which validates the overrides and audits the change."""

    list_display = ("firm", "updated_at", "updated_by")
    search_fields = ("firm__name",)
    list_select_related = ("firm", "updated_by")


@admin.register(BarHold)
class BarHoldAdmin(ReadOnlyAdmin):
    """Released by a manager in the web app (with a reason, audited)."""

    list_display = ("lead", "rule", "until", "created_at", "released_at", "released_by")
    list_filter = ("rule", "firm")
    search_fields = ("rule", "why", "lead__first_name", "lead__last_name", "release_reason")
    date_hierarchy = "created_at"
    list_select_related = ("lead", "released_by")
    raw_id_fields = ("lead",)
