from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "steadfast.audit"
    verbose_name = "Audit log"
