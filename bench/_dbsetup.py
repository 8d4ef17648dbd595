"""Prepare a bench database (run in a subprocess whose environment names the database):
migrate, load the demo province, generate ``N`` dossiers with the demo history generator
if the database has fewer, create API tokens for one counter clerk per commune, and print
one JSON line: tokens, codes to look up, counts, the query plans of the hot reads.

    MOTCUA_SQLITE_PATH=var/bench/x.sqlite3 python bench/_dbsetup.py 20000
"""

from __future__ import annotations

import json
import os
import sys
import time


def _plans(connection, clerk) -> dict[str, list[str]]:
    from motcua.dossiers import selectors
    from motcua.dossiers.models import Dossier

    plans = {}
    code = Dossier.objects.filter(commune_code=clerk.commune_code).values_list(
        "code", flat=True).first()
    queries = {
        "lookup": selectors.visible_dossiers(clerk).filter(code=code),
        "worklist_new": selectors.worklist(clerk, "new")[:50],
        "worklist_overdue": selectors.worklist(clerk, "overdue")[:50],
        "worklist_all": selectors.worklist(clerk, "all")[:50],
    }
    for name, qs in queries.items():
        sql, params = qs.query.sql_with_params()
        with connection.cursor() as cursor:
            prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
            cursor.execute(prefix + sql, params)
            plans[name] = [" ".join(str(c) for c in row) for row in cursor.fetchall()]
    return plans


def main(target: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from motcua.accounts.models import Official
    from motcua.dossiers.models import ApiToken, Dossier, DossierEvent
    from motcua.dossiers.services import create_api_token
    from motcua.dossiers.services.history import (
        POPULATION,
        generate_history,
        planned_volume,
    )
    from motcua.web.demo import load_demo

    call_command("migrate", verbosity=0)
    load_demo(os.environ.get("MOTCUA_DEMO_PROVINCE", "Lai Châu"))
    have = Dossier.objects.count()
    generated = 0.0
    if have < target * 0.9:
        yearly = sum(planned_volume(pop, 365, 1.0) for pop, _ in POPULATION.values())
        # about 1.04 dossiers per intake (the linked newborn group makes four)
        scale = max(0.01, (target - have) / (yearly * 1.04))
        began = time.perf_counter()
        generate_history("Lai Châu", scale=scale, seed=7)
        generated = time.perf_counter() - began
        have = Dossier.objects.count()
    ApiToken.objects.filter(name="bench").delete()
    clerks = list(Official.objects.filter(username__endswith=".tiepnhan", is_active=True)
                  .exclude(commune_code="").order_by("commune_code"))
    tokens, codes = {}, {}
    for clerk in clerks:
        tokens[clerk.commune_code] = create_api_token(clerk, "bench")[1]
        codes[clerk.commune_code] = list(
            Dossier.objects.filter(commune_code=clerk.commune_code).order_by("?")
            .values_list("code", flat=True)[:200])
    print(json.dumps({
        "vendor": connection.vendor, "dossiers": have, "generated_seconds": generated,
        "events": DossierEvent.objects.count(),
        "tokens": tokens, "codes": codes, "plans": _plans(connection, clerks[0]),
    }))


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    main(int(sys.argv[1]))
