"""URLs of a company host (its own schema): company panel, company API, health."""

from django.urls import include, path

from config.api import build_api
from shared_apps.accounts.api import build_routers as build_account_routers
from tenant_apps.condos.api import router as condos_router
from tenant_apps.condos.imports.api import router as imports_router
from tenant_apps.meters.api import router as meters_router
from tenant_apps.residents.api import router as residents_router
from tenant_apps.tickets.api import router as tickets_router
from tenants.api import router as company_router
from tenants.company_admin import company_admin_site

api = build_api(namespace="company_api", title="servai company API")
auth_router, me_router = build_account_routers()
api.add_router("/v1/auth", auth_router)
api.add_router("/v1/me", me_router)
api.add_router("/v1/company", company_router)
api.add_router("/v1", condos_router)
api.add_router("/v1", imports_router)
api.add_router("/v1", residents_router)
api.add_router("/v1", meters_router)
api.add_router("/v1", tickets_router)

urlpatterns = [
    path("", include("shared_apps.core.urls")),
    path("", include("shared_apps.accounts.urls")),
    path("admin/", company_admin_site.urls),
    path("api/", api.urls),
]

handler404 = "config.errors.handler404"
handler500 = "config.errors.handler500"
