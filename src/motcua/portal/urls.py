from django.urls import path

from motcua.portal import api, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/<str:code>/", views.procedure, name="procedure"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("api/tra-cuu/", api.lookup, name="api_lookup"),
    path("danh-gia/", views.rate, name="rate"),
    path("phan-anh/", views.feedback, name="feedback"),
    path("phan-anh/da-gui/", views.feedback_sent, name="feedback_sent"),
]
