"""Loading the reference data, agencies, and the selectors other apps call."""

from __future__ import annotations

import pytest

from motcua.errors import Conflict, InvalidInput, NotFound
from motcua.text import fold
from motcua.units import selectors, services, sources
from motcua.units.domain import Status
from motcua.units.models import Agency, LegacyMapping, LegacyUnit, Province, Unit


def test_full_data_is_loaded(units_db):
    assert Province.objects.count() == 34
    assert Unit.objects.count() == 3321
    assert Unit.objects.filter(province_id="12").count() == 38
    assert LegacyUnit.objects.filter(province_code="12").exclude(kind="huyen").count() == 106
    assert LegacyUnit.objects.count() == 10040
    assert LegacyMapping.objects.count() == units_db["counts"]["mappings"] > 10000
    lai_chau = Province.objects.get(code="12")
    assert (lai_chau.name, lai_chau.full_name, lai_chau.kind, lai_chau.folded) == (
        "Lai Châu", "Tỉnh Lai Châu", "tinh", "lai chau")
    assert Province.objects.get(code="01").full_name == "Thành phố Hà Nội"
    binh_lu = Unit.objects.get(code="03390")
    assert (binh_lu.name, binh_lu.full_name, binh_lu.kind, binh_lu.folded) == (
        "Bình Lư", "Xã Bình Lư", "xa", "binh lu")


def test_load_time_is_reported_and_small(units_db):
    # Measured on SQLite: about 3 s for the first load; see docs/units.md.
    assert units_db["seconds"] < 20
    assert units_db["sources"]["onflow-location-platform"]
    print(f"\nload_units: {units_db['measured_seconds']} s")


def test_loading_again_changes_nothing(units_db, capsys):
    report = services.load_units(progress=True)
    assert "Xong" in capsys.readouterr().out  # the rich progress bar
    for table in ("provinces", "units", "legacy_units", "mappings"):
        assert report[table]["created"] == 0, table
        assert report[table]["updated"] == 0, table
    assert report["mappings"]["deleted"] == 0
    assert report["counts"] == units_db["counts"]


def test_loading_repairs_an_edited_row(units_db):
    Unit.objects.filter(code="03390").update(full_name="Xã Sai Tên")
    LegacyMapping.objects.filter(legacy_unit_id="03390").delete()
    report = services.load_units()
    assert report["units"]["updated"] == 1
    assert report["mappings"]["created"] == 1
    assert Unit.objects.get(code="03390").full_name == "Xã Bình Lư"


def test_split_old_units_have_one_partial_row_per_successor(units_db):
    row = LegacyUnit.objects.get(full_name="Xã Tân Thạnh", district_full_name="Huyện Thới Lai")
    mappings = list(row.mappings.select_related("unit"))
    assert len(mappings) == 2 and all(m.partial for m in mappings)
    assert {m.unit.full_name for m in mappings} == {"Xã Tân Thạnh", "Xã Trường Thành"}
    whole = LegacyUnit.objects.get(code="03390").mappings.get()
    assert not whole.partial and whole.unit_id == "03390"


def test_communes_agree_with_vietnam_provinces_by_name(source_data):
    """The commune list comes from the official codes; vietnam-provinces 2025.10.1 has the
    same communes (by province and name) but draft codes for some of them."""
    ours = {(u.province_code, fold(u.full_name)) for u in source_data.units}
    theirs = {(p, fold(name)) for p, _, name in sources.read_reference_units()}
    assert ours == theirs
    assert len(source_data.units) == 3321


def test_unit_display_name(units_db):
    assert selectors.unit_display_name("03390") == "Xã Bình Lư, Tỉnh Lai Châu"
    assert selectors.unit_display_name("3390") == "Xã Bình Lư, Tỉnh Lai Châu"
    assert selectors.unit_display_name("12") == "Tỉnh Lai Châu"
    assert selectors.unit_display_name("99999") == "99999"
    assert selectors.unit_display_name("") == ""


@pytest.mark.parametrize("text", ["Lai Châu", "lai chau", "LAI CHAU", "12", "Tỉnh Lai Châu",
                                  "tinh lai chau", " Lai  Châu "])
def test_find_province_accepts_names_and_codes(units_db, text):
    assert selectors.find_province(text).code == "12"


def test_find_province_short_forms_and_errors(units_db):
    assert selectors.find_province("TP Hồ Chí Minh").code == "79"
    assert selectors.find_province("hcm").code == "79"
    assert selectors.find_province("1").code == "01"
    with pytest.raises(InvalidInput):
        selectors.find_province("  ")
    with pytest.raises(NotFound) as excinfo:
        selectors.find_province("Hà Giang")
    assert "Tuyên Quang" in excinfo.value.message  # merged into Tuyên Quang in 2025
    with pytest.raises(NotFound):
        selectors.find_province("Atlantis")


def test_units_of_province(units_db):
    units = list(selectors.units_of_province("12"))
    assert len(units) == 38
    assert units[0].code < units[-1].code
    assert "Xã Bình Lư" in {u.full_name for u in units}


def test_convert_address_through_the_database(units_db):
    result = selectors.convert_address("TT. Tam Duong, H. Tam Duong, T. Lai Chau")
    assert result.status is Status.EXACT
    assert result.headline == "Xã Bình Lư, Tỉnh Lai Châu"
    with pytest.raises(InvalidInput):
        selectors.convert_address("   ")
    assert selectors.conversion_index() is selectors.conversion_index()  # cached


def test_commands_need_loaded_data(units_db):
    LegacyMapping.objects.all().delete()
    LegacyUnit.objects.all().delete()
    Unit.objects.all().delete()
    selectors.clear_caches()
    with pytest.raises(selectors.UnitsNotLoaded) as excinfo:
        selectors.convert_address("xã Bình Lư")
    assert "motcua units load" in excinfo.value.message
    selectors.clear_caches()


def test_create_agencies_is_idempotent_and_keeps_admin_edits(units_db):
    created = services.create_agencies("12")
    assert created == 15 + 38 * 5
    ubnd = Agency.objects.get(code="03390-ubnd")
    assert ubnd.name == "Ủy ban nhân dân xã Bình Lư"
    assert ubnd.electronic_id == "000.00.03390.H12"
    assert ubnd.parent.code == "p12-ubnd"
    center = Agency.objects.get(code="03390-ttpvhcc")
    assert center.parent_id == ubnd.pk and center.kind == "service_center"
    assert Agency.objects.get(code="p12-so-tu-phap").commune_code == ""
    ubnd.electronic_id = "000.00.12.H26"
    ubnd.save()
    assert services.create_agencies("12") == 0
    assert Agency.objects.get(code="03390-ubnd").electronic_id == "000.00.12.H26"
    agencies = list(selectors.agencies_of_commune("03390"))
    assert [a.kind for a in agencies] == [
        "ubnd", "office_hdnd_ubnd", "economic_division", "culture_social_division",
        "service_center"]


def test_create_agencies_refuses_a_taken_identifier(units_db):
    Agency.objects.create(code="khac", electronic_id="000.00.03390.H12", name="Cơ quan khác",
                          kind="ubnd", province_code="12")
    with pytest.raises(Conflict):
        services.create_agencies("12")
    assert not Agency.objects.filter(code="03390-ubnd").exists()


def test_create_agencies_unknown_province(units_db):
    with pytest.raises(NotFound):
        services.create_agencies("00")
