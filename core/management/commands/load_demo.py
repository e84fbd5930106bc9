import importlib
import time

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from core.demo import loaders


class Command(BaseCommand):
    help = "Load the demo data of every app (idempotent). Prints the demo logins at the end."

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", help="run only these loaders (by name)")
        parser.add_argument("--force", action="store_true", help="load even with DEBUG off (creates known passwords)")

    def handle(self, *args, only=None, force=False, **options):
        from django.conf import settings
        from django.core.management.base import CommandError

        if not settings.DEBUG and not force:
            raise CommandError("load_demo creates accounts with known passwords: refused with DEBUG off (use --force).")
        # Import each app's demo module so its loaders register themselves.
        for config in apps.get_app_configs():
            try:
                importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
        context: dict = {"logins": []}
        for _order, name, fn in loaders():
            if only and name not in only:
                continue
            started = time.perf_counter()
            # Demo deals notify demo users; keep those emails out of the terminal.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
                fn(context, self.stdout)
            self.stdout.write(f"  {name}: {time.perf_counter() - started:.1f}s")
        if context["logins"]:
            self.stdout.write(self.style.SUCCESS("演示账号 / demo logins:"))
            for role, login, password in context["logins"]:
                self.stdout.write(f"  {role}: {login} / {password}")
