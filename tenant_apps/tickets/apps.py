from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "tenant_apps.tickets"
    label = "tickets"
    verbose_name = "Tickets"
