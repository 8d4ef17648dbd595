"""Labels that reach the dossier screens from Django-free code (the domain's state and
action names, ``dossiers.labels``) or from modules the screens do not own (the models'
choices, the selectors' worklist names, the slip titles). The views and templates pass
them through gettext at render time (the states through ``state_label``); listing the
Vietnamese texts here lets makemessages find them. tests/test_i18n_dossiers_en.py keeps
this list in step with its sources. An unlisted text simply shows in Vietnamese."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

from motcua.dossiers.domain import STATUS_LABELS, Status

# Two states share their Vietnamese name with an action ("Từ chối giải quyết" is the state
# Refused and the action Refuse; likewise "Dừng giải quyết"). A catalog without message
# contexts has one English text per Vietnamese one, so these states are looked up under
# a msgid of their own, used only to find the English: Vietnamese keeps the domain's name.
STATE_MSGIDS = {
    Status.REFUSED.value: gettext_noop("Hồ sơ đã bị từ chối giải quyết"),
    Status.STOPPED.value: gettext_noop("Hồ sơ đã dừng giải quyết"),
}


def state_label(state: str) -> str:
    """The name of a dossier state in the current language ("" for no state)."""
    if not state:
        return ""
    label = STATUS_LABELS[Status(state)]
    msgid = STATE_MSGIDS.get(state, label)
    translated = gettext(msgid)
    return label if translated == msgid else translated


TRANSLATABLE_LABELS = (
    # domain.STATUS_LABELS (but REFUSED and STOPPED: STATE_MSGIDS)
    gettext_noop("Đã tiếp nhận"),
    gettext_noop("Đang xử lý"),
    gettext_noop("Chờ bổ sung, hoàn thiện hồ sơ"),
    gettext_noop("Chờ ký duyệt"),
    gettext_noop("Đã có kết quả, chờ trả"),
    gettext_noop("Đã trả kết quả"),
    gettext_noop("Đã rút hồ sơ"),
    gettext_noop("Đã chuyển liên thông"),
    # domain.ACTION_LABELS
    gettext_noop("Tiếp nhận hồ sơ"),
    gettext_noop("Phân công xử lý"),
    gettext_noop("Nhận xử lý"),
    gettext_noop("Chuyển bước tiếp theo"),
    gettext_noop("Yêu cầu bổ sung, hoàn thiện hồ sơ"),
    gettext_noop("Nhận hồ sơ bổ sung"),
    gettext_noop("Trình ký"),
    gettext_noop("Ký duyệt"),
    gettext_noop("Trả lại để xử lý lại"),
    gettext_noop("Xác nhận đã có kết quả"),
    gettext_noop("Trả kết quả"),
    gettext_noop("Từ chối giải quyết"),
    gettext_noop("Rút hồ sơ"),
    gettext_noop("Dừng giải quyết"),
    gettext_noop("Chuyển liên thông"),
    gettext_noop("Nhận lại hồ sơ liên thông"),
    gettext_noop("Xin lỗi và hẹn lại ngày trả kết quả"),
    gettext_noop("Đổi người xử lý"),
    # labels.ANNOTATION_LABELS
    gettext_noop("Ghi chú"),
    gettext_noop("Đính kèm tệp"),
    # selectors.WORKLIST_KINDS
    gettext_noop("Hồ sơ mới tiếp nhận"),
    gettext_noop("Sắp đến hạn (trong 01 ngày làm việc)"),
    gettext_noop("Quá hạn"),
    gettext_noop("Chờ bổ sung"),
    gettext_noop("Chờ tôi ký duyệt"),
    gettext_noop("Tôi đang xử lý"),
    gettext_noop("Có kết quả, chờ trả"),
    gettext_noop("Tất cả hồ sơ"),
    # models.Channel
    gettext_noop("Trực tiếp tại bộ phận một cửa"),
    gettext_noop("Trực tuyến"),
    gettext_noop("Qua dịch vụ bưu chính công ích"),
    gettext_noop("Nộp hộ (Tổ công nghệ số cộng đồng)"),
    # models.AttachmentKind
    gettext_noop("Tài liệu kèm ghi chú"),
    gettext_noop("Kết quả giải quyết"),
    gettext_noop("Bản số hóa thành phần hồ sơ"),
    # slip_data.SLIP_FORMS (the titles of the links; the PDFs themselves stay Vietnamese)
    gettext_noop("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    gettext_noop("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    gettext_noop("Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
    gettext_noop("Văn bản xin lỗi và hẹn lại ngày trả kết quả"),
    gettext_noop("Thông báo dừng giải quyết hồ sơ"),
    gettext_noop("Phiếu kiểm soát quá trình giải quyết hồ sơ"),
)
