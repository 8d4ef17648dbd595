from django.urls import path

from motcua.units import views

app_name = "units"

urlpatterns = [
    path("", views.convert_page, name="convert"),
    path("goi-y/", views.suggest, name="suggest"),
]
