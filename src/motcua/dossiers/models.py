"""Tables of the one-stop-shop dossier (hồ sơ một cửa). The rules live in ``domain``; the
services (``services``) are the only writers; ``selectors`` read.

Every dossier row carries the codes of its province and commune (DESIGN rule 2): the commune
of the competent agency (``commune_code``) and the commune whose counter received it
(``receiving_commune_code``); they differ for a dossier received regardless of the
administrative boundary.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from motcua.dossiers.domain import ACTION_LABELS, STATUS_LABELS, Action, Status
from motcua.dossiers.labels import event_label


class Channel(models.TextChoices):
    """How the dossier reached the counter (the service index counts in person / online /
    post; an assisted submission is online, made by the village digital team)."""

    COUNTER = "counter", "Trực tiếp tại bộ phận một cửa"
    ONLINE = "online", "Trực tuyến"
    POST = "post", "Qua dịch vụ bưu chính công ích"
    ASSISTED = "assisted", "Nộp hộ (Tổ công nghệ số cộng đồng)"


STATE_CHOICES = [(s.value, STATUS_LABELS[s]) for s in Status]
ACTION_CHOICES = [(a.value, ACTION_LABELS[a]) for a in Action]


class Dossier(models.Model):
    """One dossier, from reception to hand-back. The columns mirror the domain's
    ``DossierState`` (``services/state.py`` maps one to the other) plus what the counter,
    the worklists, the slips and the indicators need."""

    code = models.CharField("mã hồ sơ", max_length=40, unique=True)
    province_code = models.CharField("mã tỉnh", max_length=2, db_index=True)
    commune_code = models.CharField(
        "mã xã (cơ quan giải quyết)", max_length=5,
        help_text="Xã của cơ quan có thẩm quyền giải quyết; với thủ tục cấp tỉnh là xã tiếp nhận.",
    )
    receiving_commune_code = models.CharField("mã xã tiếp nhận", max_length=5)
    cross_boundary = models.BooleanField(
        "tiếp nhận không phụ thuộc địa giới hành chính", default=False
    )
    receiving_agency = models.ForeignKey(
        "units.Agency", on_delete=models.PROTECT, related_name="received_dossiers",
        verbose_name="cơ quan tiếp nhận",
    )
    competent_agency = models.ForeignKey(
        "units.Agency", on_delete=models.PROTECT, related_name="competent_dossiers",
        verbose_name="cơ quan giải quyết",
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.PROTECT, related_name="dossiers",
        verbose_name="thủ tục",
    )

    applicant_name = models.CharField("người nộp", max_length=200)
    applicant_personal_id = models.CharField(
        "số định danh cá nhân", max_length=12, blank=True, db_index=True
    )
    applicant_phone = models.CharField("số điện thoại", max_length=15, blank=True)
    applicant_email = models.EmailField("thư điện tử", max_length=254, blank=True)
    applicant_address = models.CharField("địa chỉ", max_length=500, blank=True)
    applicant_unit_code = models.CharField(
        "mã xã nơi cư trú (đơn vị mới)", max_length=5, blank=True
    )
    channel = models.CharField("hình thức nộp", max_length=16, choices=Channel.choices)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name="người tiếp nhận",
    )
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="người nộp hộ",
    )

    state = models.CharField("trạng thái", max_length=24, choices=STATE_CHOICES)
    steps = models.JSONField(
        "quy trình xử lý", default=list, blank=True,
        help_text="Các bước chép từ danh mục khi phân công: name, role, duration, performer.",
    )
    step_index = models.PositiveSmallIntegerField("bước hiện tại", null=True, blank=True)
    step_due_at = models.DateTimeField("hạn của bước hiện tại", null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="handled_dossiers", verbose_name="người đang xử lý",
    )
    signature_required = models.BooleanField("cần lãnh đạo ký", default=True)
    signed = models.BooleanField("đã ký", default=False)
    resume_state = models.CharField(
        "trạng thái trước khi chờ bổ sung", max_length=24, blank=True, choices=STATE_CHOICES
    )
    missing_items = models.JSONField("giấy tờ cần bổ sung", default=list, blank=True)
    transferred_to = models.ForeignKey(
        "units.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="đang chuyển liên thông tới",
    )
    transfer_count = models.PositiveSmallIntegerField("số lần liên thông", default=0)

    received_at = models.DateTimeField("thời điểm tiếp nhận")
    due_at = models.DateTimeField("hẹn trả kết quả")
    original_due_at = models.DateTimeField("hẹn trả ban đầu")
    updated_at = models.DateTimeField("thay đổi gần nhất")
    finished_at = models.DateTimeField(
        "kết thúc xử lý", null=True, blank=True,
        help_text="Có kết quả, hoặc từ chối, rút, dừng: mốc so với hạn để tính đúng hạn.",
    )
    result_ready_at = models.DateTimeField("có kết quả lúc", null=True, blank=True)
    returned_at = models.DateTimeField("trả kết quả lúc", null=True, blank=True)
    collected_by = models.CharField("người nhận kết quả", max_length=200, blank=True)
    return_channel = models.CharField("hình thức trả", max_length=16, blank=True)
    outcome_reason = models.TextField(
        "lý do (từ chối, dừng) hoặc người đề nghị rút", blank=True
    )

    supplement_rounds = models.PositiveSmallIntegerField("số lần yêu cầu bổ sung", default=0)
    late_by_supplements = models.BooleanField(
        "trễ do bổ sung nhiều lần", default=False,
        help_text="Yêu cầu bổ sung quá một lần tính là trễ hạn (Bộ chỉ số 766).",
    )
    apologies = models.JSONField("văn bản xin lỗi, hẹn lại", default=list, blank=True)

    digitized = models.BooleanField("đã số hóa thành phần hồ sơ", default=False)
    electronic_result = models.BooleanField("kết quả điện tử", null=True, blank=True)
    data_reused = models.BooleanField("tái sử dụng dữ liệu", default=False)

    group_id = models.UUIDField("mã nhóm liên thông", null=True, blank=True, db_index=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="members",
        verbose_name="hồ sơ liên thông chính",
    )
    register_entry = models.PositiveIntegerField("số vào sổ", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)

    version = models.PositiveIntegerField(
        "phiên bản", default=0, help_text="Số sự kiện đã ghi; dùng để phát hiện cập nhật cũ."
    )
    last_event_hash = models.CharField("mã băm sự kiện cuối", max_length=64, blank=True)

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["commune_code", "state", "due_at"], name="dossier_worklist"),
            models.Index(fields=["handler", "state"], name="dossier_handler"),
            models.Index(fields=["receiving_commune_code", "received_at"], name="dossier_register"),
            # The worklists' second branch (dossiers received here for another commune):
            # without it every state worklist reads the commune's whole history.
            models.Index(fields=["receiving_commune_code", "state", "due_at"],
                         condition=~models.Q(commune_code=models.F("receiving_commune_code")),
                         name="dossier_receiving_worklist"),
            models.Index(fields=["province_code", "state", "due_at"], name="dossier_province"),
            # "All dossiers", latest first, read from an index in order rather than by
            # sorting a commune's (or the province's) whole history: one branch for the
            # dossiers the commune handles, one for those it received for another commune
            # (few: a partial index), merged in ``selectors.RecentDossiers``.
            models.Index(fields=["commune_code", "received_at"], name="dossier_recent"),
            models.Index(fields=["province_code", "received_at"], name="dossier_province_recent"),
            models.Index(fields=["receiving_commune_code", "received_at"],
                         condition=~models.Q(commune_code=models.F("receiving_commune_code")),
                         name="dossier_received_for_other"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def status(self) -> Status:
        return Status(self.state)

    @property
    def state_label(self) -> str:
        return STATUS_LABELS[Status(self.state)]

    @property
    def current_step_name(self) -> str:
        if self.step_index is None or not self.steps:
            return ""
        return str(self.steps[self.step_index]["name"])


class DossierDocument(models.Model):
    """One line of the checklist at intake (thành phần hồ sơ đã nhận)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    required_document = models.ForeignKey(
        "catalog.RequiredDocument", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="giấy tờ theo danh mục",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=1)
    name = models.TextField("tên giấy tờ")
    copies = models.PositiveSmallIntegerField("số bản", default=1)
    provided = models.BooleanField("đã nộp", default=True)
    from_data_held = models.BooleanField("khai thác từ dữ liệu sẵn có", default=False)
    scanned = models.BooleanField("đã số hóa", default=False)

    class Meta:
        verbose_name = "giấy tờ đã nhận"
        verbose_name_plural = "thành phần hồ sơ đã nhận"
        ordering = ["dossier", "order", "id"]

    def __str__(self) -> str:
        return self.name


class DossierPause(models.Model):
    """One wait for a supplement: the clock is stopped from ``started_at`` to ``ended_at``."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pauses")
    round = models.PositiveSmallIntegerField("lần yêu cầu")
    started_at = models.DateTimeField("bắt đầu chờ")
    ended_at = models.DateTimeField("nhận bổ sung lúc", null=True, blank=True)
    missing_items = models.JSONField("giấy tờ cần bổ sung", default=list)

    class Meta:
        verbose_name = "thời gian chờ bổ sung"
        verbose_name_plural = "thời gian chờ bổ sung"
        ordering = ["dossier", "started_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "round"], name="dossier_pause_round"),
        ]


class ImmutableRowError(RuntimeError):
    """Raised on any attempt to change or delete an audit event through the ORM."""


class _AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise ImmutableRowError("Nhật ký hồ sơ chỉ được ghi thêm, không được sửa.")

    def delete(self) -> NoReturn:
        raise ImmutableRowError("Nhật ký hồ sơ chỉ được ghi thêm, không được xóa.")


class DossierEvent(models.Model):
    """One change of a dossier: append-only and hash-chained (DESIGN rule 3).

    The hashed record is rebuilt from these columns (``services.audit.record_of``):
    action, from_state (None for the first event), to_state, actor_ref, at, note, payload.
    """

    # No index of its own: the unique (dossier, seq) constraint serves every lookup by
    # dossier, and each intake would otherwise maintain one more index per event.
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events",
                                db_index=False)
    seq = models.PositiveIntegerField("số thứ tự")
    action = models.CharField("thao tác", max_length=32)
    from_state = models.CharField("từ trạng thái", max_length=24, blank=True)
    to_state = models.CharField("sang trạng thái", max_length=24)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="người thực hiện",
    )
    actor_ref = models.CharField("mã người thực hiện (trong chuỗi băm)", max_length=64)
    actor_name = models.CharField("tên người thực hiện", max_length=200, blank=True)
    at = models.DateTimeField("thời điểm")
    note = models.TextField("ghi chú", blank=True)
    payload = models.JSONField("dữ liệu", default=dict)
    prev_hash = models.CharField("mã băm sự kiện trước", max_length=64)
    hash = models.CharField("mã băm", max_length=64)

    objects = _AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "sự kiện hồ sơ"
        verbose_name_plural = "nhật ký hồ sơ"
        ordering = ["dossier", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "seq"], name="dossier_event_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableRowError("Nhật ký hồ sơ chỉ được ghi thêm, không được sửa.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ImmutableRowError("Nhật ký hồ sơ chỉ được ghi thêm, không được xóa.")

    @property
    def action_label(self) -> str:
        return event_label(self.action)


class AttachmentKind(models.TextChoices):
    NOTE = "note", "Tài liệu kèm ghi chú"
    RESULT = "result", "Kết quả giải quyết"
    SCAN = "scan", "Bản số hóa thành phần hồ sơ"


def attachment_path(instance: DossierAttachment, filename: str) -> str:
    # The stored name never reuses the uploaded one: it may hold personal data or path tricks.
    return f"dossiers/{instance.dossier.received_at:%Y/%m}/{instance.dossier.code}/{filename}"


class DossierAttachment(models.Model):
    """A file attached at a step: a scan of the papers, a note's document, or the result.
    Stored with Django's storage under MEDIA_ROOT, which the web server does not serve; the
    API streams it to officials who may see the dossier."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="attachments")
    step_index = models.PositiveSmallIntegerField("bước", null=True, blank=True)
    kind = models.CharField("loại", max_length=16, choices=AttachmentKind.choices)
    file = models.FileField("tệp", upload_to=attachment_path, max_length=300)
    original_name = models.CharField("tên tệp gốc", max_length=255)
    content_type = models.CharField("kiểu tệp", max_length=100, blank=True)
    size = models.PositiveBigIntegerField("kích thước (byte)")
    sha256 = models.CharField("mã băm SHA-256", max_length=64)
    electronic = models.BooleanField("kết quả điện tử", default=False)
    note = models.TextField("ghi chú", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name="người tải lên",
    )
    uploaded_at = models.DateTimeField("tải lên lúc")
    event_seq = models.PositiveIntegerField("sự kiện ghi nhận")

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["dossier", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class DailySequence(models.Model):
    """The last number used per agency and day (dossier codes) or per agency and year
    (register entries, ``day`` = 1 January). Incremented by one upsert inside the receiving
    transaction, so numbers are unique and consecutive under concurrency."""

    CODE = "code"
    REGISTER = "register"

    scope = models.CharField("loại số", max_length=16)
    agency_electronic_id = models.CharField("mã định danh cơ quan", max_length=32)
    day = models.DateField("ngày")
    last = models.PositiveIntegerField("số đã dùng gần nhất")

    class Meta:
        verbose_name = "số thứ tự hồ sơ trong ngày"
        verbose_name_plural = "số thứ tự hồ sơ trong ngày"
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "agency_electronic_id", "day"], name="dossier_daily_sequence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.agency_electronic_id} {self.day}: {self.last}"


class ApiToken(models.Model):
    """A token with which another system calls the API as an official
    (``Authorization: Bearer <token>``). Only the SHA-256 of the token is stored."""

    official = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
        verbose_name="tài khoản",
    )
    name = models.CharField("tên hệ thống dùng token", max_length=200)
    prefix = models.CharField("tiền tố (để nhận diện)", max_length=8)
    token_hash = models.CharField("mã băm token", max_length=64, unique=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    last_used_at = models.DateTimeField("dùng gần nhất", null=True, blank=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
