"""Build the e2e server's database: migrate, load the demo, list the page URLs.

``DJANGO_SETTINGS_MODULE=tests.e2e.settings E2E_DB=… python -m tests.e2e.bootstrap OUT.json``

The demo loaders are the ones ``manage.py load_demo`` runs; a loader whose module
does not exist yet (an app still being written) is skipped and reported, any other
failure stops the run.
"""

import importlib
import json
import sys

import django


def main(out_path: str) -> None:
    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from content.home.management.commands.load_demo import DEMO_STEPS
    from tests.e2e.pages import resolve_all

    call_command("migrate", verbosity=0, interactive=False)
    _free_the_home_slug()
    skipped = []
    with transaction.atomic():
        for module_path, label in DEMO_STEPS:
            if module_path.endswith("demo_users"):
                continue  # accounts are not needed for public pages
            try:
                module = importlib.import_module(module_path)
            except ModuleNotFoundError as error:
                if error.name and module_path.startswith(error.name):
                    skipped.append(module_path)
                    continue
                raise
            print(f"e2e demo: {label}", file=sys.stderr)
            module.load(lambda message: print(f"    {message}", file=sys.stderr))
    call_command("search_reindex", "--no-progress", "--workers", "1", verbosity=0)
    pages = resolve_all()
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump({"pages": pages, "skipped_demos": skipped}, handle, ensure_ascii=False, indent=1)


def _free_the_home_slug() -> None:
    """Wagtail's placeholder page (from its migrations) already has the slug "home",
    which content.home.demo also wants on a fresh database."""
    from wagtail.models import Page

    Page.objects.filter(depth=2, slug="home", content_type__app_label="wagtailcore").update(slug="wagtail-welcome")


if __name__ == "__main__":
    main(sys.argv[1])
