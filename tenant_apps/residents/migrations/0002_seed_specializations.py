from django.db import migrations

SPECIALIZATIONS = [
    ("plumber", "Plumber"),
    ("electrician", "Electrician"),
    ("cleaner", "Cleaner"),
    ("gardener", "Gardener"),
    ("security", "Security"),
    ("handyman", "Handyman"),
]


def seed(apps, schema_editor):
    Specialization = apps.get_model("residents", "Specialization")
    for code, name in SPECIALIZATIONS:
        Specialization.objects.get_or_create(code=code, deleted_at=None, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("residents", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
