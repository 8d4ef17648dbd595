from django.urls import path

from motcua.portal.submission import views

app_name = "submission"

urlpatterns = [
    path("", views.index, name="index"),
    path("ho-tro/<str:code>/", views.assisted_start, name="assisted_start"),
    path("ho-tro/<str:code>/xem-lai/", views.assisted_review, name="assisted_review"),
    path("da-nop/<str:code>/", views.done, name="done"),
    path("da-nop/<str:code>/giay-tiep-nhan.pdf", views.receipt, name="receipt"),
    path("dong-y/<str:code>/", views.consent_photo, name="consent_photo"),
    path("<str:code>/", views.start, name="start"),
    path("<str:code>/xem-lai/", views.review, name="review"),
]
