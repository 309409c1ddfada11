"""Start Anxin the way docs/operations.md says, in a temporary directory, and talk HTTP to it.

``Deployment`` prepares a site (migrate, load_demo, createsuperuser, collectstatic,
search_reindex) with the *production* settings module and the environment a deployment
would set, then runs the documented command ``gunicorn -c site/gunicorn.conf.py
anxin.wsgi`` with several workers and threads. ``Client`` sends requests as a browser
behind a TLS proxy would (``X-Forwarded-Proto: https``), one fresh connection each, so
they spread over the workers.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Deployment:
    def __init__(
        self, var_dir: Path, *, database_url: str = "", redis_url: str = "", workers: int = 3, threads: int = 2
    ):
        self.var_dir = var_dir
        self.port = free_port()
        self.workers = workers
        self.admin_password = secrets.token_urlsafe(16)
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "SEARCH_ENGINE", "DEBUG", "DJANGO_SETTINGS_MODULE"}
        }
        self.env.update(
            {
                "DJANGO_SETTINGS_MODULE": "anxin.settings.production",
                "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "ANXIN_VAR_DIR": str(var_dir),
                "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                "GUNICORN_WORKERS": str(workers),
                "GUNICORN_THREADS": str(threads),
                "CACHE_KEY_PREFIX": f"anxin-test-{secrets.token_hex(4)}",
                "DJANGO_SUPERUSER_USERNAME": "admin",
                "DJANGO_SUPERUSER_EMAIL": "admin@example.org",
                "DJANGO_SUPERUSER_PASSWORD": self.admin_password,
                "LOG_LEVEL": "WARNING",
                "PYTHONUNBUFFERED": "1",
            }
        )
        if database_url:
            self.env["DATABASE_URL"] = database_url
        if redis_url:
            self.env["REDIS_URL"] = redis_url
        self.server: subprocess.Popen | None = None
        self.log_path = var_dir / "gunicorn.log"

    # --- setup, as docs/operations.md lists it --------------------------------------
    def manage(self, *args: str, timeout: float = 600) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result.stdout

    def prepare(self, static_root: Path) -> None:
        self.env["STATIC_ROOT"] = str(static_root)
        self.manage("migrate", "--noinput")
        self.manage("load_demo")
        self.manage("createsuperuser", "--noinput")
        if not (static_root / "staticfiles.json").exists():
            self.manage("collectstatic", "--noinput", "--verbosity", "0")
        self.manage("search_reindex", "--no-progress")

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code).strip()

    # --- the server ---------------------------------------------------------------------
    def start(self) -> None:
        log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.server = subprocess.Popen(
            [GUNICORN, "-c", "site/gunicorn.conf.py", "anxin.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._log = log
        try:
            self._wait_until_serving()
        except BaseException:
            self.stop()  # never leave a half-started server behind
            raise

    def _wait_until_serving(self) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_tail()}")
            try:
                if Client(self).get("/healthz").status == 200 and len(self.worker_pids()) == self.workers:
                    return  # every worker has booted
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer:\n{self.log_tail()}")

    def worker_pids(self) -> set[int]:
        result = subprocess.run(["pgrep", "-P", str(self.server.pid)], capture_output=True, text=True)
        return {int(pid) for pid in result.stdout.split()}

    def stop(self) -> None:
        if self.server is None:
            return
        if self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGTERM)
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.server.pid, signal.SIGKILL)
                self.server.wait(timeout=10)
        self._log.close()
        self.server = None

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def remove(self) -> None:
        shutil.rmtree(self.var_dir, ignore_errors=True)


class Response:
    def __init__(self, status: int, headers: dict, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.body)


class Client:
    """A browser behind a TLS-terminating proxy: cookies, CSRF, no redirects followed."""

    def __init__(self, deployment: Deployment):
        self.port = deployment.port
        self.cookies: dict[str, str] = {}

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https", "Connection": "close"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            response = Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, raw.read())
            for header, value in raw.getheaders():
                if header.lower() == "set-cookie":
                    for name, morsel in SimpleCookie(value).items():
                        self.cookies[name] = morsel.value
            return response
        finally:
            connection.close()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Response:
        return self.request(
            "POST",
            path,
            urlencode(data, doseq=True).encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": self.origin + path,
            },
        )

    @staticmethod
    def csrf_token(html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def login(self, username: str, password: str) -> None:
        form = self.get("/admin/login/")
        response = self.post(
            "/admin/login/",
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.csrf_token(form.text),
                "next": "/admin/",
            },
        )
        assert response.status == 302 and "sessionid" in self.cookies, (response.status, response.text[:500])
