"""motcua: the one-stop-shop system for Vietnamese communes."""

__version__ = "0.1.0"
