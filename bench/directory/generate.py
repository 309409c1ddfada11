"""Generate a national-scale directory: ~600,000 synthetic villages and 500,000 service points.

    .venv/bin/python bench/directory/generate.py [--count 500000]

bulk_create in batches with a progress bar (works without a TTY). Synthetic area codes
follow the real 12-digit shape (31 provinces × 10 cities × 10 counties × 13 townships ×
15 villages); every generated row is marked illustrative.
"""

import argparse
import random
import sys
import time as clock
import uuid
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.directory.common import setup


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=500_000)
    parser.add_argument("--batch", type=int, default=5_000)
    args = parser.parse_args()
    url = setup()

    from django.core.management import call_command
    from django.db import connection, transaction
    from tqdm import tqdm

    from content.directory.models import OpeningHours, ServicePoint, ServicePointPhone
    from content.reference.models import AdminArea, Audience

    print(f"database: {url}")
    started = clock.monotonic()
    call_command("migrate", verbosity=0)
    for slug, name in [("public", "公众"), ("elders", "老年人"), ("parents", "家长"), ("workers", "职场人群")]:
        Audience.objects.get_or_create(slug=slug, defaults={"name": name})
    audience_ids = list(Audience.objects.values_list("id", flat=True))

    villages: list[str] = []
    if not AdminArea.objects.filter(level=5).exists():
        rows = []
        for p in range(11, 42):
            pc = f"{p:02d}"
            rows.append(AdminArea(code=pc.ljust(12, "0"), name=f"省{pc}", level=1, prefix=pc))
            for c in range(1, 11):
                cc = f"{pc}{c:02d}"
                rows.append(
                    AdminArea(code=cc.ljust(12, "0"), name=f"市{cc}", level=2, prefix=cc, parent_id=pc.ljust(12, "0"))
                )
                for k in range(1, 11):
                    kc = f"{cc}{k:02d}"
                    rows.append(
                        AdminArea(
                            code=kc.ljust(12, "0"), name=f"县{kc}", level=3, prefix=kc, parent_id=cc.ljust(12, "0")
                        )
                    )
                    for t in range(1, 14):
                        tc = f"{kc}{t:03d}"
                        rows.append(
                            AdminArea(code=tc + "000", name=f"镇{tc}", level=4, prefix=tc, parent_id=kc.ljust(12, "0"))
                        )
                        for v in range(201, 216):
                            vc = f"{tc}{v:03d}"
                            rows.append(AdminArea(code=vc, name=f"村{vc}", level=5, prefix=vc, parent_id=tc + "000"))
        with transaction.atomic():
            for start in tqdm(range(0, len(rows), 20_000), desc="areas", mininterval=2, file=sys.stdout):
                AdminArea.objects.bulk_create(rows[start : start + 20_000], ignore_conflicts=True)
    villages = list(AdminArea.objects.filter(level=5).values_list("code", flat=True))
    print(f"villages: {len(villages):,}")

    existing = ServicePoint.objects.count()
    todo = max(0, args.count - existing)
    rng = random.Random(20251010 + existing)
    kinds = ["consultation_room"] * 85 + ["community_station"] * 6 + ["school_counselling"] * 4 + [
        "hospital_clinic", "specialist_clinic", "workplace_station", "minor_protection", "mental_health_centre",
    ]  # fmt: skip
    # SQLite's driver takes TimeField values as text, psycopg as datetime.time.
    opening = ["09:00:00", "17:00:00"] if connection.vendor == "sqlite" else [time(9, 0), time(17, 0)]
    sp_table = ServicePoint._meta.db_table
    phone_table = ServicePointPhone._meta.db_table
    hours_table = OpeningHours._meta.db_table
    through_table = ServicePoint.audiences.through._meta.db_table
    with tqdm(total=todo, desc="service points", unit="rows", mininterval=2, file=sys.stdout) as bar:
        while todo > 0:
            n = min(args.batch, todo)
            points = []
            for _ in range(n):
                code = rng.choice(villages)
                status = "active" if rng.random() < 0.96 else rng.choice(["temporarily closed", "defunct"])
                points.append(
                    ServicePoint(
                        uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
                        name=f"村{code}心理咨询室",
                        kind=rng.choice(kinds),
                        area_id=code,
                        area_code=code,
                        address=f"示例地址 {code}",
                        latitude=Decimal(f"{rng.uniform(18, 50):.6f}"),
                        longitude=Decimal(f"{rng.uniform(75, 130):.6f}"),
                        is_24_7=rng.random() < 0.02,
                        status=status,
                        live=True,
                        is_public=status != "defunct",
                        last_verified=date(2025, 10, 10) - timedelta(days=rng.randrange(0, 720)),
                        is_illustrative=True,
                    )
                )
            with transaction.atomic():
                ServicePoint.objects.bulk_create(points, batch_size=1000)
                # Children in the database, one INSERT … SELECT each (much faster than ORM objects).
                low, high = min(p.pk for p in points), max(p.pk for p in points)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"INSERT INTO {phone_table} (sort_order, service_point_id, label, number) "
                        f"SELECT 0, id, %s, %s FROM {sp_table} WHERE id BETWEEN %s AND %s",
                        ["预约电话", "021-59990000", low, high],
                    )
                    days = " UNION ALL ".join(f"SELECT {d} AS weekday" for d in range(5))
                    cursor.execute(
                        f"INSERT INTO {hours_table} (service_point_id, weekday, opens, closes) "
                        f"SELECT sp.id, d.weekday, %s, %s FROM {sp_table} sp CROSS JOIN ({days}) d "
                        f"WHERE sp.id BETWEEN %s AND %s",
                        [*opening, low, high],
                    )
                    cursor.execute(
                        f"INSERT INTO {through_table} (servicepoint_id, audience_id) "
                        f"SELECT id, %s FROM {sp_table} WHERE id BETWEEN %s AND %s",
                        [rng.choice(audience_ids), low, high],
                    )
            todo -= n
            bar.update(n)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"service points: {ServicePoint.objects.count():,} in {clock.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
