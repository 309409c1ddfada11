"""Demo self-check pages: an index under the home page with PHQ-9, GAD-7 and EPDS. Idempotent."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Site

from content.reference.models import AdminArea, Audience

from .instruments import INSTRUMENTS
from .models import QuestionnairePage, SelfCheckIndexPage

DEMO_SERVICE_AREA = "310114000000"  # 上海市嘉定区, the demo district


def _stream(items):
    return [(name, value) for name, value in items]


def questionnaire_from_spec(spec: dict) -> QuestionnairePage:
    """An unsaved QuestionnairePage built from one of ``instruments.INSTRUMENTS``."""
    questions = []
    for item in spec["questions"]:
        text, is_risk = item[0], item[1]
        own = item[2] if len(item) > 2 else []
        questions.append(
            (
                "question",
                {
                    "text": text,
                    "is_risk_item": is_risk,
                    "options": [{"label": label, "score": score} for label, score in own],
                },
            )
        )
    return QuestionnairePage(
        title=spec["title"],
        slug=spec["slug"],
        short_name=spec["short_name"],
        subject=spec.get("subject", ""),
        summary=spec["summary"],
        minutes=spec["minutes"],
        instructions=spec["instructions"],
        answer_options=_stream(("option", {"label": label, "score": score}) for label, score in spec["options"]),
        questions=questions,
        bands=_stream(("band", band) for band in spec["bands"]),
        sources=_stream(("source", {"citation": citation, "url": url}) for citation, url in spec["sources"]),
        licence_note=spec["licence"],
    )


@transaction.atomic
def load(log) -> None:
    home = Site.objects.get(is_default_site=True).root_page
    index = SelfCheckIndexPage.objects.child_of(home).first()
    if index is None:
        index = SelfCheckIndexPage(
            title="心理自测",
            slug="self-check",
            intro=(
                "<p>几分钟的自评问卷，帮您了解最近的情绪状况，并找到合适的文章、身边的服务和求助热线。"
                "这些问卷都是公开发表、可以自由使用的标准量表。</p>"
            ),
            service_area=AdminArea.objects.filter(code=DEMO_SERVICE_AREA).first(),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        log(f"心理测评目录：{index.title}")
    audiences = {a.slug: a for a in Audience.objects.all()}
    created = 0
    for spec in INSTRUMENTS:
        if QuestionnairePage.objects.child_of(index).filter(short_name=spec["short_name"]).exists():
            continue
        page = questionnaire_from_spec(spec)
        index.add_child(instance=page)
        page.audiences.set([audiences[slug] for slug in spec["audiences"] if slug in audiences])
        page.save_revision().publish()
        created += 1
    log(f"心理测评问卷：新建 {created} 份，共 {QuestionnairePage.objects.child_of(index).count()} 份")
