"""Creating company schemas: clone the migrated template when it is current, else migrate.

The template schema (`TENANT_TEMPLATE_SCHEMA`) is migrated by `migrate_all` before the
companies, so a clone carries every migration record and seed row a new company needs.
"""

import logging
import time

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_exists

from tenants.clone import clone_schema
from tenants.schemas import schema_is_current

logger = logging.getLogger(__name__)


def template_schema_name() -> str:
    return settings.TENANT_TEMPLATE_SCHEMA


def migrate_schema(schema_name: str, *, verbosity: int = 0) -> None:
    """Create the schema when missing and apply every migration to it."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {connection.ops.quote_name(schema_name)}")
    call_command(
        "migrate_schemas",
        tenant=True,
        schema_name=schema_name,
        interactive=False,
        verbosity=verbosity,
        executor="standard",
    )
    connection.set_schema(get_public_schema_name())


def template_schema_ensure(*, verbosity: int = 0) -> None:
    migrate_schema(template_schema_name(), verbosity=verbosity)


def company_schema_create(schema_name: str, *, use_template: bool = True) -> str:
    """Create a company's schema. Returns how: "exists", "cloned" or "migrated"."""
    if schema_exists(schema_name):
        return "exists"
    started = time.perf_counter()
    template = template_schema_name()
    if use_template and schema_is_current(template):
        connection.set_schema(get_public_schema_name())
        clone_schema(template, schema_name)
        how = "cloned"
    else:
        migrate_schema(schema_name)
        how = "migrated"
    logger.info(
        "company schema created",
        extra={
            "company_schema": schema_name,
            "how": how,
            "duration_ms": round((time.perf_counter() - started) * 1000),
        },
    )
    return how


def public_domains_sync() -> None:
    """Every host in PUBLIC_HOSTS serves the platform (hosts added to the setting later too)."""
    from tenants.models import Company, Domain

    public = Company.objects.get(schema_name=get_public_schema_name())
    for host in settings.PUBLIC_HOSTS:
        Domain.objects.get_or_create(domain=host, defaults={"tenant": public, "is_primary": False})
