"""Host → company, with the lookup cached in the process.

django-tenants' middleware reads the domain table on every request and resets the
connection's search path twice. Companies change rarely, so each process keeps what it looked
up for TENANT_CACHE_SECONDS; a change saved in this process clears the cache at once (and
again at commit), other processes see it within the TTL.
"""

import copy
import threading
import time

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpResponseNotFound
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_tenant_domain_model

from tenants.models import Company, Domain

_lock = threading.Lock()
_cache: dict[str, tuple[float, Company | None]] = {}


def tenant_cache_clear() -> None:
    with _lock:
        _cache.clear()


@receiver(post_save, sender=Company, dispatch_uid="tenants.cache.company")
@receiver(post_save, sender=Domain, dispatch_uid="tenants.cache.domain")
def _on_tenant_change(sender, **kwargs):
    tenant_cache_clear()
    transaction.on_commit(tenant_cache_clear)


def tenant_for_host(hostname: str) -> Company | None:
    now = time.monotonic()
    with _lock:
        cached = _cache.get(hostname)
    if cached is not None and cached[0] > now:
        return cached[1]
    connection.set_schema_to_public()
    domain = get_tenant_domain_model().objects.select_related("tenant").filter(domain=hostname).first()
    tenant = domain.tenant if domain is not None and not domain.tenant.is_deleted else None
    with _lock:
        _cache[hostname] = (now + settings.TENANT_CACHE_SECONDS, tenant)
    return tenant


class CachedTenantMiddleware(TenantMainMiddleware):
    def process_request(self, request):
        try:
            hostname = self.hostname_from_request(request)
        except DisallowedHost:
            return HttpResponseNotFound()
        cached = tenant_for_host(hostname)
        if cached is None:
            return self.no_tenant_found(request, hostname)
        tenant = copy.copy(cached)  # each request gets its own instance to read or change
        tenant.domain_url = hostname
        request.tenant = tenant
        if connection.schema_name != tenant.schema_name:
            connection.set_tenant(tenant)
        else:  # same schema as the last request on this connection: keep its search path
            connection.tenant = tenant
        self.setup_url_routing(request)
