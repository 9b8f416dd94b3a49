from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "steadfast.channels"
    verbose_name = "Channels"
