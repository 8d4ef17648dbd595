"""Writers of the catalog: the shipped list, spreadsheet import and export.

Each use case is one transaction. An import is checked row by row first and writes nothing
at all if any row is wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from motcua.catalog import selectors
from motcua.catalog.domain.rows import (
    SHEET_DOCUMENTS,
    SHEET_FIELDS,
    SHEET_GROUPS,
    SHEET_PROCEDURES,
    SHEET_STEPS,
    CatalogData,
    catalog_rows_from_json,
    check_catalog,
)
from motcua.catalog.models import (
    Field,
    Procedure,
    ProcedureGroup,
    ProcedureGroupMember,
    ProcessingStep,
    RequiredDocument,
)
from motcua.catalog.xlsx import read_workbook, write_workbook
from motcua.errors import InvalidInput

BUILTIN_PATH = selectors.DATA_DIR / "procedures.json"


@dataclass(frozen=True)
class ImportReport:
    """What an import or a load wrote."""

    fields: int = 0
    procedures_created: int = 0
    procedures_updated: int = 0
    documents: int = 0
    steps: int = 0
    groups: int = 0

    @property
    def procedures(self) -> int:
        return self.procedures_created + self.procedures_updated

    def summary(self) -> str:
        return (
            f"{self.fields} lĩnh vực, {self.procedures} thủ tục "
            f"({self.procedures_created} mới, {self.procedures_updated} cập nhật), "
            f"{self.documents} giấy tờ, {self.steps} bước xử lý, {self.groups} nhóm liên thông"
        )


def _known_codes() -> tuple[set[str], set[str]]:
    return (
        set(Field.objects.values_list("code", flat=True)),
        set(Procedure.objects.values_list("code", flat=True)),
    )


def _save(data: CatalogData) -> ImportReport:
    for f in data.fields:
        Field.objects.update_or_create(code=f.code, defaults={"name": f.name, "order": f.order})
    fields = {f.code: f for f in Field.objects.all()}
    created = updated = documents = steps = 0
    for p in data.procedures:
        procedure, was_created = Procedure.objects.update_or_create(
            code=p.code,
            defaults={
                "name": p.name, "field": fields[p.field_code], "level": p.level,
                "agency_kind": p.agency_kind, "agency_name": p.agency_name,
                "online_level": p.online_level, "limit_value": p.limit_value,
                "limit_unit": p.limit_unit, "limit_note": p.limit_note, "fee_text": p.fee_text,
                "fee_amount": p.fee_amount, "fee_note": p.fee_note,
                "submit_where": p.submit_where, "results": p.results,
                "legal_basis": p.legal_basis, "aliases": p.aliases, "is_active": p.is_active,
                "note": p.note,
            },
        )
        created += was_created
        updated += not was_created
        # The rows given are the whole truth about this procedure's documents and steps.
        procedure.documents.all().delete()
        procedure.steps.all().delete()
        RequiredDocument.objects.bulk_create(
            RequiredDocument(
                procedure=procedure, order=d.order, name=d.name, copies=d.copies, form=d.form,
                requirement=d.requirement, condition=d.condition,
                reusable_from_data=d.reusable_from_data,
            )
            for d in p.documents
        )
        ProcessingStep.objects.bulk_create(
            ProcessingStep(
                procedure=procedure, order=s.order, name=s.name, role=s.role,
                performer=s.performer, duration_value=s.duration_value,
                duration_unit=s.duration_unit,
            )
            for s in p.steps
        )
        documents += len(p.documents)
        steps += len(p.steps)
    for g in data.groups:
        group, _ = ProcedureGroup.objects.update_or_create(
            code=g.code,
            defaults={
                "name": g.name, "legal_basis": g.legal_basis, "description": g.description,
                "procedure": Procedure.objects.filter(code=g.procedure_code).first()
                if g.procedure_code else None,
            },
        )
        group.memberships.all().delete()
        members = {p.code: p for p in Procedure.objects.filter(code__in=g.member_codes)}
        ProcedureGroupMember.objects.bulk_create(
            ProcedureGroupMember(group=group, procedure=members[code], order=i)
            for i, code in enumerate(g.member_codes, start=1)
        )
    selectors.invalidate_search_index()
    return ImportReport(
        fields=len(data.fields), procedures_created=created, procedures_updated=updated,
        documents=documents, steps=steps, groups=len(data.groups),
    )


def check_builtin_catalog(path: Path = BUILTIN_PATH) -> tuple[CatalogData, list[str]]:
    """The shipped catalog parsed and checked with the import's rules (no database)."""
    payload = json.loads(Path(path).read_text(encoding="utf-8"))
    return check_catalog(catalog_rows_from_json(payload), sheet_names=False)


def load_builtin_catalog() -> int:
    """Load (or refresh) the procedures shipped with motcua; returns how many. Idempotent:
    procedures are matched by code, so running it again changes nothing."""
    data, errors = check_builtin_catalog()
    if errors:
        raise InvalidInput("Danh mục kèm theo phần mềm có lỗi.", details=errors)
    with transaction.atomic():
        _save(data)
    return len(data.procedures)


def import_catalog(path: str | Path) -> ImportReport:
    """Import a spreadsheet in the documented layout (docs/catalog.md).

    Every row is checked first; on any problem this raises ``InvalidInput`` whose
    ``details`` lists every row-level message, and nothing is written.
    """
    sheets, problems = read_workbook(path)
    if problems:
        raise InvalidInput("Tệp không đúng mẫu, chưa ghi gì vào danh mục.", details=problems)
    if not sheets.get(SHEET_PROCEDURES):
        raise InvalidInput(f"Trang '{SHEET_PROCEDURES}' không có thủ tục nào.",
                           details=[f"Trang '{SHEET_PROCEDURES}' trống."])
    known_fields, known_procedures = _known_codes()
    data, errors = check_catalog(
        sheets, known_fields=known_fields, known_procedures=known_procedures
    )
    if errors:
        raise InvalidInput(
            f"Tệp có {len(errors)} lỗi, chưa ghi gì vào danh mục.", details=errors
        )
    with transaction.atomic():
        return _save(data)


def export_catalog(path: str | Path) -> int:
    """Write the whole catalog (active or not) in the import layout; returns the number of
    procedures. Importing the file again leaves the catalog as it was."""
    procedures = list(
        Procedure.objects.select_related("field").prefetch_related("documents", "steps")
        .order_by("code")
    )
    sheets: dict[str, list[dict[str, Any]]] = {
        SHEET_FIELDS: [{"code": f.code, "name": f.name} for f in Field.objects.all()],
        SHEET_PROCEDURES: [], SHEET_DOCUMENTS: [], SHEET_STEPS: [], SHEET_GROUPS: [],
    }
    for p in procedures:
        sheets[SHEET_PROCEDURES].append({
            "code": p.code, "name": p.name, "field_code": p.field.code, "level": p.level,
            "agency_kind": p.agency_kind, "agency_name": p.agency_name,
            "online_level": p.online_level, "limit_value": p.limit_value,
            "limit_unit": p.limit_unit, "limit_note": p.limit_note, "fee_text": p.fee_text,
            "fee_amount": p.fee_amount, "fee_note": p.fee_note, "submit_where": p.submit_where,
            "results": p.results, "legal_basis": p.legal_basis, "aliases": p.aliases,
            "is_active": p.is_active, "note": p.note,
        })
        for d in p.documents.all():
            sheets[SHEET_DOCUMENTS].append({
                "procedure_code": p.code, "order": d.order, "name": d.name, "copies": d.copies,
                "form": d.form, "requirement": d.requirement, "condition": d.condition,
                "reusable_from_data": d.reusable_from_data,
            })
        for s in p.steps.all():
            sheets[SHEET_STEPS].append({
                "procedure_code": p.code, "order": s.order, "name": s.name, "role": s.role,
                "performer": s.performer, "duration_value": s.duration_value,
                "duration_unit": s.duration_unit,
            })
    for g in ProcedureGroup.objects.select_related("procedure").prefetch_related(
        "memberships__procedure"
    ):
        sheets[SHEET_GROUPS].append({
            "code": g.code, "name": g.name,
            "procedure_code": g.procedure.code if g.procedure else "",
            "member_codes": [m.procedure.code for m in g.memberships.all()],
            "legal_basis": g.legal_basis, "description": g.description,
        })
    write_workbook(path, sheets)
    return len(procedures)
