"""Security headers on every HTML answer, and a template scan that keeps inline code out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "motcua"


def _policy(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/tai-khoan/dang-nhap/", "/dich-vu-cong/tra-cuu/",
                                 "/no-such-page/"])
def test_strict_policy_and_headers(client, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "*" not in csp
    p = _policy(csp)
    assert p["default-src"] == ["'self'"]
    assert p["script-src"] == ["'self'"] and p["style-src"] == ["'self'"]
    assert p["img-src"] == ["'self'"]
    assert p["object-src"] == ["'none'"] and p["frame-ancestors"] == ["'none'"]
    assert p["base-uri"] == ["'self'"] and p["form-action"][0] == "'self'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    features = dict(item.strip().split("=", 1)
                    for item in response["Permissions-Policy"].split(","))
    # No page reads the camera, microphone or location: all denied to every origin.
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


def test_no_hsts_on_plain_http_in_development(client, db):
    assert "Strict-Transport-Security" not in client.get("/")


# Templates the browser receives as HTML. The slips (dossiers/slips/templates) are rendered
# to PDF by WeasyPrint through their own template engine, never served as HTML.
def _html_templates() -> list[Path]:
    return sorted(p for p in SRC.glob("*/templates/**/*.html"))


INLINE = [
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on*= handler"),
    (re.compile(r"\shx-on[:-]", re.I), "hx-on attribute (needs eval)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


_COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.S)


def test_html_templates_carry_no_inline_code():
    templates = _html_templates()
    assert len(templates) > 40  # the scan really looks at the app templates
    assert not any("slips" in p.parts for p in templates)
    found = []
    for path in templates:
        text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"),
                            path.read_text(encoding="utf-8"))
        for pattern, what in INLINE:
            for m in pattern.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                found.append(f"{path.relative_to(SRC)}:{line}: {what}")
    assert not found, "\n".join(found)


def test_the_scan_catches_what_it_is_for():
    samples = ["<style>p{}</style>", "<script>alert(1)</script>", '<div style="color:red">',
               '<button onclick="go()">', '<a hx-on:click="x">', '<a href="javascript:x">']
    for sample, (pattern, _) in zip(samples, INLINE, strict=True):
        assert pattern.search(sample), sample
    assert not INLINE[1][0].search('<script src="/static/x.js" defer></script>')
    assert not INLINE[3][0].search('<input name="phone" data-kind="x">')


def test_htmx_is_told_not_to_inject_styles(client, db):
    page = client.get("/").content.decode()
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page)
    assert meta is not None
    import json

    config = json.loads(meta.group(1))
    assert config["includeIndicatorStyles"] is False and config["allowEval"] is False
