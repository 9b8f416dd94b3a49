from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "steadfast.leads"
    verbose_name = "Leads"
