"""Template context shared by every public page."""

ELDER_MODE_COOKIE = "anxin_mode"


def display_mode(request):
    """Expose whether the reader chose 长辈模式 (elder mode).

    The choice lives in a cookie holding only "elder" or "standard": no account,
    nothing personal.
    """
    elder = request.COOKIES.get(ELDER_MODE_COOKIE) == "elder"
    return {"elder_mode": elder}
