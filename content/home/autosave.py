"""Autosave only for pages that exist (issue 13, point 3).

Wagtail 8 autosaves the create form too: the first autosave creates the page as a draft,
so a half-written page the editor abandons stays behind and takes its title's address
(the next attempt becomes ``…-2``). The create form is rendered without autosave
(anxin/templates/wagtailadmin/pages/create.html) and a JSON post to the create view — what
the autosave script sends — is refused here in Chinese before anything is created.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _
from wagtail import hooks


def is_autosave(request) -> bool:
    """Wagtail's autosave posts the form asking for JSON; the editor's buttons ask for HTML."""
    return request.method == "POST" and not request.accepts("text/html")


@hooks.register("before_create_page")
def refuse_autosave_of_new_page(request, parent_page, page_class):
    if is_autosave(request):
        return JsonResponse(
            {
                "success": False,
                "error_code": "autosave_after_first_save",
                "error_message": _("新页面在第一次保存后才会自动保存，请点击“保存草稿”。"),
            },
            status=400,
        )
