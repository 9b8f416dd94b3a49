from django.apps import AppConfig


class FirmsConfig(AppConfig):
    name = "steadfast.firms"
    verbose_name = "Firms and users"
