"""The QR code printed on a real receipt (form 1) leads to the lookup with the code filled
in, whether it carries the bare code or the lookup link."""

import shutil
import subprocess
from urllib.parse import urlsplit

from motcua.dossiers.slip_data import slip_pdf


def _decode_first_page(pdf: bytes, tmp_path) -> str:
    assert shutil.which("zbarimg") and shutil.which("pdftoppm"), (
        "poppler-utils / zbar-tools missing: run scripts/system-deps.sh")
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile",
                    str(tmp_path / "r.pdf"), str(tmp_path / "p")], check=True)
    out = subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "p.png")],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_receipt_qr_opens_the_lookup_with_the_code(pw, client, make_dossier, tmp_path):
    d = make_dossier()
    payload = _decode_first_page(slip_pdf(d, "giay-tiep-nhan"), tmp_path)
    if payload.startswith(("http://", "https://")):
        link = urlsplit(payload)
        page = client.get(f"{link.path}?{link.query}")
    else:  # the bare code, typed or pasted into the lookup
        assert payload == d.code
        page = client.get("/dich-vu-cong/tra-cuu/", {"ma": payload})
    assert page.status_code == 200
    assert f'name="ma" value="{d.code}"' in page.content.decode()
