from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "steadfast.ops"
    verbose_name = "Operations"
