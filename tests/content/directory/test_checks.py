"""manage.py check speaks about what HSDS import needs at run time, in words."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from content.directory import hsds_import_schema
from content.directory.checks import check_hsds_runtime


def test_the_shipped_import_schema_passes():
    assert check_hsds_runtime() == []
    call_command("check", verbosity=0)


def test_a_broken_import_schema_is_reported_not_raised(monkeypatch):
    hsds_import_schema.service_validator.cache_clear()
    monkeypatch.setitem(hsds_import_schema.SERVICE, "type", "no-such-type")
    try:
        problems = check_hsds_runtime()
        assert [p.id for p in problems] == ["directory.E002"]
        assert "HSDS" in problems[0].msg
        with pytest.raises(SystemCheckError, match=r"directory\.E002"):
            call_command("check", verbosity=0)
    finally:
        monkeypatch.undo()
        hsds_import_schema.service_validator.cache_clear()
