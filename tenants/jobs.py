"""Jobs that carry their company explicitly.

`@tenant_task()` turns `fn(*args)` into a Huey task called as `task(schema_name, *args)`: the
body runs in that company's schema and the connection always returns to public afterwards.
`fan_out(task)` enqueues one such task per active company, so one company's failure never
stops another's.
"""

import functools
import logging

from huey.contrib.djhuey import db_task

from config.logging import schema_var
from tenants.models import Company, CompanyStatus
from tenants.schemas import in_schema

logger = logging.getLogger(__name__)

DEFAULT_RETRIES = 3
DEFAULT_RETRY_DELAY_SECONDS = 10
DEFAULT_RETRY_BACKOFF = 2


def tenant_task(
    *,
    retries: int = DEFAULT_RETRIES,
    retry_delay: int = DEFAULT_RETRY_DELAY_SECONDS,
    retry_backoff: float = DEFAULT_RETRY_BACKOFF,
    **task_options,
):
    def decorator(fn):
        @functools.wraps(fn)
        def run_in_schema(schema_name: str, *args, **kwargs):
            token = schema_var.set(schema_name)
            try:
                with in_schema(schema_name):
                    return fn(*args, **kwargs)
            finally:
                schema_var.reset(token)

        return db_task(retries=retries, retry_delay=retry_delay, retry_backoff=retry_backoff, **task_options)(
            run_in_schema
        )

    return decorator


def active_company_schemas() -> list[str]:
    return list(
        Company.objects.operating()
        .filter(status=CompanyStatus.ACTIVE)
        .order_by("pk")
        .values_list("schema_name", flat=True)
    )


def fan_out(task, *args, include_blocked: bool = False, **kwargs) -> list[str]:
    """Enqueue `task(schema_name, *args)` for every active company; returns the schemas."""
    if include_blocked:
        schemas = list(Company.objects.operating().order_by("pk").values_list("schema_name", flat=True))
    else:
        schemas = active_company_schemas()
    for schema_name in schemas:
        task(schema_name, *args, **kwargs)
    logger.info("fanned out", extra={"task": getattr(task, "name", str(task)), "companies": len(schemas)})
    return schemas
