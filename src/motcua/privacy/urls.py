from django.urls import path

from motcua.privacy import views

app_name = "privacy"

urlpatterns = [
    path("nhat-ky-truy-cap/", views.access_log, name="access_log"),
    path("ly-do/<str:code>/", views.reason, name="reason"),
]
