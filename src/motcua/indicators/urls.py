"""The indicators' pages, mounted at /chi-so/."""

from django.urls import path

from motcua.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.home, name="home"),
    path("tinh/<str:code>/", views.province, name="province"),
    path("tinh/<str:code>/chi-so.csv", views.province_csv, name="province_csv"),
    path("tinh/<str:code>/bao-cao.<str:fmt>", views.province_report, name="province_report"),
    path("xa/<str:code>/", views.commune, name="commune"),
    path("xa/<str:code>/bao-cao.<str:fmt>", views.commune_report, name="commune_report"),
    path("xa/<str:code>/thu-tuc/<str:procedure_code>/", views.procedure, name="procedure"),
]
