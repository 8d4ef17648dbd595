"""Backups and restores (``motcua backup DIR``, ``motcua restore DIR``): a consistent
database snapshot, the stored files and a manifest of checksums. See docs/backup.md."""
