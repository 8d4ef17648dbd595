"""The officials' dossier screens, mounted at /ho-so/."""

from django.urls import path

from motcua.dossiers import views

app_name = "dossiers"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("tiep-nhan/", views.intake, name="intake"),
    path("tiep-nhan/thu-tuc/", views.procedure_suggestions, name="procedure_suggestions"),
    path("so-theo-doi/", views.register, name="register"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/thao-tac/<slug:action>/", views.act, name="act"),
    path("<str:code>/tep/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<str:code>/phieu/<slug:form>.pdf", views.slip, name="slip"),
]
