from django.contrib import admin
from django.urls import include, path

from steadfast.api.api import api
from steadfast.channels.email_events import anymail_urls
from steadfast.leads.webform import lead_form

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("f/<str:form_token>/", lead_form, name="lead_form"),
    # Email replies and bounces: anymail's <esp>/inbound/ and <esp>/tracking/ webhooks.
    path("hooks/email/", include(anymail_urls())),
    path("", include("steadfast.ops.urls")),
    path("", include("steadfast.channels.urls")),
    path("", include("steadfast.returns.urls")),
    path("", include("steadfast.analytics.urls")),
    path("", include("steadfast.nurture.urls")),
    path("", include("steadfast.web.urls")),
]
