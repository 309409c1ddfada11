"""Admin: import events and their attendance from a spreadsheet, download the template,
export a date range in the same format (a township's 汇总表)."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from content.reference.spreadsheet_import import ImportRejected

from . import scoping
from .admin_views import default_range
from .importing import write_records
from .models import EventIndexPage
from .spreadsheet import export_queryset, export_rows, read_file, rows_csv, rows_xlsx, template_rows, template_xlsx

MAX_UPLOAD = 50 * 1024 * 1024
IMPORT_PERMISSIONS = ("events.add_eventpage", "events.add_attendancereport", "events.change_attendancereport")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
logger = logging.getLogger(__name__)


def can_import(user) -> bool:
    return user.is_active and all(user.has_perm(p) for p in IMPORT_PERMISSIONS)


def indexes_for(user):
    """The event index pages ``user`` may add events under."""
    return [
        index for index in EventIndexPage.objects.order_by("path") if index.permissions_for_user(user).can_add_subpage()
    ]


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("表格文件（.csv 或 .xlsx）"))
    publish = forms.TypedChoiceField(
        label=gettext_lazy("新活动"),
        choices=[("1", gettext_lazy("直接发布")), ("0", gettext_lazy("保存为草稿"))],
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    index = forms.ChoiceField(label=gettext_lazy("放在哪个活动列表页下"))

    def __init__(self, *args, indexes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indexes = {str(index.pk): index for index in indexes}
        self.fields["index"].choices = [(pk, index.get_admin_display_title()) for pk, index in self.indexes.items()]
        if len(self.indexes) == 1:
            self.fields["index"].initial = next(iter(self.indexes))
            self.fields["index"].widget = forms.HiddenInput()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in {".csv", ".xlsx"}:
            raise forms.ValidationError(_("只支持 .csv 和 .xlsx 文件。"))
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("文件太大（上限 50 MB）；更大的文件请用 manage.py import_events。"))
        return upload

    def clean_index(self):
        return self.indexes[self.cleaned_data["index"]]


class ExportForm(forms.Form):
    date_from = forms.DateField(label=gettext_lazy("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=gettext_lazy("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    format = forms.ChoiceField(label=gettext_lazy("格式"), choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV")])

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise forms.ValidationError(_("结束日期不能早于开始日期。"))
        return data


class EventImportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/import.html"
    page_title = gettext_lazy("活动表格导入导出")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if scoping.is_scoped(self.request.user):
            organization = scoping.organization_for(self.request.user)
            context["organization"] = organization.name if organization else None
            context["scoped"] = True
        return context

    def export_form(self, data=None):
        first, last = default_range()
        return ExportForm(data, initial={"date_from": first, "date_to": last, "format": "xlsx"})

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("template")
        if fmt == "csv":
            return self.download(rows_csv(template_rows()), "text/csv; charset=utf-8", "events-template.csv")
        if fmt == "xlsx":
            return self.download(template_xlsx(), XLSX, "events-template.xlsx")
        export_form = self.export_form(request.GET if "date_from" in request.GET else None)
        if export_form.is_bound and export_form.is_valid():
            data = export_form.cleaned_data
            queryset = export_queryset(request.user, data["date_from"], data["date_to"])
            name = f"events-{data['date_from']}-{data['date_to']}"
            if data["format"] == "csv":
                return self.download(rows_csv(export_rows(queryset)), "text/csv; charset=utf-8", f"{name}.csv")
            return self.download(rows_xlsx(export_rows(queryset), _("活动汇总表")), XLSX, f"{name}.xlsx")
        return self.render_to_response(
            self.get_context_data(form=ImportForm(indexes=indexes_for(request.user)), export_form=export_form)
        )

    @staticmethod
    def download(body, content_type: str, filename: str) -> HttpResponse:
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def post(self, request, *args, **kwargs):
        indexes = indexes_for(request.user)
        form = ImportForm(request.POST, request.FILES, indexes=indexes)
        errors = []
        if not indexes:
            messages.error(request, _("还没有您可以添加活动的活动列表页，请联系管理员。"))
        elif form.is_valid():
            index, publish = form.cleaned_data["index"], form.cleaned_data["publish"]
            if publish and not index.permissions_for_user(request.user).can_publish_subpage():
                publish = False
            upload = form.cleaned_data["file"]
            suffix = Path(upload.name).suffix.lower()
            with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
                for chunk in upload.chunks():
                    tmp.write(chunk)
                tmp.flush()
                try:
                    records, encoding = read_file(Path(tmp.name), request.user)
                    result = write_records(records, user=request.user, index_page=index, publish=publish)
                except ImportRejected as exc:
                    errors = exc.errors
                    messages.error(request, str(exc))
                except Exception:
                    # One transaction: whatever failed, nothing was written.
                    logger.exception("events import of %r failed", upload.name)
                    messages.error(
                        request, _("导入失败，未导入任何数据：文件无法处理。请检查文件后重试，或联系管理员。")
                    )
                else:
                    message = _(
                        "导入完成：新增 %(c)s 场活动，更新 %(u)s 场，%(n)s 场没有变化；写入参与人次记录 %(r)s 条。"
                    ) % {"c": result.created, "u": result.updated, "n": result.unchanged, "r": result.reports}
                    if encoding:
                        message += _("（文件按 %(encoding)s 编码读取。）") % {"encoding": encoding}
                    messages.success(request, message)
                    return redirect(reverse("event_import:index"))
        return self.render_to_response(
            self.get_context_data(
                form=form, export_form=self.export_form(), errors=errors[:500], error_count=len(errors)
            )
        )
