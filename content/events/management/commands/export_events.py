"""manage.py export_events FROM TO FILE.csv|FILE.xlsx — a date range in the import format."""

from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from content.events.management.commands.import_events import _Unscoped
from content.events.spreadsheet import export_queryset, export_rows, rows_csv, rows_xlsx


class Command(BaseCommand):
    help = "导出日期范围内（北京时间，含首尾两天）开始的活动及参与人次，格式与导入模板相同。"

    def add_arguments(self, parser):
        parser.add_argument("date_from", help="YYYY-MM-DD")
        parser.add_argument("date_to", help="YYYY-MM-DD")
        parser.add_argument("file", help=".csv 或 .xlsx")
        parser.add_argument("--user", help="只导出此用户可见的活动（活动组织者：本机构）")

    def handle(self, date_from, date_to, file, **options):
        try:
            first, last = date.fromisoformat(date_from), date.fromisoformat(date_to)
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD。")
        if last < first:
            raise CommandError("结束日期不能早于开始日期。")
        user = _Unscoped()
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"找不到用户：{options['user']}")
        path = Path(file)
        if path.suffix.lower() not in {".csv", ".xlsx"}:
            raise CommandError("只支持 .csv 和 .xlsx 文件。")
        rows = export_rows(export_queryset(user, first, last))
        path.write_bytes(rows_csv(rows) if path.suffix.lower() == ".csv" else rows_xlsx(rows, "活动汇总表"))
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"已导出到 {path}"))
