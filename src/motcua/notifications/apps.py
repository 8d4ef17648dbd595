from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    label = "notifications"
    verbose_name = "Thông báo cho người dân"
