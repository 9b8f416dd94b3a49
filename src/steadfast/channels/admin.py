"""Back office for the channels: the firm's message templates, and — read-only — what was
sent: the console outbox, requests to real providers and each lead's local number."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from steadfast import clock
from steadfast.channels import models
from steadfast.channels.library import template_update
from steadfast.channels.templates import validate
from steadfast.firms.admin import ReadOnlyAdmin


@admin.register(models.OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "channel", "to_address", "from_address", "subject", "firm")
    list_filter = ("channel", "firm")
    search_fields = ("to_address", "from_address", "subject", "body", "provider_id")
    date_hierarchy = "created_at"
    list_select_related = ("firm",)


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


@admin.register(models.LeadNumber)
class LeadNumberAdmin(ReadOnlyAdmin):
    list_display = ("lead", "number", "why", "chosen_at", "firm")
    list_filter = ("firm",)
    search_fields = ("lead__first_name", "lead__last_name", "lead__phone", "number__e164")
    list_select_related = ("lead", "number", "firm")
    raw_id_fields = ("lead",)


class MessageTemplateForm(forms.ModelForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The checks template_update makes, as form errors instead of an exception on save.
        for part in ("subject", "body", "html"):
            source = data.get(part) or ""
            for problem in validate(source) if source else []:
                self.add_error(part, problem)
        if self.instance.channel == models.TemplateChannel.EMAIL and not data.get("subject"):
            self.add_error("subject", "an email needs a subject")
        return data


@admin.register(models.MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    """Each firm's templates are seeded from the defaults; here their wording can be edited,
    through the same service (validation, audit) as the firm settings in the web app."""

    form = MessageTemplateForm
    list_display = ("key", "channel", "firm", "subject", "updated_at", "updated_by")
    list_filter = ("channel", "firm")
    search_fields = ("key", "subject", "body", "firm__name")
    list_select_related = ("firm", "updated_by")
    fields = ("firm", "key", "channel", "subject", "body", "html", "updated_at", "updated_by")
    readonly_fields = ("firm", "key", "channel", "updated_at", "updated_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: models.MessageTemplate, form: Any, change: bool
    ) -> None:
        # The stored row, so the audit records which parts changed.
        template_update(
            template=models.MessageTemplate.objects.get(pk=obj.pk),
            subject=obj.subject,
            body=obj.body,
            html=obj.html,
            actor=request.user,  # type: ignore[arg-type]
            now=clock.now(),
        )
