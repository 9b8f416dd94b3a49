"""The Django admin site, whose login is throttled like the app's own (steadfast.web.throttle):
failures on /login/ and /admin/login/ count together, per (client address, email)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html

from steadfast import clock
from steadfast.web import throttle


def locked_response(lockout: throttle.Lockout) -> HttpResponse:
    minutes = lockout.minutes_left(clock.now())
    response = HttpResponse(
        format_html(
            "<!doctype html><title>Locked</title><h1>Too many failed logins</h1>"
            "<p>Logging in is locked for {} minute{}; try again later.</p>",
            minutes,
            "" if minutes == 1 else "s",
        ),
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response


class SteadfastAdminSite(admin.AdminSite):
    site_header = "Steadfast administration"
    site_title = "Steadfast"

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        if request.method != "POST":
            return super().login(request, extra_context)
        ip, email = request.META.get("REMOTE_ADDR", ""), request.POST.get("username", "")
        lockout = throttle.login_lockout(ip=ip, email=email, now=clock.now())
        if lockout is not None:
            return locked_response(lockout)
        response = super().login(request, extra_context)
        if response.status_code in (301, 302):  # logged in: the admin redirects onwards
            throttle.login_succeeded(ip=ip, email=email)
            return response
        lockout = throttle.login_failed(ip=ip, email=email, now=clock.now())
        return locked_response(lockout) if lockout is not None else response


class SteadfastAdminConfig(AdminConfig):
    default_site = "steadfast.web.admin_site.SteadfastAdminSite"
