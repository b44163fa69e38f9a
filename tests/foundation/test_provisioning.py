import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection

from shared_apps.accounts.models import CompanyRole, Membership, User
from shared_apps.core.models import SoftDeleteModel
from tenants.clone import clone_schema
from tenants.models import Company, Domain
from tenants.provisioning import template_schema_name
from tenants.services import company_create


def schema_signature(schema: str) -> dict:
    """Everything migrations create, with the schema name taken out."""
    queries = {
        "columns": "SELECT table_name, column_name, data_type, is_nullable, is_identity, column_default "
        "FROM information_schema.columns WHERE table_schema = %s ORDER BY 1, 2",
        "constraints": "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k "
        "JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s ORDER BY 1, 2",
        "indexes": "SELECT tablename, indexname, replace(indexdef, schemaname || '.', '') FROM pg_indexes "
        "WHERE schemaname = %s ORDER BY 1, 2",
        "views": "SELECT viewname FROM pg_views WHERE schemaname = %s ORDER BY 1",
        "migrations": None,
    }
    signature = {}
    with connection.cursor() as cursor:
        for name, sql in queries.items():
            if sql is None:
                cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations ORDER BY 1, 2')
            else:
                cursor.execute(sql, [schema])
            # Definitions name the schema when it is not on the search path: take it out.
            signature[name] = [
                tuple(value.replace(f"{schema}.", "") if isinstance(value, str) else value for value in row)
                for row in cursor.fetchall()
            ]
    return signature


def test_cloned_company_schema_equals_a_migrated_one(db):
    # when
    cloned = company_create(name="Cloned", slug="cloned_co")
    migrated = company_create(name="Migrated", slug="migrated_co", use_template=False)
    # then
    assert (cloned.schema, migrated.schema) == ("cloned", "migrated")
    assert schema_signature("cloned_co") == schema_signature("migrated_co")
    tenant_tables = {
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, SoftDeleteModel) and model._meta.app_config.name in settings.TENANT_APPS
    }
    assert {view for (view,) in schema_signature("cloned_co")["views"]} == {
        f"{t}_active" for t in tenant_tables
    }


def test_cloned_schema_has_its_own_identity_sequences(db):
    # given
    company_create(name="Seq", slug="seq_co")
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO "seq_co".audit_auditentry (created_at, action, target_type, target_id, '
            "target_repr, changes, request_id) VALUES (now(), 'a', '', '', '', '{}', '') RETURNING id"
        )
        first = cursor.fetchone()[0]
        cursor.execute(f'SELECT count(*) FROM "{template_schema_name()}".audit_auditentry')
        # then the template is untouched and the new schema counts from its own sequence
        assert cursor.fetchone()[0] == 0
    assert first == 1


def test_template_with_objects_the_fast_path_does_not_know_uses_the_generic_clone(db):
    # given a function in the template
    with connection.cursor() as cursor:
        cursor.execute(
            f'CREATE FUNCTION "{template_schema_name()}".answer() RETURNS int LANGUAGE sql AS $$ SELECT 42 $$'
        )
    # when
    how = clone_schema(template_schema_name(), "generic_co")
    # then
    assert how == "generic"
    with connection.cursor() as cursor:
        cursor.execute('SELECT "generic_co".answer()')
        assert cursor.fetchone()[0] == 42
        cursor.execute('SELECT count(*) FROM "generic_co".django_migrations')
        assert cursor.fetchone()[0] > 0


def test_company_create_is_idempotent_and_adds_domain_and_director(db):
    # when
    first = company_create(name="Acme", slug="acme", director_email="Boss@Acme.Test")
    again = company_create(name="Acme", slug="acme", director_email="boss@acme.test")
    # then
    assert (first.created, again.created) == (True, False)
    assert again.schema == "exists"
    assert Company.objects.filter(schema_name="acme").count() == 1
    assert list(Domain.objects.filter(tenant=first.company).values_list("domain", flat=True)) == [
        "acme.localhost"
    ]
    director = User.objects.get(email="boss@acme.test")
    assert not director.has_usable_password()
    assert list(
        Membership.objects.filter(user=director).values_list("company__schema_name", "role", "condo_id")
    ) == [("acme", CompanyRole.DIRECTOR, None)]


def test_company_domain_uses_hyphens_for_underscored_slugs(db):
    # when
    result = company_create(name="Two Words", slug="two_words")
    # then
    assert result.company.get_primary_domain().domain == "two-words.localhost"


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("Acme", "lowercase latin letters"),
        ("1acme", "starting with a letter"),
        ("a", "2–40 characters"),
        ("acme-co", "lowercase latin letters"),
        ("public", "reserved"),
        ("company_template", "reserved"),
        ("pg_catalog", "reserved"),
    ],
)
def test_bad_slugs_are_refused_with_a_clear_message(db, slug, message):
    # when
    with pytest.raises(ValidationError) as error:
        company_create(name="X", slug=slug)
    # then
    assert message in " ".join(error.value.messages)
    assert not Company.all_objects.filter(schema_name=slug.lower()).exclude(schema_name="public").exists()


def test_bad_director_email_is_refused(db):
    with pytest.raises(ValidationError) as error:
        company_create(name="X", slug="bad_mail", director_email="not-an-email")
    assert "not a valid email" in " ".join(error.value.messages)


def test_create_company_command_reports_and_refuses(db, capsys):
    # when
    call_command("create_company", "--name", "Cmd Co", "--slug", "cmd_co", "--currency", "BGN")
    call_command("create_company", "--name", "Cmd Co", "--slug", "cmd_co")
    # then
    out = capsys.readouterr().out
    assert "Created Cmd Co (cmd_co) at cmd-co.localhost — schema cloned" in out
    assert "Already exists: Cmd Co (cmd_co)" in out
    assert Company.objects.get(schema_name="cmd_co").currency == "BGN"
    with pytest.raises(CommandError, match="reserved"):
        call_command("create_company", "--name", "P", "--slug", "public")
