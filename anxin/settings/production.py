"""Production profile: everything from the environment, nothing guessed.

Required: DJANGO_SECRET_KEY, ALLOWED_HOSTS. Usually also DATABASE_URL (PostgreSQL),
REDIS_URL, SEARCH_ENGINE/ELASTICSEARCH_URL. ``manage.py check --deploy`` is clean.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY
from .env import env_bool, env_int

DEBUG = False

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set (at least 50 characters).")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail previews pages in a same-origin iframe, so SAMEORIGIN (set in base) stays;
# the CSP header adds frame-ancestors 'self' which modern browsers prefer anyway.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
