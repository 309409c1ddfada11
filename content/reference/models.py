"""Reference data everything else points at: audiences, areas, organizations, experts."""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

# Significant digits of a statistical division code at each level.
LEVEL_DIGITS = {1: 2, 2: 4, 3: 6, 4: 9, 5: 12}


class AdminAreaLevel(models.IntegerChoices):
    PROVINCE = 1, _("省级")
    CITY = 2, _("地级")
    COUNTY = 3, _("县级")
    TOWNSHIP = 4, _("乡级（镇/街道）")
    VILLAGE = 5, _("村级（村/社区）")


def normalise_area_code(raw: str) -> str:
    """Return the 12-digit form of a 2/4/6/9/12-digit statistical division code.

    Raises ValueError (with a Chinese message) for anything else.
    """
    code = (raw or "").strip()
    if not code.isdigit() or len(code) not in LEVEL_DIGITS.values():
        raise ValueError(_("区划代码必须是 2、4、6、9 或 12 位数字：%(code)s") % {"code": raw})
    return code.ljust(12, "0")


def level_of(code: str) -> int:
    """Level (1–5) of a 12-digit code, from its trailing zeros."""
    if code[2:] == "0" * 10:
        return AdminAreaLevel.PROVINCE
    if code[4:] == "0" * 8:
        return AdminAreaLevel.CITY
    if code[6:] == "0" * 6:
        return AdminAreaLevel.COUNTY
    if code[9:] == "000":
        return AdminAreaLevel.TOWNSHIP
    return AdminAreaLevel.VILLAGE


def ancestor_prefixes(code: str) -> list[str]:
    """The significant prefixes of a code and all its ancestors, top first.

    "310114102000" → ["31", "3101", "310114", "310114102"]. These are what search
    documents carry, so filtering by any ancestor is one equality test.
    """
    level = level_of(code)
    return [code[: LEVEL_DIGITS[lvl]] for lvl in range(1, level + 1)]


area_code_validator = RegexValidator(r"^\d{12}$", _("区划代码必须是 12 位数字。"))


class AdminArea(index.Indexed, models.Model):
    """China's statistical division (统计用区划代码): province → village, by code prefix."""

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True, validators=[area_code_validator])
    name = models.CharField(_("名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("层级"), choices=AdminAreaLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    prefix = models.CharField(_("有效前缀"), max_length=12, db_index=True, editable=False)

    panels = [FieldPanel("code"), FieldPanel("name")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("level")]

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.level = level_of(self.code)
        self.prefix = self.code[: LEVEL_DIGITS[self.level]]
        if self.parent_id is None and self.level > 1:
            self.parent = AdminArea.objects.filter(code__in=self.ancestor_codes()[:-1]).order_by("-code").first()
        super().save(*args, **kwargs)
        from .area_search import refresh_terms

        refresh_terms([self])

    def clean(self):
        try:
            self.code = normalise_area_code(self.code)
        except ValueError as exc:
            raise ValidationError({"code": str(exc)})

    def ancestor_codes(self) -> list[str]:
        """12-digit codes of the ancestors and of this area, top first."""
        return [p.ljust(12, "0") for p in ancestor_prefixes(self.code)]

    @property
    def search_prefixes(self) -> list[str]:
        return ancestor_prefixes(self.code)

    def descendants(self):
        return AdminArea.objects.filter(prefix__startswith=self.prefix).exclude(code=self.code)

    @property
    def full_name(self) -> str:
        names = AdminArea.objects.filter(code__in=self.ancestor_codes()).order_by("code").values_list("name", flat=True)
        return "".join(names)


class AreaTerm(models.Model):
    """One two-character piece (bigram) of an area's normalised name, for the area chooser.

    Kept by ``content.reference.area_search`` (on save and on every import); the chooser
    finds names through the index on (term, level, area) without scanning names.
    """

    term = models.CharField(max_length=2)
    level = models.PositiveSmallIntegerField()
    area = models.ForeignKey(AdminArea, on_delete=models.CASCADE, related_name="terms", db_index=False)

    class Meta:
        indexes = [
            models.Index(fields=["term", "level", "area"], name="reference_areaterm_lookup"),
            models.Index(fields=["area", "term"], name="reference_areaterm_area"),
        ]

    def __str__(self) -> str:
        return self.term


class Audience(index.Indexed, models.Model):
    """A group of people content and services are meant for (老年人, 孕产妇 …)."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    slug = models.SlugField(_("英文标识"), max_length=50, unique=True, allow_unicode=False)
    description = models.TextField(_("简介"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("服务人群")
        verbose_name_plural = _("服务人群")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class OrganizationKind(models.TextChoices):
    HEALTH_COMMISSION = "health_commission", _("卫生健康委员会")
    HOSPITAL = "hospital", _("医院")
    MENTAL_HEALTH_CENTRE = "mental_health_centre", _("精神卫生中心")
    COMMUNITY_HEALTH = "community_health", _("社区卫生服务中心")
    STREET_OFFICE = "street_office", _("街道/镇")
    SCHOOL = "school", _("学校")
    SOCIAL_ORGANIZATION = "social_organization", _("社会组织")
    EMPLOYER = "employer", _("企事业单位")
    GOVERNMENT = "government", _("其他政府部门")
    OTHER = "other", _("其他")


class Organization(index.Indexed, models.Model):
    """Who runs a service point or organizes an event."""

    name = models.CharField(_("名称"), max_length=200, unique=True)
    kind = models.CharField(_("类型"), max_length=32, choices=OrganizationKind.choices, default=OrganizationKind.OTHER)
    area = models.ForeignKey(
        AdminArea, verbose_name=_("所在区划"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(_("简介"), blank=True)
    website = models.URLField(_("网站"), blank=True)
    email = models.EmailField(_("公开邮箱"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("area"),
        FieldPanel("description"),
        FieldPanel("website"),
        FieldPanel("email"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
        index.FilterField("id"),  # the organization chooser narrows by id (organizers)
    ]

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Expert(index.Indexed, models.Model):
    """A psychiatrist or psychotherapist who reviews health content."""

    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职称"), max_length=100, help_text=_("例如：主任医师、心理治疗师"))
    institution = models.CharField(_("所在机构"), max_length=200)
    bio = models.TextField(_("简介"), blank=True)
    # The admin account that approves as this expert in the 专家审核 workflow.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("后台账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
        help_text=_("这位专家在后台批准文章时使用的账号；批准后文章的审核专家即为本人。"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("title"),
        FieldPanel("institution"),
        FieldPanel("bio"),
        FieldPanel("user", permission="auth.change_user"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("institution"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("审核专家")
        verbose_name_plural = _("审核专家")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.title}，{self.institution}）"


class QuickChoiceDisplayMixin:
    """``get_FOO_display()`` from a label table built once per field and language.

    Django's own implementation hashes every (lazy) choice label on every call, which
    translates all of them each time: 0.5 ms a call for a dozen kinds, and a list of 50
    directory entries or an iCalendar feed of 500 events calls it for every row.
    """

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        labels = _choice_labels(field, get_language() or "")
        try:
            return labels.get(value, value)
        except TypeError:  # an unhashable value: Django's own way
            return super()._get_FIELD_display(field)


@functools.lru_cache(maxsize=256)
def _choice_labels(field, language: str) -> dict:
    return {value: str(label) for value, label in field.flatchoices}
