from django.apps import AppConfig


class ServingConfig(AppConfig):
    name = "motcua.serving"
    verbose_name = "Vận hành"
