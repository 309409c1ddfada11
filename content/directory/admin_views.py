"""Admin views in the 服务目录 group: coverage report and spreadsheet import."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from content.reference import spreadsheets
from content.reference.models import AdminArea, AdminAreaLevel

from . import coverage as coverage_module
from .importing import ImportRejected
from .spreadsheet import import_file, template_csv, template_xlsx

MAX_UPLOAD = 200 * 1024 * 1024
logger = logging.getLogger(__name__)


COVERAGE_PERMISSIONS = ("directory.view_servicepoint",)
IMPORT_PERMISSIONS = ("directory.add_servicepoint", "directory.change_servicepoint")


def has_all(user, perms) -> bool:
    """The one check of each view below, also asked by its menu item (wagtail_hooks)."""
    return user.is_active and all(user.has_perm(p) for p in perms)


def _require(request, *perms):
    if not has_all(request.user, perms):
        raise PermissionDenied


class CoverageForm(forms.Form):
    county = forms.ModelChoiceField(
        label=gettext_lazy("区/县"),
        queryset=AdminArea.objects.filter(level=AdminAreaLevel.COUNTY).order_by("code"),
        to_field_name="code",
    )


class CoverageReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "directory/admin/coverage.html"
    page_title = gettext_lazy("覆盖率报告")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        _require(request, *COVERAGE_PERMISSIONS)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        form = CoverageForm(request.GET or None)
        report = None
        if form.is_valid():
            report = coverage_module.compute(form.cleaned_data["county"])
            if request.GET.get("format") == "csv":
                return self.csv_response(report)
        return self.render_to_response(
            self.get_context_data(form=form, report=report, target=int(coverage_module.TARGET * 100))
        )

    def csv_response(self, report) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="coverage-{report.county.code}.csv"'
        response.write("\ufeff")
        writer = spreadsheets.csv_writer(response)
        writer.writerow([_("区划代码"), _("名称"), _("层级"), _("所属镇/街道"), _("缺少")])
        for village in report.missing_villages:
            writer.writerow(
                [
                    village.code,
                    village.name,
                    _("村/社区"),
                    village.parent.name if village.parent else "",
                    _("心理咨询室"),
                ]
            )
        for township in report.missing_townships:
            writer.writerow([township.code, township.name, _("镇/街道"), "", _("心理健康服务驿站/社工站")])
        return response


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("表格文件（.csv 或 .xlsx）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in {".csv", ".xlsx"}:
            raise forms.ValidationError(_("只支持 .csv 和 .xlsx 文件。"))
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("文件太大（上限 200 MB）；更大的文件请用 manage.py import_directory。"))
        return upload


class SpreadsheetImportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "directory/admin/import.html"
    page_title = gettext_lazy("表格导入")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        _require(request, *IMPORT_PERMISSIONS)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("template")
        if fmt == "csv":
            response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="directory-template.csv"'
            return response
        if fmt == "xlsx":
            response = HttpResponse(
                template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
            response["Content-Disposition"] = 'attachment; filename="directory-template.xlsx"'
            return response
        return self.render_to_response(self.get_context_data(form=ImportForm()))

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        errors = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            suffix = Path(upload.name).suffix.lower()
            with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
                for chunk in upload.chunks():
                    tmp.write(chunk)
                tmp.flush()
                try:
                    result = import_file(Path(tmp.name))
                except ImportRejected as exc:
                    errors = exc.errors
                    messages.error(request, str(exc))
                except Exception:
                    # The import runs in one transaction: whatever failed, nothing was written.
                    logger.exception("directory import of %r failed", upload.name)
                    messages.error(
                        request, _("导入失败，未导入任何数据：文件无法处理。请检查文件后重试，或联系管理员。")
                    )
                else:
                    message = _("导入完成：新增 %(c)s 条，更新 %(u)s 条。") % {"c": result.created, "u": result.updated}
                    if result.encoding:
                        message += _("（文件按 %(encoding)s 编码读取。）") % {"encoding": result.encoding}
                    messages.success(request, message)
                    for warning in result.warnings[:20]:
                        messages.warning(request, _("提醒：%(w)s") % {"w": warning})
                    if len(result.warnings) > 20:
                        messages.warning(request, _("另有 %(n)s 条同类提醒。") % {"n": len(result.warnings) - 20})
                    return self.redirect_to_list()
        return self.render_to_response(self.get_context_data(form=form, errors=errors[:500], error_count=len(errors)))

    def redirect_to_list(self):
        from django.shortcuts import redirect

        return redirect(reverse("wagtailsnippets_directory_servicepoint:list"))
