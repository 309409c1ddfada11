"""Expert review as a workflow that records itself, through the real admin URLs (the
workflow action URL and the edit view's 批准).

Editor submits → 审核专家 approves → the live page names the reviewer and the dates;
nobody but an administrator publishes an article outside that approval; articles
whose next review has passed are listed (and exported) in 待复审文章.
"""

import datetime
import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision, WorkflowState

from content.articles.models import ArticlePage
from content.articles.review import add_months
from content.home.models import ReviewSettings
from content.home.roles import ROLE_ADMINS, ROLE_EDITORS, ROLE_REVIEWERS
from tests import factories
from tests.content.articles.test_admin import add_url, article_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return factories.make_user("review-editor", ROLE_EDITORS)


@pytest.fixture
def reviewer(db):
    return factories.make_user("review-expert", ROLE_REVIEWERS)


@pytest.fixture
def reviewer_expert(reviewer):
    return factories.make_expert(name="李审核", title="副主任医师", institution="测试区精神卫生中心", user=reviewer)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def editor_writes_and_submits(client, editor, article_index, elders, **form_kwargs):
    """The editor creates an article and submits it to 专家审核, as in the admin."""
    client.force_login(editor)
    data = article_form([elders], **form_kwargs)
    data["action-submit"] = "Submit"
    response = client.post(add_url(article_index), data)
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="new-article")
    assert not page.live
    return page


def approve(client, user, page, captured):
    client.force_login(user)
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk), status="in_progress")
    with captured(execute=True):
        return client.post(
            reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", state.current_task_state.pk)),
            {"comment": "内容准确，同意发布"},
        )


def article_form_without_review(elders, **kwargs):
    data = article_form([elders], **kwargs)
    data.pop("reviewed_date")
    data["next_review_date"] = ""
    return data


def test_editor_submits_expert_approves_and_the_review_is_recorded(
    client, article_index, editor, reviewer, reviewer_expert, elders, django_capture_on_commit_callbacks
):
    data_page = editor_writes_and_submits(client, editor, article_index, elders)
    # The editor's form cannot write the review: it is read-only.
    assert data_page.reviewer_id is None and data_page.reviewed_date is None

    response = approve(client, reviewer, data_page, django_capture_on_commit_callbacks)
    assert response.status_code == 302

    today = timezone.localdate()
    page = ArticlePage.objects.get(pk=data_page.pk)
    assert page.live
    assert page.reviewer == reviewer_expert
    assert page.reviewed_date == today
    # The editor's form asked for today + 180 days: kept.
    assert page.next_review_date == today + datetime.timedelta(days=180)
    live = page.live_revision.as_object()
    assert (live.reviewer_id, live.reviewed_date) == (reviewer_expert.pk, today)

    public = client.get(page.url).content.decode()
    assert f"审核专家 {reviewer_expert.name}" in public
    card = client.get(article_index.url).content.decode()
    assert page.title in card and "专家已审核" in card


def test_without_an_editor_date_the_interval_setting_decides(
    client, article_index, editor, reviewer, reviewer_expert, elders, home_page, django_capture_on_commit_callbacks
):
    site = home_page.get_site()
    settings = ReviewSettings.for_site(site)
    assert settings.interval_months == 12  # the default
    settings.interval_months = 6
    settings.save()

    client.force_login(editor)
    data = article_form_without_review(elders)
    data["action-submit"] = "Submit"
    assert client.post(add_url(article_index), data).status_code == 302
    page = ArticlePage.objects.get(slug="new-article")
    approve(client, reviewer, page, django_capture_on_commit_callbacks)
    page.refresh_from_db()
    today = timezone.localdate()
    assert page.live and page.reviewed_date == today
    assert page.next_review_date == add_months(today, 6)


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2027, 12, 2), 12) == datetime.date(2028, 12, 2)
    assert add_months(datetime.date(2028, 2, 29), 12) == datetime.date(2029, 2, 28)


def test_approver_without_expert_profile_is_refused_then_links_one(
    client, article_index, editor, reviewer, elders, django_capture_on_commit_callbacks
):
    page = editor_writes_and_submits(client, editor, article_index, elders)
    response = approve(client, reviewer, page, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("articles_expert_profile"))
    page.refresh_from_db()
    assert not page.live and page.reviewer_id is None
    assert page.workflow_in_progress

    profile_page = client.get(response["Location"])
    assert "尚未批准：您的账号还没有关联专家档案" in profile_page.content.decode()

    # Creating a profile with a missing field is refused, and nothing is created.
    bad = client.post(response["Location"], {"name": "赵医生", "title": "", "institution": "某医院"})
    assert "新建专家档案时必须填写此项" in bad.content.decode()
    assert not factories.Expert.objects.filter(name="赵医生").exists()

    linked = client.post(
        response["Location"], {"name": "赵医生", "title": "主治医师", "institution": "某医院", "next": edit_url(page)}
    )
    assert linked.status_code == 302 and linked["Location"] == edit_url(page)
    expert = factories.Expert.objects.get(name="赵医生")
    assert expert.user == reviewer

    approve(client, reviewer, page, django_capture_on_commit_callbacks)
    page.refresh_from_db()
    assert page.live and page.reviewer == expert


def test_expert_profile_already_linked_cannot_be_taken(client, reviewer, reviewer_expert):
    other = factories.make_user("second-expert", ROLE_REVIEWERS)
    client.force_login(other)
    response = client.post(reverse("articles_expert_profile"), {"expert": reviewer_expert.pk})
    assert response.status_code == 200
    reviewer_expert.refresh_from_db()
    assert reviewer_expert.user == reviewer


def test_editor_cannot_open_expert_profile_page(client, editor):
    client.force_login(editor)
    response = client.get(reverse("articles_expert_profile"))
    assert response.status_code in (302, 403)
    assert not factories.Expert.objects.filter(user=editor).exists()


# --- no path around the review ------------------------------------------------


@pytest.fixture
def draft(client, article_index, editor, elders):
    client.force_login(editor)
    response = client.post(add_url(article_index), article_form_without_review(elders))
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="new-article")
    assert not page.live
    return page


def test_expert_publish_button_does_not_publish(client, reviewer, reviewer_expert, draft, elders):
    client.force_login(reviewer)
    data = article_form_without_review(elders)
    data["action-publish"] = "action-publish"
    client.post(edit_url(draft), data)
    draft.refresh_from_db()
    assert not draft.live and draft.reviewer_id is None
    # The edit view offers no 发布 to the expert.
    html = client.get(edit_url(draft)).content.decode()
    assert 'name="action-publish"' not in html


def test_expert_cannot_schedule_publishing(client, reviewer, reviewer_expert, draft, elders):
    client.force_login(reviewer)
    data = article_form_without_review(elders)
    data["go_live_at"] = (timezone.now() + datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    data["action-publish"] = "action-publish"
    client.post(edit_url(draft), data)
    assert not Revision.page_revisions.filter(object_id=str(draft.pk), approved_go_live_at__isnull=False).exists()
    draft.refresh_from_db()
    assert not draft.live


def test_expert_cannot_bulk_publish(client, reviewer, reviewer_expert, draft):
    client.force_login(reviewer)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={draft.pk}"
    client.post(url, {})
    draft.refresh_from_db()
    assert not draft.live


def test_expert_cannot_publish_edits_of_a_reviewed_article(
    client, article_index, reviewer, reviewer_expert, elders, django_capture_on_commit_callbacks
):
    """A reviewed article edited afterwards is unreviewed content: 发布 and reverting
    to an older revision + 发布 both leave the live page as it was."""
    page = factories.make_article(article_index, audiences=[elders], reviewer=reviewer_expert, slug="new-article")
    first_revision = page.live_revision
    client.force_login(reviewer)
    data = article_form([elders], title="改过的标题")
    data["action-publish"] = "action-publish"
    client.post(edit_url(page), data)
    page.refresh_from_db()
    assert page.title == "睡不着觉怎么办" and page.live_revision == first_revision

    revert = article_form([elders], title="回退并发布")
    revert["action-publish"] = "action-publish"
    revert["revision"] = str(first_revision.pk)
    client.post(reverse("wagtailadmin_pages:revisions_revert", args=(page.pk, first_revision.pk)), revert)
    page.refresh_from_db()
    assert page.title == "睡不着觉怎么办" and page.live_revision == first_revision


def test_editor_cannot_publish_by_any_of_these_paths(client, editor, draft, elders):
    client.force_login(editor)
    data = article_form_without_review(elders)
    data["action-publish"] = "action-publish"
    client.post(edit_url(draft), data)
    client.post(reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={draft.pk}", {})
    draft.refresh_from_db()
    assert not draft.live


def test_administrator_may_publish_directly(client, draft, elders, django_capture_on_commit_callbacks):
    admin = factories.make_user("review-admin", ROLE_ADMINS)
    client.force_login(admin)
    data = article_form_without_review(elders)
    data["action-publish"] = "action-publish"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(draft), data)
    draft.refresh_from_db()
    assert draft.live


# --- re-review -----------------------------------------------------------------


def test_overdue_article_is_flagged_listed_exported_and_reapproval_moves_dates_on(
    client, article_index, editor, reviewer, reviewer_expert, elders, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    overdue_date = today - datetime.timedelta(days=3)
    page = factories.make_article(
        article_index,
        title="逾期待复审的文章",
        slug="new-article",
        audiences=[elders],
        reviewer=reviewer_expert,
        reviewed_date=today - datetime.timedelta(days=368),
        next_review_date=overdue_date,
    )
    factories.make_article(article_index, title="刚审过的文章", audiences=[elders], reviewer=reviewer_expert)

    # The editor is told on the article itself …
    client.force_login(editor)
    assert "内容待复审" in client.get(edit_url(page)).content.decode()
    # … and finds it in 待复审文章, on screen and in both exports.
    report = client.get(reverse("articles_review_due")).content.decode()
    assert "逾期待复审的文章" in report and "内容待复审" in report and "刚审过的文章" not in report
    csv_text = client.get(reverse("articles_review_due") + "?export=csv").getvalue().decode("utf-8")
    assert "逾期待复审的文章" in csv_text and "内容待复审" in csv_text and overdue_date.isoformat() in csv_text
    assert "刚审过的文章" not in csv_text
    xlsx = client.get(reverse("articles_review_due") + "?export=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.getvalue())).active.iter_rows(values_only=True))
    assert any(row[0] == "逾期待复审的文章" and "内容待复审" in row for row in rows)

    # Re-review: the editor submits the article unchanged, the expert approves.
    data = article_form([elders], title="逾期待复审的文章", next_review=overdue_date)
    data["action-submit"] = "Submit"
    assert client.post(edit_url(page), data).status_code == 302
    approve(client, reviewer, page, django_capture_on_commit_callbacks)
    page.refresh_from_db()
    assert page.reviewed_date == today
    assert page.next_review_date == add_months(today, 12)
    assert "逾期待复审的文章" not in client.get(reverse("articles_review_due_results")).content.decode()
    assert "内容待复审" not in client.get(edit_url(page)).content.decode()


def test_live_article_without_any_review_is_listed(client, article_index, elders):
    factories.make_article(
        article_index, title="管理员直接发布", audiences=[elders], reviewed_date=None, next_review_date=None
    )
    admin = factories.make_user("review-boss", is_superuser=True, is_staff=True)
    client.force_login(admin)
    report = client.get(reverse("articles_review_due")).content.decode()
    assert "管理员直接发布" in report and "未经专家审核" in report


def test_review_interval_is_an_administrators_setting(client, home_page, editor):
    admin = factories.make_user("settings-admin", ROLE_ADMINS)
    url = reverse("wagtailsettings:edit", args=("home", "reviewsettings", home_page.get_site().pk))
    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)
    client.force_login(admin)
    response = client.post(url, {"interval_months": "0"})
    assert response.status_code == 200
    assert ReviewSettings.for_site(home_page.get_site()).interval_months == 12
    response = client.post(url, {"interval_months": "24"})
    assert response.status_code == 302
    assert ReviewSettings.for_site(home_page.get_site()).interval_months == 24


# --- 批准 from the edit view (the action menu posts the edit form) ----------------
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
