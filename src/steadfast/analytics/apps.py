from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_triggers(using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from steadfast.analytics import rollup

    if connections[using].alias == "default":
        rollup.install_triggers()


class AnalyticsConfig(AppConfig):
    name = "steadfast.analytics"
    verbose_name = "Analytics"

    def ready(self) -> None:
        # After every migrate (and flush): the rollups' triggers exist, whatever a migration
        # rebuilt.
        post_migrate.connect(_install_triggers, sender=self)
