from django.urls import path

from steadfast.analytics import views

app_name = "analytics"

urlpatterns = [
    path("analytics/", views.analytics_page, name="page"),
    path("analytics/report.pdf", views.monthly_pdf, name="monthly_pdf"),
    path("analytics/money/", views.money_settings, name="money"),
]
