"""The public tenant (platform host) exists after migration."""

from django.conf import settings
from django.db import migrations


def create_public_tenant(apps, schema_editor):
    Company = apps.get_model("tenants", "Company")
    Domain = apps.get_model("tenants", "Domain")
    public, _ = Company.objects.get_or_create(schema_name="public", defaults={"name": "servai platform"})
    for index, host in enumerate(settings.PUBLIC_HOSTS):
        Domain.objects.get_or_create(domain=host, defaults={"tenant": public, "is_primary": index == 0})


class Migration(migrations.Migration):
    dependencies = [("tenants", "0001_initial")]

    operations = [migrations.RunPython(create_public_tenant, migrations.RunPython.noop)]
