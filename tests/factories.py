"""Small factories shared by the whole suite (plain functions, no extra dependency)."""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, Site

from content.reference.models import AdminArea, Audience, Expert, Organization

_counter = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_counter)}"


def make_home_page():
    from content.home.models import HomePage

    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    home = HomePage(title="安心测试首页", slug="anxin-home")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "安心"}
    )
    return home


def make_audience(name: str = "老年人", slug: str | None = None) -> Audience:
    """The audience called ``name`` (migrations create the standard ones), or a new one."""
    if slug is None:
        existing = Audience.objects.filter(name=name).first()
        if existing:
            return existing
    audience, _ = Audience.objects.get_or_create(slug=slug or unique("audience"), defaults={"name": name})
    return audience


def make_expert(**kwargs) -> Expert:
    defaults = {"name": "测试专家", "title": "主任医师", "institution": "测试精神卫生中心"}
    defaults.update(kwargs)
    return Expert.objects.create(**defaults)


def make_area(code: str, name: str) -> AdminArea:
    area = AdminArea(code=code.ljust(12, "0"), name=name)
    area.save()
    return area


def make_organization(name: str | None = None, **kwargs) -> Organization:
    return Organization.objects.create(name=name or unique("机构"), **kwargs)


def make_user(username: str | None = None, role: str | None = None, **kwargs):
    user = get_user_model().objects.create_user(username=username or unique("user"), password="pw", **kwargs)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def make_article_index(parent=None, **kwargs):
    from content.articles.models import ArticleIndexPage

    parent = parent or make_home_page()
    index = ArticleIndexPage(title=kwargs.pop("title", "科普"), slug=kwargs.pop("slug", unique("kepu")), **kwargs)
    parent.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_article(index=None, *, audiences=None, topics=(), publish=True, body=None, **kwargs):
    from content.articles.models import ArticlePage

    index = index or make_article_index()
    today = timezone.localdate()
    fields = {
        "title": "睡不着觉怎么办",
        "slug": unique("article"),
        "summary": "失眠的自助方法。",
        "body": body or [("paragraph", "<p>我最近总是失眠，晚上睡不着，白天没精神。</p>")],
        "reviewed_date": today - datetime.timedelta(days=10),
        "next_review_date": today + datetime.timedelta(days=200),
    }
    fields.update(kwargs)
    if fields.get("reviewed_date") and "reviewer" not in kwargs:
        # A review has a reviewer (as the 专家审核 workflow records it).
        fields["reviewer"] = Expert.objects.filter(name="测试专家").order_by("pk").first() or make_expert()
    page = ArticlePage(live=publish, **fields)
    index.add_child(instance=page)
    page.audiences.set(audiences if audiences is not None else [make_audience()])
    if topics:
        page.topics.set(list(topics))
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def make_service_point(name: str = "测试心理咨询室", *, status: str = "active", phone: str = "021-39590800", **kwargs):
    """A published directory entry in a small area (creates the area if needed)."""
    from content.directory.models import ServicePoint, ServicePointPhone

    if "area" not in kwargs and "area_id" not in kwargs:
        if not AdminArea.objects.filter(code="310114102000").exists():
            make_area("31", "上海市")
            make_area("310114", "嘉定区")
            make_area("310114102", "南翔镇")
        kwargs["area_id"] = "310114102000"
    kwargs.setdefault("kind", "consultation_room")
    kwargs.setdefault("address", "上海市嘉定区南翔镇测试路1号")
    service = ServicePoint(name=name, live=True, status=status, **kwargs)
    service.phones = [ServicePointPhone(label="预约电话", number=phone)]
    service.save()
    return service


def make_image(title: str = "测试封面", size: tuple[int, int] = (1600, 900), color=(31, 95, 139)):
    """A Wagtail image drawn with Pillow (a plain colour field with a light band)."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images import get_image_model

    canvas = PILImage.new("RGB", size, color)
    ImageDraw.Draw(canvas).rectangle([0, size[1] * 2 // 3, size[0], size[1]], fill=(243, 246, 248))
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=80)
    image = get_image_model()(title=title, file=ImageFile(buffer, name=f"{unique('cover')}.jpg"))
    image.save()
    return image
