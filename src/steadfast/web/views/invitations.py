"""Accepting an invitation to a firm: the link mailed to the invited person."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from steadfast import clock
from steadfast.errors import Refused
from steadfast.firms.models import User
from steadfast.web import services
from steadfast.web.access import SESSION_FIRM_KEY
from steadfast.web.forms import InvitationAccountForm


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    now = clock.now()
    invitation = services.invitation_for_token(token=token, now=now)
    if invitation is None:
        return render(request, "web/invitation.html", {"invitation": None}, status=404)
    context: dict[str, object] = {"invitation": invitation}
    user = request.user
    if user.is_authenticated:
        user = cast(User, user)
        context["wrong_user"] = user.email.lower() != invitation.email
        if request.method == "POST" and not context["wrong_user"]:
            try:
                membership = services.invitation_accept(invitation=invitation, user=user, now=now)
            except Refused as exc:
                messages.error(request, f"Not accepted: {exc}.")
                return redirect("web:home")
            request.session[SESSION_FIRM_KEY] = membership.firm_id
            messages.success(request, f"You are now working in {membership.firm.name}.")
            return redirect("web:home")
        return render(request, "web/invitation.html", context)
    # Not logged in: the holder of the link is the owner of the address it was mailed to.
    has_account = User.objects.filter(email=invitation.email).exists()
    form = InvitationAccountForm(request.POST if request.method == "POST" else None)
    context.update(has_account=has_account, form=form)
    if request.method == "POST" and not has_account and form.is_valid():
        try:
            new_user = services.invitation_accept_new_account(
                invitation=invitation, now=now, **form.cleaned_data
            )
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            request.session[SESSION_FIRM_KEY] = invitation.firm_id
            messages.success(request, f"Welcome to {invitation.firm.name}.")
            return redirect("web:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "web/invitation.html", context, status=status)
