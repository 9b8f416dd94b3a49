from django.apps import AppConfig


class DispatchConfig(AppConfig):
    name = "steadfast.dispatch"
    verbose_name = "Touch ledger"
