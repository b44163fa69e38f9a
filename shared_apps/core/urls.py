from django.urls import path

from shared_apps.core import views

urlpatterns = [
    path("health", views.health_live, name="health"),
    path("ready", views.health_ready, name="ready"),
    path("health/integrations", views.health_integrations, name="health-integrations"),
]
