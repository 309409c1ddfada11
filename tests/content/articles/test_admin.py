"""Editing articles in the admin: validation messages and the expert-review workflow."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from content.articles.models import ArticlePage
from content.home.roles import ROLE_EDITORS, ROLE_REVIEWERS
from tests import factories

pytestmark = pytest.mark.django_db


def article_form(audiences, *, title="新文章", video_url=None, reviewed=None, next_review=None):
    today = timezone.localdate()
    body = [("paragraph", rich_text("<p>正文内容</p>"))]
    if video_url:
        body.append(("video", {"url": video_url, "title": "视频", "transcript": ""}))
    data = nested_form_data(
        {
            "title": title,
            "slug": "new-article",
            "summary": "摘要",
            "body": streamfield(body),
            "sources": streamfield([]),
            "format": "article",
            "reviewed_date": (reviewed or today - datetime.timedelta(days=1)).isoformat(),
            "next_review_date": (next_review or today + datetime.timedelta(days=180)).isoformat(),
            "topics": "失眠",
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
        }
    )
    data["audiences"] = [str(a.pk) for a in audiences]
    return data


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=("articles", "articlepage", index.pk))


@pytest.fixture
def editor(db):
    return factories.make_user("editor-user", ROLE_EDITORS)


@pytest.fixture
def reviewer(db):
    user = factories.make_user("reviewer-user", ROLE_REVIEWERS)
    factories.make_expert(user=user)  # an approval names the expert who gave it
    return user


def test_article_without_audience_is_refused(client, article_index, editor):
    client.force_login(editor)
    response = client.post(add_url(article_index), article_form([]))
    assert response.status_code == 200
    assert "请至少选择一个服务人群" in response.content.decode()
    assert not ArticlePage.objects.exists()


def test_next_review_in_the_past_is_refused(client, article_index, editor, elders):
    """The review date is the approval's to write (read-only in the form); a next review
    date an editor sets before any review must lie after today."""
    client.force_login(editor)
    today = timezone.localdate()
    data = article_form(
        [elders], reviewed=today - datetime.timedelta(days=3), next_review=today - datetime.timedelta(days=3)
    )
    response = client.post(add_url(article_index), data)
    assert response.status_code == 200
    assert "尚未审核的文章，下次审核日期必须晚于今天" in response.content.decode()
    assert not ArticlePage.objects.exists()


def test_video_from_unsupported_host_is_refused(client, article_index, editor, elders):
    client.force_login(editor)
    response = client.post(
        add_url(article_index), article_form([elders], video_url="https://www.youtube.com/watch?v=x")
    )
    assert response.status_code == 200
    body_error = response.context["form"].errors.as_data()["body"][0].as_json_data()
    assert "这个视频地址无法嵌入" in body_error["blockErrors"][1]["blockErrors"]["url"]["messages"][0]
    assert not ArticlePage.objects.exists()


def test_editor_cannot_publish_alone_and_reviewer_approves(
    client, article_index, editor, reviewer, elders, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    data = article_form([elders])
    data["action-publish"] = "action-publish"
    client.post(add_url(article_index), data)
    page = ArticlePage.objects.get(slug="new-article")
    assert not page.live, "an editor must not be able to publish"

    data = article_form([elders])
    data["action-submit"] = "Submit"
    response = client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    assert response.status_code == 302
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    page.refresh_from_db()
    assert not page.live

    client.force_login(reviewer)
    task_state = state.current_task_state
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)),
            {"comment": "同意发布"},
        )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live, "the expert's approval publishes the article"


def test_editor_cannot_approve(client, article_index, editor, elders, django_capture_on_commit_callbacks):
    page = factories.make_article(article_index, audiences=[elders], publish=False)
    workflow = page.get_workflow()
    assert workflow is not None and workflow.name == "专家审核"
    state = workflow.start(page, editor)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", state.current_task_state.pk)),
            {"comment": ""},
        )
    assert response.status_code in (302, 403)  # Wagtail turns PermissionDenied into a redirect with a message
    page.refresh_from_db()
    assert not page.live


def test_review_due_report(client, article_index, elders):
    today = timezone.localdate()
    overdue = factories.make_article(
        article_index,
        title="逾期文章",
        audiences=[elders],
        reviewed_date=today - datetime.timedelta(days=400),
        next_review_date=today - datetime.timedelta(days=5),
    )
    due = factories.make_article(
        article_index, title="即将到期", audiences=[elders], next_review_date=today + datetime.timedelta(days=29)
    )
    factories.make_article(
        article_index, title="还早呢", audiences=[elders], next_review_date=today + datetime.timedelta(days=90)
    )
    admin = factories.make_user("boss", is_superuser=True, is_staff=True)
    client.force_login(admin)
    html = client.get(reverse("articles_review_due")).content.decode()
    assert overdue.title in html and "内容待复审" in html
    assert due.title in html
    assert "还早呢" not in html
    assert html.index(overdue.title) < html.index(due.title)
    export = client.get(reverse("articles_review_due") + "?export=csv")
    assert export.status_code == 200
    assert "逾期文章" in export.getvalue().decode("utf-8")


def test_admin_pages_load_in_chinese(client, article_index):
    admin = factories.make_user("boss2", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get(add_url(article_index))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-hans"' in html or 'lang="zh-Hans"' in html
    assert "服务人群" in html
    assert Page.objects.filter(pk=article_index.pk).exists()
