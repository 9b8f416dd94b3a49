from django.apps import AppConfig


class NurtureConfig(AppConfig):
    name = "steadfast.nurture"
    verbose_name = "Nurture programs and campaigns"
