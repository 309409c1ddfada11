"""Video links that may be embedded: recognised hosts only, no oEmbed call.

The page never loads a third-party player by itself (no request to another host
until the reader asks): it shows a link, and site.js swaps in the player iframe
only when the reader presses "play". Only hosts listed here are accepted; the CSP
allows exactly their player hosts in ``frame-src``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse


@dataclass(frozen=True)
class VideoSource:
    host_name: str  # shown to the reader
    watch_url: str
    player_url: str


_BILIBILI = re.compile(r"/video/(BV[0-9A-Za-z]{10})")
_QQ = re.compile(r"/x/(?:page|cover/[0-9A-Za-z]+)/([0-9A-Za-z]{11})\.html")
_YOUKU = re.compile(r"/v_show/id_([0-9A-Za-z=]+)\.html")


def parse_video_url(url: str) -> VideoSource | None:
    """Return the embeddable source for a supported video page URL, else None."""
    try:
        parsed = urlparse((url or "").strip())
    except ValueError:
        return None
    if parsed.scheme not in ("http", "https"):
        return None
    host = (parsed.hostname or "").lower()
    if host in ("www.bilibili.com", "bilibili.com", "m.bilibili.com"):
        match = _BILIBILI.search(parsed.path)
        if match:
            bvid = match.group(1)
            page = parse_qs(parsed.query).get("p", ["1"])[0]
            page = page if page.isdigit() else "1"
            return VideoSource(
                "哔哩哔哩",
                f"https://www.bilibili.com/video/{bvid}",
                f"https://player.bilibili.com/player.html?bvid={bvid}&page={page}&autoplay=0",
            )
    if host == "v.qq.com":
        match = _QQ.search(parsed.path)
        if match:
            vid = match.group(1)
            return VideoSource(
                "腾讯视频", f"https://v.qq.com/x/page/{vid}.html", f"https://v.qq.com/txp/iframe/player.html?vid={vid}"
            )
    if host in ("v.youku.com",):
        match = _YOUKU.search(parsed.path)
        if match:
            vid = match.group(1)
            return VideoSource(
                "优酷", f"https://v.youku.com/v_show/id_{vid}.html", f"https://player.youku.com/embed/{vid}"
            )
    return None


SUPPORTED_HOSTS_HELP = (
    "支持哔哩哔哩（bilibili.com/video/BV…）、腾讯视频（v.qq.com）和优酷（v.youku.com）的视频页面地址。"
)
