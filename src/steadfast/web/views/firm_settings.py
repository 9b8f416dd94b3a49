"""Settings: the firm (admin), lead sources (manager+), the number pool and users (admin)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from steadfast import clock
from steadfast.errors import Refused
from steadfast.firms.models import Closure, Invitation, Membership, OutboundNumber, Role
from steadfast.leads.models import LeadSource
from steadfast.leads.services import source_create, source_revoke_key, source_rotate_key
from steadfast.web import services
from steadfast.web.access import FirmRequest, firm_view
from steadfast.web.forms import (
    FirmForm,
    MemberInviteForm,
    NumberForm,
    RoleForm,
    SourceCreateForm,
    SourceEditForm,
)


@firm_view(Role.MANAGER)
def settings_index(request: FirmRequest) -> HttpResponse:
    return render(request, "web/settings/index.html", {"section": "index"})


@firm_view(Role.ADMIN)
def firm_edit(request: FirmRequest) -> HttpResponse:
    closures = [
        (c.date.isoformat(), c.name)
        for c in Closure.objects.filter(firm=request.firm).order_by("date")
    ]
    form = FirmForm(request.POST or None, instance=request.firm, closures=closures)
    if request.method == "POST" and form.is_valid():
        values = {**form.cleaned_data}
        changed = services.firm_settings_update(
            firm=request.firm,
            values=values,
            closures=values.pop("closures"),
            now=clock.now(),
            actor=request.user,
        )
        messages.success(request, "Firm settings saved." if changed else "Nothing changed.")
        return redirect("web:settings_firm")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "web/settings/firm.html", {"form": form, "section": "firm"}, status=status
    )


@firm_view(Role.MANAGER)
def source_list(request: FirmRequest) -> HttpResponse:
    form = SourceCreateForm(request.POST or None)
    context = {"form": form, "section": "sources"}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                source, key = source_create(
                    firm=request.firm,
                    name=data["name"],
                    kind=data["kind"],
                    cost_per_lead=data["cost_per_lead"],
                    return_window_days=data["return_window_days"],
                    now=clock.now(),
                )
            except Refused as exc:
                form.add_error("name", exc.message)
                status = 400
            else:
                # The key exists only in this response: it is stored hashed.
                context.update({"new_source": source, "new_key": key, "form": SourceCreateForm()})
                status = 201
        else:
            status = 400
    context["sources"] = LeadSource.objects.filter(firm=request.firm).order_by("name")
    return render(request, "web/settings/sources.html", context, status=status)


@firm_view(Role.MANAGER)
def source_edit(request: FirmRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(LeadSource, pk=source_id, firm=request.firm)
    form = SourceEditForm(request.POST or None, instance=source)
    context = {"form": form, "source": source, "section": "sources"}
    if request.method == "POST":
        action = request.POST.get("action", "save")
        now = clock.now()
        if action == "rotate":
            context["new_key"] = source_rotate_key(source=source, now=now)
            context["form"] = SourceEditForm(instance=source)
            return render(request, "web/settings/source.html", context)
        if action == "revoke":
            source_revoke_key(source=source, now=now)
            messages.success(request, f"The API key of {source.name} no longer works.")
            return redirect("web:settings_source", source_id=source.pk)
        if form.is_valid():
            services.source_update(
                source=source, values=form.cleaned_data, now=now, actor=request.user
            )
            messages.success(request, f"{source.name} saved.")
            return redirect("web:settings_sources")
        return render(request, "web/settings/source.html", context, status=400)
    return render(request, "web/settings/source.html", context)


@firm_view(Role.ADMIN)
def number_list(request: FirmRequest) -> HttpResponse:
    form = NumberForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                number = services.number_add(
                    firm=request.firm, now=clock.now(), actor=request.user, **form.cleaned_data
                )
            except Refused as exc:
                form.add_error("e164", exc.message)
            else:
                messages.success(request, f"{number.e164} added to the pool.")
                return redirect("web:settings_numbers")
        status = 400
    numbers = OutboundNumber.objects.filter(firm=request.firm).order_by("-active", "e164")
    return render(
        request,
        "web/settings/numbers.html",
        {"form": form, "numbers": numbers, "section": "numbers"},
        status=status,
    )


@require_POST
@firm_view(Role.ADMIN)
def number_change(request: FirmRequest, number_id: int) -> HttpResponse:
    number = get_object_or_404(OutboundNumber, pk=number_id, firm=request.firm)
    action = request.POST.get("action")
    try:
        services.number_update(
            number=number,
            now=clock.now(),
            actor=request.user,
            active={"activate": True, "deactivate": False}.get(action or ""),
            make_default=action == "default",
        )
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{number.e164} updated.")
    return redirect("web:settings_numbers")


@firm_view(Role.ADMIN)
def user_list(request: FirmRequest) -> HttpResponse:
    form = MemberInviteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                invitation, _ = services.member_invite(
                    firm=request.firm, now=clock.now(), actor=request.user, **form.cleaned_data
                )
            except Refused as exc:
                form.add_error("email", exc.message)
            else:
                # The same words whether or not the address has an account.
                messages.success(
                    request,
                    f"Invitation sent to {invitation.email}; they join when they accept it.",
                )
                return redirect("web:settings_users")
        status = 400
    memberships = (
        Membership.objects.filter(firm=request.firm).select_related("user").order_by("user__email")
    )
    invitations = Invitation.objects.filter(
        firm=request.firm, accepted_at=None, expires_at__gt=clock.now()
    )
    return render(
        request,
        "web/settings/users.html",
        {
            "form": form,
            "memberships": memberships,
            "invitations": invitations,
            "section": "users",
            "roles": Role.choices,
        },
        status=status,
    )


@require_POST
@firm_view(Role.ADMIN)
def user_change(request: FirmRequest, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("user", "firm"), pk=membership_id, firm=request.firm
    )
    now = clock.now()
    try:
        if request.POST.get("action") == "remove":
            services.member_remove(membership=membership, now=now, actor=request.user)
            messages.success(request, f"{membership.user.email} removed from {request.firm.name}.")
        else:
            form = RoleForm(request.POST)
            if not form.is_valid():
                raise Refused("choose a role")
            services.member_set_role(
                membership=membership, role=form.cleaned_data["role"], now=now, actor=request.user
            )
            messages.success(
                request, f"{membership.user.email} is now {membership.get_role_display().lower()}."
            )
    except Refused as exc:
        messages.error(request, f"Not changed: {exc.message}.")
    return redirect("web:settings_users")


@require_POST
@firm_view(Role.ADMIN)
def user_password_reset(request: FirmRequest, membership_id: int) -> HttpResponse:
    """A new password for a person who lost theirs, shown once to the administrator."""
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, firm=request.firm
    )
    try:
        password = services.member_password_reset(
            membership=membership, now=clock.now(), actor=request.user
        )
    except Refused as exc:
        messages.error(request, f"Password not reset: {exc}.")
        return redirect("web:settings_users")
    return render(
        request,
        "web/settings/password_reset.html",
        {"member": membership.user, "password": password, "section": "users"},
    )
