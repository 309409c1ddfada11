"""System checks (``manage.py check``): what HSDS import, export and the API need at run time.

All of it ships in the repository (the import schema is our own, in Python); the check
proves it is there and well formed, and says so in words instead of a traceback at the
first import. The official HSDS files in ``../shared`` are never needed at run time.
"""

from __future__ import annotations

from django.core.checks import Error, Tags, register


@register(Tags.compatibility)
def check_hsds_runtime(app_configs=None, **kwargs):
    errors = []
    try:
        from jsonschema.exceptions import SchemaError

        from .hsds_import_schema import service_validator
    except ImportError as exc:
        return [
            Error(
                f"HSDS 导入需要的 Python 包缺失：{exc}。HSDS import needs it: reinstall with `make install`.",
                id="directory.E001",
            )
        ]
    try:
        service_validator()
    except SchemaError as exc:
        errors.append(
            Error(
                f"HSDS 导入校验规则无效 / the HSDS import schema is invalid: {exc.message}",
                hint="content/directory/hsds_import_schema.py",
                id="directory.E002",
            )
        )
    return errors
