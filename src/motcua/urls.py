from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # One login for everyone: the officials' form (rate limit, lockout, second factor).
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("motcua.accounts.urls")),
    path("thu-tuc/", include("motcua.catalog.urls")),
    path("ho-so/", include("motcua.dossiers.urls")),
    path("dia-chi/", include("motcua.units.urls")),
    path("api/", include("motcua.api.urls")),
    path("dich-vu-cong/nop/", include("motcua.portal.submission.urls")),
    path("dich-vu-cong/", include("motcua.portal.urls")),
    path("cong-dan/", include("motcua.accounts.citizen_urls")),
    path("chi-so/", include("motcua.indicators.urls")),
    path("du-lieu-ca-nhan/", include("motcua.privacy.urls")),
    path("", include("motcua.serving.urls")),
    path("", include("motcua.web.urls")),
]
