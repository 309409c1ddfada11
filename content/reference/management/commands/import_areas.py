from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from content.reference.areas import AreaImportError, import_areas


class Command(BaseCommand):
    help = "Import statistical division codes from a CSV file with columns code,name (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("csv_file", type=Path)

    def handle(self, *args, csv_file: Path, **options):
        if not csv_file.exists():
            raise CommandError(f"文件不存在：{csv_file}")
        bar = tqdm(total=0, unit="区划", file=self.stderr._out, disable=options["verbosity"] == 0)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            with csv_file.open(encoding="utf-8-sig", newline="") as fh:
                created, updated = import_areas(fh, progress=progress)
        except AreaImportError as exc:
            raise CommandError("导入失败，未写入任何数据：\n" + str(exc))
        except UnicodeDecodeError:
            raise CommandError("导入失败：文件必须是 UTF-8 编码的 CSV。")
        finally:
            bar.close()
        self.stdout.write(self.style.SUCCESS(f"区划导入完成：新增 {created}，更新 {updated}。"))
