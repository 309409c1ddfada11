"""The deployments of docs/operations.md, served for real: gunicorn with several workers
and threads, the production settings, over HTTP as a browser behind a TLS proxy.

Two shapes, each prepared from scratch in a temporary directory:

- ``one-machine``: SQLite and no other server (no REDIS_URL): the cache is the SQLite
  file every worker shares.
- ``production-stack``: the machine's PostgreSQL and Redis (DATABASE_URL, REDIS_URL),
  as in site/compose.yaml.

On each: pages, search, the HSDS API and /healthz answer; a publish from another
process (``manage.py``) and a publish through the admin reach every worker within 2 s
(0 stale anonymous responses after that); 100 concurrent "report a mistake" posts
from one address get exactly 5 through; a browser's page views, counted in each worker's
memory, add up exactly once the workers write them (timer and exit), and nothing about
the reader is stored.
"""

from __future__ import annotations

import os
import secrets
import signal
import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest

from .stack import Client, Deployment

IN_CI = os.environ.get("CI") == "true"
POSTGRES_ADMIN_URL = os.environ.get("DEPLOY_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("DEPLOY_TEST_REDIS", "redis://127.0.0.1:6379/0")
VISIBLE_WITHIN = 2.0
pytestmark = pytest.mark.deploy
ARTICLE = "from content.articles.models import ArticlePage; p = ArticlePage.objects"


def _services_available() -> str:
    try:
        import psycopg
        import redis

        psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=3).close()
        redis.Redis.from_url(REDIS_URL, socket_timeout=3).ping()
    except Exception as error:
        return f"PostgreSQL at {POSTGRES_ADMIN_URL} or Redis at {REDIS_URL} not reachable: {error}"
    return ""


def _postgres(sql: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(sql)


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    return tmp_path_factory.mktemp("static")


@pytest.fixture(scope="module", params=["one-machine", "production-stack"])
def deployment(request, tmp_path_factory, static_root):
    database = ""
    options = {}
    if request.param == "production-stack":
        missing = _services_available()
        if missing:
            if IN_CI:
                pytest.fail(missing)
            pytest.skip(missing)
        database = f"anxin_deploy_{secrets.token_hex(4)}"
        _postgres(f"CREATE DATABASE {database}")
        options = {"database_url": POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + database, "redis_url": REDIS_URL}
    site = Deployment(tmp_path_factory.mktemp(request.param), workers=3, threads=2, **options)
    try:
        site.prepare(static_root)
        site.start()
        yield site
    finally:
        site.stop()
        site.remove()
        if database:
            _postgres(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def _article(site: Deployment) -> tuple[int, str]:
    out = site.shell(f"{ARTICLE}.live().order_by('pk').first(); print(p.pk, p.url)")
    pk, url = out.splitlines()[-1].split()
    return int(pk), url


def _fetch_many(site: Deployment, path: str, count: int) -> list[str]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        return [r.text for r in pool.map(lambda _: Client(site).get(path), range(count))]


def _wait_until_visible(site: Deployment, path: str, marker: str, started: float) -> float:
    """Seconds from ``started`` until an anonymous reader first sees ``marker``."""
    while time.monotonic() - started < 10:
        if marker in Client(site).get(path).text:
            return time.monotonic() - started
        time.sleep(0.05)
    return float("inf")


def _assert_every_worker_serves(site: Deployment, path: str, marker: str, changed_at: float) -> None:
    seen_after = _wait_until_visible(site, path, marker, changed_at)
    time.sleep(max(0.0, VISIBLE_WITHIN - (time.monotonic() - changed_at)))
    pages = _fetch_many(site, path, 60)
    stale = sum(marker not in page for page in pages)
    print(f"{site.var_dir.name}: first fresh after {seen_after:.3f} s; stale after {VISIBLE_WITHIN} s: {stale}/60")
    assert seen_after < VISIBLE_WITHIN
    assert stale == 0, f"{stale} of 60 anonymous responses still showed the old page {VISIBLE_WITHIN} s after"


def test_pages_search_api_and_health_answer(deployment):
    client = Client(deployment)
    assert len(deployment.worker_pids()) == 3
    health = client.get("/healthz")
    assert health.status == 200 and health.json()["status"] == "ok"
    home = client.get("/")
    assert home.status == 200 and "strict-transport-security" in home.headers
    _pk, article = _article(deployment)
    assert client.get(article).status == 200
    directory = client.get("/fuwu/")
    assert directory.status == 200 and "fuwu/" in directory.text
    found = client.get("/search/?q=%E5%A4%B1%E7%9C%A0")  # 失眠
    assert found.status == 200 and "失眠" in found.text
    api = client.get("/api/v1/search?q=%E7%83%AD%E7%BA%BF")  # 热线
    assert api.status == 200 and api.json()["results"]
    hsds = client.get("/api/hsds/services")
    assert hsds.status == 200 and hsds.json()["total_items"] > 0
    plain = Client(deployment).request("GET", "/", headers={"X-Forwarded-Proto": "http"})
    assert plain.status == 301 and plain.headers["location"].startswith("https://")


def test_publish_from_another_process_reaches_every_worker(deployment):
    pk, url = _article(deployment)
    _fetch_many(deployment, url, 40)  # every worker has read (and cached) the page
    title = f"发布检验{secrets.token_hex(3)}"
    deployment.shell(f"{ARTICLE}.get(pk={pk}); p.title = {title!r}; p.save_revision().publish()")
    _assert_every_worker_serves(deployment, url, title, time.monotonic())


def test_publish_through_the_admin_reaches_every_worker(deployment):
    pk, url = _article(deployment)
    _fetch_many(deployment, url, 40)
    title = f"后台发布{secrets.token_hex(3)}"
    deployment.shell(f"{ARTICLE}.get(pk={pk}); p.title = {title!r}; p.save_revision()")  # a draft, not live
    assert all(title not in page for page in _fetch_many(deployment, url, 10))
    admin = Client(deployment)
    admin.login("admin", deployment.admin_password)
    action = f"/admin/bulk/wagtailcore/page/publish/?id={pk}&next=/admin/"
    confirm = admin.get(action)
    assert confirm.status == 200, confirm.text[:500]
    published = admin.post(action, {"csrfmiddlewaretoken": Client.csrf_token(confirm.text)})
    changed_at = time.monotonic()
    assert published.status == 302, published.text[:500]
    _assert_every_worker_serves(deployment, url, title, changed_at)


def test_a_synonym_edit_reaches_every_worker(deployment):
    """An editor's synonym group (saved in another process) changes what every worker's
    search finds within 2 s: the dictionaries' generation and the cached search pages."""
    word = "眠眠难" + secrets.token_hex(2)
    path = "/search/?q=" + quote(word)
    insomnia = deployment.shell(f"{ARTICLE}.get(slug='insomnia-seven-tips'); print(p.url)").splitlines()[-1]
    link = f'href="{insomnia}"'
    assert all(link not in page for page in _fetch_many(deployment, path, 12))
    deployment.shell(f"from search.models import SynonymGroup; SynonymGroup.objects.create(terms='{word}，失眠')")
    _assert_every_worker_serves(deployment, path, link, time.monotonic())


def test_report_a_mistake_limit_is_exact_across_workers(deployment):
    out = deployment.shell(
        "from content.directory.models import ServicePoint;"
        " print(ServicePoint.objects.public().order_by('pk').first().pk)"
    )
    pk = int(out.splitlines()[-1])
    path = f"/fuwu/{pk}/jiucuo/"
    form = Client(deployment)
    token = Client.csrf_token(form.get(path).text)

    def post(_):
        client = Client(deployment)
        client.cookies = dict(form.cookies)
        return client.post(path, {"csrfmiddlewaretoken": token, "problem": "phone", "details": "电话打不通"}).status

    with ThreadPoolExecutor(max_workers=25) as pool:
        statuses = list(pool.map(post, range(100)))
    assert statuses.count(302) == 5, statuses
    assert statuses.count(429) == 95, statuses
    stored = deployment.shell(
        "from content.directory.models import CorrectionReport; print(CorrectionReport.objects.count())"
    )
    assert int(stored.splitlines()[-1]) == 5


def test_a_cache_hit_is_cheap(deployment):
    """Not a benchmark (bench/web/ is): a sanity bound that hits are served from the shared cache."""
    _pk, url = _article(deployment)
    client = Client(deployment)
    client.get(url)
    timings = []
    for _ in range(30):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.headers.get("x-anxin-cache") == "hit"
    print(f"{deployment.var_dir.name}: cached article median {statistics.median(timings) * 1000:.1f} ms")


# A phone browser; the digits at the end are this run's, to look for in what was stored.
BROWSER = "Mozilla/5.0 (Linux; Android 14; V2309A Build/UP1A.{}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"  # noqa: E501
BOT = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
READER_ADDRESS = "203.0.113.77"


def _views(site: Deployment, pk: int) -> int:
    out = site.shell(
        "from content.readership.models import PageViewDay; from django.db.models import Sum;"
        f" print(PageViewDay.objects.filter(kind='article', object_id={pk}).aggregate(n=Sum('views', default=0))['n'])"
    )
    return int(out.splitlines()[-1])


def _read(site: Deployment, path: str, count: int, headers: dict, method: str = "GET") -> list:
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda _: Client(site).request(method, path, headers=headers), range(count)))


def _restart_workers(site: Deployment) -> None:
    """gunicorn's graceful reload (HUP): every worker exits (worker_exit writes its views)
    and new ones are started from the preloaded application."""
    old = site.worker_pids()
    os.kill(site.server.pid, signal.SIGHUP)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pids = site.worker_pids()
        if len(pids) == site.workers and not pids & old and Client(site).get("/healthz").status == 200:
            return
        time.sleep(0.2)
    raise AssertionError(f"workers not replaced after HUP:\n{site.log_tail()}")


def test_page_views_add_up_exactly_across_workers(deployment):
    pk, url = _article(deployment)
    before = _views(deployment, pk)
    run = str(secrets.randbelow(9 * 10**8) + 10**8)
    browser = {"User-Agent": BROWSER.format(run), "X-Forwarded-For": READER_ADDRESS, "Accept-Encoding": "gzip"}
    _read(deployment, url, 1, browser)  # rendered once, then from the shared page cache
    readers = _read(deployment, url, 89, browser)
    assert all(r.status == 200 for r in readers)
    assert sum(r.headers.get("x-anxin-cache") == "hit" for r in readers) >= 60
    assert not any("set-cookie" in r.headers or "x-anxin-counted-as" in r.headers for r in readers)
    # Not readers: a crawler, a browser's prefetch, a HEAD, a command-line client (no agent).
    for headers, method in (
        ({"User-Agent": BOT}, "GET"),
        ({**browser, "Sec-Purpose": "prefetch"}, "GET"),
        (browser, "HEAD"),
        ({}, "GET"),
    ):
        assert all(r.status == 200 for r in _read(deployment, url, 10, headers, method))
    _restart_workers(deployment)  # each worker writes what it holds as it exits
    assert _views(deployment, pk) == before + 90
    # Without a restart, each worker's timer writes its views (READERSHIP_FLUSH_SECONDS = 10).
    assert all(r.status == 200 for r in _read(deployment, url, 30, browser))
    deadline = time.monotonic() + 25
    while _views(deployment, pk) != before + 120 and time.monotonic() < deadline:
        time.sleep(1)
    assert _views(deployment, pk) == before + 120
    # What was stored: kind, id, day, number. Not the address, not the browser.
    rows = deployment.shell(
        "from content.readership.models import PageViewDay;"
        " print([f.column for f in PageViewDay._meta.fields]); print(list(PageViewDay.objects.values_list()))"
    )
    assert "['id', 'kind', 'object_id', 'day', 'views']" in rows
    assert run not in rows and READER_ADDRESS not in rows and "Mozilla" not in rows
    for path in deployment.var_dir.rglob("*"):  # the SQLite database, the cache, the log
        if path.is_file():
            data = path.read_bytes()
            assert run.encode() not in data and READER_ADDRESS.encode() not in data, path


def test_stop_leaves_nothing_running(tmp_path_factory, static_root):
    """The fixture's stop() ends gunicorn and every worker."""
    site = Deployment(tmp_path_factory.mktemp("stop-check"), workers=2, threads=1)
    site.env["STATIC_ROOT"] = str(static_root)
    site.manage("migrate", "--noinput")
    site.manage("search_reindex", "--no-progress")  # as docs/operations.md lists: /healthz checks the index
    site.start()
    workers = site.worker_pids()
    assert len(workers) == 2
    site.stop()
    for pid in workers:
        assert subprocess.run(["kill", "-0", str(pid)], capture_output=True).returncode != 0
    site.remove()


def test_compose_file_runs_what_this_test_runs():
    """site/compose.yaml and the Containerfile start the app with the same settings and
    commands as the production-stack deployment above (no YAML parser needed: the lines)."""
    from .stack import ROOT

    compose = (ROOT / "site" / "compose.yaml").read_text(encoding="utf-8")
    container = (ROOT / "site" / "Containerfile").read_text(encoding="utf-8")
    gunicorn = '["gunicorn", "-c", "site/gunicorn.conf.py", "anxin.wsgi"]'
    assert f"command: {gunicorn}" in compose and f"CMD {gunicorn}" in container
    assert compose.count("DJANGO_SETTINGS_MODULE: anxin.settings.production") == 2
    assert "python manage.py migrate --noinput && python manage.py search_reindex --no-progress" in compose
    assert 'GUNICORN_WORKERS: "3"' in compose and 'GUNICORN_THREADS: "2"' in compose
    assert "/healthz" in compose
    example = (ROOT / "site" / "env.example").read_text(encoding="utf-8")
    for variable in ("DATABASE_URL=postgres://", "REDIS_URL=redis://", "DJANGO_SECRET_KEY=", "ALLOWED_HOSTS="):
        assert variable in example
