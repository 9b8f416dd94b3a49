"""My profile: a person's own name, click-to-call phone and password.

The page always edits the logged-in user (there is no id in the URL), whatever their role."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render

from steadfast import clock
from steadfast.web import services
from steadfast.web.access import FirmRequest, firm_view
from steadfast.web.forms import ProfileForm


def _password_form(request: FirmRequest, data: QueryDict | None = None) -> PasswordChangeForm:
    form = PasswordChangeForm(request.user, data, prefix="pw")
    # The page opens on the name and phone, not in the password box.
    form.fields["old_password"].widget.attrs.pop("autofocus", None)
    return form


def _details_form(request: FirmRequest, data: QueryDict | None = None) -> ProfileForm:
    user = request.user
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "queue_shortcuts": user.queue_shortcuts,
        "power_dial": user.power_dial,
    }
    return ProfileForm(data, initial=initial, prefix="profile")


@firm_view()
def profile(request: FirmRequest) -> HttpResponse:
    details = _details_form(request)
    password = _password_form(request)
    status = 200
    if request.method == "POST":
        firms = [m.firm for m in request.memberships] or [request.firm]
        if request.POST.get("action") == "password":
            password = _password_form(request, request.POST)
            if password.is_valid():
                services.profile_password_change(
                    user=request.user,
                    password=password.cleaned_data["new_password1"],
                    firms=firms,
                    now=clock.now(),
                )
                # A new password ends the other sessions, not this one.
                update_session_auth_hash(request, request.user)
                messages.success(request, "Password changed.")
                return redirect("web:profile")
        else:
            details = _details_form(request, request.POST)
            if details.is_valid():
                changed = services.profile_update(
                    user=request.user, values=details.cleaned_data, firms=firms, now=clock.now()
                )
                messages.success(request, "Profile saved." if changed else "Nothing changed.")
                return redirect("web:profile")
        status = 400
    return render(
        request,
        "web/profile.html",
        {"details": details, "password": password},
        status=status,
    )
