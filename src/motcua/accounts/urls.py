from django.contrib.auth import views as auth_views
from django.urls import path

from motcua.accounts import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.OfficialLoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("xac-thuc/", views.otp_verify, name="otp_verify"),
    path("xac-thuc/thiet-lap/", views.otp_enrol, name="otp_enrol"),
    path("bao-mat/", views.security, name="security"),
    path("bao-mat/doi-mat-khau/", views.OfficialPasswordChangeView.as_view(),
         name="password_change"),
]
