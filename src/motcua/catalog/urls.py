from django.http import HttpResponse
from django.urls import path

app_name = "catalog"


def _placeholder(request):
    return HttpResponse("Thủ tục hành chính")


urlpatterns = [path("", _placeholder, name="list")]
