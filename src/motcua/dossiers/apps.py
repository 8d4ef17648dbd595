from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"

    def ready(self) -> None:
        # The API's hot paths keep tokens, procedures and agencies in per-process memos
        # (motcua.memo); any change to them made in this process clears the memos at once.
        from motcua.memo import clear_all

        for label in ("catalog.Procedure", "catalog.RequiredDocument", "catalog.ProcessingStep",
                      "catalog.ProcedureGroup", "catalog.ProcedureGroupMember", "catalog.Field",
                      "units.Agency", "accounts.Official", "accounts.OfficialRole",
                      "dossiers.ApiToken"):
            model = apps.get_model(label)
            post_save.connect(clear_all, sender=model, dispatch_uid=f"memo-save-{label}")
            post_delete.connect(clear_all, sender=model, dispatch_uid=f"memo-delete-{label}")
