"""Which agencies a province and its communes get, their names, slugs and the provisional
electronic identifiers (mã định danh điện tử) used in dossier codes.

Electronic identifier scheme (provisional, documented in docs/units.md). The official
identifiers follow the four-part ``LLL.KK.NN.Hpp`` layout read right to left: level 1 is
the province's code (``Hpp``), level 2 a unit directly under the provincial People's
Committee, level 3 a unit under that one, level 4 one level further down. Until the
province issues its own list, motcua derives one from the statistics codes:

- provincial People's Committee: ``000.00.00.H{pp}``
- provincial departments:        ``000.00.{nn}.H{pp}`` (``nn`` from ``PROVINCE_AGENCIES``)
- commune People's Committee:    ``000.00.{ccccc}.H{pp}`` (the commune's 5-digit code)
- units under a commune:         ``000.{kk}.{ccccc}.H{pp}`` (``kk`` from ``COMMUNE_AGENCIES``)

``pp`` is the 2025 statistics code of the province (Lai Châu ``12``), which is NOT the
official level-1 code of the national list; administrators replace the identifiers
with the official ones in the admin site. The scheme is unique by construction: level 2
is two digits for the province's own agencies and five for communes.
"""

from __future__ import annotations

from dataclasses import dataclass

from motcua.units.domain.records import UnitInfo, split_full_name

AGENCY_KINDS: dict[str, str] = {
    "ubnd": "Ủy ban nhân dân",
    "office_hdnd_ubnd": "Văn phòng HĐND và UBND",
    "economic_division": "Phòng Kinh tế",
    "culture_social_division": "Phòng Văn hóa - Xã hội",
    "service_center": "Trung tâm Phục vụ hành chính công",
    "province_department": "Sở, ban, ngành tỉnh",
}


@dataclass(frozen=True, slots=True)
class AgencyTemplate:
    number: str  # the level-2 (province) or level-3 (commune) part of the identifier
    slug: str
    kind: str
    name: str  # may contain {unit} (lower-case kind + name, e.g. "xã Bình Lư") or {province}


# Commune level (Decree 150/2025/NĐ-CP: the commune People's Committee, its office, two
# specialised divisions, and the public administrative service centre).
COMMUNE_AGENCIES: tuple[AgencyTemplate, ...] = (
    AgencyTemplate("00", "ubnd", "ubnd", "Ủy ban nhân dân {unit}"),
    AgencyTemplate("01", "vp", "office_hdnd_ubnd", "Văn phòng HĐND và UBND {unit}"),
    AgencyTemplate("02", "pkt", "economic_division", "{economic} {unit}"),
    AgencyTemplate("03", "pvhxh", "culture_social_division", "Phòng Văn hóa - Xã hội {unit}"),
    AgencyTemplate("04", "ttpvhcc", "service_center", "Trung tâm Phục vụ hành chính công {unit}"),
)
# Wards have a wider economic division (infrastructure and urban affairs).
ECONOMIC_DIVISION_NAMES: dict[str, str] = {
    "xa": "Phòng Kinh tế",
    "dac_khu": "Phòng Kinh tế",
    "phuong": "Phòng Kinh tế, Hạ tầng và Đô thị",
}

# Provincial agencies that inter-agency (liên thông) procedures pass through. The list
# follows the 2025 reorganisation; a province adds or renames agencies in the admin site.
PROVINCE_AGENCIES: tuple[AgencyTemplate, ...] = (
    AgencyTemplate("00", "ubnd", "ubnd", "Ủy ban nhân dân {province}"),
    AgencyTemplate("01", "vp-ubnd", "province_department", "Văn phòng UBND {province}"),
    AgencyTemplate("02", "so-noi-vu", "province_department", "Sở Nội vụ"),
    AgencyTemplate("03", "so-tu-phap", "province_department", "Sở Tư pháp"),
    AgencyTemplate("04", "so-tai-chinh", "province_department", "Sở Tài chính"),
    AgencyTemplate("05", "so-cong-thuong", "province_department", "Sở Công Thương"),
    AgencyTemplate("06", "so-nn-mt", "province_department", "Sở Nông nghiệp và Môi trường"),
    AgencyTemplate("07", "so-xay-dung", "province_department", "Sở Xây dựng"),
    AgencyTemplate("08", "so-khcn", "province_department", "Sở Khoa học và Công nghệ"),
    AgencyTemplate("09", "so-vhttdl", "province_department", "Sở Văn hóa, Thể thao và Du lịch"),
    AgencyTemplate("10", "so-gddt", "province_department", "Sở Giáo dục và Đào tạo"),
    AgencyTemplate("11", "so-y-te", "province_department", "Sở Y tế"),
    AgencyTemplate("12", "so-dan-toc-ton-giao", "province_department", "Sở Dân tộc và Tôn giáo"),
    AgencyTemplate("13", "thanh-tra", "province_department", "Thanh tra {province}"),
    AgencyTemplate("14", "ttpvhcc", "service_center",
                   "Trung tâm Phục vụ hành chính công {province}"),
)


@dataclass(frozen=True, slots=True)
class AgencySpec:
    code: str
    electronic_id: str
    name: str
    kind: str
    province_code: str
    commune_code: str
    parent_code: str


def province_ubnd_code(province_code: str) -> str:
    return f"p{province_code}-ubnd"


def province_electronic_id(province_code: str, number: str = "00") -> str:
    return f"000.00.{number}.H{province_code}"


def commune_electronic_id(province_code: str, commune_code: str, number: str = "00") -> str:
    return f"000.{number}.{commune_code}.H{province_code}"


def province_agency_specs(province_code: str, province_label: str) -> list[AgencySpec]:
    """``province_label`` is the lower-case full name used inside agency names
    ("tỉnh Lai Châu", "thành phố Hà Nội")."""
    top = province_ubnd_code(province_code)
    specs = []
    for t in PROVINCE_AGENCIES:
        code = top if t.slug == "ubnd" else f"p{province_code}-{t.slug}"
        specs.append(AgencySpec(
            code=code,
            electronic_id=province_electronic_id(province_code, t.number),
            name=t.name.format(province=province_label),
            kind=t.kind,
            province_code=province_code,
            commune_code="",
            parent_code="" if code == top else top,
        ))
    return specs


def commune_agency_specs(unit: UnitInfo, unit_label: str) -> list[AgencySpec]:
    """``unit_label`` is the lower-case kind + name ("xã Bình Lư", "phường Đoàn Kết")."""
    top = f"{unit.code}-ubnd"
    specs = []
    for t in COMMUNE_AGENCIES:
        code = f"{unit.code}-{t.slug}"
        name = t.name.format(unit=unit_label, economic=ECONOMIC_DIVISION_NAMES[unit.kind])
        specs.append(AgencySpec(
            code=code,
            electronic_id=commune_electronic_id(unit.province_code, unit.code, t.number),
            name=name,
            kind=t.kind,
            province_code=unit.province_code,
            commune_code=unit.code,
            parent_code=province_ubnd_code(unit.province_code) if code == top else top,
        ))
    return specs


def lower_label(full_name: str, kinds: dict[str, str]) -> str:
    """"Xã Bình Lư" → "xã Bình Lư"; "Thành phố Hà Nội" → "thành phố Hà Nội"."""
    try:
        kind, name = split_full_name(full_name, kinds)
    except ValueError:
        return full_name
    return f"{kinds[kind].lower()} {name}"
