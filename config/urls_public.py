"""URLs of the platform host (public schema): platform admin, platform API, health."""

from django.contrib import admin
from django.urls import include, path

from config.api import build_api
from shared_apps.accounts.api import build_routers as build_account_routers
from shared_apps.platform.api import router as platform_router

api = build_api(namespace="public_api", title="servai platform API")
auth_router, me_router = build_account_routers()
api.add_router("/v1/auth", auth_router)
api.add_router("/v1/me", me_router)
api.add_router("/v1/platform", platform_router)

urlpatterns = [
    path("", include("shared_apps.core.urls")),
    path("", include("shared_apps.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

handler404 = "config.errors.handler404"
handler500 = "config.errors.handler500"
