"""Static files: hashed names, pre-compressed copies, cached forever; small enough."""

import gzip
from pathlib import Path

from django.core.files.storage import FileSystemStorage
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.storage import CompressedManifestStaticFilesStorage

import themes.base

THEME_STATIC = Path(themes.base.__file__).parent / "static"


def test_theme_static_files_get_hashed_and_compressed(tmp_path):
    source = FileSystemStorage(location=THEME_STATIC)
    target = CompressedManifestStaticFilesStorage(location=tmp_path, base_url="/static/")
    paths = {}
    for directory in ("anxin/css", "anxin/js"):
        for name in source.listdir(directory)[1]:
            path = f"{directory}/{name}"
            with source.open(path) as handle:
                target.save(path, handle)
            paths[path] = (source, path)
    list(target.post_process(paths))
    target.save_manifest()
    for path in ("anxin/css/base.css", "anxin/css/elder.css", "anxin/js/site.js"):
        hashed = target.stored_name(path)
        assert hashed != path
        assert (tmp_path / hashed).exists()
        assert (tmp_path / f"{hashed}.gz").exists()
        assert (tmp_path / f"{hashed}.br").exists()
    # WhiteNoise serves the hashed names compressed, with a year-long immutable Cache-Control.
    storages = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages, WHITENOISE_USE_FINDERS=False, DEBUG=False):
        middleware = WhiteNoiseMiddleware(lambda request: None)
        hashed = target.stored_name("anxin/css/base.css")
        request = RequestFactory().get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING="gzip, br")
        response = middleware(request)
        assert response.status_code == 200
        assert response["Content-Encoding"] == "br"
        assert "max-age=31536000" in response["Cache-Control"]
        assert "immutable" in response["Cache-Control"]


def test_theme_css_and_js_stay_small():
    total = sum(
        len(gzip.compress((THEME_STATIC / path).read_bytes(), 9))
        for path in ("anxin/css/base.css", "anxin/css/elder.css", "anxin/js/site.js")
    )
    assert total < 12 * 1024
