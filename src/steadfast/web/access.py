"""Who is asking, for which firm, with which role: every web view goes through `firm_view`.

A user may belong to several firms; the one they work in is kept in the session (the firm
switcher) and checked against their memberships on every request, so a stale or forged
session value never opens another firm's data.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from steadfast.firms.models import Firm, Membership, Role, User

SESSION_FIRM_KEY = "steadfast_firm_id"


class FirmRequest(HttpRequest):
    """A request whose user is a member of `firm` (set by `firm_view`)."""

    user: User
    htmx: HtmxDetails
    firm: Firm
    membership: Membership
    memberships: list[Membership]


def memberships_of(user: User) -> list[Membership]:
    return list(
        Membership.objects.select_related("firm").filter(user=user).order_by("firm__name", "id")
    )


def membership_for(request: HttpRequest, memberships: list[Membership]) -> Membership | None:
    """The membership the session chose, else the first one (by firm name)."""
    chosen = request.session.get(SESSION_FIRM_KEY)
    for membership in memberships:
        if membership.firm_id == chosen:
            return membership
    return memberships[0] if memberships else None


def firm_choose(request: HttpRequest, *, firm_id: int) -> Membership | None:
    """Switch the session to another of the user's firms; None if they are not a member."""
    user = cast(User, request.user)
    membership = (
        Membership.objects.select_related("firm").filter(user=user, firm_id=firm_id).first()
    )
    if membership is not None:
        request.session[SESSION_FIRM_KEY] = membership.firm_id
    return membership


View = Callable[..., HttpResponse]


def firm_view(role: str = Role.AGENT) -> Callable[[View], View]:
    """Log in required; resolve the firm from the membership; 403 below `role`."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                htmx = getattr(request, "htmx", None)
                if htmx:
                    # A poll after the session ended: show the login page, not a fragment of it.
                    login = redirect_to_login(htmx.current_url_abs_path or "/")
                    return HttpResponseClientRedirect(login.url)
                return redirect_to_login(request.get_full_path())
            memberships = memberships_of(cast(User, request.user))
            membership = membership_for(request, memberships)
            if membership is None:
                return render(request, "web/no_firm.html", status=403)
            firm_request = cast(FirmRequest, request)
            firm_request.firm = membership.firm
            firm_request.membership = membership
            firm_request.memberships = memberships
            if not membership.has_role(role):
                # A routine refusal: answered with the page, logged as one line (raising
                # PermissionDenied would log a traceback for every click on a settings link).
                return render(request, "403.html", status=403)
            # Dates on the pages and in the forms are the firm's local time.
            with timezone.override(zoneinfo.ZoneInfo(membership.firm.timezone)):
                return view(firm_request, *args, **kwargs)

        return wrapper

    return decorate
