from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "shared_apps.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from shared_apps.core import signals  # noqa: F401
