from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "motcua.workdays"
    label = "workdays"
    verbose_name = "Lịch làm việc"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from motcua.workdays import models, selectors

        for model in (models.CalendarException, models.OfficeHoursRule):
            post_save.connect(selectors.clear_cache, sender=model, dispatch_uid=f"wd-save-{model}")
            post_delete.connect(
                selectors.clear_cache, sender=model, dispatch_uid=f"wd-delete-{model}"
            )
