"""Back office for the people running a Steadfast installation: firms, people, numbers.

The Django admin sees every firm; it is for the installation's operators (superusers), not
for a firm's staff, who work in the web app.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.db.models import Model
from django.http import HttpRequest

from steadfast.firms.fields import ProviderSettingsField, mask, unmask
from steadfast.firms.models import Closure, Firm, Invitation, Membership, OutboundNumber, User


class ProviderSettingsFormField(forms.JSONField):
    """Shows the provider settings with their secrets masked; never the clear secret."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return super().prepare_value(mask(value))


class FirmAdminForm(forms.ModelForm):
    def clean_provider_settings(self) -> Any:
        # A secret sent back masked is the stored one, unchanged.
        return unmask(
            self.cleaned_data.get("provider_settings"), stored=self.instance.provider_settings
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that are evidence or history: shown, never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class OutboundNumberInline(admin.TabularInline):
    model = OutboundNumber
    extra = 0
    fields = ("e164", "label", "area_code", "state", "is_default", "active")


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0
    fields = ("date", "name")


@admin.register(Firm)
class FirmAdmin(admin.ModelAdmin):
    form = FirmAdminForm
    formfield_overrides = {ProviderSettingsField: {"form_class": ProviderSettingsFormField}}
    list_display = ("name", "slug", "timezone", "served_states", "phone", "created_at")
    list_filter = ("timezone",)
    search_fields = ("name", "slug", "email", "phone")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at",)
    inlines = (OutboundNumberInline, ClosureInline)
    fieldsets = (
        (None, {"fields": ("name", "slug", "timezone", "states", "practice_areas")}),
        (
            "Contact",
            {
                "fields": (
                    "phone",
                    "email",
                    "website",
                    "address_line1",
                    "address_line2",
                    "city",
                    "region",
                    "postal_code",
                )
            },
        ),
        (
            "Hours and limits",
            {
                "fields": (
                    "business_hours",
                    "holiday_calendars",
                    "max_calls",
                    "max_texts",
                    "max_emails",
                )
            },
        ),
        (
            "Overrides",
            {
                "classes": ("collapse",),
                "fields": ("compliance_overrides", "provider_settings", "created_at"),
            },
        ),
    )

    @admin.display(description="states")
    def served_states(self, firm: Firm) -> str:
        return ", ".join(firm.states or []) or "—"


@admin.register(OutboundNumber)
class OutboundNumberAdmin(admin.ModelAdmin):
    list_display = ("e164", "firm", "label", "area_code", "state", "is_default", "active")
    list_filter = ("active", "is_default", "state", "firm")
    search_fields = ("e164", "label", "area_code", "firm__name")
    list_select_related = ("firm",)
    autocomplete_fields = ("firm",)


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    fields = ("firm", "role", "on_duty", "languages", "practice_areas", "created_at")
    readonly_fields = ("created_at",)
    autocomplete_fields = ("firm",)


class UserCreation(AdminUserCreationForm):
    """Django's form asks for a username; people here log in with their email address."""

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email",)

    def clean_email(self) -> str:
        # Stored lowercased, as UserManager.create_user does, so uniqueness holds across case.
        return str(self.cleaned_data["email"]).strip().lower()


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreation
    list_display = (
        "email",
        "first_name",
        "last_name",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
    )
    list_filter = ("is_active", "is_staff", "is_superuser", "memberships__role")
    search_fields = ("email", "first_name", "last_name", "phone")
    ordering = ("email",)
    inlines = (MembershipInline,)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "phone")}),
        (
            "Permissions",
            {
                "classes": ("collapse",),
                "fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions"),
            },
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "firm", "role", "on_duty", "created_at")
    list_filter = ("role", "on_duty", "firm")
    search_fields = ("user__email", "user__first_name", "user__last_name", "firm__name")
    list_select_related = ("user", "firm")
    autocomplete_fields = ("user", "firm")
    readonly_fields = ("created_at",)


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ("date", "name", "firm")
    list_filter = ("firm",)
    search_fields = ("name", "firm__name")
    date_hierarchy = "date"
    list_select_related = ("firm",)
    autocomplete_fields = ("firm",)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are sent from the firm's settings; here they can be seen and withdrawn."""

    list_display = ("email", "firm", "role", "created_at", "expires_at", "accepted_at")
    list_filter = ("role", "firm")
    search_fields = ("email", "firm__name")
    list_select_related = ("firm",)
    readonly_fields = (
        "firm",
        "email",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
    )
    exclude = ("token_hash",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
