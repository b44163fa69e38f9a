from django.conf import settings
from django.core.management.base import BaseCommand

from shared_apps.platform.services import demo_company_ensure, platform_superadmin_ensure


class Command(BaseCommand):
    help = "Create the demo company and, when the platform has none, a super admin. Safe to re-run."

    def handle(self, *args, **options):
        demo = demo_company_ensure()
        admin = platform_superadmin_ensure(email=settings.SUPERADMIN_EMAIL)
        self.stdout.write(
            f"demo company: {demo.company.schema_name} ({'created' if demo.created else 'exists'})"
        )
        if admin.password:
            self.stdout.write(f"super admin: {admin.user.email} / {admin.password} (shown once)")
