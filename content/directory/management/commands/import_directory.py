"""manage.py import_directory FILE.csv|FILE.xlsx — the spreadsheet import, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from content.directory.importing import ImportRejected
from content.directory.spreadsheet import import_file


class Command(BaseCommand):
    help = "从 CSV/XLSX 表格导入服务点（一行一个）。任何一行有错就不写入，并列出每处错误。"

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, file, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"找不到文件：{path}")
        try:
            with tqdm(unit="行", disable=options["verbosity"] == 0, mininterval=1.0, file=self.stderr) as bar:
                result = import_file(path, progress=bar.update)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(str(exc))
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(f"提醒：{warning}"))
        if options["verbosity"]:
            read_as = f"（按 {result.encoding} 编码读取）" if result.encoding else ""
            self.stdout.write(self.style.SUCCESS(f"导入完成：新增 {result.created}，更新 {result.updated}。{read_as}"))
