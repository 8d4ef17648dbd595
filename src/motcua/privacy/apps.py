from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "motcua.privacy"
    label = "privacy"
    verbose_name = "Bảo vệ dữ liệu cá nhân"

    def ready(self) -> None:
        from motcua.privacy import checks  # noqa: F401  (registers the checks)
