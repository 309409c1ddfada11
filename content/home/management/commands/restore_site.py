from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.home.backup import BackupError, restore


class Command(BaseCommand):
    help = "从 backup_site 生成的备份恢复数据库、媒体文件和搜索索引（会覆盖现有数据；SQLite 请先停止应用服务）。"

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path)
        parser.add_argument("--yes", action="store_true", help="确认覆盖现有数据。")

    def handle(self, *args, **options):
        if not options["yes"]:
            raise CommandError("恢复会覆盖现有数据库和媒体文件；确认请加 --yes。")
        try:
            restore(options["backup"], log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("恢复完成。"))
