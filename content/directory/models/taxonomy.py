"""ServiceOffered: the small editable taxonomy of what a service point offers."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class ServiceOffered(index.Indexed, models.Model):
    """E.g. 心理咨询, 心理测评, 危机干预. The slug is the HSDS taxonomy term code."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    slug = models.SlugField(
        _("英文标识"), max_length=50, unique=True, help_text=_("导出为 HSDS 分类词的编码，勿随意修改。")
    )
    description = models.TextField(_("说明"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("服务项目")
        verbose_name_plural = _("服务项目")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name
