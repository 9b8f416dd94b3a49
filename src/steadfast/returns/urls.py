from django.urls import path

from steadfast.returns import views

app_name = "returns"

urlpatterns = [
    path("returns/", views.returns_index, name="index"),
    path("returns/disputes/new/", views.dispute_new, name="dispute_new"),
    path("returns/disputes/<int:dispute_id>/", views.dispute_detail, name="dispute"),
    path("returns/disputes/<int:dispute_id>/action/", views.dispute_action, name="dispute_action"),
    path(
        "returns/disputes/<int:dispute_id>/packet.<str:fmt>",
        views.dispute_packet_file,
        name="dispute_packet",
    ),
    path(
        "returns/leads/<int:lead_id>/packet.<str:fmt>", views.lead_packet_file, name="lead_packet"
    ),
    path("returns/policy/<int:source_id>/", views.policy_edit, name="policy"),
    path("returns/statement/", views.statement, name="statement"),
]
