"""manage.py export_hsds OUTDIR — the directory as HSDS 3.0 compiled service objects."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from tqdm import tqdm

from content.directory.hsds import export_queryset, taxonomy_terms, write_export


class Command(BaseCommand):
    help = "把服务目录导出为 HSDS 3.0 JSON（services.json：编译后的 service 对象列表；taxonomy_terms.json）。"

    def add_arguments(self, parser):
        parser.add_argument("outdir")
        parser.add_argument(
            "--include-defunct", action="store_true", help="连同已撤销的服务点一起导出（不对公众发布）。"
        )

    def handle(self, outdir, include_defunct=False, **options):
        out = Path(outdir)
        out.mkdir(parents=True, exist_ok=True)
        qs = export_queryset(include_defunct=include_defunct)
        total = qs.count()
        with tqdm(total=total, unit="条", disable=options["verbosity"] == 0, mininterval=1.0, file=self.stderr) as bar:
            count = write_export(out / "services.json", qs, progress=bar.update)
        (out / "taxonomy_terms.json").write_text(
            json.dumps(taxonomy_terms(), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"已导出 {count} 个服务到 {out / 'services.json'}"))
