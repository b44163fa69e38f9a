"""URLs of a company host (its own schema): company panel, company API, health."""

from django.urls import include, path

from config.api import build_api
from tenants.api import router as company_router
from tenants.company_admin import company_admin_site

api = build_api(namespace="company_api", title="servai company API")
api.add_router("/v1/company", company_router)

urlpatterns = [
    path("", include("shared_apps.core.urls")),
    path("admin/", company_admin_site.urls),
    path("api/", api.urls),
]

handler404 = "config.errors.handler404"
handler500 = "config.errors.handler500"
