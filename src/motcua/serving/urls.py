from django.urls import path

from motcua.serving import views

app_name = "serving"

urlpatterns = [
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.metrics_view, name="metrics"),
]
