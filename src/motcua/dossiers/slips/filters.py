"""Template filters of the slips' own template engine (``{% load slips %}``)."""

from __future__ import annotations

from django import template

from . import formats

register = template.Library()

register.filter("vn_date", formats.vn_date)
register.filter("vn_datetime", formats.vn_datetime)
register.filter("short_date", formats.short_date)
register.filter("short_time", formats.short_time)
register.filter("two_digits", formats.two_digits)
