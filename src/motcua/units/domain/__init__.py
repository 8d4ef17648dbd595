"""Administrative units — pure Python, no Django.

- ``records``: plain records of provinces, communes, pre-2025 units and the old→new map;
- ``tokens`` / ``index`` / ``convert``: reading a free-text address and converting an
  old (pre-1 July 2025) address to the new unit(s);
- ``agencies``: the agencies each commune and province gets, and their provisional
  electronic identifiers.
"""

from __future__ import annotations

from motcua.units.domain.agencies import (
    AGENCY_KINDS,
    COMMUNE_AGENCIES,
    PROVINCE_AGENCIES,
    AgencySpec,
    commune_agency_specs,
    commune_electronic_id,
    lower_label,
    province_agency_specs,
    province_electronic_id,
)
from motcua.units.domain.convert import (
    STATUS_LABELS,
    Candidate,
    ConversionResult,
    OldRef,
    Status,
    UnitRef,
    convert,
)
from motcua.units.domain.index import AddressIndex, build_index, clean_aliases
from motcua.units.domain.records import (
    DISTRICT_KINDS,
    LEGACY_UNIT_KINDS,
    PROVINCE_KINDS,
    UNIT_KINDS,
    LegacyInfo,
    MappingInfo,
    ProvinceInfo,
    UnitInfo,
    pad_code,
    split_full_name,
)
from motcua.units.domain.tokens import name_key, tokenize

__all__ = [
    "AGENCY_KINDS",
    "COMMUNE_AGENCIES",
    "DISTRICT_KINDS",
    "LEGACY_UNIT_KINDS",
    "PROVINCE_AGENCIES",
    "PROVINCE_KINDS",
    "STATUS_LABELS",
    "UNIT_KINDS",
    "AddressIndex",
    "AgencySpec",
    "Candidate",
    "ConversionResult",
    "LegacyInfo",
    "MappingInfo",
    "OldRef",
    "ProvinceInfo",
    "Status",
    "UnitInfo",
    "UnitRef",
    "build_index",
    "clean_aliases",
    "commune_agency_specs",
    "commune_electronic_id",
    "convert",
    "lower_label",
    "name_key",
    "pad_code",
    "province_agency_specs",
    "province_electronic_id",
    "split_full_name",
    "tokenize",
]
