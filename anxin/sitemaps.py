"""sitemap.xml: an index over Wagtail's pages (their routes included) and the
directory entries, which are snippets with public URLs. Each section is paginated
by Django (50,000 URLs a file), so a directory of 500,000 entries stays servable."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap


class ServicePointSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        from content.directory.queries import public_service_points

        return public_service_points().only("pk", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class DirectoryViewsSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return ["directory:home", "directory:hotlines"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": WagtailSitemap,
    "directory": DirectoryViewsSitemap,
    "services": ServicePointSitemap,
}
