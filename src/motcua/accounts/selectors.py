"""Reads about officials' accounts shared by views, admin and commands."""

from __future__ import annotations

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import AccountEvent, Official


def confirmed_device(official: Official) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=official, confirmed=True).order_by("-pk").first()


def recent_events(official: Official, limit: int = 10) -> QuerySet[AccountEvent]:
    return AccountEvent.objects.filter(official=official).order_by("-at", "-pk")[:limit]


def official_by_username(username: str) -> Official | None:
    return Official.objects.filter(username=username.strip().lower()).first()
