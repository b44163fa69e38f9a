"""`<table>_active` SQL views: live rows of every soft-delete table, for SQL users and reports.

Each app's migration adds `CreateActiveView("<model>")` after creating the table. A view binds
its columns, which would block later column changes, so the views of the schema being migrated
are dropped before `migrate` and rebuilt after it (shared_apps.core.signals).
"""

from django.db import connection
from django.db.migrations.operations.base import Operation


def active_view_name(table: str) -> str:
    return f"{table}_active"


def create_active_view(schema_editor, table: str) -> None:
    view, source = schema_editor.quote_name(active_view_name(table)), schema_editor.quote_name(table)
    sql = f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM {source} WHERE deleted_at IS NULL"  # noqa: S608
    schema_editor.execute(sql)


def drop_active_view(schema_editor, table: str) -> None:
    schema_editor.execute(f"DROP VIEW IF EXISTS {schema_editor.quote_name(active_view_name(table))}")


class CreateActiveView(Operation):
    """Migration operation: create the `<table>_active` view of a soft-delete model."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name: str):
        self.model_name = model_name

    def state_forwards(self, app_label, state):
        pass

    def _table(self, app_label, state) -> str:
        return state.apps.get_model(app_label, self.model_name)._meta.db_table

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            create_active_view(schema_editor, model._meta.db_table)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            drop_active_view(schema_editor, model._meta.db_table)

    def describe(self):
        return f"Create the _active view of {self.model_name}"

    def deconstruct(self):
        return self.__class__.__qualname__, [self.model_name], {}


def existing_active_views() -> list[str]:
    """Names of the `_active` views in the connection's current schema."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT viewname FROM pg_views WHERE schemaname = current_schema() AND viewname LIKE %s",
            ["%\\_active"],
        )
        return [row[0] for row in cursor.fetchall()]


def existing_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        return {row[0] for row in cursor.fetchall()}
