from django.contrib import admin, messages

from motcua.catalog.domain.rules import Limit, LimitUnit, Step, StepUnit, steps_problem
from motcua.catalog.models import (
    Field,
    Procedure,
    ProcedureGroup,
    ProcedureGroupMember,
    ProcessingStep,
    RequiredDocument,
)


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "order")
    search_fields = ("code", "name")
    ordering = ("order", "name")


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0
    fields = ("order", "name", "copies", "form", "requirement", "condition", "reusable_from_data")


class ProcessingStepInline(admin.TabularInline):
    model = ProcessingStep
    extra = 0
    fields = ("order", "name", "role", "performer", "duration_value", "duration_unit")


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "field", "limit_text", "online_level", "fee_amount", "is_active")
    list_filter = ("field", "level", "online_level", "limit_unit", "is_active")
    search_fields = ("code", "name")
    inlines = [RequiredDocumentInline, ProcessingStepInline]
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("code", "name", "field", "is_active")}),
        ("Cơ quan, mức độ trực tuyến", {"fields": ("level", "agency_kind", "agency_name",
                                                    "online_level", "submit_where")}),
        ("Thời hạn", {"fields": ("limit_value", "limit_unit", "limit_note")}),
        ("Phí, lệ phí", {"fields": ("fee_text", "fee_amount", "fee_note")}),
        ("Kết quả, căn cứ, tìm kiếm", {"fields": ("results", "legal_basis", "aliases", "note")}),
        ("Thời điểm", {"fields": ("created_at", "updated_at")}),
    )

    @admin.display(description="thời hạn")
    def limit_text(self, obj: Procedure) -> str:
        return obj.limit_text

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        p = form.instance
        problem = steps_problem(
            Limit(p.limit_value, LimitUnit(p.limit_unit)),
            [Step(s.name, s.duration_value, StepUnit(s.duration_unit)) for s in p.steps.all()],
        )
        if problem:
            messages.warning(request, f"Thủ tục {p.code}: {problem}.")


class ProcedureGroupMemberInline(admin.TabularInline):
    model = ProcedureGroupMember
    extra = 0
    autocomplete_fields = ("procedure",)


@admin.register(ProcedureGroup)
class ProcedureGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "procedure")
    search_fields = ("code", "name")
    autocomplete_fields = ("procedure",)
    inlines = [ProcedureGroupMemberInline]
