"""manage.py import_events FILE.csv|FILE.xlsx — events and attendance, all or nothing."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from content.events.importing import write_records
from content.events.models import EventIndexPage
from content.events.spreadsheet import read_file
from content.reference.spreadsheet_import import ImportRejected


class Command(BaseCommand):
    help = "从 CSV/XLSX 表格导入活动及参与人次（一行一场）。任何一行有错就不写入，并列出每处错误。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--user", help="以此用户的身份导入（记入修订历史）；活动组织者只能导入本机构的活动。不填则不限机构。"
        )
        parser.add_argument("--draft", action="store_true", help="新活动保存为草稿（默认直接发布）")
        parser.add_argument("--index", type=int, help="活动列表页的 ID（站点上有多个活动列表页时必填）")

    def handle(self, file, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"找不到文件：{path}")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"找不到用户：{options['user']}")
        indexes = EventIndexPage.objects.all()
        if options["index"]:
            indexes = indexes.filter(pk=options["index"])
        if indexes.count() != 1:
            raise CommandError("请用 --index 指定活动列表页的 ID。" if indexes.exists() else "找不到活动列表页。")
        verbose = options["verbosity"] > 0
        try:
            with tqdm(desc="检查", unit="行", disable=not verbose, mininterval=1.0, file=self.stderr) as bar:
                records, encoding = read_file(path, user or _Unscoped(), progress=bar.update)
            with tqdm(total=len(records), desc="写入", unit="行", disable=not verbose, mininterval=1.0,
                      file=self.stderr) as bar:  # fmt: skip
                result = write_records(
                    records, user=user, index_page=indexes.get(), publish=not options["draft"], progress=bar.update
                )
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(str(exc))
        if verbose:
            read_as = f"（按 {encoding} 编码读取）" if encoding else ""
            self.stdout.write(
                self.style.SUCCESS(
                    f"导入完成：新增 {result.created}，更新 {result.updated}，没有变化 {result.unchanged}；"
                    f"参与人次记录 {result.reports} 条。{read_as}"
                )
            )


class _Unscoped:
    """The command line without --user: every organization (like an administrator)."""

    is_authenticated = True
    is_active = True

    def has_perm(self, perm, obj=None):
        return True
