"""Demo home page and site settings. Idempotent: settings are written only when the site
has none yet, so an editor's hotlines and footer stay."""

from django.db import transaction
from wagtail.models import Page, Site

from .models import CrisisSettings, HomePage, SiteIdentitySettings

DEMO_HOTLINES = [
    ("全国统一心理援助热线", "12356", "每日不少于18小时，可匿名", False),
    ("上海市心理热线", "962525", "24小时", True),
    ("嘉定区心理援助热线", "021-39590800", "以区公布时间为准", False),
]


def get_or_create_home_page() -> HomePage:
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    home = HomePage(
        title="安心 · 嘉定心理健康服务",
        slug="anxin",
        intro="心理健康科普、身边的心理服务和求助热线，一站找到。",
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    return home


@transaction.atomic
def load(log) -> None:
    home = get_or_create_home_page()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    old_root = site.root_page.specific
    if site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "安心"
        site.save()
        # Wagtail's placeholder "Welcome to your new Wagtail site!" page.
        if not isinstance(old_root, HomePage) and not old_root.get_children().exists() and old_root.depth == 2:
            old_root.delete()
    log(f"首页：{home.title}")

    if not CrisisSettings.objects.filter(site=site).exists():
        crisis = CrisisSettings.for_site(site)
        crisis.hotlines = [
            ("hotline", {"name": name, "number": number, "hours": hours, "is_24h": is_24h})
            for name, number, hours, is_24h in DEMO_HOTLINES
        ]
        crisis.save()
        log(f"站点设置：求助热线 {len(DEMO_HOTLINES)} 条")
    else:
        log("站点设置：求助热线已有，保持不变")
    if not SiteIdentitySettings.objects.filter(site=site).exists():
        identity = SiteIdentitySettings.for_site(site)
        identity.site_title = "安心"
        identity.operator = "嘉定区卫生健康委员会（演示站点）"
        identity.footer_note = (
            "<p>本站为演示站点：热线号码真实有效，社区服务点的地址和电话为示例，请以当地公布为准。</p>"
        )
        identity.save()
    _audience_pages(home, log)


def _audience_pages(home, log) -> None:
    from content.reference.models import Audience

    from .models import AudiencePage

    created = 0
    for audience in Audience.objects.all():
        if AudiencePage.objects.filter(audience=audience).exists():
            continue
        page = AudiencePage(
            title=f"写给{audience.name}", slug=audience.slug, audience=audience, intro=audience.description
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    log(f"人群专题页：新建 {created} 个")
