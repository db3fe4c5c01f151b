"""The join QR code as inline SVG (drawn locally by ``qrcode``; no internet, no image files)."""

from __future__ import annotations

import qrcode
import qrcode.image.svg


def qr_svg(data: str) -> str:
    """An ``<svg>`` element holding ``data`` as a QR code that scales to its container."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(data)
    code.make(fit=True)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    if not isinstance(svg, str):  # pragma: no cover - qrcode returns str with encoding=unicode
        svg = svg.decode("utf-8")
    start = svg.find("<svg")
    return str(svg[start:])


def qr_text(data: str) -> str:
    """The QR code drawn with block characters, for the facilitator's terminal."""
    import io

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1)
    code.add_data(data)
    code.make(fit=True)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()
