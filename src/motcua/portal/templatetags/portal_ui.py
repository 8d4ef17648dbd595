from django import template

register = template.Library()


@register.filter
def lookup_key(mapping, key):
    """``{{ d|lookup_key:k }}``: a dict item by a variable key ('' when absent)."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
