from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from steadfast.web.views import (
    auth,
    bar_rules,
    cadences,
    calls,
    firm_settings,
    invitations,
    leads,
    message_templates,
    outbox,
    profile,
    queue,
    rules,
)

app_name = "web"


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; the icon is an SVG."""
    return redirect(static("web/favicon.svg"), permanent=True)


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="web:queue"), name="home"),
    path("favicon.ico", favicon, name="favicon"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("firm/switch/", auth.firm_switch, name="firm_switch"),
    path("invitations/<str:token>/", invitations.invitation_accept, name="invitation"),
    path("profile/", profile.profile, name="profile"),
    path("queue/", queue.queue_page, name="queue"),
    path("queue/current/", queue.queue_current, name="queue_current"),
    path("queue/waiting/", queue.queue_waiting, name="queue_waiting"),
    path("queue/outcome/", queue.queue_outcome, name="queue_outcome"),
    path("queue/skip/", queue.queue_skip, name="queue_skip"),
    path("queue/availability/", queue.queue_availability, name="queue_availability"),
    path("queue/power-dial/", queue.queue_power_dial, name="queue_power_dial"),
    path("queue/team/", queue.queue_team, name="queue_team"),
    path("queue/team/<int:membership_id>/routing/", queue.queue_routing, name="queue_routing"),
    path("leads/", leads.lead_list, name="leads"),
    path("leads/export.csv", leads.lead_export, name="leads_export"),
    path("leads/<int:lead_id>/", leads.lead_detail, name="lead"),
    path("leads/<int:lead_id>/message/", leads.lead_message, name="lead_message"),
    path("leads/<int:lead_id>/note/", leads.lead_note, name="lead_note"),
    path(
        "leads/<int:lead_id>/notes/<int:note_id>/done/", leads.lead_note_done, name="lead_note_done"
    ),
    path("leads/<int:lead_id>/mark/", leads.lead_mark_view, name="lead_mark"),
    path("leads/<int:lead_id>/fee/", leads.lead_fee_view, name="lead_fee"),
    path("leads/<int:lead_id>/opt-out/", leads.lead_opt_out_view, name="lead_opt_out"),
    path(
        "leads/<int:lead_id>/replies/<int:review_id>/",
        leads.lead_reply_review,
        name="lead_reply_review",
    ),
    path("leads/<int:lead_id>/bridge/", calls.call_bridge_start, name="call_bridge"),
    path("outbox/", outbox.outbox, name="outbox"),
    path("settings/", firm_settings.settings_index, name="settings"),
    path("settings/firm/", firm_settings.firm_edit, name="settings_firm"),
    path("settings/sources/", firm_settings.source_list, name="settings_sources"),
    path("settings/sources/<int:source_id>/", firm_settings.source_edit, name="settings_source"),
    path("settings/numbers/", firm_settings.number_list, name="settings_numbers"),
    path("settings/numbers/<int:number_id>/", firm_settings.number_change, name="settings_number"),
    path("settings/users/", firm_settings.user_list, name="settings_users"),
    path("settings/rules/", rules.rules_settings, name="settings_rules"),
    path("settings/bar-rules/", bar_rules.bar_rules_settings, name="settings_bar_rules"),
    path("bar-holds/", bar_rules.bar_holds, name="bar_holds"),
    path(
        "bar-holds/<str:hold_id>/release/",
        bar_rules.bar_hold_release_view,
        name="bar_hold_release",
    ),
    path("settings/users/<int:membership_id>/", firm_settings.user_change, name="settings_user"),
    path(
        "settings/users/<int:membership_id>/password/",
        firm_settings.user_password_reset,
        name="settings_user_password",
    ),
    path("settings/templates/", message_templates.template_list, name="settings_templates"),
    path(
        "settings/templates/<int:template_id>/",
        message_templates.template_edit,
        name="settings_template",
    ),
    path(
        "settings/templates/<int:template_id>/preview/",
        message_templates.template_preview,
        name="settings_template_preview",
    ),
    path(
        "settings/templates/<int:template_id>/preview.html",
        message_templates.template_html,
        name="settings_template_html",
    ),
    path("settings/cadences/", cadences.cadence_list, name="settings_cadences"),
    path("settings/cadences/new/", cadences.cadence_new, name="settings_cadence_new"),
    path("settings/cadences/step/", cadences.cadence_step_row, name="settings_cadence_step"),
    path("settings/cadences/default/", cadences.cadence_default, name="settings_cadence_default"),
    path("settings/cadences/default/copy/", cadences.cadence_copy, name="settings_cadence_copy"),
    path("settings/cadences/<int:cadence_id>/", cadences.cadence_edit, name="settings_cadence"),
]
