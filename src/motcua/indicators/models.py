"""Rollups: the indicators' counters summed per unit and day of reception, kept in step with
the dossiers by ``rollups`` (a receiver of ``dossier_changed``) and rebuilt or checked by
``motcua indicators rebuild|check``. The counters are those of ``domain.COUNTERS``.

Three grains: ``CommuneMonth`` (whole months of a commune), ``CommuneDay`` (one row per commune and day: the province page reads a year of
a province in about 14,000 rows whatever the number of dossiers) and ``ProcedureDay`` (per
competent agency and procedure as well: filters by field or procedure, drill-down, and the
report tables).
"""

from __future__ import annotations

from django.db import models

from motcua.indicators.domain import COUNTERS


def _counter(name: str) -> models.Field:
    return models.BigIntegerField(name, default=0, db_default=0)


class Rollup(models.Model):
    province_code = models.CharField("mã tỉnh", max_length=2)
    commune_code = models.CharField("mã xã (cơ quan giải quyết)", max_length=5)
    receiving_commune_code = models.CharField("mã xã tiếp nhận", max_length=5)
    day = models.DateField("ngày tiếp nhận (giờ Việt Nam)")

    class Meta:
        abstract = True


for _name in COUNTERS:
    Rollup.add_to_class(_name, _counter(_name))


class CommuneDay(Rollup):
    class Meta:
        verbose_name = "chỉ số theo xã, ngày"
        verbose_name_plural = "chỉ số theo xã, ngày"
        constraints = [
            models.UniqueConstraint(
                fields=["commune_code", "receiving_commune_code", "day"],
                name="ind_commune_day_key",
            ),
        ]
        indexes = [models.Index(fields=["province_code", "day"], name="ind_commune_day_prov")]


class CommuneMonth(Rollup):
    """``CommuneDay`` summed by month (``day`` is the first of the month): a year of a
    province is 456 rows, so the province page reads whole months here and only the days
    at the edges of the period from ``CommuneDay``."""

    class Meta:
        verbose_name = "chỉ số theo xã, tháng"
        verbose_name_plural = "chỉ số theo xã, tháng"
        constraints = [
            models.UniqueConstraint(
                fields=["commune_code", "receiving_commune_code", "day"],
                name="ind_commune_month_key",
            ),
        ]
        indexes = [models.Index(fields=["province_code", "day"], name="ind_commune_month_prov")]


class ProcedureDay(Rollup):
    competent_agency_id = models.BigIntegerField("cơ quan giải quyết")
    procedure_id = models.BigIntegerField("thủ tục")

    class Meta:
        verbose_name = "chỉ số theo thủ tục, ngày"
        verbose_name_plural = "chỉ số theo thủ tục, ngày"
        constraints = [
            models.UniqueConstraint(
                fields=["commune_code", "receiving_commune_code", "day", "competent_agency_id",
                        "procedure_id"],
                name="ind_procedure_day_key",
            ),
        ]
        indexes = [
            models.Index(fields=["province_code", "procedure_id", "day"],
                         name="ind_proc_day_prov"),
        ]


KEYS: dict[type[Rollup], tuple[str, ...]] = {
    CommuneDay: ("province_code", "commune_code", "receiving_commune_code", "day"),
    CommuneMonth: ("province_code", "commune_code", "receiving_commune_code", "day"),
    ProcedureDay: ("province_code", "commune_code", "receiving_commune_code", "day",
                   "competent_agency_id", "procedure_id"),
}
UNIQUE: dict[type[Rollup], tuple[str, ...]] = {
    CommuneDay: ("commune_code", "receiving_commune_code", "day"),
    CommuneMonth: ("commune_code", "receiving_commune_code", "day"),
    ProcedureDay: ("commune_code", "receiving_commune_code", "day", "competent_agency_id",
                   "procedure_id"),
}


class OpenDossier(models.Model):
    """The dossiers still in progress (``finished_at`` empty), a narrow copy kept by the
    same receiver: the split "not yet due / overdue" depends on the current time, so it is
    counted here when asked, without touching the (large) dossier table."""

    dossier_id = models.BigIntegerField("hồ sơ", primary_key=True)
    province_code = models.CharField("mã tỉnh", max_length=2)
    commune_code = models.CharField("mã xã (cơ quan giải quyết)", max_length=5)
    competent_agency_id = models.BigIntegerField("cơ quan giải quyết")
    procedure_id = models.BigIntegerField("thủ tục")
    state = models.CharField("trạng thái", max_length=24)
    received_day = models.DateField("ngày tiếp nhận (giờ Việt Nam)")
    due_at = models.DateTimeField("hẹn trả kết quả")

    class Meta:
        verbose_name = "hồ sơ đang giải quyết"
        verbose_name_plural = "hồ sơ đang giải quyết"
        indexes = [
            models.Index(fields=["province_code", "due_at"], name="ind_open_province_due"),
            models.Index(fields=["commune_code", "due_at"], name="ind_open_commune_due"),
        ]
