"""Template context shared by every public page."""

from .display import MODE_COOKIE, from_request

ELDER_MODE_COOKIE = MODE_COOKIE  # kept for code written against the first theme


def display_mode(request):
    """``elder_mode`` (bool) and ``display`` (mode, text size, the <html> classes).

    The choice lives in a cookie holding only the mode and a text-size step: no
    account, nothing personal.
    """
    display = from_request(request)
    return {"elder_mode": display.elder, "display": display}
