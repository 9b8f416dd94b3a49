from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "steadfast.analytics"
    verbose_name = "Analytics"
