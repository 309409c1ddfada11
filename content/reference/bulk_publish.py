"""Bulk publishing checks each page first (issue 13): Wagtail's bulk 发布 publishes each
selected page's latest revision, and a draft that is not complete (an event without a
place, saved as a draft) raised a ValidationError out of the view, a 500. Every page is
validated as publishing would before anything is published; if one fails, nothing of the
selection is published and the editor is told, in Chinese, which page lacks what.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.admin import messages


def publishing_problem(page) -> str | None:
    """What stops ``page``'s latest revision from being published, or None."""
    revision = page.get_latest_revision()
    candidate = revision.as_object() if revision else page.specific
    try:
        candidate.full_clean()
    except ValidationError as error:
        return "；".join(error.messages)
    return None


class CheckedPublishBulkActionMixin:
    def _refuse(self, problems):
        messages.error(
            self.request,
            _("没有发布任何页面。请先打开以下页面补全内容：%(problems)s")
            % {"problems": "；".join(f"“{title}”：{problem}" for title, problem in problems)},
        )
        return redirect(self.next_url)

    def prepare_action(self, objects, objects_without_access):
        response = super().prepare_action(objects, objects_without_access)
        if response is not None:
            return response
        problems = [
            (page.get_admin_display_title(), problem)
            for page in objects
            if (problem := publishing_problem(page)) is not None
        ]
        return self._refuse(problems) if problems else None

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:  # a draft descendant published with its parent
            return self._refuse([(_("子页面"), "；".join(error.messages))])
