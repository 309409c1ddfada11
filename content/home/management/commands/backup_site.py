from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.home.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库、媒体文件和搜索索引到 DIR/anxin-backup-<时间>/（运行中也可以备份）。"

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, **options):
        try:
            target = backup(options["directory"], log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"备份完成：{target}"))
