"""Theme-level views: the display-mode switch, the web app manifest, the service worker."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from .context_processors import ELDER_MODE_COOKIE

MODES = {"elder", "standard"}


@require_GET
def set_display_mode(request, mode: str):
    """Remember 长辈模式 or the standard mode in a cookie (no account, nothing personal)."""
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    response = HttpResponseRedirect(target)
    if mode in MODES:
        response.set_cookie(
            ELDER_MODE_COOKIE,
            mode,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure(),
        )
    return response
