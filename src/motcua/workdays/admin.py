from django.contrib import admin

from motcua.workdays.models import CalendarException, OfficeHoursRule


@admin.register(CalendarException)
class CalendarExceptionAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "name", "province_code", "source")
    list_filter = ("kind", "province_code")
    search_fields = ("name", "source")
    date_hierarchy = "date"
    ordering = ("-date",)


@admin.register(OfficeHoursRule)
class OfficeHoursRuleAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "province_code",
        "valid_from_day",
        "valid_from_month",
        "valid_to_day",
        "valid_to_month",
        "morning_start",
        "morning_end",
        "afternoon_start",
        "afternoon_end",
    )
    list_filter = ("province_code",)
    search_fields = ("name",)
    fieldsets = (
        (None, {"fields": ("province_code", "name")}),
        (
            "Thời gian áp dụng",
            {
                "fields": (
                    ("valid_from_day", "valid_from_month"),
                    ("valid_to_day", "valid_to_month"),
                )
            },
        ),
        (
            "Giờ làm việc",
            {"fields": (("morning_start", "morning_end"), ("afternoon_start", "afternoon_end"))},
        ),
    )
