"""Figures of the demo history (``motcua demo generate``): who lives where, what they ask
for, how the officials behave. Rough, documented estimates for a demonstration — not
statistics, and not statutory numbers (those stay in the catalog and the calendar)."""

from __future__ import annotations

from motcua.accounts.domain import Role

# People per commune of Lai Châu after 1 July 2025 and the share of dossiers submitted
# online there. ROUGH ESTIMATES for the demo (the province has about 490,000 people; xã Bình
# Lư "over 18,000", REFERENCE §1), not official statistics. A commune missing here (another
# province) counts DEFAULT_POPULATION and DEFAULT_ONLINE.
POPULATION: dict[str, tuple[int, float]] = {
    "Đoàn Kết": (30_000, 0.88), "Tân Phong": (33_000, 0.88), "Bình Lư": (18_500, 0.91),
    "Than Uyên": (25_000, 0.85), "Tân Uyên": (21_000, 0.82), "Phong Thổ": (16_000, 0.80),
    "Sìn Hồ": (15_000, 0.75), "Mường Tè": (13_000, 0.72), "Nậm Hàng": (11_000, 0.70),
    "Mường Than": (14_000, 0.78), "Mường Kim": (12_000, 0.72), "Khoen On": (9_000, 0.65),
    "Pắc Ta": (11_000, 0.72), "Nậm Sỏ": (10_000, 0.66), "Mường Khoa": (12_000, 0.70),
    "Tả Lèng": (9_000, 0.75), "Sin Suối Hồ": (12_000, 0.68), "Bản Bo": (11_000, 0.72),
    "Khun Há": (9_000, 0.62), "Bum Tở": (8_500, 0.62), "Thu Lũm": (8_000, 0.60),
    "Pa Ủ": (8_500, 0.60), "Mù Cả": (8_000, 0.60), "Hua Bum": (7_500, 0.60),
    "Tà Tổng": (9_500, 0.60), "Bum Nưa": (8_500, 0.64), "Mường Mô": (9_000, 0.62),
    "Lê Lợi": (9_000, 0.64), "Pa Tần": (10_000, 0.62), "Hồng Thu": (10_500, 0.64),
    "Nậm Tăm": (9_500, 0.63), "Tủa Sín Chải": (9_000, 0.60), "Pu Sam Cáp": (8_000, 0.60),
    "Nậm Mạ": (8_500, 0.62), "Nậm Cuổi": (9_500, 0.62), "Sì Lở Lầu": (11_000, 0.62),
    "Dào San": (13_000, 0.66), "Khổng Lào": (11_500, 0.68),
}
DEFAULT_POPULATION, DEFAULT_ONLINE = 10_000, 0.70
DOSSIERS_PER_PERSON_YEAR = 10_000 / 18_500  # xã Bình Lư's first year

# Relative weights of the procedures at a commune counter: certification and civil status
# dominate, land and business are fewer. A procedure missing here weighs OTHER_WEIGHT.
PROCEDURE_WEIGHTS: dict[str, float] = {
    "2.000815": 20, "2.000884": 6, "2.000942": 1.5, "2.001035": 1.5, "2.001019": 0.5,
    "2.000992": 0.3, "2.001008": 0.3,  # chứng thực
    "2.000635": 8, "1.001193": 6, "1.004873": 6, "1.000894": 2.5, "1.000656": 2,
    "1.004859": 1.5, "1.004884": 1, "1.000689": 0.3, "1.001022": 0.3, "1.005461": 0.2,
    "1.004746": 0.2, "1.004837": 0.1, "1.004845": 0.05, "2.000528": 0.05,
    "2.000806": 0.05,  # hộ tịch
    "2.000986": 1.2,  # khai sinh liên thông (4 hồ sơ)
    "1.004222": 4, "1.004194": 2, "1.002755": 0.5, "DP-BHYT-01": 1.5,  # cư trú, BHYT
    "1.001776": 3, "1.001731": 0.5, "1.001653": 0.4, "1.001699": 0.6,  # bảo trợ xã hội
    "1.013831": 2.5, "1.013978": 1.5, "1.013949": 0.5, "1.012812": 0.2,  # đất đai
    "1.001612": 1.2, "2.000720": 0.5, "1.001570": 0.3, "1.001266": 0.3, "2.000575": 0.2,
    "1.013225": 0.8, "1.013226": 0.1, "1.013227": 0.1, "1.013228": 0.05,  # xây dựng
}
OTHER_WEIGHT = 0.2
POST_SHARE = 0.015
WEEKEND_WEIGHT = 0.06  # online submissions on a day off, against a working day
OUT_OF_HOURS = 0.15  # online submissions sent outside office hours
CROSS_BOUNDARY = 0.001  # applicants living in another commune (Bình Lư: 5 a year)

FAMILY = ("Lò", "Lường", "Tòng", "Điêu", "Vì", "Hoàng", "Giàng", "Vàng", "Sùng", "Thào",
          "Lý", "Tẩn", "Chảo", "Phàn", "Nguyễn", "Trần", "Lê", "Phạm", "Đỗ", "Vũ", "Bùi",
          "Lù", "Pờ", "Chu")
MOUNTAIN = frozenset({"Giàng", "Vàng", "Sùng", "Thào", "Lý", "Tẩn", "Chảo", "Phàn", "Pờ"})
MEN = ("Minh", "Hùng", "Dũng", "Tuấn", "Sử", "Páo", "Chứ", "Lử", "Sáng", "Thanh", "Hải",
       "Quang", "Phương", "Dơ", "Chơ", "Tú", "Khánh", "Sinh", "Chinh", "Kiên")
WOMEN = ("Mai", "Hoa", "Lan", "Thu", "Dợ", "Mỷ", "Chá", "Nga", "Hương", "Ly", "Hạnh",
         "Xuân", "Pằng", "Súa", "Mỵ", "Tâm", "Hiền", "Yến")
VILLAGES = ("Nà Đon", "Nà Luồng", "Phiêng Pẳn", "Nà Hiềng", "Hua Pầu", "Thèn Sin", "Cốc Pa",
            "Nà Khum", "Pa Pao", "Lả Mé", "Tả Phìn", "Sin Câu", "Nậm Ngập", "Huổi Luông",
            "Mường Cang", "Nà Ít", "Sài Lương", "Hồ Thầu", "Chu Va", "Phiêng Khon")
BORN_ELSEWHERE = ("011", "010", "014", "001", "015", "017")

# The generated staff of each commune: (user name suffix, role). An existing account with
# that name and that single role is used as it is (the demo logins of xã Bình Lư).
ROSTER: tuple[tuple[str, Role], ...] = (
    ("tiepnhan", Role.CLERK), ("tiepnhan2", Role.CLERK),
    ("chuyenmon", Role.SPECIALIST), ("chuyenmon2", Role.SPECIALIST),
    ("chuyenmon3", Role.SPECIALIST), ("truongphong", Role.DIVISION_HEAD),
    ("lanhdao", Role.LEADER), ("tocongnghe", Role.VILLAGE_TEAM),
)
CHUNK = 2_000  # intakes per bulk insert (the writer's batch)


# Behaviour of the officials (shares of dossiers); the indicators of REFERENCE §1 follow.
SUPPLEMENT_RATE = 0.03
SECOND_ROUND = 0.10
REFUSE_AT_COUNTER = 0.003
REFUSE_LATER = 0.002
WITHDRAW = 0.0035
STOP = 0.001
REJECT_AT_SIGNATURE = 0.01
APOLOGY_OF_LATE = 0.25
TRANSFER_RATE = 0.3  # of the procedures with another agency's step
DIGITIZED = 0.96
ELECTRONIC_RESULT = 0.94
REUSE = 0.97

REFUSE_REASONS = (
    "Hồ sơ không thuộc thẩm quyền giải quyết của UBND xã.",
    "Người yêu cầu không đủ điều kiện theo quy định.",
    "Giấy tờ xuất trình không phải bản chính.",
)
STOP_REASONS = (
    "Cơ quan có thẩm quyền đề nghị dừng để xác minh thêm thông tin.",
    "Đang có tranh chấp liên quan đến nội dung hồ sơ.",
)
REJECT_REASONS = (
    "Dự thảo kết quả ghi sai thông tin người yêu cầu, đề nghị sửa lại.",
    "Cần bổ sung ý kiến thẩm định trước khi ký.",
)
APOLOGY_REASONS = (
    "Cần xác minh thông tin với cơ quan liên quan nên chưa trả kết quả đúng hẹn.",
    "Hệ thống đồng bộ dữ liệu gặp sự cố, cần thêm thời gian xử lý.",
)

