from django.urls import path

from motcua.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("lam-viec/", views.workspace, name="workspace"),
    path("healthz", views.healthz, name="healthz"),
]
