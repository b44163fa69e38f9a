"""`make run`: migrate, seed the demo company and first super admin, run web + job worker."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from shared_apps.platform.demo import DEMO_PLUMBER_EMAIL
from shared_apps.platform.services import DEMO_RESIDENT_EMAIL, demo_company_ensure, platform_superadmin_ensure
from tenants.migrate import migrate_all
from tenants.services import company_domain_name


class Command(BaseCommand):
    help = "Run the product locally: web server and job worker together until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default=os.environ.get("DEV_ADDR", "127.0.0.1:8000"))

    def handle(self, *args, addr, **options):
        self.stdout.write("Migrating…")
        migrate_all(verbosity=0)
        demo = demo_company_ensure()
        admin = platform_superadmin_ensure(email=settings.SUPERADMIN_EMAIL)
        port = addr.rsplit(":", 1)[-1]
        self.stdout.write(self.style.SUCCESS("\nservai is starting"))
        self.stdout.write(f"  platform admin : http://{settings.BASE_DOMAIN}:{port}/admin/")
        self.stdout.write(
            f"  demo company   : http://{company_domain_name(demo.company.schema_name)}:{port}/admin/"
        )
        self.stdout.write(f"  health         : http://{settings.BASE_DOMAIN}:{port}/ready")
        if admin.password:
            self.stdout.write(
                self.style.WARNING(
                    f"  super admin    : {admin.user.email} / {admin.password}   (shown once — note it now)"
                )
            )
        else:
            self.stdout.write(f"  super admin    : {admin.user.email} (password shown on the first run)")
        database = "embedded PostgreSQL in var/pg" if settings.EMBEDDED_DATABASE else "DATABASE_URL"
        self.stdout.write(f"  database       : {database}")
        self.stdout.write(f"  jobs           : {'Redis' if settings.REDIS_URL else 'SQLite file in var/'}\n")
        commands = [
            [sys.executable, "manage.py", "runserver", addr],
            [sys.executable, "manage.py", "run_huey"],
        ]
        if settings.TELEGRAM_BOT_TOKEN:
            # A real bot: receive by long polling, deliver through the paced sender.
            commands += [[sys.executable, "manage.py", "runbot"], [sys.executable, "manage.py", "runsender"]]
            self.stdout.write("  telegram       : polling + sender")
        else:
            self.stdout.write(
                f"  assistant      : .venv/bin/python manage.py chat --company {demo.company.schema_name} "
                f"--as {DEMO_RESIDENT_EMAIL}   (staff: --as {DEMO_PLUMBER_EMAIL})"
            )
        self._run_together(*commands)

    def _run_together(self, *commands):
        """Runs the commands until one exits or we get Ctrl-C / SIGTERM, then stops them all."""
        stop = []
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.append(True))
        processes = [subprocess.Popen(command) for command in commands]  # noqa: S603
        try:
            while not stop and all(process.poll() is None for process in processes):
                time.sleep(0.3)
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGINT)
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
            self.stdout.write("servai stopped.")
