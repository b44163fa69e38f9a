from django.apps import AppConfig


class MetersConfig(AppConfig):
    name = "tenant_apps.meters"
    label = "meters"
    verbose_name = "Meters and readings"
