from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "steadfast.channels"
    verbose_name = "Channels"

    def ready(self) -> None:
        from anymail.signals import inbound, tracking

        from steadfast.channels import email_events

        # Email replies and bounces posted to anymail's webhooks (PRODUCT.md F6).
        tracking.connect(email_events.on_tracking, dispatch_uid="steadfast-email-tracking")
        inbound.connect(email_events.on_inbound, dispatch_uid="steadfast-email-inbound")
