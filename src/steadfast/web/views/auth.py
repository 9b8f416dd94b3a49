"""Logging in (throttled), out, and choosing which of one's firms to work in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from steadfast import clock
from steadfast.engine.call_queue import call_hold_release
from steadfast.ids import parse_id
from steadfast.web import throttle
from steadfast.web.access import firm_choose
from steadfast.web.forms import LoginForm

SECTIONS = {"queue", "leads", "outbox", "settings"}


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def _who(self) -> tuple[str, str]:
        return self.request.META.get("REMOTE_ADDR", ""), self.request.POST.get("username", "")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ip, email = self._who()
        lockout = throttle.login_lockout(ip=ip, email=email, now=clock.now())
        if lockout is not None:
            return self._locked(lockout)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Form) -> HttpResponse:
        ip, email = self._who()
        throttle.login_succeeded(ip=ip, email=email)
        return super().form_valid(form)  # type: ignore[arg-type]

    def form_invalid(self, form: Form) -> HttpResponse:
        ip, email = self._who()
        lockout = throttle.login_failed(ip=ip, email=email, now=clock.now())
        if lockout is not None:
            return self._locked(lockout)
        return super().form_invalid(form)  # type: ignore[arg-type]

    def _locked(self, lockout: throttle.Lockout) -> HttpResponse:
        minutes = lockout.minutes_left(clock.now())
        context = self.get_context_data(form=self.get_form_class()(self.request))
        context["locked_minutes"] = minutes
        response = self.render_to_response(context, status=429)
        response["Retry-After"] = str(minutes * 60)
        return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        # The calls on this person's screen go back to the team at once.
        call_hold_release(agent=request.user)
    logout(request)
    messages.info(request, "You are logged out.")
    return redirect("web:login")


@require_POST
@login_required
def firm_switch(request: HttpRequest) -> HttpResponse:
    firm_id = parse_id(request.POST.get("firm"))
    if firm_id is None:
        raise Http404("no such firm")
    membership = firm_choose(request, firm_id=firm_id)
    if membership is None:
        raise Http404("no such firm")
    messages.info(request, f"You are now working in {membership.firm.name}.")
    # Back to the same section: a lead or source page of the previous firm would be a 404.
    section = request.POST.get("next", "").strip("/").split("/")[0]
    target = f"/{section}/" if section in SECTIONS else "/"
    return redirect(target)
