"""PDF output in Chinese: WeasyPrint with the Noto Sans SC font files embedded.

Used by every app that prints (agreements, meeting minutes, financial statements).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FONT_FILES = {"regular": "NotoSansHans-Regular.otf", "bold": "NotoSansHans-Bold.otf"}


def font_paths() -> dict[str, Path]:
    """The OTF files embedded in every PDF; a clear error when `make install` has not fetched them."""
    folder = Path(settings.PDF_FONT_DIR)
    paths = {weight: folder / name for weight, name in FONT_FILES.items()}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise ImproperlyConfigured(
            "The Chinese PDF font is missing ("
            + ", ".join(missing)
            + "). Run `make install` (it runs `npm ci`) or set PDF_FONT_DIR."
        )
    return paths


def font_uris() -> dict[str, str]:
    """The font files as file URLs, for a template's @font-face rules."""
    return {k: p.resolve().as_uri() for k, p in font_paths().items()}


def html_to_pdf(html: str) -> bytes:
    """PDF bytes of an HTML document whose CSS names the font files by file URL."""
    import weasyprint  # imported here: Pango is loaded only when a PDF is made

    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
