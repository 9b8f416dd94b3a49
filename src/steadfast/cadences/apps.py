from django.apps import AppConfig


class CadencesConfig(AppConfig):
    name = "steadfast.cadences"
    verbose_name = "Cadences"
