"""Migrating every schema under one PostgreSQL advisory lock.

Several instances may start at once (web replicas, worker, bot). Each calls `migrate_all`;
the first takes the lock and migrates public, the template schema and every company; the
others wait on the lock, then find nothing left to do and return.
"""

import logging
import time
from contextlib import contextmanager

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tenants.models import Company
from tenants.provisioning import public_domains_sync, template_schema_ensure, template_schema_name
from tenants.schemas import unapplied_migrations

logger = logging.getLogger(__name__)

# Arbitrary constant shared by every servai process: "servai migrations".
MIGRATION_LOCK_KEY = 0x5E4A1_0001


def _lock_connection_kwargs() -> dict:
    db = settings.DATABASES["default"]
    kwargs = {
        "dbname": db["NAME"],
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "autocommit": True,
    }
    kwargs.update(db.get("OPTIONS", {}))
    return {key: value for key, value in kwargs.items() if value is not None}


@contextmanager
def migration_lock():
    """Session advisory lock on a dedicated connection: the migrate executors close Django's
    connection between schemas, which would silently release a lock held there."""
    with psycopg.connect(**_lock_connection_kwargs()) as lock_conn:
        started = time.perf_counter()
        lock_conn.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK_KEY])
        waited = time.perf_counter() - started
        try:
            yield waited
        finally:
            lock_conn.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK_KEY])


def company_schemas() -> list[str]:
    return list(Company.objects.operating().order_by("pk").values_list("schema_name", flat=True))


def pending_schemas() -> dict[str, list[str]]:
    schemas = ["public", template_schema_name()]
    try:
        schemas += company_schemas()
    except Exception:  # the companies table itself does not exist yet
        connection.close()
    return unapplied_migrations(schemas)


def migrate_all(*, executor: str | None = None, verbosity: int = 1, stdout=None) -> dict:
    """Migrate public, the template and every company. Returns what was done."""
    with migration_lock() as waited:
        pending = pending_schemas()
        if not pending:
            public_domains_sync()
            logger.info("migrations already applied", extra={"waited_s": round(waited, 2)})
            return {"migrated": [], "waited_seconds": waited}
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity, stdout=stdout)
        public_domains_sync()
        template_schema_ensure(verbosity=verbosity)
        companies = company_schemas()
        if companies:
            call_command(
                "migrate_schemas",
                tenant=True,
                interactive=False,
                verbosity=verbosity,
                stdout=stdout,
                executor=executor or settings.TENANT_MIGRATION_EXECUTOR,
            )
        connection.set_schema_to_public()
        logger.info("migrations applied", extra={"schemas": len(pending)})
        return {"migrated": sorted(pending), "waited_seconds": waited}
