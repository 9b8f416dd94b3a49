from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "steadfast.compliance"
    verbose_name = "Compliance"
