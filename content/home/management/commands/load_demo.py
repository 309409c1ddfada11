"""Build the demo site: ``manage.py load_demo``. Idempotent; shows progress.

Each content app owns its demo data in ``content/<app>/demo.py`` with a
``load(log)`` function; this command runs them in dependency order inside one
transaction, so a failure leaves the database as it was.
"""

import importlib
import time

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_STEPS = [
    ("content.reference.demo", "基础数据（区划、人群、机构、专家）"),
    ("content.home.demo", "首页与站点设置"),
    ("content.directory.demo", "服务目录"),
    ("content.articles.demo", "科普文章"),
    ("content.events.demo", "活动与参与人次"),
    ("content.selfcheck.demo", "心理自评量表"),
    ("content.home.demo_navigation", "主导航"),
    ("content.home.demo_users", "演示账号"),
]


class Command(BaseCommand):
    help = "Load the demo content (idempotent): reference data, home, directory, articles, events, users."

    def handle(self, *args, **options):
        total = len(DEMO_STEPS)
        started = time.monotonic()
        with transaction.atomic():
            for number, (module_path, label) in enumerate(DEMO_STEPS, start=1):
                self.stdout.write(f"[{number}/{total}] {label} …")
                module = importlib.import_module(module_path)
                module.load(lambda message: self.stdout.write(f"      {message}"))
        self.stdout.write(self.style.SUCCESS(f"演示内容已就绪（{time.monotonic() - started:.1f} 秒）。"))
