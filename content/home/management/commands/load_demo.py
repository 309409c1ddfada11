"""Build the demo site: ``manage.py load_demo``. Idempotent; shows progress.

Running it again creates what is missing and never changes what exists: an article,
directory entry, setting, audience, organization, area or account that an editor changed
keeps the editor's version. A demo object that was deleted is created again (delete the
demo content you do not want only if you will not run load_demo again, or unpublish it).

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
    help = (
        "加载演示内容（可重复运行）：只创建缺少的内容，已有内容（包括编辑改过的文章、服务点、热线设置、"
        "人群、机构、区划和账号）一律保持不变；被删除的演示内容会重新创建。"
        " / Load the demo content: a re-run creates what is missing and never overwrites what exists "
        "(editors' changes are kept); demo objects that were deleted are created again."
    )

    def handle(self, *args, **options):
        total = len(DEMO_STEPS)
        started = time.monotonic()
        with transaction.atomic():
            for number, (module_path, label) in enumerate(DEMO_STEPS, start=1):
                self.stdout.write(f"[{number}/{total}] {label} …")
                module = importlib.import_module(module_path)
                module.load(lambda message: self.stdout.write(f"      {message}"))
        self.stdout.write(self.style.SUCCESS(f"演示内容已就绪（{time.monotonic() - started:.1f} 秒）。"))
