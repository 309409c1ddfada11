"""Search inside the project: on-commit indexing, reindex command, admin search, snippets."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from search import index as search_index
from search.models import CrisisPhrase, SynonymGroup

from .conftest import doc, sample_documents

pytestmark = pytest.mark.django_db


def ids(results):
    return [h.id for h in results.hits]


@pytest.mark.django_db(transaction=True)
def test_index_documents_waits_for_commit_and_ignores_rollbacks(search_settings):
    with transaction.atomic():
        search_index.index_documents([doc("article:7", title="考试焦虑怎么办")])
        assert search_index.search("考试焦虑").total == 0  # not before the commit
    assert ids(search_index.search("考试焦虑")) == ["article:7"]

    with pytest.raises(RuntimeError), transaction.atomic():
        search_index.index_documents([doc("article:8", title="考试前失眠")])
        raise RuntimeError("rolled back")
    assert "article:8" not in ids(search_index.search("考试"))

    search_index.delete_documents(["article:7"])
    search_index.delete_documents(["article:7", "article:nope"])  # idempotent
    assert search_index.search("考试焦虑").total == 0


def test_index_documents_rejects_unknown_kinds_early(search_settings):
    with pytest.raises(ValueError):
        search_index.index_documents([doc("video:1", kind="video", title="x")])


def test_reindex_command_rebuilds_from_providers(search_settings, clean_registry):
    docs = sample_documents()
    clean_registry.register_provider("article", lambda: (d for d in docs if d.kind == "article"))
    clean_registry.register_provider("service", lambda: (d for d in docs if d.kind != "article"))
    search_index.index_documents_now([doc("article:999", title="早就下线的文章 失眠")])
    out, err = io.StringIO(), io.StringIO()
    call_command("search_reindex", "--engine", "embedded", stdout=out, stderr=err)
    assert f"已索引 {len(docs)} 个文档" in out.getvalue()
    assert "search_reindex embedded" in err.getvalue()  # the progress bar (no TTY here)
    engine = search_index.get_engine("embedded")
    assert engine.count() == len(docs)
    assert "article:999" not in ids(search_index.search("失眠"))
    assert "article:1" in ids(search_index.search("失眠"))


def test_reindex_with_worker_processes(search_settings, clean_registry):
    docs = sample_documents()
    clean_registry.register_provider("all", lambda: iter(docs))
    call_command("search_reindex", "--engine", "embedded", "--workers", "2", "--no-progress", stdout=io.StringIO())
    assert search_index.get_engine("embedded").count() == len(docs)
    assert "article:2" in ids(search_index.search("產後抑鬱"))


def test_search_settings_snippets_are_in_the_admin(admin_client):
    SynonymGroup.objects.create(terms="躺平，佛系")
    CrisisPhrase.objects.create(phrase="想消失")
    for model in ("synonymgroup", "crisisphrase"):
        url = reverse(f"wagtailsnippets_search_{model}:list")
        response = admin_client.get(url)
        assert response.status_code == 200
    assert "躺平" in admin_client.get(reverse("wagtailsnippets_search_synonymgroup:list")).content.decode()
    add = admin_client.post(
        reverse("wagtailsnippets_search_crisisphrase:add"), {"phrase": "活不了", "note": "", "enabled": "on"}
    )
    assert add.status_code == 302
    assert CrisisPhrase.objects.filter(phrase="活不了").exists()
    from search.analysis import is_crisis

    assert is_crisis("我真的活 不了")
    menu = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "search-settings" in menu  # the sidebar group (its label 搜索设置 is JSON-escaped here)
