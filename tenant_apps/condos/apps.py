from django.apps import AppConfig


class CondosConfig(AppConfig):
    name = "tenant_apps.condos"
    label = "condos"
    verbose_name = "Property"
