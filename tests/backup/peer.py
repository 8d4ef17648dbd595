"""The database side of the backup tests, run in a subprocess on the database and media
folder the environment names (MOTCUA_SQLITE_PATH / MOTCUA_DATABASE_URL, MOTCUA_MEDIA_ROOT):

    python peer.py populate      # attachments, notes with files, citizens, through services
    python peer.py fingerprint   # JSON of every dossier, event, citizen and stored file
    python peer.py tamper        # rewrite one event's note behind the services' back
    python peer.py write STOPFILE  # add notes with files until STOPFILE exists; print count
    python peer.py batch STEPS.json  # several steps in one process (a Django start-up costs
                                     # more than most steps): motcua commands through
                                     # call_command, and the actions above plus "wipe"
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sys
import time
import traceback
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

COMMUNE = "03390"


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()


def _pdf(text: str) -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    pdf.docinfo["/Title"] = text
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _open_dossiers(limit: int):
    from motcua.dossiers.domain import Status
    from motcua.dossiers.models import Dossier

    working = [Status.RECEIVED, Status.IN_PROCESSING, Status.WAITING_SIGNATURE]
    return list(Dossier.objects.filter(commune_code=COMMUNE, state__in=working)
                .order_by("pk")[:limit])


def populate() -> dict:
    from django.core.files.base import ContentFile

    from motcua.accounts.citizens.services import record_sign_in
    from motcua.accounts.models import Official
    from motcua.dossiers import services

    clerk = Official.objects.get(username="binhlu.tiepnhan")
    done = {"attachments": 0, "notes": 0, "citizens": 0}
    for i, dossier in enumerate(_open_dossiers(4)):
        services.add_attachment(clerk, dossier, kind="scan",
                                file=ContentFile(_pdf(f"to khai {i}"), name=f"tờ khai {i}.pdf"))
        done["attachments"] += 1
        services.add_note(clerk, dossier, text=f"Đã gọi điện cho người nộp lần {i}",
                          file=ContentFile(_pdf(f"bien ban {i}"), name="biên bản.pdf"))
        done["notes"] += 1
    for number, name in (("001090012345", "Nguyễn Văn An"), ("012185000777", "Lò Thị Hoa")):
        record_sign_in({"sub": f"s-{number}", "name": name, "personal_id": number},
                       issuer="https://id.example.vn", id_claim="personal_id")
        done["citizens"] += 1
    return done


def fingerprint() -> dict:
    from django.core.files.storage import default_storage

    from motcua.accounts.models import Citizen
    from motcua.backup.files import walk
    from motcua.dossiers.models import Dossier, DossierAttachment, DossierEvent

    def digest(name: str) -> str:
        with default_storage.open(name, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()

    return {
        "dossiers": sorted(Dossier.objects.values_list("code", "state", "last_event_hash")),
        "events": sorted(DossierEvent.objects.values_list("dossier__code", "seq", "hash",
                                                          "action", "note")),
        "citizens": sorted(Citizen.objects.values_list("personal_id", "full_name")),
        "attachments": sorted((a.file.name, a.sha256, digest(a.file.name))
                              for a in DossierAttachment.objects.all()),
        "stored": {name: digest(name) for name in walk()},
    }


def tamper() -> str:
    from django.db import connection, transaction

    from motcua.dossiers.models import DossierEvent

    event = DossierEvent.objects.order_by("pk")[len(DossierEvent.objects.all()) // 2]
    table = DossierEvent._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{table}" SET note = %s WHERE id = %s',
                       [event.note + " (sửa lén)", event.pk])
    return event.dossier.code


def write(stop: Path) -> int:
    from django.core.files.base import ContentFile

    from motcua.accounts.models import Official
    from motcua.dossiers import services

    clerk = Official.objects.get(username="binhlu.tiepnhan")
    targets = _open_dossiers(3)
    count = 0
    body = _pdf("ghi chu")
    while not stop.exists():
        services.add_note(clerk, targets[count % len(targets)], text=f"Ghi chú số {count}",
                          file=ContentFile(body, name="ghi-chu.pdf"))
        count += 1
        if count == 1:
            Path(f"{stop}.started").write_text("1")
    return count


def wipe() -> None:
    """Delete the database (SQLite file, or drop and recreate the PostgreSQL database) and
    the media folder."""
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    db = settings.DATABASES["default"]
    if "sqlite" in db["ENGINE"]:
        for path in Path(db["NAME"]).parent.glob(Path(db["NAME"]).name + "*"):
            path.unlink()
        return
    import psycopg

    name = db["NAME"]
    with psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"],
                         password=db["PASSWORD"] or None, dbname="postgres",
                         autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def applied() -> list[tuple[str, str]]:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    return list(MigrationRecorder(connection).applied_migrations())


def batch(steps: list[list[str]]) -> list[dict]:
    from django.core.management import CommandError, call_command

    actions = {"populate": lambda: print(json.dumps(populate())),
               "fingerprint": lambda: print(json.dumps(fingerprint(), ensure_ascii=False)),
               "tamper": lambda: print(tamper()), "wipe": wipe,
               "migrations": lambda: print(json.dumps(sorted(applied())))}
    results = []
    for kind, *args in steps:
        out, err, rc = io.StringIO(), io.StringIO(), 0
        with redirect_stdout(out), redirect_stderr(err):
            try:
                if kind == "motcua":
                    call_command(*args)
                else:
                    actions[kind]()
            except CommandError as exc:  # what the console script prints, and its code
                err.write(f"CommandError: {exc}\n")
                rc = exc.returncode
            except Exception:
                err.write(traceback.format_exc())
                rc = 2
        results.append({"step": [kind, *args], "rc": rc, "stdout": out.getvalue(),
                        "stderr": err.getvalue()})
    return results


if __name__ == "__main__":
    _django()
    action = sys.argv[1]
    if action == "populate":
        print(json.dumps(populate()))
    elif action == "fingerprint":
        print(json.dumps(fingerprint(), ensure_ascii=False))
    elif action == "tamper":
        print(tamper())
    elif action == "write":
        started = time.monotonic()
        print(json.dumps({"notes": write(Path(sys.argv[2])),
                          "seconds": round(time.monotonic() - started, 2)}))
    elif action == "batch":
        print(json.dumps(batch(json.loads(Path(sys.argv[2]).read_text())), ensure_ascii=False))
    else:
        raise SystemExit(f"unknown action {action}")
