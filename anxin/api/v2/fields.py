"""Serializer fields of the v2 API: what the models' ``api_fields`` name.

Every URL is absolute (a mini-program has no page to resolve a path against): the root
is the host the partner asked (``request.build_absolute_uri("/")``).
"""

from __future__ import annotations

from urllib.parse import urljoin

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from rest_framework.fields import Field
from wagtail.api.utils import get_base_url
from wagtail.images import get_image_model

from content.reference.phones import Phone

from .sanitise import rich_text_html

#: The renditions every image carries: a 16:9 cover for cards and two widths.
RENDITION_SPECS = ("fill-750x420", "width-750", "width-360")


def base_url(context) -> str:
    """The site's root URL (``https://anxin.example/``): Wagtail's API base URL, as its
    own ``detail_url`` uses, else the host the request came to."""
    request = context.get("request") if context else None
    if request is None:
        return ""
    memo = context.setdefault("_anxin_base_url", []) if isinstance(context, dict) else []
    if not memo:
        memo.append((get_base_url(request) or request.build_absolute_uri("/").rstrip("/")) + "/")
    return memo[0]


def absolute(context, url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url or ""
    root = base_url(context)
    return urljoin(root, url) if root else url


def prefetch_renditions(images) -> None:
    """One query for the renditions of all ``images`` (the ones in RENDITION_SPECS)."""
    images = [i for i in images if i is not None and "renditions" not in getattr(i, "_prefetched_objects_cache", {})]
    if images:
        renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=RENDITION_SPECS)
        prefetch_related_objects(images, Prefetch("renditions", queryset=renditions))


def image_data(image, context) -> dict | None:
    """An image with its renditions; None for none, or for one in a collection the public
    may not see (a cover or body image chosen from a private collection)."""
    from .collections import is_public

    if image is None or not is_public(image, context):
        return None
    renditions = image.get_renditions(*RENDITION_SPECS)
    return {
        "id": image.pk,
        "title": image.title,
        "width": image.width,
        "height": image.height,
        "renditions": {
            spec: {
                "url": absolute(context, rendition.url),
                "width": rendition.width,
                "height": rendition.height,
            }
            for spec, rendition in renditions.items()
        },
    }


class ImageRenditionsField(Field):
    """An image as ``{id, title, width, height, renditions: {spec: {url, width, height}}}``
    with absolute URLs, or null."""

    def to_representation(self, image):
        prefetch_renditions([image])
        return image_data(image, self.context)

    def get_attribute(self, instance):
        # A missing image is null, not an error.
        try:
            return super().get_attribute(instance)
        except AttributeError:
            return None


class RichTextHTMLField(Field):
    """Database rich text as sanitised, absolute HTML (see sanitise.py)."""

    def to_representation(self, value):
        return rich_text_html(getattr(value, "source", value) or "", base_url(self.context))


class LocalDateTimeField(Field):
    """A moment in Beijing time with its offset: ``2026-10-10T09:00:00+08:00``."""

    def to_representation(self, value):
        if value is None:
            return None
        from content.events.models.pages import SHANGHAI

        return timezone.localtime(value, SHANGHAI).isoformat()


class DateField(Field):
    def to_representation(self, value):
        return value.isoformat() if value else None


class AudiencesField(Field):
    """``[{id, slug, name}]`` of a many-to-many to Audience (prefetched by the view)."""

    def to_representation(self, manager):
        return [{"id": a.pk, "slug": a.slug, "name": a.name} for a in manager.all()]


class TopicsField(Field):
    def to_representation(self, manager):
        return [{"slug": t.slug, "name": t.name} for t in manager.all()]


class ChoiceField(Field):
    """A choice as ``{value, label}`` (the label in Chinese)."""

    def __init__(self, choices, **kwargs):
        self.labels = dict(choices)
        super().__init__(**kwargs)

    def to_representation(self, value):
        if not value:
            return None
        return {"value": value, "label": str(self.labels.get(value, value))}


class ExpertField(Field):
    def to_representation(self, expert):
        if expert is None:
            return None
        return {"name": expert.name, "title": expert.title, "institution": expert.institution}


class OrganizationField(Field):
    def to_representation(self, organization):
        if organization is None:
            return None
        return {"id": organization.pk, "name": organization.name}


class CampaignField(Field):
    def to_representation(self, campaign):
        if campaign is None:
            return None
        return {
            "id": campaign.pk,
            "slug": campaign.slug,
            "name": campaign.name,
            "year": campaign.year,
            "theme": campaign.theme,
        }


class AreaPathField(Field):
    """``[{code, name}]`` from the province down to the area itself."""

    def to_representation(self, area):
        if area is None:
            return []
        from content.reference.models import AdminArea

        memo = self.context.setdefault("_anxin_area_paths", {}) if self.context is not None else {}
        if area.pk not in memo:
            rows = AdminArea.objects.filter(code__in=area.ancestor_codes()).order_by("code").values("code", "name")
            memo[area.pk] = [{"code": row["code"], "name": row["name"]} for row in rows]
        return memo[area.pk]


class VenueField(Field):
    """The directory entry an event takes place at, or null (also when it is defunct or
    unpublished: the public may not see it)."""

    def to_representation(self, venue):
        if venue is None or not venue.is_public:
            return None
        return service_data(venue, self.context)


class PhonesField(Field):
    def to_representation(self, phones):
        return [Phone(p.number, p.label).as_dict() for p in phones]


def service_data(service, context) -> dict:
    data = {
        "id": service.pk,
        "name": service.name,
        "address": service.address,
        "phones": [Phone(p.number, p.label).as_dict() for p in service.phones.all()],
        "url": absolute(context, service.get_absolute_url()),
    }
    latitude, longitude = getattr(service, "latitude", None), getattr(service, "longitude", None)
    if latitude is not None and longitude is not None:
        data["coordinates"] = {"latitude": float(latitude), "longitude": float(longitude)}
    return data


class CoordinatesField(Field):
    """``{latitude, longitude}`` of an event's venue, or null."""

    def to_representation(self, venue):
        if venue is None or not venue.is_public:
            return None
        if venue.latitude is None or venue.longitude is None:
            return None
        return {"latitude": float(venue.latitude), "longitude": float(venue.longitude)}


class ShareTitleField(Field):
    """The title for a share card: the SEO title, or the title (at most 30 characters)."""

    MAX = 30

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, page):
        return shorten(page.seo_title or page.title, self.MAX)


class ShareSummaryField(Field):
    """The text under a share card: the search description, else the summary, at most 54
    characters (what a WeChat card shows in two lines)."""

    MAX = 54

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, page):
        text = page.search_description or getattr(page, "summary", "") or getattr(page, "intro", "") or ""
        if hasattr(text, "source"):
            text = text.source
        from django.utils.html import strip_tags

        return shorten(" ".join(strip_tags(str(text)).split()), self.MAX)


def shorten(text: str, limit: int) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


class AudienceField(Field):
    def to_representation(self, audience):
        if audience is None:
            return None
        return {"id": audience.pk, "slug": audience.slug, "name": audience.name, "description": audience.description}


class EventStatusField(Field):
    """``upcoming``, ``ongoing`` or ``ended`` now; the cached answer expires when it flips."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, event):
        from anxin.cache import pages as page_cache

        now = timezone.now()
        request = self.context.get("request") if self.context else None
        if event.start > now:
            status, flips = "upcoming", event.start
        elif event.end > now:
            status, flips = "ongoing", event.end
        else:
            status, flips = "ended", None
        if request is not None:
            page_cache.cache_until(getattr(request, "_request", request), flips)
        return status


class ReachField(Field):
    """People reached (on site + online) once the organizer reported it, else null."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, event):
        return event.report_reach if event.report_count else None


class QuestionsField(Field):
    """A questionnaire's items, each with its options (its own or the shared ones)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, page):
        shared = [{"label": o.value["label"], "score": o.value["score"]} for o in page.answer_options]
        items = []
        for number, block in enumerate(page.questions, start=1):
            own = [{"label": o["label"], "score": o["score"]} for o in block.value["options"]]
            items.append(
                {
                    "number": number,
                    "text": block.value["text"],
                    "is_risk_item": bool(block.value["is_risk_item"]),
                    "options": own or shared,
                }
            )
        return items


class OptionsField(Field):
    def to_representation(self, stream):
        return [{"label": o.value["label"], "score": o.value["score"]} for o in stream]


class BandsField(Field):
    """Score bands: ``[{min_score, max_score, label, level, html}]`` (the interpretation
    as sanitised HTML)."""

    def to_representation(self, stream):
        root = base_url(self.context)
        return [
            {
                "min_score": b.value["min_score"],
                "max_score": b.value["max_score"],
                "label": b.value["label"],
                "level": b.value["level"],
                "html": rich_text_html(b.value["interpretation"].source if b.value["interpretation"] else "", root),
            }
            for b in stream
        ]


class QuestionnaireSourcesField(Field):
    def to_representation(self, stream):
        return [{"citation": s.value["citation"], "url": s.value["url"] or ""} for s in stream]
