from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "tenant_apps.residents"
    label = "residents"
    verbose_name = "People"
