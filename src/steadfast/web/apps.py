from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "steadfast.web"
    verbose_name = "Web app"
