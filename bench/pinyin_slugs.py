"""How long a pinyin slug takes (content/reference/slugs.py): the event importer makes one
per new row, the page form one per save of a never-published page.

    DJANGO_SETTINGS_MODULE=anxin.settings.test .venv/bin/python bench/pinyin_slugs.py 5000
"""

from __future__ import annotations

import sys
import time

import django
from tqdm import tqdm


def main(count: int) -> None:
    django.setup()
    from content.reference.slugs import pinyin_slug

    pinyin_slug("预热")  # loads the segmenter's dictionary (once per process)
    titles = [f"心理健康讲座 第{n}场：冬季抑郁与睡眠" for n in range(count)]
    started = time.perf_counter()
    for title in tqdm(titles, desc="slugs", unit="title"):
        pinyin_slug(title)
    seconds = time.perf_counter() - started
    print(f"{count} titles in {seconds:.2f} s: {seconds / count * 1e6:.0f} µs a title; e.g. {pinyin_slug(titles[7])}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
