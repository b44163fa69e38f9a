from django.db import migrations

# (code, name, specialization codes of residents/0002_seed_specializations); a category with
# specializations is auto-assigned from the start, "other" waits for a condo admin.
CATEGORIES = [
    ("plumbing", "Plumbing", ["plumber"]),
    ("electrical", "Electrical", ["electrician"]),
    ("heating", "Heating", ["plumber"]),
    ("cleaning", "Cleaning", ["cleaner"]),
    ("security", "Security", ["security"]),
    ("elevator", "Elevator", ["electrician"]),
    ("other", "Other", []),
]


def seed(apps, schema_editor):
    TicketCategory = apps.get_model("tickets", "TicketCategory")
    for code, name, specializations in CATEGORIES:
        TicketCategory.objects.get_or_create(
            code=code,
            deleted_at=None,
            defaults={
                "name": name,
                "specialization_codes": specializations,
                "auto_assign": bool(specializations),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial"), ("residents", "0002_seed_specializations")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
