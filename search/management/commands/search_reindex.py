"""Rebuild a search index from every registered document provider.

    manage.py search_reindex                      # the SEARCH_ENGINE (and embedded)
    manage.py search_reindex --engine embedded
    manage.py search_reindex --engine elasticsearch

Progress goes to stderr: a live bar on a terminal, a line every few seconds otherwise
(CI logs).
"""

from __future__ import annotations

import os
import sys
import time
from itertools import chain

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from anxin.cache import pages as page_cache
from search.engines.loading import ALIASES, alias_of, get_engine
from search.registry import clear_label_cache, providers


class Command(BaseCommand):
    # the repair command for what the search checks report: don't warn about it before running
    requires_system_checks = []
    help = "重建搜索索引（从所有已注册的内容提供者读取公开内容）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--engine",
            help=(
                f"要重建的引擎（{'、'.join(ALIASES)} 或类的完整路径）；默认是 SEARCH_ENGINE"
                "（它有备用引擎时先重建备用索引，例如 elasticsearch 的 embedded）。"
            ),
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=min(4, os.cpu_count() or 1),
            help="分词用的进程数（embedded、postgres；默认为 CPU 核数，最多 4）。",
        )
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条。")

    def handle(self, *args, **options):
        names = [options["engine"]] if options["engine"] else self._default_engines()
        registered = providers()
        if not registered:
            self.stderr.write(self.style.WARNING("没有注册任何内容提供者；索引将被清空。"))
        for name in names:
            engine = get_engine(name)
            total = self._count(registered)
            clear_label_cache()
            docs = chain.from_iterable(provider() for provider in registered.values())
            stream = getattr(self.stderr, "_out", sys.stderr)
            tty = hasattr(stream, "isatty") and stream.isatty()
            bar = tqdm(
                total=total,
                desc=f"search_reindex {name}",
                unit="doc",
                file=stream,
                disable=options["no_progress"],
                mininterval=0.2 if tty else 5.0,
                ascii=not tty,
                dynamic_ncols=tty,
            )
            started = time.perf_counter()
            try:
                count = engine.rebuild(docs, progress=bar.update, workers=options["workers"])
            except Exception as exc:
                raise CommandError(f"重建 {name} 索引失败：{exc}") from exc
            finally:
                bar.close()
            elapsed = time.perf_counter() - started
            rate = count / elapsed if elapsed > 0 else 0.0
            self.stdout.write(
                self.style.SUCCESS(f"{name}: 已索引 {count} 个文档，用时 {elapsed:.1f} 秒（{rate:.0f} 个/秒）。")
            )
        page_cache.changed()  # cached search pages (in every process) show the new index

    @staticmethod
    def _default_engines() -> list[str]:
        return [alias_of(type(engine)) for engine in get_engine().writers()]

    @staticmethod
    def _count(registered) -> int | None:
        """Best-effort total for the bar: providers may offer ``count()`` (as an attribute)."""
        total = 0
        for provider in registered.values():
            counter = getattr(provider, "count", None)
            if not callable(counter):
                return None
            try:
                total += int(counter())
            except Exception:
                return None
        return total
