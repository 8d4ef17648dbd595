"""What the security parts cost per request, each against a same-run baseline:

- the upload check (pikepdf inspection of a 10-page scan-sized PDF; Pillow re-encoding of
  a 12-megapixel phone photo) against hashing the same bytes with SHA-256 (the least any
  upload path does: the bytes are read once);
- the personal-data log filter on a log record carrying an ID number and a phone, against
  formatting the same record without the filter;
- one rate-limit hit (two keys) in process memory and, when Redis answers on
  127.0.0.1:6379, in Redis, against one plain ``cache.get`` of the same cache.
"""

from __future__ import annotations

import hashlib
import io
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import per_call, report, setup_django  # noqa: E402

setup_django()

import pikepdf  # noqa: E402
from PIL import Image  # noqa: E402

from motcua.privacy.logfilter import PersonalDataFilter  # noqa: E402
from motcua.uploads import check_bytes  # noqa: E402


def scan_pdf(pages: int = 10) -> bytes:
    """A PDF the size of a phone scan: one 1240x1754 JPEG per page."""
    photo = io.BytesIO()
    Image.effect_noise((1240, 1754), 40).convert("RGB").save(photo, "JPEG", quality=70)
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
        page = pdf.pages[-1]
        image = pikepdf.Stream(pdf, photo.getvalue())
        image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        image.Width, image.Height, image.BitsPerComponent = 1240, 1754, 8
        image.ColorSpace, image.Filter = pikepdf.Name.DeviceRGB, pikepdf.Name.DCTDecode
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        page.Contents = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def phone_photo() -> bytes:
    """A 4000x3000 JPEG, what a cheap phone's camera writes."""
    out = io.BytesIO()
    Image.effect_noise((4000, 3000), 30).convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()


pdf = scan_pdf()
photo = phone_photo()
print(f"inputs: PDF {len(pdf) / 1e6:.1f} MB (10 pages), photo {len(photo) / 1e6:.1f} MB "
      "(12 megapixels)", flush=True)

report("upload check, 10-page scanned PDF",
       per_call(lambda: check_bytes(pdf, name="to-khai.pdf"), repeat=3, number=5),
       per_call(lambda: hashlib.sha256(pdf).digest(), repeat=3, number=5),
       "SHA-256 of the same bytes", unit="ms")
report("upload check, 12 MP phone photo (re-encoded)",
       per_call(lambda: check_bytes(photo, name="anh.jpg"), repeat=3, number=2),
       per_call(lambda: hashlib.sha256(photo).digest(), repeat=3, number=2),
       "SHA-256 of the same bytes", unit="ms")

formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
scrub = PersonalDataFilter()


def record() -> logging.LogRecord:
    return logging.LogRecord(
        "motcua.dossiers", logging.WARNING, __file__, 1,
        "hồ sơ %s: người nộp %s, điện thoại %s", ("H12.03390-260101-0001", "012345678901",
                                                 "0912345678"), None)


def filtered() -> str:
    r = record()
    scrub.filter(r)
    return formatter.format(r)


report("log record with the personal-data filter", per_call(filtered, number=5000),
       per_call(lambda: formatter.format(record()), number=5000), "the same record unfiltered")

from django.core.cache import caches  # noqa: E402

from motcua import ratelimit  # noqa: E402

local = caches["default"]
ratelimit_cache = ratelimit.cache
it = iter(range(10**9))


def hit() -> object:
    n = next(it)
    return ratelimit.hit("lookup", ip=f"10.0.{n % 250}.{n % 200}", code=str(n % 5000))


report("rate-limit hit (2 keys), in process", per_call(hit, number=2000),
       per_call(lambda: local.get("x"), number=2000), "one cache get, in process")

try:
    import redis

    url = "redis://127.0.0.1:6379/14"
    redis.Redis.from_url(url, socket_timeout=1).ping()
except Exception as exc:  # noqa: BLE001 - no Redis here: say so and skip that figure
    print(f"rate-limit hit, Redis: skipped ({type(exc).__name__}: Redis not reachable)")
else:
    from django.core.cache.backends.redis import RedisCache

    shared = RedisCache(url, {"KEY_PREFIX": "bench-rl"})
    ratelimit.cache = lambda: shared  # the same function, the Redis alias
    report("rate-limit hit (2 keys), Redis", per_call(hit, number=1000),
           per_call(lambda: shared.get("x"), number=1000), "one cache get, Redis")
    ratelimit.cache = ratelimit_cache
    redis.Redis.from_url(url).flushdb()
