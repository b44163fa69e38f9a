from django.core.management.base import BaseCommand

from tenants.migrate import migrate_all


class Command(BaseCommand):
    help = "Migrate public, the company template and every company schema, under an advisory lock."

    def add_arguments(self, parser):
        parser.add_argument(
            "--executor",
            choices=["standard", "multiprocessing"],
            help="How company schemas are migrated (default: TENANT_MIGRATION_EXECUTOR).",
        )

    def handle(self, *args, executor=None, verbosity=1, **options):
        result = migrate_all(executor=executor, verbosity=max(0, verbosity - 1), stdout=self.stdout)
        if result["migrated"]:
            self.stdout.write(self.style.SUCCESS(f"Migrated {len(result['migrated'])} schema(s)."))
        else:
            self.stdout.write(f"Nothing to migrate (waited {result['waited_seconds']:.1f}s for the lock).")
