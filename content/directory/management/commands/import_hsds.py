"""manage.py import_hsds FILE — read HSDS 3.0 compiled services (a list, or a page with contents)."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from content.directory.hsds import import_hsds, load_records_file
from content.directory.importing import ImportRejected


class Command(BaseCommand):
    help = "导入 HSDS 3.0 服务对象（JSON 列表或带 contents 的列表响应）。全部正确才写入；同一文件重复导入只更新不重复。"

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, file, **options):
        try:
            objects = load_records_file(file)
            with tqdm(total=len(objects), unit="条", disable=options["verbosity"] == 0, file=self.stderr) as bar:
                result = import_hsds(objects, progress=bar.update)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(str(exc))
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(f"提醒：{warning}"))
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"导入完成：新增 {result.created}，更新 {result.updated}。"))
