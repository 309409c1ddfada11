"""Reading the counts: per page (last 30 days, total), per kind over a date range."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, Sum

from . import counting
from .models import CountedKind, PageViewDay

RECENT_DAYS = 30


@dataclass(frozen=True)
class Views:
    recent: int  # the last RECENT_DAYS Asia/Shanghai days, today included
    total: int


def recent_start(today: datetime.date | None = None) -> datetime.date:
    return (today or counting.today()) - datetime.timedelta(days=RECENT_DAYS - 1)


def views_of(kind: str, object_id: int) -> Views:
    figures = PageViewDay.objects.filter(kind=kind, object_id=object_id).aggregate(
        recent=Sum("views", filter=Q(day__gte=recent_start()), default=0), total=Sum("views", default=0)
    )
    return Views(recent=figures["recent"], total=figures["total"])


def views_in_range(kind: str, date_from: datetime.date, date_to: datetime.date) -> int:
    """Page views of ``kind`` on the Asia/Shanghai days from ``date_from`` to ``date_to``."""
    return PageViewDay.objects.filter(kind=kind, day__gte=date_from, day__lte=date_to).aggregate(
        views=Sum("views", default=0)
    )["views"]


def article_views_in_range(date_from: datetime.date, date_to: datetime.date) -> int:
    return views_in_range(CountedKind.ARTICLE, date_from, date_to)


def ranking(kind: str) -> list[dict]:
    """Every counted object of ``kind``: its id, views in the last 30 days and in total,
    most read in the last 30 days first."""
    rows = (
        PageViewDay.objects.filter(kind=kind)
        .values("object_id")
        .annotate(recent=Sum("views", filter=Q(day__gte=recent_start()), default=0), total=Sum("views"))
        .order_by("-recent", "-total", "object_id")
    )
    return list(rows)
