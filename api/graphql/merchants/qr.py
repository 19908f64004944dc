"""The printable QR code of a merchant's scan link (segno, a maintained QR library)."""

from __future__ import annotations

import base64
import io

import segno

#: Module size in pixels: a 41-module code prints about 4 cm wide at 300 dpi.
SCALE = 8
#: The quiet zone the standard asks for, in modules.
BORDER = 4


def qr_png(url: str) -> bytes:
    """A PNG of the QR code of ``url`` (error correction M, never a Micro QR)."""
    code = segno.make(url, error="m", micro=False, boost_error=False)
    out = io.BytesIO()
    code.save(out, kind="png", scale=SCALE, border=BORDER)
    return out.getvalue()


def qr_png_base64(url: str) -> str:
    """``qr_png`` as base64 text, for a GraphQL field."""
    return base64.b64encode(qr_png(url)).decode()
