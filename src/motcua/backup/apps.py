from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "motcua.backup"
    label = "backup"
    verbose_name = "Sao lưu và khôi phục"
