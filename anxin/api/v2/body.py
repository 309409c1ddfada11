"""An article body (StreamField) both as structured blocks and as one sanitised HTML
string for WeChat's ``rich-text`` component.

The stream loads each kind of chosen object in one query (Wagtail's bulk_to_python);
the renditions of all its images and the phones of all its services are read in one
query each, so the number of queries does not grow with the body.
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.utils.html import escape
from rest_framework.fields import Field

from content.reference.phones import Phone

from .collections import is_public
from .fields import absolute, base_url, image_data, prefetch_renditions, service_data
from .sanitise import clean_html, expand_many, rich_text_html


def _children(stream):
    for block in stream:
        yield block.block_type, block.value, block.id


def images_in(stream) -> list:
    """The images of a stream's image blocks (loaded together, as the stream loads them)."""
    return [value["image"] for kind, value, _id in _children(stream) if kind == "image" and value["image"] is not None]


def prepare(stream, context) -> None:
    """Prefetch what the blocks of ``stream`` show: image renditions, service phones, the
    pages its rich texts link to."""
    images, services, texts = [], [], []
    for kind, value, _id in _children(stream):
        if kind == "image" and value.get("image") is not None:
            images.append(value["image"])
        elif kind == "related_services":
            services.extend(s for s in value["services"] if s is not None)
        elif kind == "paragraph":
            texts.append(value.source)
        elif kind == "callout":
            texts.append(value["text"].source)
        elif kind == "faq":
            texts.extend(item["answer"].source for item in value["items"])
    prefetch_renditions(images)
    if services:
        prefetch_related_objects(services, "phones")
    context.setdefault("_anxin_expanded", {}).update(expand_many(texts))


def block_data(kind: str, value, context) -> dict:
    root = base_url(context)
    expanded = context.get("_anxin_expanded")
    if kind == "paragraph":
        return {"html": rich_text_html(value.source, root, expanded)}
    if kind == "heading":
        return {"text": value["text"], "level": value["level"]}
    if kind == "image":
        return {"image": image_data(value["image"], context), "alt": value["alt_text"], "caption": value["caption"]}
    if kind == "quote":
        return {"quote": value["quote"], "attribution": value["attribution"]}
    if kind == "callout":
        html = rich_text_html(value["text"].source, root, expanded)
        return {"kind": value["kind"], "title": value["title"], "html": html}
    if kind == "faq":
        return {
            "title": value["title"],
            "items": [
                {"question": item["question"], "html": rich_text_html(item["answer"].source, root, expanded)}
                for item in value["items"]
            ],
        }
    if kind == "video":
        return {"url": value["url"], "title": value["title"], "transcript": value["transcript"]}
    if kind == "document":
        document = value["document"]
        return {
            "title": value["title"],
            "kind": value["kind"],
            "description": value["description"],
            "document": document_data(document, context),
        }
    if kind == "related_services":
        # Defunct or unpublished entries are never shown (as on the article page).
        services = [s for s in value["services"] if s is not None and s.is_public]
        return {"title": value["title"], "services": [service_data(s, context) for s in services]}
    if kind == "hotline":
        phone = Phone(value["number"])
        return {
            "name": value["name"],
            "number": phone.display,
            "href": phone.href,
            "hours": value["hours"],
            "note": value["note"],
        }
    return {}


def document_data(document, context) -> dict | None:
    if document is None or not is_public(document, context):
        return None
    return {
        "id": document.pk,
        "title": document.title,
        "url": absolute(context, document.url),
        "file_extension": document.file_extension,
    }


def block_html(kind: str, data: dict) -> str:
    """The HTML of one block (built from its data, then cleaned as a whole)."""
    e = escape
    if kind == "paragraph":
        return data["html"]
    if kind == "heading":
        return f"<{data['level']}>{e(data['text'])}</{data['level']}>"
    if kind == "image":
        image = data["image"]
        if not image:
            return ""
        rendition = image["renditions"]["width-750"]
        caption = f"<p>{e(data['caption'])}</p>" if data["caption"] else ""
        return (
            f'<div><img src="{e(rendition["url"])}" alt="{e(data["alt"])}" '
            f'width="{rendition["width"]}" height="{rendition["height"]}">{caption}</div>'
        )
    if kind == "quote":
        attribution = f"<p>——{e(data['attribution'])}</p>" if data["attribution"] else ""
        return f"<blockquote><p>{e(data['quote'])}</p>{attribution}</blockquote>"
    if kind == "callout":
        title = f"<h4>{e(data['title'])}</h4>" if data["title"] else ""
        return f'<div class="callout callout-{e(data["kind"])}">{title}{data["html"]}</div>'
    if kind == "faq":
        items = "".join(f"<h4>{e(item['question'])}</h4>{item['html']}" for item in data["items"])
        return f"<h3>{e(data['title'])}</h3>{items}"
    if kind == "video":
        return f'<p><a href="{e(data["url"])}">{e(data["title"])}</a></p>'
    if kind == "document":
        document = data["document"]
        if not document:
            return ""
        return f'<p><a href="{e(document["url"])}">{e(data["title"])}</a></p>'
    if kind == "related_services":
        if not data["services"]:
            return ""
        items = "".join(
            f"<li><strong>{e(s['name'])}</strong> {e(s['address'])}"
            + "".join(f' <a href="{e(p["href"])}">{e(p["number"])}</a>' for p in s["phones"])
            + "</li>"
            for s in data["services"]
        )
        return f"<h3>{e(data['title'])}</h3><ul>{items}</ul>"
    if kind == "hotline":
        return f'<p><strong>{e(data["name"])}</strong> <a href="{e(data["href"])}">{e(data["number"])}</a></p>'
    return ""


def stream_blocks(stream, context) -> list[dict]:
    """The blocks' data, once per response (``body`` and ``body_html`` share it)."""
    if context is None:
        context = {}
    memo = context.setdefault("_anxin_streams", {})
    key = id(stream)
    if key not in memo:
        prepare(stream, context)
        memo[key] = (
            stream,  # kept alive so its id is not reused within the response
            [
                {"type": kind, "id": block_id, "value": block_data(kind, value, context)}
                for kind, value, block_id in _children(stream)
            ],
        )
    return memo[key][1]


class StreamBlocksField(Field):
    """The body as ``[{type, id, value}]`` (see block_data for each type's value)."""

    def to_representation(self, stream):
        return stream_blocks(stream, self.context)


class StreamHTMLField(Field):
    """The body as one sanitised HTML string (WeChat rich-text)."""

    def to_representation(self, stream):
        blocks = stream_blocks(stream, self.context)
        html = "".join(block_html(block["type"], block["value"]) for block in blocks)
        return clean_html(html, base_url(self.context))


class SourcesField(Field):
    """An article's or questionnaire's sources as plain data."""

    def to_representation(self, stream):
        result = []
        for block in stream:
            value = block.value
            item = {key: value.get(key) for key in value}
            result.append(item)
        return result
