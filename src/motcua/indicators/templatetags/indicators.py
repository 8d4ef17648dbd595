"""Number formats of the dashboards: rates with two decimals and a comma, counts with a dot
for thousands (as the communes print them)."""

from __future__ import annotations

from django import template

from motcua.indicators.domain import format_count, format_rate

register = template.Library()


@register.filter
def pct(value):
    return format_rate(value)


@register.filter
def count(value):
    try:
        return format_count(int(value))
    except (TypeError, ValueError):
        return value


@register.filter
def sees_dashboards(user) -> bool:
    """Whether the menu should offer the dashboards to ``user``."""
    from motcua.indicators.scope import may_see_dashboards

    return may_see_dashboards(user)
