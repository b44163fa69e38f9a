"""Schema-level helpers: which migrations a schema lacks, run code inside a schema."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django_tenants.utils import get_public_schema_name, schema_exists

_expected_migrations: set[tuple[str, str]] | None = None


def expected_migrations() -> set[tuple[str, str]]:
    """Every migration on disk. django-tenants records every migration in every schema
    (operations of apps that don't belong there are skipped but still recorded)."""
    global _expected_migrations
    if _expected_migrations is None:
        loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
        _expected_migrations = set(loader.disk_migrations)
    return _expected_migrations


def applied_migrations_by_schema(schema_names: list[str]) -> dict[str, set[tuple[str, str]]]:
    """Applied migrations of many schemas in one query; a schema without its table maps to ∅."""
    result: dict[str, set[tuple[str, str]]] = {name: set() for name in schema_names}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema FROM information_schema.tables "
            "WHERE table_name = 'django_migrations' AND table_schema = ANY(%s)",
            [schema_names],
        )
        with_table = [row[0] for row in cursor.fetchall()]
        if not with_table:
            return result
        qn = connection.ops.quote_name
        union = " UNION ALL ".join(
            f"SELECT %s, app, name FROM {qn(schema)}.django_migrations"  # noqa: S608 quoted identifier
            for schema in with_table
        )
        cursor.execute(union, with_table)
        for schema, app, name in cursor.fetchall():
            result[schema].add((app, name))
    return result


def unapplied_migrations(schema_names: list[str]) -> dict[str, list[str]]:
    """Schemas that lack migrations, with the first few missing names (for /ready and logs)."""
    expected = expected_migrations()
    missing = {}
    for schema, applied in applied_migrations_by_schema(schema_names).items():
        lacking = expected - applied
        if lacking:
            missing[schema] = sorted(f"{app}.{name}" for app, name in lacking)[:5]
    return missing


def schema_is_current(schema_name: str) -> bool:
    return schema_exists(schema_name) and not unapplied_migrations([schema_name])


@contextmanager
def in_schema(schema_name: str) -> Iterator[None]:
    """Run the block in a company schema; always returns the connection to public."""
    connection.set_schema(schema_name)
    try:
        yield
    finally:
        connection.set_schema(get_public_schema_name())
