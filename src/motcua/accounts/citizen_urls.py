from django.urls import path

from motcua.accounts.citizens import views

app_name = "citizen"

urlpatterns = [
    path("dang-nhap/", views.login, name="login"),
    path("dang-nhap/xong/", views.callback, name="callback"),
    path("dang-xuat/", views.logout, name="logout"),
    path("da-dang-xuat/", views.signed_out, name="signed_out"),
    path("ho-so/", views.dossiers, name="dossiers"),
    path("truy-cap/", views.accesses, name="accesses"),
    path("ho-so/<str:code>/", views.dossier, name="dossier"),
    path("ho-so/<str:code>/ket-qua/<int:attachment_id>/", views.result, name="result"),
]
