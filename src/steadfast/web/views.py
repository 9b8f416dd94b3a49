from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from steadfast.firms.models import Membership
from steadfast.leads.models import Lead


class SteadfastLoginView(LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("web:login")


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    membership = (Membership.objects.select_related("firm").filter(user=request.user)
                  .order_by("id").first())
    leads = []
    if membership:
        leads = list(Lead.objects.filter(firm=membership.firm).select_related("source")
                     .order_by("-arrived_at")[:50])
    return render(request, "web/home.html", {"membership": membership, "leads": leads})
