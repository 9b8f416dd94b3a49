from django.contrib import admin
from django.urls import include, path

from steadfast.api.api import api
from steadfast.leads.webform import lead_form

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("f/<str:form_token>/", lead_form, name="lead_form"),
    path("", include("steadfast.channels.urls")),
    path("", include("steadfast.web.urls")),
]
