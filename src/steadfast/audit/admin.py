"""The audit log in the back office: append-only, so nothing can be added, changed or deleted."""

from __future__ import annotations

from django.contrib import admin

from steadfast.audit.models import AuditEvent
from steadfast.firms.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "action", "object_type", "object_id", "actor_label", "firm")
    list_filter = ("action", "object_type", "firm")
    search_fields = ("action", "object_type", "object_id", "actor_label")
    date_hierarchy = "at"
    list_select_related = ("firm",)
    raw_id_fields = ("actor",)
