from django.apps import AppConfig


class BotRoutingConfig(AppConfig):
    name = "shared_apps.botrouting"
    label = "botrouting"
    verbose_name = "Bot routing"
