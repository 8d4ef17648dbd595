"""/api/catalog/…"""


def test_fields(catalog, client):
    data = client.get("/api/catalog/fields").json()
    by_code = {f["code"]: f for f in data}
    assert by_code["ho-tich"] == {"code": "ho-tich", "name": "Hộ tịch", "procedure_count": 16}
    assert sum(f["procedure_count"] for f in data) == 44


def test_procedures_ranked_when_q(catalog, client):
    r = client.get("/api/catalog/procedures", {"q": "xin giay xac nhan doc than"})
    assert r.status_code == 200
    first = r.json()[0]
    assert first["code"] == "1.004873"
    assert first["limit_text"] == "3 ngày làm việc" and first["url"] == "/thu-tuc/1.004873/"


def test_procedures_by_field(catalog, client):
    data = client.get("/api/catalog/procedures", {"field": "chung-thuc"}).json()
    assert len(data) == 7 and {p["field_code"] for p in data} == {"chung-thuc"}


def test_procedure_detail(catalog, client):
    data = client.get("/api/catalog/procedures/2.000986").json()
    assert data["online_level"] == "fully_online"
    assert data["limit_value"] == 3 and data["limit_unit"] == "days"
    assert data["groups"][0]["member_codes"] == ["1.001193", "1.004222", "DP-BHYT-01"]
    assert sum(s["duration_value"] for s in data["steps"]) == 3
    assert data["documents"][0]["requirement"] == "mandatory"


def test_unknown_procedure_404(catalog, client):
    r = client.get("/api/catalog/procedures/9.999999")
    assert r.status_code == 404
    assert r.json()["error"]["message"] == "Không tìm thấy thủ tục hành chính mã '9.999999'."
