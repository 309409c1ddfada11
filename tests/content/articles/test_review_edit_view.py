"""批准 from the page's edit view (the button in the editor's action menu posts the edit
form with ``action-workflow-action`` and ``workflow-action-name=approve``), not the
workflow action URL: an approver without an Expert profile gets the same clear refusal
and is sent to 关联专家档案; nothing is approved, published or saved."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import Revision

from content.articles.models import ArticlePage
from tests import factories

from .test_review_workflow import (  # noqa: F401 - fixtures
    article_form_without_review,
    edit_url,
    editor,
    editor_writes_and_submits,
    reviewer,
)

pytestmark = pytest.mark.django_db


def approve_in_edit_view(client, user, page, elders, captured, **changes):
    client.force_login(user)
    data = article_form_without_review(elders, **changes)
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    data["workflow-action-extra-data"] = '{"comment": "同意发布"}'
    with captured(execute=True):
        return client.post(edit_url(page), data)


def test_approver_without_profile_is_told_and_sent_to_the_profile_page(
    client, article_index, editor, reviewer, elders, django_capture_on_commit_callbacks
):
    page = editor_writes_and_submits(client, editor, article_index, elders)
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).count()
    response = approve_in_edit_view(
        client, reviewer, page, elders, django_capture_on_commit_callbacks, title="专家顺手改的标题"
    )
    assert response.status_code == 302
    profile = reverse("articles_expert_profile")
    assert response["Location"] == f"{profile}?next={edit_url(page).replace('/', '%2F')}"
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("尚未批准" in m and "专家档案" in m for m in messages), messages
    page = ArticlePage.objects.get(pk=page.pk)
    assert not page.live and page.reviewer_id is None and page.workflow_in_progress
    assert page.title != "专家顺手改的标题"
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions  # nothing saved

    shown = client.get(response["Location"]).content.decode()
    assert "尚未批准" in shown

    # With a profile linked, the same button approves and publishes.
    expert = factories.make_expert(name="钱医生", user=reviewer)
    approved = approve_in_edit_view(client, reviewer, page, elders, django_capture_on_commit_callbacks)
    assert approved.status_code == 302
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.live and page.reviewer == expert
