"""Keep `<table>_active` views out of the way of migrations and rebuild them afterwards."""

from django.apps import apps
from django.db import connection
from django.db.models.signals import post_migrate, pre_migrate
from django.dispatch import receiver

from shared_apps.core.models import SoftDeleteModel
from shared_apps.core.views_sql import (
    active_view_name,
    create_active_view,
    drop_active_view,
    existing_active_views,
    existing_tables,
)


def soft_delete_tables() -> set[str]:
    return {
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, SoftDeleteModel) and not model._meta.proxy and model._meta.managed
    }


@receiver(pre_migrate, dispatch_uid="servai.drop_active_views")
def drop_active_views(sender, **kwargs):
    # pre_migrate fires once per app; the first call drops them all, the rest find none.
    tables = soft_delete_tables()
    views = set(existing_active_views())
    with connection.schema_editor() as editor:
        for table in tables:
            if active_view_name(table) in views:
                drop_active_view(editor, table)


@receiver(post_migrate, dispatch_uid="servai.create_active_views")
def create_active_views(sender, **kwargs):
    present = existing_tables()
    views = set(existing_active_views())
    with connection.schema_editor() as editor:
        for table in soft_delete_tables() & present:
            if active_view_name(table) not in views:
                create_active_view(editor, table)
