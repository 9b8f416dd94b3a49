"""Back office view of the touch ledger. It is the schedule the workers claim from, so it is
read-only here: a hand edit could send a message twice or lose a lease."""

from __future__ import annotations

from django.contrib import admin

from steadfast.dispatch.models import Touch
from steadfast.firms.admin import ReadOnlyAdmin


@admin.register(Touch)
class TouchAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "lead",
        "channel",
        "direction",
        "step",
        "state",
        "due_at",
        "outcome",
        "provider",
        "attempts",
        "done_at",
    )
    list_filter = ("state", "channel", "direction", "outcome", "provider", "firm")
    search_fields = (
        "lead__first_name",
        "lead__last_name",
        "lead__phone",
        "lead__email",
        "provider_id",
        "to_address",
        "reason",
        "failure_note",
    )
    date_hierarchy = "due_at"
    list_select_related = ("lead",)
    raw_id_fields = ("lead",)
