from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "steadfast.returns"
    verbose_name = "Vendor returns"
