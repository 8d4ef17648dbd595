def unit_display_name(code: str) -> str:
    return code
