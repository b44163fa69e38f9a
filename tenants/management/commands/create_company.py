from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants.services import company_create


class Command(BaseCommand):
    help = "Create a company (schema, domain, optional director). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True, help="Schema name and subdomain, e.g. acme")
        parser.add_argument("--director-email")
        parser.add_argument("--currency")
        parser.add_argument("--country")
        parser.add_argument("--language", dest="default_language")
        parser.add_argument("--time-zone", dest="time_zone")

    def handle(self, *args, name, slug, director_email=None, **options):
        profile = {
            key: options[key]
            for key in ("currency", "country", "default_language", "time_zone")
            if options.get(key)
        }
        try:
            result = company_create(name=name, slug=slug, director_email=director_email, **profile)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        domain = result.company.get_primary_domain()
        verb = "Created" if result.created else "Already exists:"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {result.company.name} ({slug}) at {domain} — schema {result.schema}")
        )
