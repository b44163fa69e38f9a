"""Fast schema cloning for new companies.

django-tenants' generic `clone_schema` PL/pgSQL function handles every PostgreSQL object
kind and takes ~1.4 s even for a small schema. Company schemas hold only what Django
migrations create — tables with identity columns, constraints, indexes and the `_active`
views — so we copy exactly those, keeping every object's name (later migrations refer to
constraints and indexes by name). A template holding anything else (functions, triggers,
custom types, materialized views, serial columns) falls back to the generic function.
"""

from django.db import connection, transaction
from django_tenants.clone import CloneSchema

# Objects the fast path does not copy; their presence sends us to the generic clone.
UNSUPPORTED_OBJECTS_SQL = """
SELECT 'function' FROM pg_proc p WHERE p.pronamespace = %(ns)s
UNION ALL
SELECT 'trigger' FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
  WHERE c.relnamespace = %(ns)s AND NOT t.tgisinternal
UNION ALL
SELECT 'type' FROM pg_type t WHERE t.typnamespace = %(ns)s AND t.typtype IN ('e', 'd', 'r', 'm')
UNION ALL
SELECT 'type' FROM pg_type t JOIN pg_class c ON c.oid = t.typrelid
  WHERE t.typnamespace = %(ns)s AND t.typtype = 'c' AND c.relkind = 'c'
UNION ALL
SELECT 'relation' FROM pg_class c WHERE c.relnamespace = %(ns)s AND c.relkind IN ('m', 'f', 'p')
UNION ALL
SELECT 'serial default' FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid
  WHERE c.relnamespace = %(ns)s AND pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%%'
LIMIT 1
"""


def _fetch(cursor, sql: str, params=None) -> list[tuple]:
    cursor.execute(sql, params)
    return cursor.fetchall()


def _schema_oid(cursor, schema: str) -> int | None:
    rows = _fetch(cursor, "SELECT oid FROM pg_namespace WHERE nspname = %s", [schema])
    return rows[0][0] if rows else None


def clone_schema(template: str, target: str) -> str:
    """Create schema `target` as a copy (structure and rows) of `template`.
    Returns "fast" or "generic" — which path did the work."""
    qn = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        namespace = _schema_oid(cursor, template)
        if namespace is None:
            raise ValueError(f"Template schema {template!r} does not exist")
        if _fetch(cursor, UNSUPPORTED_OBJECTS_SQL, {"ns": namespace}):
            CloneSchema().clone_schema(template, target, "DATA", set_connection=False)
            return "generic"

        # Definitions are read with the template first on the search path, so they come out
        # unqualified and resolve to the new schema (or public) when replayed there. The
        # caller's search path is put back at the end: inside an outer transaction a SET LOCAL
        # would otherwise outlive this function.
        original_search_path = _fetch(cursor, "SELECT current_setting('search_path')")[0][0]
        cursor.execute(f"SET LOCAL search_path TO {qn(template)}, public")
        tables = [
            row[0]
            for row in _fetch(
                cursor,
                "SELECT relname FROM pg_class WHERE relnamespace = %s AND relkind = 'r' ORDER BY relname",
                [namespace],
            )
        ]
        constraints = _fetch(
            cursor,
            "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid), k.contype = 'f' "
            "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
            "WHERE c.relnamespace = %s AND k.contype IN ('p', 'u', 'c', 'x', 'f') "
            "ORDER BY k.contype = 'f', c.relname, k.conname",
            [namespace],
        )
        indexes = [
            row[0]
            for row in _fetch(
                cursor,
                "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
                "WHERE c.relnamespace = %s AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid) "
                "ORDER BY 1",
                [namespace],
            )
        ]
        identities = _fetch(
            cursor,
            "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "WHERE c.relnamespace = %s AND c.relkind = 'r' AND a.attidentity <> '' AND NOT a.attisdropped",
            [namespace],
        )
        views = _fetch(
            cursor,
            "SELECT relname, pg_get_viewdef(oid) FROM pg_class WHERE relnamespace = %s AND relkind = 'v' "
            "ORDER BY oid",
            [namespace],
        )

        cursor.execute(f"CREATE SCHEMA {qn(target)}")
        cursor.execute(f"SET LOCAL search_path TO {qn(target)}, public")
        for table in tables:
            cursor.execute(
                f"CREATE TABLE {qn(target)}.{qn(table)} (LIKE {qn(template)}.{qn(table)} "
                "INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING GENERATED INCLUDING STORAGE)"
            )
            cursor.execute(
                f"INSERT INTO {qn(target)}.{qn(table)} OVERRIDING SYSTEM VALUE "  # noqa: S608
                f"SELECT * FROM {qn(template)}.{qn(table)}"
            )
        for table, column in identities:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), "  # noqa: S608
                f"COALESCE((SELECT max({qn(column)}) FROM {qn(target)}.{qn(table)}), 1), "
                f"(SELECT count(*) > 0 FROM {qn(target)}.{qn(table)}))",
                [f"{qn(target)}.{qn(table)}", column],
            )
        for table, name, definition, _is_foreign_key in constraints:
            cursor.execute(f"ALTER TABLE {qn(target)}.{qn(table)} ADD CONSTRAINT {qn(name)} {definition}")
        # pg_get_indexdef always qualifies the table with its schema: point it at the target.
        template_prefix = f" ON {_fetch(cursor, 'SELECT quote_ident(%s)', [template])[0][0]}."
        for definition in indexes:
            cursor.execute(definition.replace(template_prefix, f" ON {qn(target)}.", 1))
        for view, definition in views:
            cursor.execute(f"CREATE VIEW {qn(target)}.{qn(view)} AS {definition}")
        cursor.execute("SELECT set_config('search_path', %s, true)", [original_search_path])
    return "fast"
