from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    label = "notifications"
    verbose_name = "Thông báo cho người dân"

    def ready(self) -> None:
        from motcua.dossiers.signals import dossier_changed
        from motcua.notifications.services import on_dossier_changed

        dossier_changed.connect(on_dossier_changed, dispatch_uid="notifications.queue")
