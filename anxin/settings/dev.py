"""Development / demo profile: what ``make run`` uses.

DEBUG is on unless DEBUG=false is set. The secret key, if not given, is a random
one kept in var/ (never committed), so sessions survive a restart.
"""

import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR
from .env import env_bool

DEBUG = env_bool("DEBUG", True)

if not SECRET_KEY:  # noqa: F405
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _key_file = VAR_DIR / "dev-secret-key"
    if not _key_file.exists():
        _key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = _key_file.read_text().strip()

ALLOWED_HOSTS = [*ALLOWED_HOSTS, "[::1]", "testserver"]  # noqa: F405

# In development, serve static files from the app directories without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
