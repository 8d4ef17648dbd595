from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "motcua.indicators"
    label = "indicators"
    verbose_name = "Chỉ số, báo cáo"

    def ready(self) -> None:
        from motcua.dossiers.signals import dossier_changed
        from motcua.indicators.rollups import on_dossier_changed

        dossier_changed.connect(on_dossier_changed, dispatch_uid="indicators.rollups")
