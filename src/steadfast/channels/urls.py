from django.urls import path

from steadfast.channels import views, webhooks

app_name = "channels"

urlpatterns = [
    path("hooks/twilio/sms", webhooks.sms_inbound, name="twilio_sms"),
    path("hooks/twilio/status", webhooks.message_status, name="twilio_status"),
    path("hooks/twilio/voice/status", webhooks.voice_status, name="twilio_voice_status"),
    path("hooks/twilio/voice/amd", webhooks.voice_amd, name="twilio_voice_amd"),
    path(
        "hooks/twilio/voice/bridge/<int:send_id>", webhooks.voice_bridge, name="twilio_voice_bridge"
    ),
    path("hooks/twilio/voice/inbound", webhooks.voice_inbound, name="twilio_voice_inbound"),
    path("u/<str:token>", views.unsubscribe, name="unsubscribe"),
]
