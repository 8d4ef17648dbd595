"""Tables of the procedure catalog (danh mục thủ tục hành chính). Rules live in ``domain``."""

from __future__ import annotations

from django.db import models

from motcua.catalog.domain.rules import (
    AGENCY_KIND_LABELS,
    DOCUMENT_FORM_LABELS,
    LEVEL_LABELS,
    LIMIT_UNIT_LABELS,
    ONLINE_LEVEL_LABELS,
    REQUIREMENT_LABELS,
    STEP_ROLE_LABELS,
    DocumentForm,
    Level,
    LimitUnit,
    OnlineLevel,
    Requirement,
    StepUnit,
    describe_duration,
    describe_fee,
    describe_limit,
)


def _choices(labels: dict) -> list[tuple[str, str]]:
    return [(k.value, v) for k, v in labels.items()]


class Field(models.Model):
    """Lĩnh vực (e.g. Hộ tịch, Chứng thực, Đất đai)."""

    code = models.CharField("mã lĩnh vực", max_length=40, unique=True)
    name = models.CharField("tên lĩnh vực", max_length=200)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """Thủ tục hành chính, keyed by its code on the national procedure database."""

    code = models.CharField(
        "mã TTHC",
        max_length=32,
        unique=True,
        help_text="Mã trên Cơ sở dữ liệu quốc gia về TTHC (ví dụ 1.001193) hoặc mã địa phương "
        "dạng DP-XXX-01 khi chưa đối chiếu được.",
    )
    name = models.CharField("tên thủ tục", max_length=500)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="procedures", verbose_name="lĩnh vực"
    )
    level = models.CharField(
        "cấp thực hiện", max_length=16, choices=_choices(LEVEL_LABELS), default=Level.COMMUNE
    )
    agency_kind = models.CharField(
        "loại cơ quan giải quyết",
        max_length=32,
        choices=_choices(AGENCY_KIND_LABELS),
        blank=True,
        help_text="Để trống khi cơ quan giải quyết không thuộc UBND (công an, bảo hiểm xã hội).",
    )
    agency_name = models.CharField("cơ quan thực hiện", max_length=300, blank=True)
    online_level = models.CharField(
        "mức độ trực tuyến",
        max_length=16,
        choices=_choices(ONLINE_LEVEL_LABELS),
        default=OnlineLevel.IN_PERSON,
    )
    limit_value = models.DecimalField("thời hạn giải quyết", max_digits=6, decimal_places=1)
    limit_unit = models.CharField(
        "đơn vị thời hạn", max_length=16, choices=_choices(LIMIT_UNIT_LABELS)
    )
    limit_note = models.TextField("ghi chú thời hạn", blank=True)
    fee_text = models.TextField("phí, lệ phí", blank=True)
    fee_amount = models.PositiveIntegerField(
        "mức thu (đồng)", null=True, blank=True, help_text="0 nếu không thu; trống nếu chưa rõ."
    )
    fee_note = models.TextField("ghi chú phí, lệ phí (miễn, giảm)", blank=True)
    submit_where = models.TextField("nơi nộp hồ sơ", blank=True)
    results = models.JSONField("kết quả giải quyết", default=list, blank=True)
    legal_basis = models.JSONField("căn cứ pháp lý", default=list, blank=True)
    aliases = models.JSONField(
        "tên gọi thường dùng", default=list, blank=True,
        help_text="Cách người dân hay gọi, dùng cho tìm kiếm (ví dụ: sổ đỏ).",
    )
    note = models.TextField("ghi chú", blank=True)
    is_active = models.BooleanField("đang áp dụng", default=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["code"]
        indexes = [models.Index(fields=["field", "is_active"])]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def limit_text(self) -> str:
        return describe_limit(self.limit_value, self.limit_unit)

    @property
    def fee_short(self) -> str:
        return describe_fee(self.fee_amount, "Theo quy định (xem chi tiết)")

    @property
    def is_same_day(self) -> bool:
        return self.limit_unit == LimitUnit.SAME_DAY


class RequiredDocument(models.Model):
    """Thành phần hồ sơ."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="documents", verbose_name="thủ tục"
    )
    order = models.PositiveIntegerField("thứ tự", default=1)
    name = models.TextField("tên giấy tờ")
    copies = models.PositiveSmallIntegerField(
        "số bản", default=1, help_text="0 nghĩa là chỉ xuất trình, không nộp."
    )
    form = models.CharField(
        "loại bản", max_length=16, choices=_choices(DOCUMENT_FORM_LABELS),
        default=DocumentForm.ORIGINAL,
    )
    requirement = models.CharField(
        "bắt buộc", max_length=16, choices=_choices(REQUIREMENT_LABELS),
        default=Requirement.MANDATORY,
    )
    condition = models.TextField("điều kiện (khi nộp theo trường hợp)", blank=True)
    reusable_from_data = models.BooleanField(
        "có thể dùng dữ liệu sẵn có", default=False,
        help_text="Không phải nộp nếu khai thác được từ cơ sở dữ liệu (ví dụ CCCD từ CSDL dân cư).",
    )

    class Meta:
        verbose_name = "giấy tờ phải nộp"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["procedure", "order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_conditional(self) -> bool:
        return self.requirement == Requirement.CONDITIONAL


class ProcessingStep(models.Model):
    """Bước xử lý trong quy trình nội bộ."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="steps", verbose_name="thủ tục"
    )
    order = models.PositiveIntegerField("thứ tự", default=1)
    name = models.CharField("tên bước", max_length=500)
    role = models.CharField("vai trò", max_length=32, choices=_choices(STEP_ROLE_LABELS))
    performer = models.CharField(
        "đơn vị thực hiện", max_length=300, blank=True,
        help_text="Ghi khi bước do cơ quan khác làm (công an, bảo hiểm xã hội, cơ quan đất đai).",
    )
    duration_value = models.DecimalField("thời gian", max_digits=6, decimal_places=1)
    duration_unit = models.CharField(
        "đơn vị thời gian", max_length=8,
        choices=[(StepUnit.DAYS.value, "ngày làm việc"), (StepUnit.HOURS.value, "giờ làm việc")],
    )

    class Meta:
        verbose_name = "bước xử lý"
        verbose_name_plural = "quy trình xử lý"
        ordering = ["procedure", "order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def duration_text(self) -> str:
        return describe_duration(self.duration_value, self.duration_unit)


class ProcedureGroup(models.Model):
    """Nhóm thủ tục liên thông, e.g. birth registration + residence + health insurance."""

    code = models.CharField("mã nhóm", max_length=40, unique=True)
    name = models.CharField("tên nhóm", max_length=500)
    procedure = models.ForeignKey(
        Procedure, on_delete=models.SET_NULL, null=True, blank=True, related_name="as_group",
        verbose_name="thủ tục liên thông",
        help_text="Thủ tục công bố riêng cho cả nhóm, nếu có (người dân nộp một hồ sơ).",
    )
    members = models.ManyToManyField(
        Procedure, through="ProcedureGroupMember", related_name="groups",
        verbose_name="thủ tục thành phần",
    )
    legal_basis = models.JSONField("căn cứ pháp lý", default=list, blank=True)
    description = models.TextField("mô tả", blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "nhóm thủ tục liên thông"
        verbose_name_plural = "nhóm thủ tục liên thông"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ProcedureGroupMember(models.Model):
    group = models.ForeignKey(ProcedureGroup, on_delete=models.CASCADE, related_name="memberships",
                              verbose_name="nhóm")
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="memberships",
                                  verbose_name="thủ tục")
    order = models.PositiveIntegerField("thứ tự", default=1)

    class Meta:
        verbose_name = "thủ tục thành phần"
        verbose_name_plural = "thủ tục thành phần"
        ordering = ["group", "order"]
        constraints = [
            models.UniqueConstraint(fields=["group", "procedure"], name="uniq_group_procedure")
        ]

    def __str__(self) -> str:
        return f"{self.group.code}: {self.procedure.code}"
