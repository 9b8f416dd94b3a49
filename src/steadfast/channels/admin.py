"""Back office for the channels: the firm's message templates, and — read-only — what was
sent: the console outbox, requests to real providers and each lead's local number."""

from __future__ import annotations

from typing import Any

import jinja2
from django import forms
from django.contrib import admin
from django.http import HttpRequest

from steadfast import clock
from steadfast.channels import models
from steadfast.firms.admin import ReadOnlyAdmin


@admin.register(models.OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "channel", "to_address", "from_address", "subject", "firm")
    list_filter = ("channel", "firm")
    search_fields = ("to_address", "from_address", "subject", "body", "provider_id")
    date_hierarchy = "created_at"
    list_select_related = ("firm",)


if hasattr(models, "ProviderSend"):

    @admin.register(models.ProviderSend)
    class ProviderSendAdmin(ReadOnlyAdmin):
        list_display = (
            "created_at",
            "provider",
            "channel",
            "to_address",
            "status",
            "code",
            "provider_id",
            "firm",
        )
        list_filter = ("provider", "channel", "status", "firm")
        search_fields = ("provider_id", "to_address", "from_address", "reference")
        date_hierarchy = "created_at"
        list_select_related = ("firm",)
        raw_id_fields = ("touch",)


if hasattr(models, "LeadNumber"):

    @admin.register(models.LeadNumber)
    class LeadNumberAdmin(ReadOnlyAdmin):
        list_display = ("lead", "number", "why", "chosen_at", "firm")
        list_filter = ("firm",)
        search_fields = ("lead__first_name", "lead__last_name", "lead__phone", "number__e164")
        list_select_related = ("lead", "number", "firm")
        raw_id_fields = ("lead",)


if hasattr(models, "MessageTemplate"):

    class MessageTemplateForm(forms.ModelForm):
        def clean(self) -> dict[str, Any]:
            data = super().clean() or {}
            # A syntax error would otherwise surface only when the worker renders the message.
            for name in ("subject", "body", "html"):
                try:
                    jinja2.Environment(autoescape=False).parse(data.get(name) or "")  # noqa: S701
                except jinja2.TemplateSyntaxError as exc:
                    self.add_error(name, f"line {exc.lineno}: {exc.message}")
            return data

    @admin.register(models.MessageTemplate)
    class MessageTemplateAdmin(admin.ModelAdmin):
        form = MessageTemplateForm
        list_display = ("key", "channel", "firm", "subject", "updated_at", "updated_by")
        list_filter = ("channel", "firm")
        search_fields = ("key", "subject", "body", "firm__name")
        list_select_related = ("firm", "updated_by")
        autocomplete_fields = ("firm",)
        fields = ("firm", "key", "channel", "subject", "body", "html", "updated_at", "updated_by")
        readonly_fields = ("updated_at", "updated_by")

        def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
            obj.updated_at = clock.now()
            obj.updated_by = request.user
            super().save_model(request, obj, form, change)
