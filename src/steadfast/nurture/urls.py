from django.urls import path

from steadfast.nurture import views

app_name = "nurture"

urlpatterns = [
    path("n/<str:token>", views.talk, name="talk"),
    path("nurture/", views.nurture_index, name="index"),
    path("nurture/preview/", views.preview, name="preview"),
    path("nurture/programs/<int:program_id>/", views.program_edit, name="program"),
    path("nurture/programs/<int:program_id>/steps/new/", views.step_edit, name="step_new"),
    path("nurture/programs/<int:program_id>/steps/<int:step_id>/", views.step_edit, name="step"),
    path(
        "nurture/programs/<int:program_id>/steps/<int:step_id>/delete/",
        views.step_delete,
        name="step_delete",
    ),
    path("nurture/campaigns/new/", views.campaign_new, name="campaign_new"),
    path("nurture/campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign"),
    path("nurture/campaigns/<int:campaign_id>/stop/", views.campaign_stop, name="campaign_stop"),
]
