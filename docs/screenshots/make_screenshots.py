"""Screenshots of the demo site for the docs and the README.

    .venv/bin/python docs/screenshots/make_screenshots.py [--only home,article] [--port 8161]

Builds the demo site in a temporary directory and serves it with gunicorn (the same
server the browser tests use: tests/e2e/fixtures.demo_server), opens each page in
Debian's chromium at 360×800 in both modes (standard and 长辈模式) and the home page
and month view at 1280 px too, the print pages (poster, entry) also as printed on A4
(print media, 794×1123 px = A4 at 96 dpi), and writes PNGs to docs/screenshots/. The README's two
images (docs/images/) are copied from the home page and the elder-mode article.

A page that is missing from the demo or does not answer 200 is reported as FAILED and
the script exits with status 1 after taking every other shot; nothing is skipped silently.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.e2e.fixtures import CHROMIUM, CHROMIUM_ARGS, demo_server  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
README_IMAGES = ROOT / "docs" / "images"

#: (file name, page type in tests/e2e/pages.py or a site path, what it shows)
SHOTS = [
    ("home", "home", "首页"),
    ("article", "article", "科普文章"),
    ("directory", "directory home", "服务目录列表"),
    ("directory-entry", "local service detail", "服务目录条目（社区心理咨询室）"),
    ("hotline-entry", "hotline entry", "热线条目"),
    ("search", "search", "搜索结果"),
    ("events-month", "events month", "活动月历"),
    # print to phone (issue 17 point 9): the hotline poster and an entry's A4 page
    ("poster", "/fuwu/rexian/haibao/", "可打印的热线海报"),
    ("entry-print", "service print", "可打印的服务点页面"),
]
WIDE = {"home", "events-month"}
#: also shot as printed: print media on an A4 sheet (standard mode)
PRINTED = {"poster", "entry-print"}
A4 = (794, 1123)
MODES = ("standard", "elder")
#: print.css's @page margin: a screenshot does not apply @page, so the A4 shots add it
#: themselves and show the sheet as it comes out of the printer.
PAGE_MARGIN = "14mm 16mm"
#: The host printed under the QR code (what a real site sets; never the demo's 127.0.0.1).
SHOWN_HOST = "https://xinli.example.gov.cn"
README_COPIES = {("home", "standard", 360): "home-phone.png", ("article", "elder", 360): "article-elder.png"}


SCROLL_THROUGH = """async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 600) {
        window.scrollTo(0, y);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    window.scrollTo(0, 0);
}"""


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - our own http://127.0.0.1
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated file names, e.g. home,article")
    parser.add_argument("--port", type=int, default=None, help="port for the demo server (default: any free one)")
    args = parser.parse_args()
    wanted = set(args.only.split(",")) if args.only else None
    shots = [shot for shot in SHOTS if wanted is None or shot[0] in wanted]
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        print("chromium is missing: apt-get install chromium (no browser is downloaded)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    failed: list[str] = []
    started = time.monotonic()
    os.environ.setdefault("PUBLIC_BASE_URL", SHOWN_HOST)
    print("building the demo site and starting the server …", flush=True)
    with demo_server(port=args.port) as server, sync_playwright() as playwright:
        print(f"  server at {server.base_url} ({time.monotonic() - started:.0f} s)", flush=True)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        jobs = [
            (name, target, label, mode, width)
            for name, target, label in shots
            for mode in MODES
            for width in ((360, 1280) if name in WIDE else (360,))
        ]
        jobs += [(name, target, label, "print", A4[0]) for name, target, label in shots if name in PRINTED]
        for number, (name, target, label, mode, width) in enumerate(jobs, 1):
            prefix = f"[{number}/{len(jobs)}] {name} {mode} {width}px"
            path = target if target.startswith("/") else server.pages.get(target, {}).get("url")
            if not path:
                reason = server.pages.get(target, {}).get("reason") or "unknown page type"
                failed.append(f"{name} ({label}): {reason}")
                print(f"{prefix}: FAILED — {reason}", flush=True)
                continue
            url = server.base_url + quote(path, safe="/?=&%")
            status = status_of(url)
            if status != 200:
                failed.append(f"{name} ({label}): {path} answered {status}")
                print(f"{prefix}: FAILED — {path} answered {status}", flush=True)
                continue
            height = A4[1] if mode == "print" else 800
            context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
            if mode == "elder":
                context.add_cookies([{"name": "anxin_mode", "value": "elder", "url": server.base_url}])
            page = context.new_page()
            page.goto(url, wait_until="networkidle")
            if mode == "print":
                page.emulate_media(media="print")
                page.evaluate("(margin) => { document.documentElement.style.padding = margin; }", PAGE_MARGIN)
            # lazy images below the fold: scroll through once so a full-page shot shows them
            page.evaluate(SCROLL_THROUGH)
            page.wait_for_load_state("networkidle")
            file = OUT / (f"{name}-print-a4.png" if mode == "print" else f"{name}-{mode}-{width}.png")
            page.screenshot(path=str(file), full_page=width == 360 and name != "home", animations="disabled")
            context.close()
            print(f"{prefix}: {file.relative_to(ROOT)}", flush=True)
            readme = README_COPIES.get((name, mode, width))
            if readme:
                shutil.copyfile(file, README_IMAGES / readme)
        browser.close()
    print(f"done in {time.monotonic() - started:.0f} s")
    if failed:
        print("FAILED pages:", file=sys.stderr)
        for line in failed:
            print(f"  {line}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
