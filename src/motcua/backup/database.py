"""What the backup records about the database, read through a plain DB-API cursor so the
same queries run on the SQLite snapshot file, inside the PostgreSQL dump's snapshot
transaction, and on the restored database."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import connection

# Friendly name -> model: the tables whose row counts the manifest records and the restore
# compares. The access log of the personal-data work is found by name when installed.
MAIN_MODELS = {
    "dossiers": "dossiers.Dossier",
    "events": "dossiers.DossierEvent",
    "attachments": "dossiers.DossierAttachment",
    "citizens": "accounts.Citizen",
    "officials": "accounts.Official",
    "feedback_attachments": "petitions.FeedbackAttachment",
}
# A database holding a row in any of these is "not empty": a restore will not overwrite it
# without --force. (A freshly migrated database has none: migrations only fill calendars,
# permissions and content types.)
OCCUPIED_MODELS = ("dossiers.Dossier", "accounts.Official", "accounts.Citizen",
                   "units.Province", "catalog.Procedure", "units.Agency")


def main_tables() -> dict[str, str]:
    tables = {}
    for label, model_label in MAIN_MODELS.items():
        try:
            tables[label] = apps.get_model(model_label)._meta.db_table
        except LookupError:
            continue
    if apps.is_installed("motcua.privacy"):
        for model in apps.get_app_config("privacy").get_models():
            if "access" in model.__name__.lower():
                tables["accesses"] = model._meta.db_table
                break
    return tables


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def existing_tables(cursor: Any, vendor: str) -> set[str]:
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return {row[0] for row in cursor.fetchall()}


def facts(cursor: Any, vendor: str) -> tuple[dict[str, str], dict[str, int]]:
    """(latest applied migration per app, row count per main table) as seen by ``cursor``."""
    present = existing_tables(cursor, vendor)
    migrations: dict[str, str] = {}
    if "django_migrations" in present:
        cursor.execute("SELECT app, name FROM django_migrations")
        for app, name in cursor.fetchall():
            if name > migrations.get(app, ""):
                migrations[app] = name
    counts = {}
    for label, table in main_tables().items():
        if table in present:
            cursor.execute(f"SELECT count(*) FROM {_quote(table)}")
            counts[label] = int(cursor.fetchone()[0])
    return migrations, counts


def live_facts() -> tuple[dict[str, str], dict[str, int]]:
    with connection.cursor() as cursor:
        return facts(cursor, connection.vendor)


def occupied() -> list[str]:
    """The tables that hold data in the configured database (empty list: safe to restore)."""
    with connection.cursor() as cursor:
        present = existing_tables(cursor, connection.vendor)
        found = []
        for label in OCCUPIED_MODELS:
            table = apps.get_model(label)._meta.db_table
            if table in present:
                cursor.execute(f"SELECT 1 FROM {_quote(table)} LIMIT 1")
                if cursor.fetchone():
                    found.append(table)
        return found


def known_migrations() -> dict[str, list[str]]:
    """Every migration this code ships, per app (to spot a backup made by a newer version)."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    known: dict[str, list[str]] = {}
    for app, name in loader.disk_migrations:
        known.setdefault(app, []).append(name)
    return known


def drop_all_tables() -> int:
    """PostgreSQL, before a restore: drop every table of the schema so the dump recreates
    them (pg_restore --clean alone keeps tables the dump does not know, which a later
    `migrate` would then fail to create)."""
    with connection.cursor() as cursor:
        tables = sorted(existing_tables(cursor, connection.vendor))
        if tables:
            cursor.execute("DROP TABLE IF EXISTS "
                           + ", ".join(_quote(t) for t in tables) + " CASCADE")
    return len(tables)
