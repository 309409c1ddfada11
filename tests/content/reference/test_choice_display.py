"""get_FOO_display() through QuickChoiceDisplayMixin says exactly what Django's own does."""

import pytest
from django.db import models
from django.utils import translation

from content.articles.models import ArticlePage
from content.directory.models import OpeningHours, ServicePoint
from content.events.models import EventPage


@pytest.mark.parametrize(
    ("model", "field_names"),
    [(ServicePoint, ("kind", "fee", "booking", "status")), (ArticlePage, ("format",)), (EventPage, ("kind",))],
)
def test_labels_match_djangos_for_every_choice_and_unknown_values(model, field_names):
    for name in field_names:
        field = model._meta.get_field(name)
        for value in [*(v for v, _label in field.flatchoices), "no-such-value", ""]:
            obj = model.__new__(model)  # no database needed for a display label
            obj.__dict__[field.attname] = value
            for language in ("zh-hans", "en"):
                with translation.override(language):
                    expected = models.Model._get_FIELD_display(obj, field)
                    assert getattr(obj, f"get_{name}_display")() == expected, (model, name, value)


def test_models_without_the_mixin_are_untouched():
    assert "_get_FIELD_display" not in OpeningHours.__dict__
    assert ServicePoint._get_FIELD_display is not models.Model._get_FIELD_display
