"""Demo: put the section index pages in the main menu (editors do this with
"show in menus" in Wagtail's promote tab). Audience pages stay out of the menu:
the home page lists them. A section a person has edited (say, taken out of the
menu) is left as it is."""

from wagtail.models import Site

from .models import AudiencePage


def load(log) -> None:
    home = Site.objects.get(is_default_site=True).root_page
    sections = home.get_children().live().not_type(AudiencePage).filter(show_in_menus=False).specific()
    count = 0
    for page in sections:
        if page.revisions.filter(user__isnull=False).exists():
            continue
        page.show_in_menus = True
        page.save_revision().publish()
        count += 1
    log(f"主导航：新增 {count} 个栏目")
