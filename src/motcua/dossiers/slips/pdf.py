"""HTML → PDF for the slips: a private template engine, shipped fonts, no network.

The slips use their own Django ``Engine`` pointed at ``slips/templates`` rather than the
project's template settings, so they render the same whether or not the dossiers app is
installed, inside or outside a request, and a site template can never shadow an official
form by accident.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint
from django.template import Context, Engine
from weasyprint.urls import URLFetcher

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
FONTS_DIR = Path(__file__).resolve().parents[2] / "web" / "static" / "fonts"
ALLOWED_ROOTS: tuple[Path, ...] = (TEMPLATES_DIR, FONTS_DIR)


@dataclass(frozen=True, slots=True)
class PageSetup:
    name: str  # css class suffix: "a4", "a5"
    size: str  # CSS @page size
    margin: str
    font_size: str


A4 = PageSetup("a4", "A4 portrait", "20mm 15mm 18mm 30mm", "13pt")
A5 = PageSetup("a5", "A5 portrait", "10mm 9mm 10mm 15mm", "9.5pt")
PAGE_SETUPS: dict[str, PageSetup] = {"A4": A4, "A5": A5}


class RemoteFetchRefused(ValueError):
    pass


class LocalFileFetcher(URLFetcher):
    """Lets WeasyPrint read the shipped fonts and nothing else.

    Every URL asked for is recorded in ``requested``; refused ones also in ``refused``. A slip
    whose template points anywhere else (http, a system path) renders without that resource
    and leaves a trace here, which the tests check.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        self.requested.append(url)
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            self.refused.append(url)
            raise RemoteFetchRefused(f"slips fetch local files only, not {url}")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in ALLOWED_ROOTS):
            self.refused.append(url)
            raise RemoteFetchRefused(f"slips read only their own fonts and templates, not {url}")
        return super().fetch(url, headers)


@lru_cache(maxsize=1)
def engine() -> Engine:
    return Engine(
        dirs=[str(TEMPLATES_DIR)],
        libraries={"slips": "motcua.dossiers.slips.filters"},
        autoescape=True,
    )


def render_html(template_name: str, context: Mapping[str, Any], page: PageSetup) -> str:
    """The slip as an HTML document (also usable for an on-screen preview), in NFC."""
    full = {
        "page": page,
        "fonts_url": FONTS_DIR.as_uri(),
        "dots": "\u2026" * 22,
        "short_dots": "\u2026" * 6,
        **context,
    }
    html = engine().get_template(template_name).render(Context(full))
    # Data may arrive decomposed (NFD) from scanners or macOS input; PDF text must be NFC so
    # that search and copy-paste in the PDF find "Nguyễn" however it was typed.
    return unicodedata.normalize("NFC", html)


def html_to_pdf(html: str, *, fetcher: LocalFileFetcher | None = None) -> bytes:
    document = weasyprint.HTML(
        string=html,
        base_url=TEMPLATES_DIR.as_uri() + "/",
        url_fetcher=fetcher if fetcher is not None else LocalFileFetcher(),
    )
    return bytes(document.write_pdf())
